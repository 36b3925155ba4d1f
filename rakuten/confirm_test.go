package rakuten_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten"
)

// TestConfirmOrdersSaysWhichWereConfirmedWhenALaterCallFails confirms 250
// orders; the second call of 100 fails whole. The error must say that the
// first 100 were confirmed (not listed), the second 100 failed and the last
// 50 were never sent.
func TestConfirmOrdersSaysWhichWereConfirmedWhenALaterCallFails(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 2 {
			jsonReply(w, 401, `{"Results":{"errorCode":"ES01-01","message":"Un-Authorised"}}`)
			return
		}
		var req struct {
			Numbers []string `json:"orderNumberList"`
		}
		require.NoError(t, json.Unmarshal(readBody(r), &req))
		var msgs []string
		for _, n := range req.Numbers {
			msgs = append(msgs, `{"messageType":"INFO","messageCode":"ORDER_EXT_API_CONFIRM_ORDER_INFO_101","message":"注文確認に成功しました。","orderNumber":"`+n+`"}`)
		}
		jsonReply(w, 200, `{"MessageModelList":[`+strings.Join(msgs, ",")+`]}`)
	}, rakuten.WithRetry(-1, 0, 0))
	numbers := make([]string, 250)
	for i := range numbers {
		numbers[i] = fmt.Sprintf("123456-20260105-%010d", i+1)
	}
	err := c.ConfirmOrders(context.Background(), numbers)
	var be *rakuten.BatchError
	require.ErrorAs(t, err, &be)
	assert.ErrorIs(t, err, rakuten.ErrUnauthorized, "the call's error is still matched")
	assert.Equal(t, 250, be.Total)
	require.Len(t, be.Failures, 150)
	for i, n := range numbers {
		assert.Equal(t, i >= 100, be.Failed(n), "order %d", i+1)
	}
	assert.Equal(t, "CALL_FAILED", be.Failures[0].Code)
	assert.Equal(t, "NOT_SUBMITTED", be.Failures[100].Code)
	assert.Equal(t, int32(2), calls.Load(), "the third call is not sent")
}

func TestOrderNumbersAreCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	c, rec := serve(t, okFor)
	for _, bad := range []string{"", "123456-\xff"} {
		require.ErrorIs(t, c.ConfirmOrders(context.Background(), []string{"123456-20260105-0000000001", bad}), rakuten.ErrInvalidInput)
		_, err := c.GetOrders(context.Background(), []string{bad})
		require.ErrorIs(t, err, rakuten.ErrInvalidInput)
	}
	assert.Empty(t, rec.all())
}
