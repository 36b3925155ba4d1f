package rakutentest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

// Two shops on one fake, as an integration hub sees them.
const (
	shopA    = "123456"
	shopB    = "654321"
	orderOfA = "123456-20260105-0000000001"
	orderOfB = "654321-20260105-0000000001"
	secretA  = "SP123456_a"
	keyA     = "SL123456_a"
	secretB  = "SP654321_b"
	keyB     = "SL654321_b"
)

// twoShops starts a fake hosting shops A and B, one order each, both with
// stock of the same manageNumber, and a third key tied to no shop.
func twoShops(t *testing.T) *rakutentest.Server {
	t.Helper()
	srv := newServer(t, rakutentest.WithAsyncShippingDelay(0))
	srv.AddShop(rakutentest.Shop{ID: shopA, URL: "shop-a", Name: "ショップA"})
	srv.AddShop(rakutentest.Shop{ID: shopB, URL: "shop-b", Name: "ショップB"})
	srv.AddLicense(rakutentest.License{ServiceSecret: secretA, LicenseKey: keyA, ShopID: shopA})
	srv.AddLicense(rakutentest.License{ServiceSecret: secretB, LicenseKey: keyB, ShopID: shopB})
	for _, n := range []string{orderOfA, orderOfB} {
		o := rakutentest.NewOrder(n, srv.Now().Add(-time.Hour), tshirt(1))
		o.Progress = rakutentest.ProgressAwaitingShipment
		srv.AddOrder(o)
	}
	srv.SetShopInventory(shopA, "tshirt-01", "red-M", 5)
	srv.SetShopInventory(shopB, "tshirt-01", "red-M", 50)
	return srv
}

// as calls an order API operation with the key of one shop.
func as(t *testing.T, srv *rakutentest.Server, secret, key, op, body string) response {
	t.Helper()
	return do(t, http.MethodPost, srv.URL+"/es/2.0/order/"+op+"/", "application/json; charset=utf-8", esa(secret, key), body)
}

func TestAShopsKeySeesOnlyItsOwnOrders(t *testing.T) {
	t.Parallel()
	srv := twoShops(t)

	r := as(t, srv, secretA, keyA, "searchOrder", searchBody)
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	assert.Equal(t, []any{orderOfA}, r.json(t)["orderNumberList"])
	r = orderCall(t, srv, "searchOrder", searchBody)
	assert.ElementsMatch(t, []any{orderOfA, orderOfB}, r.json(t)["orderNumberList"], "a key tied to no shop sees every order")

	r = as(t, srv, secretA, keyA, "getOrder", `{"orderNumberList":["`+orderOfA+`","`+orderOfB+`"],"version":10}`)
	require.Equal(t, http.StatusOK, r.status)
	v := r.json(t)
	require.Len(t, v["OrderModelList"], 1)
	assert.Equal(t, []string{"ORDER_EXT_API_GET_ORDER_INFO_101", "ORDER_EXT_API_GET_ORDER_ERROR_101"}, codes(t, v))
	assert.Equal(t, orderOfB, messages(t, v)[1]["orderNumber"])

	cases := []struct{ op, body, code string }{
		{"confirmOrder", `{"orderNumberList":["` + orderOfB + `"]}`, "ORDER_EXT_API_CONFIRM_ORDER_ERROR_101"},
		{"cancelOrder", `{"orderNumber":"` + orderOfB + `","inventoryRestoreType":1,"changeReasonDetailApply":8}`, "ORDER_EXT_API_CANCEL_ORDER_ERROR_101"},
		{"updateOrderMemo", `{"orderNumber":"` + orderOfB + `","memo":"x"}`, "ORDER_EXT_API_UPDATE_ORDERMEMO_ERROR_101"},
		{"updateOrderShipping", shippingBody(orderOfB, 1, `{"deliveryCompany":"1001"}`), "ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_101"},
	}
	for _, tc := range cases {
		r := as(t, srv, secretA, keyA, tc.op, tc.body)
		assert.Contains(t, codes(t, r.json(t)), tc.code, tc.op)
	}
	o, _ := srv.Order(orderOfB)
	assert.Equal(t, rakutentest.ProgressAwaitingShipment, o.Progress, "shop A could not touch shop B's order")
	assert.Empty(t, o.Memo)
	assert.Empty(t, o.Packages[0].Shippings)
}

