package rakutentest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

// benchServer seeds n orders one second apart on 2026-01-01.
func benchServer(b *testing.B, n int) (*rakutentest.Server, []string) {
	b.Helper()
	srv := rakutentest.NewServer()
	b.Cleanup(srv.Close)
	srv.AddLicense(rakutentest.License{ServiceSecret: testSecret, LicenseKey: testKey})
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, jst)
	numbers := make([]string, n)
	for i := range n {
		numbers[i] = fmt.Sprintf("123456-20260101-%010d", i+1)
		srv.AddOrder(rakutentest.NewOrder(numbers[i], base.Add(time.Duration(i)*time.Second), tshirt(1)))
	}
	return srv, numbers
}

// post sends one order API call and fails the benchmark on a non-200.
func benchPost(b *testing.B, srv *rakutentest.Server, op, body string) {
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/es/2.0/order/"+op+"/", strings.NewReader(body))
	req.Header.Set("Authorization", esa(testSecret, testKey))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("%s: HTTP %d", op, resp.StatusCode)
	}
}

// BenchmarkSearchOrder pages 1000 numbers out of 10,000 matching orders.
func BenchmarkSearchOrder(b *testing.B) {
	srv, _ := benchServer(b, 10000)
	body := `{"dateType":1,"startDatetime":"2026-01-01T00:00:00+0900","endDatetime":"2026-01-02T00:00:00+0900","PaginationRequestModel":{"requestRecordsAmount":1000,"requestPage":3}}`
	for b.Loop() {
		benchPost(b, srv, "searchOrder", body)
	}
}

// BenchmarkGetOrder100 fetches 100 orders at version 10.
func BenchmarkGetOrder100(b *testing.B) {
	srv, numbers := benchServer(b, 100)
	body := `{"orderNumberList":["` + strings.Join(numbers, `","`) + `"],"version":10}`
	for b.Loop() {
		benchPost(b, srv, "getOrder", body)
	}
}
