package rakutentest_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

// readyToShip seeds an order in 300 発送待ち and returns its basket id.
func readyToShip(t *testing.T, srv *rakutentest.Server, number string) int64 {
	t.Helper()
	o := rakutentest.NewOrder(number, srv.Now(), tshirt(1))
	o.Progress = rakutentest.ProgressAwaitingShipment
	srv.AddOrder(o)
	got, _ := srv.Order(number)
	return got.Packages[0].BasketID
}

func shippingBody(number string, basket int64, shipping string) string {
	return fmt.Sprintf(`{"orderNumber":"%s","BasketidModelList":[{"basketId":%d,"ShippingModelList":[%s]}]}`, number, basket, shipping)
}

func TestUpdateOrderShippingAddsUpdatesDeletes(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	basket := readyToShip(t, srv, shopOrder1)

	r := orderCall(t, srv, "updateOrderShipping", shippingBody(shopOrder1, basket,
		`{"deliveryCompany":"1001","shippingNumber":"1234-5678-9012","shippingDate":"2026-01-05"},{"deliveryCompany":"1002","shippingNumber":"5555","shippingDate":"2026-01-05"}`))
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	msgs := messages(t, r.json(t))
	require.Len(t, msgs, 2)
	for i, m := range msgs {
		assert.Equal(t, "ORDER_EXT_API_UPDATE_ORDERSHIPPING_INFO_101", m["messageCode"])
		assert.Equal(t, float64(i+1), m["dataNumber"])
		assert.NotNil(t, m["shippingDetailId"])
	}
	o, _ := srv.Order(shopOrder1)
	assert.Equal(t, rakutentest.ProgressShipped, o.Progress, "every record has carrier, tracking number and date")
	assert.True(t, o.ShippingCmplRptDatetime.Equal(srv.Now()))
	require.Len(t, o.Packages[0].Shippings, 2)
	first, second := o.Packages[0].Shippings[0], o.Packages[0].Shippings[1]
	assert.Equal(t, "1234-5678-9012", first.Number)

	r = orderCall(t, srv, "updateOrderShipping", shippingBody(shopOrder1, basket, fmt.Sprintf(
		`{"shippingDetailId":%d,"shippingNumber":""},{"shippingDetailId":%d,"shippingDeleteFlag":1}`, first.DetailID, second.DetailID)))
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	assert.Equal(t, []string{"ORDER_EXT_API_UPDATE_ORDERSHIPPING_INFO_102", "ORDER_EXT_API_UPDATE_ORDERSHIPPING_INFO_103"}, codes(t, r.json(t)))
	o, _ = srv.Order(shopOrder1)
	require.Len(t, o.Packages[0].Shippings, 1)
	assert.Equal(t, "", o.Packages[0].Shippings[0].Number, "an empty string clears the value")
	assert.Equal(t, "1001", o.Packages[0].Shippings[0].DeliveryCompany, "omitted fields stay")
}

func TestUpdateOrderShippingValidation(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	basket := readyToShip(t, srv, shopOrder1)
	cases := []struct{ name, body, code string }{
		{"company as a name", shippingBody(shopOrder1, basket, `{"deliveryCompany":"佐川急便","shippingDate":"2026-01-05"}`), "ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_011"},
		{"company 1032", shippingBody(shopOrder1, basket, `{"deliveryCompany":"1032"}`), "ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_011"},
		{"slashed date", shippingBody(shopOrder1, basket, `{"deliveryCompany":"1001","shippingDate":"2026/01/05"}`), "ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_011"},
		{"company missing on add", shippingBody(shopOrder1, basket, `{"shippingNumber":"1"}`), "ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_009"},
		{"orderNumber missing", `{"BasketidModelList":[{"basketId":1,"ShippingModelList":[{"deliveryCompany":"1001"}]}]}`, "ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_009"},
		{"unknown basket", shippingBody(shopOrder1, 1, `{"deliveryCompany":"1001"}`), "ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_011"},
		{"unknown order", shippingBody(shopOrder2, basket, `{"deliveryCompany":"1001"}`), "ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_101"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := orderCall(t, srv, "updateOrderShipping", tc.body)
			require.Equal(t, http.StatusBadRequest, r.status, "%s", r.body)
			assert.Contains(t, codes(t, r.json(t)), tc.code)
		})
	}
	o, _ := srv.Order(shopOrder1)
	assert.Empty(t, o.Packages[0].Shippings, "nothing applied")
}

