package tempostar_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/mallkit/mallkit/tempostar"
)

// The readers take files from a server: whatever the bytes, they return
// records or a *FormatError (ErrFormat), never panic or hang. Run with e.g.
// go test -run='^$' -fuzz=FuzzReadStock -fuzztime=60s ./tempostar/

// addTestdata seeds a fuzz target with the files of testdata whose names
// start with prefix.
func addTestdata(f *testing.F, prefix string) {
	paths, _ := filepath.Glob(filepath.Join("testdata", prefix+"*"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

func checkFormatError(t *testing.T, err error) {
	if err != nil && !errors.Is(err, tempostar.ErrFormat) {
		t.Fatalf("error %v (%T) is not a format error", err, err)
	}
}

func FuzzReadStock(f *testing.F) {
	addTestdata(f, "stock")
	f.Add([]byte("商品コード,想定在庫数\r\nA-1,3\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := tempostar.ReadStock(bytes.NewReader(data))
		checkFormatError(t, err)
		if err != nil {
			return
		}
		// What was read writes back and reads the same.
		var buf bytes.Buffer
		if werr := tempostar.WriteStock(&buf, recs, tempostar.EncodingUTF8); werr != nil {
			return
		}
		again, err := tempostar.ReadStockWith(&buf, tempostar.WithEncoding(tempostar.EncodingUTF8))
		if err != nil {
			t.Fatalf("re-reading %q: %v", buf.String(), err)
		}
		if len(again) != len(recs) {
			t.Fatalf("%d records became %d", len(recs), len(again))
		}
		for i, r := range recs {
			a := again[i]
			if r.Code != a.Code || r.Quantity != a.Quantity || r.Reserved != a.Reserved ||
				(r.Mode != "" && r.Mode != a.Mode) || (r.Target != "" && r.Target != a.Target) {
				t.Fatalf("record %d: %+v became %+v", i, r, a)
			}
		}
	})
}

func FuzzReadShipments(f *testing.F) {
	addTestdata(f, "ordership")
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := tempostar.ReadShipments(bytes.NewReader(data))
		checkFormatError(t, err)
	})
}

func FuzzReadProducts(f *testing.F) {
	addTestdata(f, "product")
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := tempostar.ReadProducts(bytes.NewReader(data))
		checkFormatError(t, err)
	})
}

func FuzzReadOrderStatus(f *testing.F) {
	addTestdata(f, "orderstatus")
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := tempostar.ReadOrderStatus(bytes.NewReader(data))
		checkFormatError(t, err)
	})
}

func FuzzReadOrderRows(f *testing.F) {
	// One row: a large seed makes the fuzzer spend its time minimizing.
	var buf bytes.Buffer
	if err := tempostar.WriteOrderRows(&buf, sampleOrderRows()[:1], tempostar.EncodingCP932); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := tempostar.ReadOrderRows(bytes.NewReader(data))
		checkFormatError(t, err)
	})
}
