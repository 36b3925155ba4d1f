package rakutentest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

func TestUpdateOrderRemarks(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddOrder(rakutentest.NewOrder(shopOrder1, srv.Now(), tshirt(1)))
	cancelled := rakutentest.NewOrder(shopOrder2, srv.Now(), tshirt(1))
	cancelled.Progress = rakutentest.ProgressCancelled
	srv.AddOrder(cancelled)

	r := orderCall(t, srv, "updateOrderRemarks", `{"orderNumber":"`+shopOrder1+`","remarks":"[配送日時指定:]\n午前中","giftCheck":"1"}`)
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	assert.Equal(t, []string{"ORDER_EXT_API_UPDATE_ORDERREMARKS_INFO_101"}, codes(t, r.json(t)))
	o, _ := srv.Order(shopOrder1)
	assert.Equal(t, "[配送日時指定:]\n午前中", o.Remarks)
	assert.Equal(t, 1, o.GiftCheckFlag)

	r = orderCall(t, srv, "updateOrderRemarks", `{"orderNumber":"`+shopOrder1+`","giftCheck":0}`)
	require.Equal(t, http.StatusOK, r.status)
	o, _ = srv.Order(shopOrder1)
	assert.Equal(t, "[配送日時指定:]\n午前中", o.Remarks, "omitted remarks stay")
	assert.Equal(t, 0, o.GiftCheckFlag)

	for body, code := range map[string]string{
		`{"remarks":"x"}`: "ORDER_EXT_API_UPDATE_ORDERREMARKS_ERROR_009",
		`{"orderNumber":"` + shopOrder1 + `","giftCheck":2}`:         "ORDER_EXT_API_UPDATE_ORDERREMARKS_ERROR_011",
		`{"orderNumber":"123456-20260105-0000000099","remarks":"x"}`: "ORDER_EXT_API_UPDATE_ORDERREMARKS_ERROR_101",
		`{"orderNumber":"` + shopOrder2 + `","remarks":"x"}`:         "ORDER_EXT_API_UPDATE_ORDERREMARKS_ERROR_102",
	} {
		r := orderCall(t, srv, "updateOrderRemarks", body)
		assert.Equal(t, http.StatusBadRequest, r.status, body)
		assert.Equal(t, []string{code}, codes(t, r.json(t)), body)
	}
}

func TestUpdateOrderDelivery(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddOrder(rakutentest.NewOrder(shopOrder1, srv.Now(), tshirt(1)))
	shipped := rakutentest.NewOrder(shopOrder2, srv.Now(), tshirt(1))
	shipped.Progress = rakutentest.ProgressShipped
	srv.AddOrder(shipped)

	r := orderCall(t, srv, "updateOrderDelivery", `{"orderNumber":"`+shopOrder1+`","deliveryName":"メール便"}`)
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	o, _ := srv.Order(shopOrder1)
	assert.Equal(t, "メール便", o.DeliveryName)

	for body, code := range map[string]string{
		`{"orderNumber":"` + shopOrder1 + `"}`:                    "ORDER_EXT_API_UPDATE_ORDERDELIVERY_ERROR_009",
		`{"orderNumber":"` + shopOrder1 + `","deliveryName":""}`:  "ORDER_EXT_API_UPDATE_ORDERDELIVERY_ERROR_010",
		`{"orderNumber":"` + shopOrder2 + `","deliveryName":"x"}`: "ORDER_EXT_API_UPDATE_ORDERDELIVERY_ERROR_103",
	} {
		r := orderCall(t, srv, "updateOrderDelivery", body)
		assert.Equal(t, http.StatusBadRequest, r.status, body)
		assert.Equal(t, []string{code}, codes(t, r.json(t)), body)
	}
	o, _ = srv.Order(shopOrder2)
	assert.Equal(t, "宅配便", o.DeliveryName, "a shipped order keeps its delivery method")
}

func TestUnmodelledOperationsSayNotSupported(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	for _, op := range []string{"updateOrderSender", "updateOrderSenderAfterShipping", "updateOrderOrderer", "getPayment", "simulateCouponAmount"} {
		r := orderCall(t, srv, op, `{"orderNumber":"`+shopOrder1+`"}`)
		assert.Equal(t, http.StatusNotImplemented, r.status, op)
		res := r.json(t)["Results"].(map[string]any)
		assert.Equal(t, rakutentest.CodeNotSupported, res["errorCode"], op)
		assert.Contains(t, res["message"], op+" is not supported by this fake")

		r = do(t, http.MethodPost, srv.URL+"/es/2.0/order/"+op+"/", "application/json; charset=utf-8", esa(testSecret, "wrong"), `{}`)
		assert.Equal(t, http.StatusUnauthorized, r.status, "%s: the gateway checks come first", op)
	}
	r := orderCall(t, srv, "noSuchOperation", `{}`)
	assert.Equal(t, http.StatusNotFound, r.status)
}
