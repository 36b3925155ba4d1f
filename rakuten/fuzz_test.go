package rakuten_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/mallkit/mallkit/rakuten"
)

// bodyTransport answers every request with one status and body, without a
// network, so that the fuzzer runs the decoders quickly.
type bodyTransport struct {
	status int
	body   []byte
}

func (b bodyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: b.status, Header: http.Header{"Content-Type": {"application/json;charset=UTF-8"}},
		Body: io.NopCloser(bytes.NewReader(b.body)), Request: r}, nil
}

var fuzzStatuses = []int{200, 204, 400, 401, 403, 404, 409, 429, 500}

// typedError reports whether err is one of the package's documented error
// types, so that a caller can always tell what went wrong with errors.As.
func typedError(err error) bool {
	var ae *rakuten.APIError
	var de *rakuten.DecodeError
	var be *rakuten.BatchError
	var tl *rakuten.ResponseTooLargeError
	return errors.As(err, &ae) || errors.As(err, &de) || errors.As(err, &be) || errors.As(err, &tl)
}

// FuzzResponseDecoding feeds arbitrary answers to every decoder of the
// client: nothing may panic, every failure must be a typed error, and a
// success must carry what a success promises.
func FuzzResponseDecoding(f *testing.F) {
	for _, name := range []string{"searchOrder-1.response.json", "getOrder-1.response.json", "getOrder-v10.response.json", "confirmOrder-1.response.json"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(0), b)
	}
	f.Add(uint8(2), []byte(`{"errors":[{"code":"IE0004","message":"x","metadata":{"propertyPath":"inventories[0].manageNumber"}}]}`))
	f.Add(uint8(3), []byte(`{"Results":{"errorCode":"ES01-01","message":"Un-Authorised"}}`))
	f.Add(uint8(0), []byte(`{"inventories":[{"manageNumber":"a","variantId":"b","quantity":1,"created":"2026-01-05T10:00:00+09:00"}]}`))
	f.Add(uint8(0), []byte(`{"ResultShippingModelList":[{"orderNumber":"1","MessageModelList":[{"messageType":"ERROR","messageCode":"E","message":"m","dataNumber":1}]}]}`))
	f.Add(uint8(0), []byte(`{"MessageModelList":[{"messageType":"INFO","messageCode":"I","message":"m","requestId":"x_1"}]}`))
	f.Fuzz(func(t *testing.T, statusIndex uint8, body []byte) {
		status := fuzzStatuses[int(statusIndex)%len(fuzzStatuses)]
		c, err := rakuten.NewClient(testCreds, rakuten.WithHTTPClient(&http.Client{Transport: bodyTransport{status, body}}),
			rakuten.WithRateLimit(0, 0), rakuten.WithRetry(-1, 0, 0), rakuten.WithMaxResponseBytes(1<<20))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		check := func(op string, err error) {
			if err != nil && !typedError(err) {
				t.Fatalf("%s: untyped error %T: %v", op, err, err)
			}
		}
		page, err := c.SearchOrderPage(ctx, rakuten.OrderQuery{DateType: 1, Start: simNow, End: simNow}, 1, 0)
		check("searchOrder", err)
		if err == nil && page.Numbers == nil {
			t.Fatal("searchOrder: success without orderNumberList")
		}
		orders, err := c.GetOrders(ctx, []string{"123456-20260105-0000000001"})
		check("getOrder", err)
		if err == nil && len(orders) != 1 {
			t.Fatalf("getOrder: success with %d orders for one number", len(orders))
		}
		inv, err := c.GetInventories(ctx, []rakuten.VariantKey{{ManageNumber: "a", VariantID: "b"}})
		check("bulk-get", err)
		if err == nil && inv == nil {
			t.Fatal("bulk-get: success without inventories")
		}
		_, err = c.GetInventory(ctx, rakuten.VariantKey{ManageNumber: "a", VariantID: "b"})
		check("variants.get", err)
		check("bulk-upsert", c.SetInventories(ctx, []rakuten.InventoryUpdate{{ManageNumber: "a", VariantID: "b", Quantity: 1}}))
		check("confirmOrder", c.ConfirmOrders(ctx, []string{"123456-20260105-0000000001"}))
		_, _, err = c.ShippingAsyncResult(ctx, "x")
		check("getResultUpdateOrderShippingAsync", err)
		ids, err := c.UpdateShippingAsync(ctx, []rakuten.ShippingUpdate{{OrderNumber: "123456-20260105-0000000001",
			Baskets: []rakuten.BasketShipping{{BasketID: 1, Shipments: []rakuten.Shipment{{Company: rakuten.DeliveryYamato}}}}}})
		check("updateOrderShippingAsync", err)
		if err == nil && len(ids) != 1 {
			t.Fatalf("updateOrderShippingAsync: success with %d request ids", len(ids))
		}
		_, err = c.LicenseExpiry(ctx)
		check("license", err)
	})
}

// FuzzNotificationHandler posts arbitrary bodies to the notification
// handler: it must always answer 200 with one of the four result codes,
// call the callback only for an authenticated push, and never panic.
func FuzzNotificationHandler(f *testing.F) {
	f.Add([]byte(orderNotify))
	f.Add([]byte(systemNotify))
	f.Add([]byte(`<?xml version="1.0" encoding="Shift_JIS"?><notifyModel><authModel><authKey>shared-key</authKey></authModel></notifyModel>`))
	f.Add([]byte(`<notifyModel><authModel><authKey>shared-key</authKey><shopUrl>https://www.rakuten.co.jp/a/</shopUrl></authModel>` + event("r", "5000", "1", "2") + `</notifyModel>`))
	codes := []string{rakuten.NotifyOK, rakuten.NotifyInvalidValues, rakuten.NotifyAuthMismatch, rakuten.NotifyUnexpected}
	f.Fuzz(func(t *testing.T, body []byte) {
		called := false
		h, err := rakuten.NewNotificationHandler("shared-key", func(_ context.Context, n *rakuten.Notification) error {
			called = true
			if _, err := n.ScreeningResults(); err != nil && err.Error() == "" {
				t.Fatal("empty error text")
			}
			if n.ShopURL != "" {
				if got, err := rakuten.NormalizeShopURL(n.ShopURL); err != nil || got != n.ShopURL {
					t.Fatalf("ShopURL %q is not normalized", n.ShopURL)
				}
			}
			return nil
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
		rr := httptest.NewRecorder()
		h.ServeHTTP(rr, httptest.NewRequest(http.MethodPost, "/notify", bytes.NewReader(body)))
		if rr.Code != http.StatusOK {
			t.Fatalf("status %d", rr.Code)
		}
		reply := rr.Body.String()
		var code string
		for _, c := range codes {
			if strings.Contains(reply, "<resultCode>"+c+"</resultCode>") {
				code = c
			}
		}
		if code == "" {
			t.Fatalf("no result code in %q", reply)
		}
		if called != (code == rakuten.NotifyOK) {
			t.Fatalf("callback called=%v with result %s", called, code)
		}
		if called && !bytes.Contains(body, []byte("shared-key")) && !bytes.Contains(body, []byte("shared")) {
			t.Fatalf("authenticated without the key in the body: %q", body)
		}
	})
}
