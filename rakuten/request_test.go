package rakuten_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/jst"
	"github.com/mallkit/mallkit/rakuten"
)

// okFor answers each operation with a minimal success body.
func okFor(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/inventories/bulk-upsert"):
		w.WriteHeader(http.StatusNoContent)
	case r.URL.Path == "/es/2.1/inventories/bulk-get":
		jsonReply(w, 200, `{"inventories":[]}`)
	case r.URL.Path == "/es/2.0/order/searchOrder/":
		jsonReply(w, 200, `{"orderNumberList":[],"MessageModelList":[{"messageType":"INFO","messageCode":"ORDER_EXT_API_SEARCH_ORDER_INFO_102","message":"注文検索に成功しました。(検索結果０件)"}],"PaginationResponseModel":{"totalRecordsAmount":null,"totalPages":null,"requestPage":null}}`)
	case r.URL.Path == "/es/2.0/order/getOrder/":
		jsonReply(w, 200, `{"MessageModelList":[],"OrderModelList":[{"orderNumber":"123456-20260105-0000000001"},{"orderNumber":"123456-20260105-0000000002"}],"version":10}`)
	case r.URL.Path == "/es/2.0/order/updateOrderShipping/":
		jsonReply(w, 200, `{"MessageModelList":[{"messageType":"INFO","messageCode":"ORDER_EXT_API_UPDATE_ORDERSHIPPING_INFO_101","message":"発送情報の追加設定が完了しました。","orderNumber":"123456-20260105-0000000001","dataNumber":1,"shippingDetailId":5001},`+
			`{"messageType":"INFO","messageCode":"ORDER_EXT_API_UPDATE_ORDERSHIPPING_INFO_102","message":"発送情報の更新設定が完了しました。","orderNumber":"123456-20260105-0000000001","dataNumber":2,"shippingDetailId":4000}]}`)
	case r.URL.Path == "/es/2.0/order/updateOrderShippingAsync/":
		jsonReply(w, 200, `{"MessageModelList":[{"messageType":"INFO","messageCode":"ORDER_EXT_API_UPDATE_ORDERSHIPPING_ASYNC_INFO_101","message":"発送情報の更新を受付けました。","requestId":"ede66c43-9b9d-4222-93ed-5f11c96e08e2_20260105100000","dataNumber":null,"shippingDetailId":null}]}`)
	case r.URL.Path == "/es/2.0/order/getResultUpdateOrderShippingAsync/":
		jsonReply(w, 200, notYet)
	default:
		jsonReply(w, 200, `{"MessageModelList":[]}`)
	}
}

// utcHost is a zone far from JST, standing in for a host running in UTC-10.
var utcHost = time.FixedZone("HST", -10*3600)

