package rakuten_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/jst"
	"github.com/mallkit/mallkit/rakuten"
)

// testdata/getOrder-v10.response.json is hand-written from the getOrder
// version 10 documentation (no recording of a current version exists): it
// exercises the SKU, social gift, tax summary, due date, coupon, wrapping
// and convenience-store models, -9999 placeholders and an unknown field.
func TestVersion10OrderDecodes(t *testing.T) {
	t.Parallel()
	c, _ := serve(t, replay(readTestdata(t, "getOrder-v10.response.json")))
	orders, err := c.GetOrders(context.Background(), []string{"123456-20260105-0000000001"})
	require.NoError(t, err)
	require.Len(t, orders, 1)
	o := orders[0]

	assert.Equal(t, rakuten.ProgressAwaitingConfirmation, o.Progress)
	assert.Equal(t, 3601, *o.SubStatusID)
	assert.Equal(t, jst.Date(2026, 1, 19), o.CancelDueDate)
	assert.Equal(t, 1416, *o.ShippingTerm)
	assert.Equal(t, []time.Time{time.Date(2026, 1, 5, 10, 0, 0, 0, jst.Location)}, o.ReceiptIssueHistory)

	t.Run("-9999 is undetermined, not a price", func(t *testing.T) {
		assert.False(t, o.PostagePrice.Known())
		assert.False(t, o.TotalPrice.Known())
		assert.True(t, o.GoodsPrice.Known())
		assert.Equal(t, "undetermined", o.PostagePrice.String())
		assert.Equal(t, "¥3300", o.GoodsPrice.String())
		it := o.Packages[0].Items[0]
		assert.Equal(t, int64(rakuten.Undetermined), it.Price)
		assert.False(t, it.PriceKnown())
		assert.False(t, it.UnitPrice().Known())
		assert.False(t, o.Wrapping1.Price.Known())
		assert.False(t, o.TaxSummaries[0].ReqPrice.Known())
	})

	assert.Empty(t, o.Orderer.Unreadable)
	assert.Equal(t, 1990, o.Orderer.BirthYear)
	assert.Equal(t, "0094", o.Orderer.ZipCode2, "zip codes keep leading zeros")
	assert.Equal(t, 1, o.Settlement.MethodCode)

	p := o.Packages[0]
	assert.Equal(t, "入力待ち", p.Sender.City, "social gift recipients are placeholders until entered")
	assert.Equal(t, []rakuten.SKU{{VariantID: "red-m", MerchantDefinedSKUID: "4900000000017", Info: "サイズ:M\nカラー:(090)ブラック"}}, p.Items[0].SKUs)
	assert.Empty(t, p.Shippings)
	assert.Equal(t, "ローソン世田谷店", p.DeliveryCVS.StoreName)
	assert.Equal(t, jst.Date(2026, 1, 12), p.SocialGift.InputDueDate)
	assert.True(t, p.SocialGift.InputCompletedAt.IsZero())
	assert.Equal(t, "玄関前", p.DropOffLocation)
	assert.Equal(t, jst.Date(2026, 1, 31), o.Coupons[0].ExpiryDate)
	assert.Equal(t, jst.Date(2026, 1, 10), o.DueDates[0].Date)
	assert.Equal(t, 1, o.OneDayOperationFlag)
}

func TestGetOrdersReportsMissingAndRefusedNumbers(t *testing.T) {
	t.Parallel()
	body := `{"MessageModelList":[{"messageType":"INFO","messageCode":"ORDER_EXT_API_GET_ORDER_INFO_101","message":"ok"},` +
		`{"messageType":"ERROR","messageCode":"ORDER_EXT_API_GET_ORDER_ERROR_102","message":"注文が存在しません。","orderNumber":"123456-20260105-0000000009"}],` +
		`"OrderModelList":[{"orderNumber":"123456-20260105-0000000001","orderProgress":100,"orderDatetime":"2026-01-05T09:30:00+0900"}],"version":10}`
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) { jsonReply(w, 200, body) })
	orders, err := c.GetOrders(context.Background(), []string{"123456-20260105-0000000001", "123456-20260105-0000000009", "123456-20260105-0000000010"})
	require.Len(t, orders, 1)
	var be *rakuten.BatchError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, []rakuten.Failure{
		{Key: "123456-20260105-0000000009", Code: "ORDER_EXT_API_GET_ORDER_ERROR_102", Message: "注文が存在しません。"},
		{Key: "123456-20260105-0000000010", Code: "NOT_RETURNED", Message: "getOrder returned no OrderModel for this number"},
	}, withoutErr(be.Failures))
	assert.Contains(t, err.Error(), "123456-20260105-0000000009")
}