func TestUpdateOrderShippingAllows20PerBasket(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	basket := readyToShip(t, srv, shopOrder1)
	entry := `{"deliveryCompany":"1001"}`
	list := entry
	for range 19 {
		list += "," + entry
	}
	require.Equal(t, http.StatusOK, orderCall(t, srv, "updateOrderShipping", shippingBody(shopOrder1, basket, list)).status)
	r := orderCall(t, srv, "updateOrderShipping", shippingBody(shopOrder1, basket, entry))
	assert.Equal(t, http.StatusBadRequest, r.status, "the 21st record")
}

func TestUpdateOrderShippingNeedsAnOrderReadyToShip(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddOrder(rakutentest.NewOrder(shopOrder1, srv.Now(), tshirt(1)))
	c := rakutentest.NewOrder(shopOrder2, srv.Now(), tshirt(1))
	c.Progress = rakutentest.ProgressCancelled
	srv.AddOrder(c)
	for number, code := range map[string]string{
		shopOrder1: "ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_103",
		shopOrder2: "ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_102",
	} {
		o, _ := srv.Order(number)
		r := orderCall(t, srv, "updateOrderShipping", shippingBody(number, o.Packages[0].BasketID, `{"deliveryCompany":"1001"}`))
		assert.Equal(t, http.StatusBadRequest, r.status)
		assert.Equal(t, []string{code}, codes(t, r.json(t)))
	}
}

func TestUpdateOrderShippingAsync(t *testing.T) {
	t.Parallel()
	srv := newServer(t, rakutentest.WithAsyncShippingDelay(2*time.Minute))
	b1 := readyToShip(t, srv, shopOrder1)
	b2 := readyToShip(t, srv, shopOrder2)
	body := fmt.Sprintf(`{"OrderShippingModelList":[`+
		`{"orderNumber":"%s","BasketidModelList":[{"basketId":%d,"ShippingModelList":[{"deliveryCompany":"1001","shippingNumber":"1111","shippingDate":"2026-01-05"}]}]},`+
		`{"orderNumber":"%s","BasketidModelList":[{"basketId":%d,"ShippingModelList":[{"deliveryCompany":"1002"}]}]}]}`,
		shopOrder1, b1, shopOrder2, b2)
	r := orderCall(t, srv, "updateOrderShippingAsync", body)
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	msg := messages(t, r.json(t))[0]
	assert.Equal(t, "ORDER_EXT_API_UPDATE_ORDERSHIPPING_ASYNC_INFO_101", msg["messageCode"])
	assert.Contains(t, msg, "dataNumber")
	id := msg["requestId"].(string)
	assert.Regexp(t, `^[0-9a-f-]{36}_20260105100000$`, id)

	poll := func(id string) []any {
		r := orderCall(t, srv, "getResultUpdateOrderShippingAsync", `{"requestId":"`+id+`"}`)
		require.Equal(t, http.StatusOK, r.status)
		return r.json(t)["ResultShippingModelList"].([]any)
	}
	notYet := `[{"orderNumber":null,"MessageModelList":[{"messageType":"INFO","messageCode":"ORDER_EXT_API_GET_RESULT_UPDATEORDERSHIPPING_ASYNC_INFO_101","message":"指定されたリクエストIDの処理結果は存在しませんでした。"}]}]`
	assert.JSONEq(t, notYet, toJSON(t, poll(id)), "still processing")
	o, _ := srv.Order(shopOrder1)
	assert.Equal(t, rakutentest.ProgressAwaitingShipment, o.Progress, "not applied yet")

	srv.Advance(2 * time.Minute)
	results := poll(id)
	require.Len(t, results, 2)
	assert.Equal(t, shopOrder1, results[0].(map[string]any)["orderNumber"])
	o, _ = srv.Order(shopOrder1)
	assert.Equal(t, rakutentest.ProgressShipped, o.Progress)
	o, _ = srv.Order(shopOrder2)
	assert.Equal(t, rakutentest.ProgressAwaitingShipment, o.Progress, "no shipping date, not shipped")

	assert.JSONEq(t, notYet, toJSON(t, poll("unknown_20260105100000")))
	srv.Advance(30 * 24 * time.Hour)
	assert.JSONEq(t, notYet, toJSON(t, poll(id)), "results are kept 30 days")

	r = orderCall(t, srv, "getResultUpdateOrderShippingAsync", `{}`)
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, []string{"ORDER_EXT_API_GET_RESULT_UPDATEORDERSHIPPING_ASYNC_ERROR_009"}, codes(t, r.json(t)))
}

