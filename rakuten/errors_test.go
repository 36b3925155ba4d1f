package rakuten_test

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten"
)

func TestErrorEnvelopesDecodeIntoAPIError(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		status   int
		body     string
		code     string
		message  string
		sentinel error
	}{
		{"order API MessageModelList", 400,
			`{"orderNumberList":null,"MessageModelList":[{"messageType":"ERROR","messageCode":"ORDER_EXT_API_SEARCH_ORDER_ERROR_009","message":"dateTypeの項目を指定して下さい。"}],"PaginationResponseModel":null}`,
			"ORDER_EXT_API_SEARCH_ORDER_ERROR_009", "dateTypeの項目を指定して下さい。", rakuten.ErrBadRequest},
		{"gateway Results", 401, `{"Results":{"errorCode":"ES01-01","message":"Un-Authorised"}}`,
			"ES01-01", "Un-Authorised", rakuten.ErrUnauthorized},
		{"expired key GA0001", 401, `{"Results":{"errorCode":"GA0001","message":"Un-Authorised"}}`,
			"GA0001", "Un-Authorised", rakuten.ErrUnauthorized},
		{"inventory errors", 404, `{"errors":[{"code":"GE0014","message":"Not found for inputs; manageNumber=a, variantId=b"}]}`,
			"GE0014", "Not found for inputs; manageNumber=a, variantId=b", rakuten.ErrNotFound},
		{"unsupported media type", 415, `{"Results":{"errorCode":"ES04-03","message":"Unsupported Media Type"}}`,
			"ES04-03", "Unsupported Media Type", rakuten.ErrBadRequest},
		{"plain text 500", 500, "Internal Server Error", "", "Internal Server Error", rakuten.ErrUnavailable},
		{"legacy XML throttle after retries", 403, `<result><status><message>QPSLimit</message></status></result>`,
			"QPSLimit", "", rakuten.ErrRateLimited},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) { jsonReply(w, tc.status, tc.body) },
				rakuten.WithRetry(-1, 0, 0))
			_, err := c.SearchOrderPage(context.Background(), rakuten.OrderQuery{DateType: 1, Start: simNow, End: simNow}, 1, 0)
			var ae *rakuten.APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tc.status, ae.StatusCode)
			assert.Equal(t, tc.code, ae.Code)
			assert.Equal(t, tc.message, ae.Message)
			assert.Equal(t, "searchOrder", ae.Operation)
			assert.Equal(t, "00000000-0000-4000-8000-000000000001", ae.RequestID)
			assert.ErrorIs(t, err, tc.sentinel)
			assert.Contains(t, err.Error(), "RequestId 00000000-0000-4000-8000-000000000001")
		})
	}
}

func TestUnauthorizedErrorsListTheUsualCauses(t *testing.T) {
	t.Parallel()
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		jsonReply(w, 401, `{"Results":{"errorCode":"ES01-01","message":"Un-Authorised"}}`)
	})
	_, err := c.LicenseExpiry(context.Background())
	require.ErrorIs(t, err, rakuten.ErrUnauthorized)
	for _, cause := range []string{"expired", "90 days", "not enabled", "re-issued", "whitespace"} {
		assert.Contains(t, err.Error(), cause)
	}
	assert.NotContains(t, err.Error(), "bbb", "the license key never appears")
}

// flaky answers status n times, then okFor.
func flaky(status int, n int32, body string, retryAfter string) (http.HandlerFunc, *atomic.Int32) {
	var calls atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= n {
			w.Header().Set("Retry-After", retryAfter)
			jsonReply(w, status, body)
			return
		}
		okFor(w, r)
	}, &calls
}

