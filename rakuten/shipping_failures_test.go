package rakuten_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten"
)

const (
	shipOrder1 = "123456-20260105-0000000001"
	shipOrder2 = "123456-20260105-0000000002"
	shipOrder3 = "123456-20260105-0000000003"
)

func threeShipments() []rakuten.ShippingUpdate {
	var us []rakuten.ShippingUpdate
	for i, n := range []string{shipOrder1, shipOrder2, shipOrder3} {
		us = append(us, rakuten.ShippingUpdate{OrderNumber: n, Baskets: []rakuten.BasketShipping{{BasketID: int64(i + 1),
			Shipments: []rakuten.Shipment{{Company: rakuten.DeliveryYamato, Number: "1"}, {Company: rakuten.DeliveryYamato, Number: "2"}}}}})
	}
	return us
}

// TestAsyncShippingAnswerWithoutRequestIDFailsEveryOrder answers
// updateOrderShippingAsync the way the documentation copy shows a refusal:
// HTTP 200, an ERROR naming one shipment, no requestId. Nothing was queued,
// so every order of the request must come back failed, and Failed must
// work with the plain order number.
func TestAsyncShippingAnswerWithoutRequestIDFailsEveryOrder(t *testing.T) {
	t.Parallel()
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		jsonReply(w, 200, `{"MessageModelList":[{"messageType":"ERROR","messageCode":"ORDER_EXT_API_UPDATE_ORDERSHIPPING_ASYNC_ERROR_011","message":"shippingNumberの書式が不正です。","orderNumber":"`+shipOrder2+`","dataNumber":2,"shippingDetailId":null}]}`)
	})
	ids, err := c.UpdateShippingAsync(context.Background(), threeShipments())
	assert.Empty(t, ids)
	var be *rakuten.BatchError
	require.ErrorAs(t, err, &be)
	assert.ErrorIs(t, err, rakuten.ErrPartialFailure)
	assert.Equal(t, 3, be.Total)
	for _, n := range []string{shipOrder1, shipOrder2, shipOrder3} {
		assert.True(t, be.Failed(n), "order %s was not queued", n)
	}
	require.Len(t, be.Failures, 3)
	assert.Equal(t, rakuten.Failure{Key: shipOrder2, Code: "ORDER_EXT_API_UPDATE_ORDERSHIPPING_ASYNC_ERROR_011",
		Message: "shippingNumberの書式が不正です。", DataNumber: 2}, withoutErr(be.Failures)[0])
	assert.Equal(t, "NOT_SUBMITTED", be.Failures[1].Code)
}

// TestAsyncShippingResultNamesOrdersBySeparateFields decodes the nested
// ResultShippingModelList[].MessageModelList shape of
// getResultUpdateOrderShippingAsync with one order refused whole and one
// with one bad shipment of two.
func TestAsyncShippingResultNamesOrdersBySeparateFields(t *testing.T) {
	t.Parallel()
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		jsonReply(w, 200, `{"ResultShippingModelList":[`+
			`{"orderNumber":"`+shipOrder1+`","MessageModelList":[`+
			`{"messageType":"INFO","messageCode":"ORDER_EXT_API_UPDATE_ORDERSHIPPING_INFO_101","message":"発送情報の追加設定が完了しました。","dataNumber":1,"shippingDetailId":501},`+
			`{"messageType":"ERROR","messageCode":"ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_011","message":"shippingDetailIdの値が不正です。","dataNumber":2,"shippingDetailId":77}]},`+
			`{"orderNumber":"`+shipOrder2+`","MessageModelList":[`+
			`{"messageType":"ERROR","messageCode":"ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_103","message":"発送待ち以降のステータスの注文のみ発送情報を更新できます。","dataNumber":null,"shippingDetailId":null}]},`+
			`{"orderNumber":"`+shipOrder3+`","MessageModelList":[`+
			`{"messageType":"INFO","messageCode":"ORDER_EXT_API_UPDATE_ORDERSHIPPING_INFO_101","message":"発送情報の追加設定が完了しました。","dataNumber":1,"shippingDetailId":502}]}]}`)
	})
	res, done, err := c.ShippingAsyncResult(context.Background(), "ede66c43-9b9d-4222-93ed-5f11c96e08e2_20260105100000")
	require.True(t, done)
	require.Len(t, res, 3)
	var be *rakuten.BatchError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, []rakuten.Failure{
		{Key: shipOrder1, Code: "ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_011", Message: "shippingDetailIdの値が不正です。", DataNumber: 2, ShippingDetailID: 77},
		{Key: shipOrder2, Code: "ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_103", Message: "発送待ち以降のステータスの注文のみ発送情報を更新できます。"},
	}, withoutErr(be.Failures))
	assert.True(t, be.Failed(shipOrder1), "one failed shipment fails the order")
	assert.True(t, be.Failed(shipOrder2))
	assert.False(t, be.Failed(shipOrder3))
	assert.Equal(t, int64(501), res[0].Results[0].ShippingDetailID)
}

// TestSyncShippingRefusalWithDataNumberOnly decodes a 400 of
// updateOrderShipping whose messages carry dataNumber without orderNumber.
func TestSyncShippingRefusalWithDataNumberOnly(t *testing.T) {
	t.Parallel()
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		jsonReply(w, 400, `{"MessageModelList":[{"messageType":"ERROR","messageCode":"ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_011","message":"shippingDateの書式が不正です。","dataNumber":2}]}`)
	})
	_, err := c.UpdateShipping(context.Background(), threeShipments()[0])
	var ae *rakuten.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, []string{shipOrder1 + "#2"}, ae.Orders)
	assert.Equal(t, 2, ae.Messages[0].DataNumber)
	assert.Contains(t, err.Error(), shipOrder1+"#2")
}
