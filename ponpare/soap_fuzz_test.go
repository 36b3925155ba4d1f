package ponpare

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecodeAnswer feeds arbitrary bytes to the SOAP answer decoding of
// getOrderNo and getOrderInfo: it never panics or hangs, an order that
// comes back always has a number, and every failure names a key or is a
// decode error. Run with
// go test -run='^$' -fuzz=FuzzDecodeAnswer -fuzztime=60s ./ponpare/
func FuzzDecodeAnswer(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.response.xml"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var no getOrderNoResponse
		_, _ = decodeEnvelope(body, &no)

		var info getOrderInfoResponse
		fault, err := decodeEnvelope(body, &info)
		if err != nil || fault != nil {
			return
		}
		orders, failures, _ := info.match([]string{"pm-0001", "pm-0002", "pm-0009"})
		for _, o := range orders {
			if o.Number == "" {
				t.Fatalf("an order without a number came back")
			}
		}
		for _, fl := range failures {
			var de *DecodeError
			if fl.Key == "" && !errors.As(fl.Err, &de) {
				t.Fatalf("a failure without a key: %+v", fl)
			}
		}
	})
}