func TestRetriesFollowTheOperationsIdempotency(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	search := func(c *rakuten.Client) error {
		_, err := c.SearchOrderPage(ctx, rakuten.OrderQuery{DateType: 1, Start: simNow, End: simNow}, 1, 0)
		return err
	}
	confirm := func(c *rakuten.Client) error { return c.ConfirmOrders(ctx, []string{"123456-20260105-0000000001"}) }
	cancel := func(c *rakuten.Client) error {
		return c.CancelOrder(ctx, rakuten.Cancellation{OrderNumber: "123456-20260105-0000000001", Reason: rakuten.CancelOutOfStock})
	}
	push := func(c *rakuten.Client) error {
		return c.SetInventories(ctx, []rakuten.InventoryUpdate{{ManageNumber: "a", VariantID: "b", Quantity: 1}})
	}
	ship := func(c *rakuten.Client) error {
		_, err := c.UpdateShipping(ctx, rakuten.ShippingUpdate{OrderNumber: "123456-20260105-0000000001",
			Baskets: []rakuten.BasketShipping{{BasketID: 1, Shipments: []rakuten.Shipment{{Company: rakuten.DeliveryYamato}}}}})
		return err
	}
	shipAsync := func(c *rakuten.Client) error {
		_, err := c.UpdateShippingAsync(ctx, []rakuten.ShippingUpdate{{OrderNumber: "123456-20260105-0000000001",
			Baskets: []rakuten.BasketShipping{{BasketID: 1, Shipments: []rakuten.Shipment{{Company: rakuten.DeliveryYamato}}}}}})
		return err
	}
	relative := func(c *rakuten.Client) error {
		return c.AdjustInventoriesRelative(ctx, []rakuten.InventoryAdjustment{{ManageNumber: "a", VariantID: "b", Delta: -1}})
	}
	qps := `{"errors":[{"code":"QPSLimit","message":"QPSLimit"}]}`
	cases := []struct {
		name   string
		call   func(*rakuten.Client) error
		status int
		body   string
		calls  int32
		ok     bool
	}{
		{"search retries 429 with Retry-After", search, 429, `{}`, 3, true},
		{"search retries 503", search, 503, `{}`, 3, true},
		{"search retries 403 QPSLimit", search, 403, qps, 3, true},
		{"search does not retry a plain 403", search, 403, `{"Results":{"errorCode":"ES01-01","message":"Un-Authorised"}}`, 1, false},
		{"confirm retries 429: RMS refused it", confirm, 429, `{}`, 3, true},
		{"confirm never retries 503: it may have happened", confirm, 503, `{}`, 1, false},
		{"cancel never retries 503", cancel, 503, `{}`, 1, false},
		{"shipping report never retries 503: the record may have been added", ship, 503, `{}`, 1, false},
		{"shipping report retries 429", ship, 429, `{}`, 3, true},
		{"async shipping report never retries 503", shipAsync, 503, `{}`, 1, false},
		{"async shipping report retries 403 QPSLimit", shipAsync, 403, qps, 3, true},
		{"absolute stock push retries 503", push, 503, `{}`, 3, true},
		{"relative stock change never retries 503", relative, 503, `{}`, 1, false},
		{"relative stock change retries 403 QPSLimit", relative, 403, qps, 3, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h, calls := flaky(tc.status, 2, tc.body, "0")
			c, _ := serve(t, h)
			err := tc.call(c)
			if tc.ok {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
			}
			assert.Equal(t, tc.calls, calls.Load())
		})
	}
}

func TestExhaustedRetriesReturnTheMallsAnswer(t *testing.T) {
	t.Parallel()
	h, calls := flaky(429, 100, `{"errors":[{"code":"TooManyRequests","message":"slow down"}]}`, "0")
	c, _ := serve(t, h, rakuten.WithRetry(2, 0, 0))
	err := c.SetInventories(context.Background(), []rakuten.InventoryUpdate{{ManageNumber: "a", VariantID: "b", Quantity: 1}})
	require.ErrorIs(t, err, rakuten.ErrRateLimited)
	assert.Contains(t, err.Error(), "slow down")
	assert.Equal(t, int32(3), calls.Load())
}

func TestConfirmReportsRefusedOrdersAndConfirmsTheRest(t *testing.T) {
	t.Parallel()
	answers := []struct {
		status int
		body   string
	}{
		{200, `{"MessageModelList":[{"messageType":"INFO","messageCode":"ORDER_EXT_API_CONFIRM_ORDER_INFO_101","message":"注文確認に成功しました。","orderNumber":"123456-20260105-0000000001"},` +
			`{"messageType":"ERROR","messageCode":"ORDER_EXT_API_CONFIRM_ORDER_ERROR_102","message":"キャンセル済みです。","orderNumber":"123456-20260105-0000000002"}]}`},
		{400, `{"MessageModelList":[{"messageType":"ERROR","messageCode":"ORDER_EXT_API_CONFIRM_ORDER_ERROR_105","message":"送料が未設定です。","orderNumber":"123456-20260105-0000000003"}]}`},
	}
	var n atomic.Int32
	c, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
		a := answers[n.Add(1)-1]
		jsonReply(w, a.status, a.body)
	})
	numbers := []string{"123456-20260105-0000000001", "123456-20260105-0000000002"}
	for i := 3; i <= 101; i++ {
		numbers = append(numbers, "123456-20260105-"+padded(i))
	}
	err := c.ConfirmOrders(context.Background(), numbers)
	var be *rakuten.BatchError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, []rakuten.Failure{
		{Key: "123456-20260105-0000000002", Code: "ORDER_EXT_API_CONFIRM_ORDER_ERROR_102", Message: "キャンセル済みです。"},
		{Key: "123456-20260105-0000000003", Code: "ORDER_EXT_API_CONFIRM_ORDER_ERROR_105", Message: "送料が未設定です。"},
	}, withoutErr(be.Failures))
	assert.True(t, be.Failed("123456-20260105-0000000002"))
	assert.False(t, be.Failed("123456-20260105-0000000001"))
	assert.Contains(t, err.Error(), "2 of 101 item(s) failed; 123456-20260105-0000000002: ORDER_EXT_API_CONFIRM_ORDER_ERROR_102")
	assert.Len(t, rec.all(), 2, "101 orders go in calls of 100 and 1")
}

func padded(i int) string { return fmt.Sprintf("%010d", i) }