func TestRequestBodiesMatchTheGoldenFiles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	shipment := rakuten.ShippingUpdate{OrderNumber: "123456-20260105-0000000001", Baskets: []rakuten.BasketShipping{{BasketID: 2000000001,
		Shipments: []rakuten.Shipment{{Company: rakuten.DeliveryJapanPost, Number: "1111-2222-3333", Date: jst.Date(2026, 1, 7)}}}}}
	cases := []struct {
		golden string
		method string // "" = POST
		path   string
		ctype  string
		call   func(*rakuten.Client) error
	}{
		{"searchOrder.json", "", "/es/2.0/order/searchOrder/", "application/json; charset=utf-8", func(c *rakuten.Client) error {
			// Times given in another zone are sent as the same instant in JST.
			q := rakuten.OrderQuery{
				DateType:          rakuten.DateOrdered,
				Start:             time.Date(2025, 12, 31, 5, 0, 0, 0, utcHost), // 2026-01-01 00:00 JST
				End:               time.Date(2026, 1, 4, 4, 59, 59, 0, utcHost), // 2026-01-04 23:59:59 JST
				Progress:          []rakuten.Progress{rakuten.ProgressAwaitingConfirmation, rakuten.ProgressAwaitingShipment},
				SearchKeywordType: 7, SearchKeyword: "red-m & <blue>",
				ShippingNumberBlank: true,
			}
			_, err := c.SearchOrderPage(ctx, q, 2, 1000)
			return err
		}},
		{"getOrder.json", "", "/es/2.0/order/getOrder/", "application/json; charset=utf-8", func(c *rakuten.Client) error {
			_, err := c.GetOrders(ctx, []string{"123456-20260105-0000000001", "123456-20260105-0000000002"})
			return err
		}},
		{"confirmOrder.json", "", "/es/2.0/order/confirmOrder/", "application/json; charset=utf-8", func(c *rakuten.Client) error {
			return c.ConfirmOrders(ctx, []string{"123456-20260105-0000000001", "123456-20260105-0000000002"})
		}},
		{"updateOrderShipping.json", "", "/es/2.0/order/updateOrderShipping/", "application/json; charset=utf-8", func(c *rakuten.Client) error {
			_, err := c.UpdateShipping(ctx, rakuten.ShippingUpdate{
				OrderNumber: "123456-20260105-0000000001",
				Baskets: []rakuten.BasketShipping{{BasketID: 2000000001, Shipments: []rakuten.Shipment{
					{Company: rakuten.DeliveryYamato, Number: "1234-5678-9012", Date: time.Date(2026, 1, 6, 16, 0, 0, 0, time.UTC)}, // 2026-01-07 JST
					{DetailID: 4000, Company: rakuten.DeliverySagawa, Date: jst.Date(2026, 1, 6)},
				}}},
			})
			return err
		}},
		{"bulk-upsert.json", "", "/es/2.0/inventories/bulk-upsert", "application/json", func(c *rakuten.Client) error {
			// Quantity only: InventoryAPI 2.0, which keeps lead times and ship-from settings.
			return c.SetInventories(ctx, []rakuten.InventoryUpdate{
				{ManageNumber: "TShirt-01", VariantID: "red-m", Quantity: 12},
				{ManageNumber: "tshirt-01", VariantID: "red-l", Quantity: 3},
			})
		}},
		{"bulk-upsert-settings.json", "", "/es/2.1/inventories/bulk-upsert", "application/json", func(c *rakuten.Client) error {
			ten := 10
			return c.SetInventories(ctx, []rakuten.InventoryUpdate{
				{ManageNumber: "tshirt-01", VariantID: "red-l", Quantity: 0, OperationLeadTime: &rakuten.OperationLeadTime{NormalDeliveryTimeID: &ten}, ShipFromIDs: []int{1}},
			})
		}},
		{"updateOrderShippingAsync.json", "", "/es/2.0/order/updateOrderShippingAsync/", "application/json; charset=utf-8", func(c *rakuten.Client) error {
			_, err := c.UpdateShippingAsync(ctx, []rakuten.ShippingUpdate{shipment})
			return err
		}},
		{"getResultUpdateOrderShippingAsync.json", "", "/es/2.0/order/getResultUpdateOrderShippingAsync/", "application/json; charset=utf-8", func(c *rakuten.Client) error {
			_, _, err := c.ShippingAsyncResult(ctx, "ede66c43-9b9d-4222-93ed-5f11c96e08e2_20260105100000")
			return err
		}},
		{"bulk-upsert-relative.json", "", "/es/2.0/inventories/bulk-upsert", "application/json", func(c *rakuten.Client) error {
			return c.AdjustInventoriesRelative(ctx, []rakuten.InventoryAdjustment{{ManageNumber: "tshirt-01", VariantID: "red-m", Delta: -2}})
		}},
		{"bulk-get.json", "", "/es/2.1/inventories/bulk-get", "application/json", func(c *rakuten.Client) error {
			_, err := c.GetInventories(ctx, []rakuten.VariantKey{{ManageNumber: "tshirt-01", VariantID: "red-m"}, {ManageNumber: "tshirt-01", VariantID: "Red-M"}})
			return err
		}},
		{"variants-upsert.json", http.MethodPut, "/es/2.1/inventories/manage-numbers/tshirt-01/variants/red-m", "application/json", func(c *rakuten.Client) error {
			return c.SetInventory(ctx, rakuten.InventoryUpdate{ManageNumber: "tshirt-01", VariantID: "red-m", Quantity: 5, ShipFromIDs: []int{2}})
		}},
		{"variants-upsert-relative.json", http.MethodPut, "/es/2.1/inventories/manage-numbers/tshirt-01/variants/red-m", "application/json", func(c *rakuten.Client) error {
			return c.AdjustInventoryRelative(ctx, rakuten.VariantKey{ManageNumber: "tshirt-01", VariantID: "red-m"}, 3)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.golden, func(t *testing.T) {
			t.Parallel()
			c, rec := serve(t, okFor)
			require.NoError(t, tc.call(c))
			reqs := rec.all()
			require.Len(t, reqs, 1)
			method := tc.method
			if method == "" {
				method = http.MethodPost
			}
			assert.Equal(t, method, reqs[0].Method)
			assert.Equal(t, tc.path, reqs[0].Path)
			assert.Equal(t, tc.ctype, reqs[0].Header.Get("Content-Type"))
			assert.Equal(t, "ESA YWFhOmJiYg==", reqs[0].Header.Get("Authorization"))
			assertGolden(t, tc.golden, reqs[0].Body)
		})
	}
}

func TestShippingResultsCarryDataNumbersAndNewIDs(t *testing.T) {
	t.Parallel()
	c, _ := serve(t, okFor)
	res, err := c.UpdateShipping(context.Background(), rakuten.ShippingUpdate{OrderNumber: "123456-20260105-0000000001",
		Baskets: []rakuten.BasketShipping{{BasketID: 1, Shipments: []rakuten.Shipment{{Company: rakuten.DeliveryYamato}, {DetailID: 4000}}}}})
	require.NoError(t, err)
	require.Len(t, res, 2)
	assert.Equal(t, 1, res[0].DataNumber)
	assert.Equal(t, int64(5001), res[0].ShippingDetailID)
	assert.Equal(t, "ORDER_EXT_API_UPDATE_ORDERSHIPPING_INFO_102", res[1].Code)
}

func TestShippingUpdatesAreCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	c, rec := serve(t, okFor)
	_, err := c.UpdateShipping(context.Background(), rakuten.ShippingUpdate{OrderNumber: "123456-20260105-0000000001",
		Baskets: []rakuten.BasketShipping{{BasketID: 7, Shipments: make([]rakuten.Shipment, 21)}}})
	require.ErrorIs(t, err, rakuten.ErrInvalidInput)
	assert.Contains(t, err.Error(), "basket 7: 21 shipments")
	_, err = c.UpdateShippingAsync(context.Background(), []rakuten.ShippingUpdate{{OrderNumber: "A"}, {OrderNumber: "A"}})
	require.ErrorIs(t, err, rakuten.ErrInvalidInput)
	assert.Empty(t, rec.all())
}