func TestAsyncShippingResultsBelongToTheSubmittingShop(t *testing.T) {
	t.Parallel()
	srv := twoShops(t)
	o, _ := srv.Order(orderOfB)
	r := as(t, srv, secretB, keyB, "updateOrderShippingAsync",
		`{"OrderShippingModelList":[`+shippingBody(orderOfB, o.Packages[0].BasketID, `{"deliveryCompany":"1001","shippingNumber":"1111","shippingDate":"2026-01-05"}`)+`]}`)
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	id := messages(t, r.json(t))[0]["requestId"].(string)
	srv.Advance(time.Second)

	r = as(t, srv, secretA, keyA, "getResultUpdateOrderShippingAsync", `{"requestId":"`+id+`"}`)
	assert.Nil(t, r.json(t)["ResultShippingModelList"].([]any)[0].(map[string]any)["orderNumber"], "another shop's request id is unknown")
	r = as(t, srv, secretB, keyB, "getResultUpdateOrderShippingAsync", `{"requestId":"`+id+`"}`)
	assert.Equal(t, orderOfB, r.json(t)["ResultShippingModelList"].([]any)[0].(map[string]any)["orderNumber"])
	o, _ = srv.Order(orderOfB)
	assert.Equal(t, rakutentest.ProgressShipped, o.Progress)
}

func TestEachShopHasItsOwnInventory(t *testing.T) {
	t.Parallel()
	srv := twoShops(t)
	get := func(secret, key string) []any {
		r := do(t, http.MethodPost, srv.URL+"/es/2.1/inventories/bulk-get", "application/json", esa(secret, key),
			`{"inventories":[{"manageNumber":"tshirt-01","variantId":"red-M"}]}`)
		require.Equal(t, http.StatusOK, r.status, "%s", r.body)
		return r.json(t)["inventories"].([]any)
	}
	assert.EqualValues(t, 5, get(secretA, keyA)[0].(map[string]any)["quantity"])
	assert.EqualValues(t, 50, get(secretB, keyB)[0].(map[string]any)["quantity"])
	assert.Empty(t, get(testSecret, testKey), "keys without a shop share another inventory")

	r := do(t, http.MethodPost, srv.URL+"/es/2.1/inventories/bulk-upsert", "application/json", esa(secretA, keyA),
		`{"inventories":[{"manageNumber":"tshirt-01","variantId":"red-M","mode":"RELATIVE","quantity":-2}]}`)
	require.Equal(t, http.StatusNoContent, r.status, "%s", r.body)
	q, _ := srv.ShopInventory(shopA, "TSHIRT-01", "red-M")
	assert.Equal(t, 3, q)
	q, _ = srv.ShopInventory(shopB, "tshirt-01", "red-M")
	assert.Equal(t, 50, q)

	r = do(t, http.MethodGet, srv.URL+"/es/2.0/inventories/manage-numbers/tshirt-01/variants/red-M", "", esa(testSecret, testKey), "")
	assert.Equal(t, http.StatusNotFound, r.status)

	r = as(t, srv, secretB, keyB, "cancelOrder", `{"orderNumber":"`+orderOfB+`","inventoryRestoreType":1,"changeReasonDetailApply":8}`)
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	q, _ = srv.ShopInventory(shopB, "tshirt-01", "red-M")
	assert.Equal(t, 51, q, "a cancellation restocks its own shop")
	q, _ = srv.ShopInventory(shopA, "tshirt-01", "red-M")
	assert.Equal(t, 3, q)
}

func TestShopSeedingMistakesPanic(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	assert.PanicsWithValue(t, `rakutentest: AddShop: shop ID "12345" is not a 6-digit shopId`,
		func() { srv.AddShop(rakutentest.Shop{ID: "12345"}) })
	assert.PanicsWithValue(t, `rakutentest: AddLicense: shop "999999" was not added with AddShop`,
		func() { srv.AddLicense(rakutentest.License{ServiceSecret: "s", LicenseKey: "k", ShopID: "999999"}) })
}

func TestOrderNotificationCarriesTheShopURL(t *testing.T) {
	t.Parallel()
	srv := twoShops(t)
	n := srv.OrderNotificationFor(rakutentest.NotificationAuth{AuthKey: "k"}, orderOfB)
	assert.Equal(t, "shop-b", n.Auth.ShopURL)
	n = srv.OrderNotificationFor(rakutentest.NotificationAuth{AuthKey: "k", ShopURL: "given"}, orderOfB)
	assert.Equal(t, "given", n.Auth.ShopURL)
}