func TestUpdateOrderShippingAsyncRejectsDuplicates(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	entry := `{"orderNumber":"` + shopOrder1 + `","BasketidModelList":[{"basketId":1,"ShippingModelList":[{"deliveryCompany":"1001"}]}]}`
	r := orderCall(t, srv, "updateOrderShippingAsync", `{"OrderShippingModelList":[`+entry+`,`+entry+`]}`)
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, []string{"ORDER_EXT_API_UPDATE_ORDERSHIPPING_ASYNC_ERROR_011"}, codes(t, r.json(t)))
}

func TestAnOrderIsShippedOnlyWhenEveryRecordIsComplete(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	basket := readyToShip(t, srv, shopOrder1)
	for _, rec := range []string{
		`{"deliveryCompany":"1001","shippingDate":"2026-01-05"}`, // no tracking number
		`{"deliveryCompany":"1001","shippingNumber":"1234"}`,     // no date
	} {
		r := orderCall(t, srv, "updateOrderShipping", shippingBody(shopOrder1, basket, rec))
		require.Equal(t, http.StatusOK, r.status, "%s", r.body)
		o, _ := srv.Order(shopOrder1)
		assert.Equal(t, rakutentest.ProgressAwaitingShipment, o.Progress, "incomplete record %s", rec)
	}
	o, _ := srv.Order(shopOrder1)
	for _, sh := range o.Packages[0].Shippings {
		r := orderCall(t, srv, "updateOrderShipping", shippingBody(shopOrder1, basket,
			fmt.Sprintf(`{"shippingDetailId":%d,"shippingNumber":"77","shippingDate":"2026-01-05"}`, sh.DetailID)))
		require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	}
	o, _ = srv.Order(shopOrder1)
	assert.Equal(t, rakutentest.ProgressShipped, o.Progress)
}

func TestCarrierOnlyOtherIsAcceptedBeforeAwaitingShipment(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	o := rakutentest.NewOrder(shopOrder1, srv.Now().Add(-time.Hour), rakutentest.Item{ItemID: 1, ManageNumber: "a", Price: 100, Units: 1})
	srv.AddOrder(o)
	o, _ = srv.Order(shopOrder1)
	basket := o.Packages[0].BasketID
	r := orderCall(t, srv, "updateOrderShipping", shippingBody(shopOrder1, basket, `{"deliveryCompany":"1001"}`))
	require.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, []string{"ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_103"}, codes(t, r.json(t)))
	r = orderCall(t, srv, "updateOrderShipping", shippingBody(shopOrder1, basket, `{"deliveryCompany":"1000","shippingDate":"2026-01-05"}`))
	require.Equal(t, http.StatusBadRequest, r.status, "only the carrier may be set before 300")
	r = orderCall(t, srv, "updateOrderShipping", shippingBody(shopOrder1, basket, `{"deliveryCompany":"1000"}`))
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	o, _ = srv.Order(shopOrder1)
	assert.Equal(t, rakutentest.ProgressAwaitingConfirmation, o.Progress)
	require.Len(t, o.Packages[0].Shippings, 1)
	assert.Equal(t, "1000", o.Packages[0].Shippings[0].DeliveryCompany)
}
