package rakutentest_test

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

// Example starts the fake, seeds a license, an order and stock, and calls
// searchOrder and confirmOrder over plain HTTP, as any RMS client would.
// With mallkit's client, pass rakuten.WithBaseURL(srv.URL) instead.
func Example() {
	srv := rakutentest.NewServer()
	defer srv.Close()
	srv.AddLicense(rakutentest.License{ServiceSecret: "SP123456_secret", LicenseKey: "SL123456_key"})
	srv.AddOrder(rakutentest.NewOrder("123456-20260105-0000000001", srv.Now().Add(-time.Hour),
		rakutentest.Item{ItemID: 1, ManageNumber: "tshirt", Name: "Tシャツ", Price: 1980, Units: 1, VariantID: "red-M"}))
	srv.SetInventory("tshirt", "red-M", 10)

	post := func(op, body string) string {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/es/2.0/order/"+op+"/", strings.NewReader(body))
		req.Header.Set("Authorization", "ESA "+base64.StdEncoding.EncodeToString([]byte("SP123456_secret:SL123456_key")))
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.Status + " " + string(b)
	}
	fmt.Println(post("searchOrder", `{"dateType":1,"startDatetime":"2026-01-05T00:00:00+0900","endDatetime":"2026-01-05T23:59:59+0900","orderProgressList":[100]}`))
	fmt.Println(post("confirmOrder", `{"orderNumberList":["123456-20260105-0000000001"]}`))
	o, _ := srv.Order("123456-20260105-0000000001")
	fmt.Println(o.Progress)
	// Output:
	// 200 OK {"orderNumberList":["123456-20260105-0000000001"],"MessageModelList":[{"messageType":"INFO","messageCode":"ORDER_EXT_API_SEARCH_ORDER_INFO_101","message":"注文検索に成功しました。"}],"PaginationResponseModel":{"totalRecordsAmount":1,"totalPages":1,"requestPage":1}}
	// 200 OK {"MessageModelList":[{"messageType":"INFO","messageCode":"ORDER_EXT_API_CONFIRM_ORDER_INFO_101","message":"注文確認に成功しました。","orderNumber":"123456-20260105-0000000001"}]}
	// 200
}

// ExampleServer_FailNext makes the next getOrder answer 503 with
// Retry-After, to exercise a client's retries.
func ExampleServer_FailNext() {
	srv := rakutentest.NewServer()
	defer srv.Close()
	srv.AddLicense(rakutentest.License{ServiceSecret: "s", LicenseKey: "k"})
	srv.FailNext("getOrder", http.StatusServiceUnavailable, 1, time.Second)

	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/es/2.0/order/getOrder/", strings.NewReader(`{"orderNumberList":["x"],"version":10}`))
	req.Header.Set("Authorization", "ESA "+base64.StdEncoding.EncodeToString([]byte("s:k")))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, resp.Header.Get("Retry-After"), srv.Requests()[0].Operation)
	// Output: 503 1 getOrder
}
