package rakuten_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten"
)

func TestPathSegmentsAreEscapedOnce(t *testing.T) {
	t.Parallel()
	var raw []string
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		raw = append(raw, r.URL.EscapedPath())
		w.WriteHeader(http.StatusNoContent)
	})
	require.NoError(t, c.DeleteInventory(context.Background(), rakuten.VariantKey{ManageNumber: "shirt 01", VariantID: "red/m%20"}))
	assert.Equal(t, []string{"/es/2.1/inventories/manage-numbers/shirt%2001/variants/red%2Fm%2520"}, raw)
}

func TestKeysThatWouldNameAnotherResourceAreRefused(t *testing.T) {
	t.Parallel()
	c, rec := serve(t, okFor)
	ctx := context.Background()
	for _, k := range []rakuten.VariantKey{
		{ManageNumber: "..", VariantID: "v"},
		{ManageNumber: "m", VariantID: "."},
		{ManageNumber: "", VariantID: "v"},
		{ManageNumber: "m", VariantID: ""},
		{ManageNumber: "m", VariantID: "\xff\xfe"},
	} {
		_, err := c.GetInventory(ctx, k)
		assert.ErrorIs(t, err, rakuten.ErrInvalidInput, "%q", k)
		assert.ErrorIs(t, c.DeleteInventory(ctx, k), rakuten.ErrInvalidInput, "%q", k)
		if k.ManageNumber != ".." && k.VariantID != "." { // in a JSON body dots name nothing else
			_, err = c.GetInventories(ctx, []rakuten.VariantKey{k})
			assert.ErrorIs(t, err, rakuten.ErrInvalidInput, "%q", k)
		}
	}
	_, err := c.VariantList(ctx, "..")
	assert.ErrorIs(t, err, rakuten.ErrInvalidInput)
	_, err = c.VariantList(ctx, "")
	assert.ErrorIs(t, err, rakuten.ErrInvalidInput)
	assert.Empty(t, rec.all(), "nothing is sent")
}

func TestResponsesAreCapped(t *testing.T) {
	t.Parallel()
	big := `{"inventories":[` + strings.Repeat(`{"manageNumber":"a","variantId":"b","quantity":1},`, 2000) + `{}]}`
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) { jsonReply(w, 200, big) }, rakuten.WithMaxResponseBytes(64<<10))
	_, err := c.GetInventories(context.Background(), []rakuten.VariantKey{{ManageNumber: "a", VariantID: "b"}})
	var tl *rakuten.ResponseTooLargeError
	require.ErrorAs(t, err, &tl)
	assert.ErrorIs(t, err, rakuten.ErrResponseTooLarge)
	assert.Equal(t, int64(64<<10), tl.Limit)
	assert.Equal(t, "inventories.bulk-get", tl.Operation)
	_, err = rakuten.NewClient(testCreds, rakuten.WithMaxResponseBytes(0))
	assert.Error(t, err)
}

func TestTheDefaultResponseCapIs64MiB(t *testing.T) {
	t.Parallel()
	chunk := strings.Repeat(" ", 1<<20)
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		for range 65 {
			if _, err := w.Write([]byte(chunk)); err != nil {
				return
			}
		}
	})
	_, err := c.SearchOrderPage(context.Background(), rakuten.OrderQuery{DateType: 1, Start: simNow, End: simNow}, 1, 0)
	var tl *rakuten.ResponseTooLargeError
	require.ErrorAs(t, err, &tl)
	assert.Equal(t, int64(rakuten.DefaultMaxResponseBytes), tl.Limit)
	assert.Equal(t, int64(64<<20), tl.Limit)
}

func TestDecodeErrorsMatchWithErrorsAs(t *testing.T) {
	t.Parallel()
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.Contains(r.URL.Path, "searchOrder"):
			jsonReply(w, 200, `{"orderNumberList":[1,2],"MessageModelList":[]}`)
		default:
			jsonReply(w, 200, `{"inventories":[{"manageNumber":"a","variantId":"b","quantity":"many"}]}`)
		}
	}, rakuten.WithClock(func() time.Time { return simNow }))
	_, err := c.SearchOrderPage(context.Background(), rakuten.OrderQuery{DateType: 1, Start: simNow, End: simNow}, 1, 0)
	var de *rakuten.DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "searchOrder", de.Operation)
	assert.Equal(t, "orderNumberList", de.Path)
	_, err = c.GetInventories(context.Background(), []rakuten.VariantKey{{ManageNumber: "a", VariantID: "b"}})
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "inventories.bulk-get", de.Operation)
	assert.Contains(t, de.Path, "quantity")
}

func TestAPlain403IsForbiddenAndAThrottleIsNot(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		body      string
		forbidden bool
	}{
		{`{"Results":{"errorCode":"ES03-01","message":"Forbidden"}}`, true},
		{`<result><status><message>QPSLimit</message></status></result>`, false},
	} {
		c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) { jsonReply(w, 403, tc.body) }, rakuten.WithRetry(-1, 0, 0))
		_, err := c.LicenseExpiry(context.Background())
		assert.Equal(t, tc.forbidden, errorsIs(err, rakuten.ErrForbidden), tc.body)
		assert.Equal(t, !tc.forbidden, errorsIs(err, rakuten.ErrRateLimited), tc.body)
	}
}

func TestTextThatIsNotUTF8IsNeverSent(t *testing.T) {
	t.Parallel()
	c, rec := serve(t, okFor)
	ctx := context.Background()
	memo := "メモ\xff"
	err := c.UpdateOrderMemo(ctx, rakuten.MemoUpdate{OrderNumber: "123456-20260105-0000000001", Memo: &memo})
	require.ErrorIs(t, err, rakuten.ErrInvalidInput)
	assert.Contains(t, err.Error(), "memo")
	_, err = c.UpdateShipping(ctx, rakuten.ShippingUpdate{OrderNumber: "123456-20260105-0000000001",
		Baskets: []rakuten.BasketShipping{{BasketID: 1, Shipments: []rakuten.Shipment{{Company: rakuten.DeliveryYamato, Number: "12\xc3"}}}}})
	require.ErrorIs(t, err, rakuten.ErrInvalidInput)
	require.ErrorIs(t, c.UpdateOrderMemo(ctx, rakuten.MemoUpdate{OrderNumber: ""}), rakuten.ErrInvalidInput)
	assert.Empty(t, rec.all())
}

func TestCallTimeoutBoundsACallToASilentMall(t *testing.T) {
	t.Parallel()
	done := make(chan struct{})
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}, rakuten.WithCallTimeout(100*time.Millisecond), rakuten.WithHTTPClient(&http.Client{Timeout: time.Hour}))
	defer close(done)
	start := time.Now()
	_, err := c.GetInventories(context.Background(), []rakuten.VariantKey{{ManageNumber: "a", VariantID: "b"}})
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 30*time.Second)
	assert.Equal(t, 90*time.Second, rakuten.DefaultCallTimeout)
}