func TestGetOrdersBatchesOf100(t *testing.T) {
	t.Parallel()
	c, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Numbers []string `json:"orderNumberList"`
			Version int      `json:"version"`
		}
		require.NoError(t, json.Unmarshal(readBody(r), &req))
		var models []string
		for _, n := range req.Numbers {
			models = append(models, `{"orderNumber":"`+n+`","orderDatetime":"2026-01-05T09:30:00+0900"}`)
		}
		jsonReply(w, 200, `{"MessageModelList":[],"OrderModelList":[`+strings.Join(models, ",")+`],"version":10}`)
	})
	numbers := make([]string, 250)
	for i := range numbers {
		numbers[i] = fmt.Sprintf("123456-20260105-%010d", i+1)
	}
	orders, err := c.GetOrders(context.Background(), numbers)
	require.NoError(t, err)
	require.Len(t, orders, 250)
	assert.Equal(t, numbers[249], orders[249].Number)
	var sizes []int
	for _, r := range rec.all() {
		var req struct {
			Numbers []string `json:"orderNumberList"`
		}
		require.NoError(t, json.Unmarshal(r.Body, &req))
		sizes = append(sizes, len(req.Numbers))
	}
	assert.Equal(t, []int{100, 100, 50}, sizes)
}

func TestAMalformedOrderNamesItself(t *testing.T) {
	t.Parallel()
	body := `{"MessageModelList":[],"OrderModelList":[{"orderNumber":"123456-20260105-0000000001","orderDatetime":"2026/01/05 09:30"}]}`
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) { jsonReply(w, 200, body) })
	_, err := c.GetOrders(context.Background(), []string{"123456-20260105-0000000001"})
	var de *rakuten.DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "123456-20260105-0000000001", de.Key)
	assert.Equal(t, "OrderModelList[0]", de.Path)
	assert.Contains(t, err.Error(), `"2026/01/05 09:30"`)
}

// TestOneUndecodableOrderDoesNotDropItsBatch answers getOrder with 100
// orders, one of them with a legacy deliveryCompany written as a name:
// the 99 others come back, the odd one is a per-order failure.
func TestOneUndecodableOrderDoesNotDropItsBatch(t *testing.T) {
	t.Parallel()
	numbers := make([]string, 100)
	models := make([]string, 100)
	for i := range numbers {
		numbers[i] = fmt.Sprintf("123456-20260105-%010d", i+1)
		company := `"1001"`
		if i == 41 {
			company = `"佐川急便"`
		}
		models[i] = `{"orderNumber":"` + numbers[i] + `","orderDatetime":"2026-01-05T09:30:00+0900","PackageModelList":[{"basketId":1,"ShippingModelList":[{"shippingDetailId":1,"deliveryCompany":` + company + `}]}]}`
	}
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		jsonReply(w, 200, `{"MessageModelList":[],"OrderModelList":[`+strings.Join(models, ",")+`],"version":10}`)
	})
	orders, err := c.GetOrders(context.Background(), numbers)
	assert.Len(t, orders, 99)
	var be *rakuten.BatchError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, 100, be.Total)
	require.Len(t, be.Failures, 1)
	assert.Equal(t, numbers[41], be.Failures[0].Key)
	assert.Equal(t, "DECODE_ERROR", be.Failures[0].Code)
	var de *rakuten.DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "OrderModelList[41]", de.Path)
	assert.Contains(t, de.Error(), "佐川急便")
}
