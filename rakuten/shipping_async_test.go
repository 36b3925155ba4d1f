package rakuten_test

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten"
)

const notYet = `{"ResultShippingModelList":[{"orderNumber":null,"MessageModelList":[{"messageType":"INFO","messageCode":"ORDER_EXT_API_GET_RESULT_UPDATEORDERSHIPPING_ASYNC_INFO_101","message":"指定されたリクエストIDの処理結果は存在しませんでした。"}]}]}`

func TestWaitShippingAsyncPollsUntilTheResultExists(t *testing.T) {
	t.Parallel()
	var polls atomic.Int32
	c, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/es/2.0/order/updateOrderShippingAsync/":
			jsonReply(w, 200, `{"MessageModelList":[{"messageType":"INFO","messageCode":"ORDER_EXT_API_UPDATE_ORDERSHIPPING_ASYNC_INFO_101","message":"発送情報の更新を受付けました。","requestId":"ede66c43-9b9d-4222-93ed-5f11c96e08e2_20260105100000","dataNumber":null,"shippingDetailId":null}]}`)
		case "/es/2.0/order/getResultUpdateOrderShippingAsync/":
			if polls.Add(1) < 3 {
				jsonReply(w, 200, notYet)
				return
			}
			jsonReply(w, 200, `{"ResultShippingModelList":[{"orderNumber":"123456-20260105-0000000001","MessageModelList":[{"messageType":"INFO","messageCode":"ORDER_EXT_API_UPDATE_ORDERSHIPPING_INFO_101","message":"ok","dataNumber":1,"shippingDetailId":9}]},`+
				`{"orderNumber":"123456-20260105-0000000002","MessageModelList":[{"messageType":"ERROR","messageCode":"ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_102","message":"キャンセル済みです。","dataNumber":1,"shippingDetailId":null}]}]}`)
		}
	}, rakuten.WithShippingPoll(time.Millisecond, time.Hour))
	ctx := context.Background()
	ids, err := c.UpdateShippingAsync(ctx, []rakuten.ShippingUpdate{
		{OrderNumber: "123456-20260105-0000000001", Baskets: []rakuten.BasketShipping{{BasketID: 1, Shipments: []rakuten.Shipment{{Company: rakuten.DeliveryJapanPost}}}}},
		{OrderNumber: "123456-20260105-0000000002", Baskets: []rakuten.BasketShipping{{BasketID: 2, Shipments: []rakuten.Shipment{{Company: rakuten.DeliveryJapanPost}}}}},
	})
	require.NoError(t, err)
	require.Equal(t, []string{"ede66c43-9b9d-4222-93ed-5f11c96e08e2_20260105100000"}, ids)

	res, err := c.WaitShippingAsync(ctx, ids[0])
	var be *rakuten.BatchError
	require.ErrorAs(t, err, &be)
	require.Len(t, be.Failures, 1)
	assert.Equal(t, "123456-20260105-0000000002", be.Failures[0].Key)
	assert.Equal(t, 1, be.Failures[0].DataNumber)
	assert.True(t, be.Failed("123456-20260105-0000000002"))
	assert.False(t, be.Failed("123456-20260105-0000000001"))
	require.Len(t, res, 2)
	assert.Equal(t, int64(9), res[0].Results[0].ShippingDetailID)
	assert.Equal(t, int32(3), polls.Load())
	assert.JSONEq(t, `{"requestId":"ede66c43-9b9d-4222-93ed-5f11c96e08e2_20260105100000"}`, string(rec.all()[1].Body))
}

// steppingClock advances by step on every reading.
type steppingClock struct {
	mu   sync.Mutex
	now  time.Time
	step time.Duration
}

func (s *steppingClock) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = s.now.Add(s.step)
	return s.now
}

func TestWaitShippingAsyncGivesUpOnTheClientsClock(t *testing.T) {
	t.Parallel()
	clock := &steppingClock{now: simNow, step: time.Minute}
	c, rec := serve(t, func(w http.ResponseWriter, r *http.Request) { jsonReply(w, 200, notYet) },
		rakuten.WithShippingPoll(time.Millisecond, 5*time.Minute), rakuten.WithClock(clock.Now))
	_, err := c.WaitShippingAsync(context.Background(), "unknown_20260105100000")
	require.ErrorIs(t, err, rakuten.ErrResultPending)
	assert.Len(t, rec.all(), 5)
}

func TestWaitShippingAsyncEndsWithTheContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		cancel()
		jsonReply(w, 200, notYet)
	}, rakuten.WithShippingPoll(time.Hour, 2*time.Hour))
	_, err := c.WaitShippingAsync(ctx, "x")
	require.ErrorIs(t, err, context.Canceled)
}
