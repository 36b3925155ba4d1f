package rakuten_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/mallkit/mallkit/rakuten"
	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

// getOrder100 builds a 100-order getOrder answer from the version-10 test
// order, each with its own number.
func getOrder100(b *testing.B) []byte {
	raw := readTestdata(b, "getOrder-v10.response.json")
	start := bytes.Index(raw, []byte(`[{"orderNumber"`)) + 1
	end := bytes.LastIndex(raw, []byte(`],"version"`))
	one := raw[start:end]
	var buf bytes.Buffer
	buf.Write(raw[:start])
	for i := range 100 {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(bytes.Replace(one, []byte("0000000001"), []byte(fmt.Sprintf("%010d", i+1)), 1))
	}
	buf.Write(raw[end:])
	return buf.Bytes()
}

// BenchmarkDecodeGetOrder100 measures GetOrders on a 100-order answer
// (about 300 KB) from a loopback server: HTTP, reading and decoding.
func BenchmarkDecodeGetOrder100(b *testing.B) {
	body := getOrder100(b)
	numbers := make([]string, 100)
	for i := range numbers {
		numbers[i] = fmt.Sprintf("123456-20260105-%010d", i+1)
	}
	c, _ := serve(b, func(w http.ResponseWriter, r *http.Request) { jsonReply(w, 200, string(body)) })
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		orders, err := c.GetOrders(context.Background(), numbers)
		if err != nil || len(orders) != 100 {
			b.Fatal(err, len(orders))
		}
	}
}

// BenchmarkUnmarshalGetOrder100 measures decoding alone: the same 100-order
// answer into []rakuten.Order, without HTTP.
func BenchmarkUnmarshalGetOrder100(b *testing.B) {
	body := getOrder100(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var out struct {
			Orders []rakuten.Order `json:"OrderModelList"`
		}
		if err := json.Unmarshal(body, &out); err != nil || len(out.Orders) != 100 {
			b.Fatal(err, len(out.Orders))
		}
	}
}

// BenchmarkSearchCalls reports the searchOrder calls SearchOrders makes for
// 29,000 orders over 200 days, 20,000 of them in a three-hour sale, against
// the ceil(N/1000) lower bound (run against rakutentest).
func BenchmarkSearchCalls(b *testing.B) {
	srv := rakutentest.NewServer()
	defer srv.Close()
	srv.AddLicense(rakutentest.License{ServiceSecret: fakeCreds.ServiceSecret, LicenseKey: fakeCreds.LicenseKey})
	start := simNow.Add(-210 * 24 * time.Hour)
	times := saleScenario(start, 200, 9000, 20000)
	seedSearch(srv, times)
	c, err := rakuten.NewClient(fakeCreds, rakuten.WithBaseURL(srv.URL), rakuten.WithClock(srv.Now), rakuten.WithRateLimit(0, 0))
	if err != nil {
		b.Fatal(err)
	}
	var calls int
	for b.Loop() {
		before := len(srv.Requests())
		n := 0
		for _, err := range c.SearchOrders(context.Background(), rakuten.OrderQuery{DateType: 1, Start: start, End: start.Add(200*24*time.Hour - time.Second)}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != len(times) {
			b.Fatalf("%d of %d orders", n, len(times))
		}
		calls = len(srv.Requests()) - before
	}
	b.ReportMetric(float64(calls), "calls")
	b.ReportMetric(float64((len(times)+999)/1000), "min-calls")
}
