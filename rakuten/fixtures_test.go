package rakuten_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/jst"
	"github.com/mallkit/mallkit/rakuten"
)

// replay answers every request with a recorded response body.
func replay(body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { jsonReply(w, http.StatusOK, string(body)) }
}

func TestRecordedSearchOrderDecodesAndTheRequestMatchesTheRecording(t *testing.T) {
	t.Parallel()
	c, rec := serve(t, replay(readTestdata(t, "searchOrder-1.response.json")))
	q := rakuten.OrderQuery{DateType: rakuten.DateOrdered, Start: jst.Date(2020, 8, 1), End: jst.Date(2020, 8, 3)}
	page, err := c.SearchOrderPage(context.Background(), q, 1, 1000)
	require.NoError(t, err)
	assert.Equal(t, []string{"375055-20200801-00001812", "375055-20200802-00000845", "375055-20200802-00001821"}, page.Numbers)
	assert.Equal(t, 3, page.Total)
	assert.Equal(t, 1, page.TotalPages)
	assert.Equal(t, "ORDER_EXT_API_SEARCH_ORDER_INFO_101", page.Messages[0].Code)
	assert.JSONEq(t, string(readTestdata(t, "searchOrder-1.request.json")), string(rec.all()[0].Body))
}

func TestRecordedConfirmOrderDecodes(t *testing.T) {
	t.Parallel()
	c, rec := serve(t, replay(readTestdata(t, "confirmOrder-1.response.json")))
	require.NoError(t, c.ConfirmOrders(context.Background(), []string{"375055-20200821-00002833"}))
	assert.JSONEq(t, string(readTestdata(t, "confirmOrder-1.request.json")), string(rec.all()[0].Body))
}

func TestRecordedGetOrderDecodesEveryModel(t *testing.T) {
	t.Parallel()
	c, rec := serve(t, replay(readTestdata(t, "getOrder-1.response.json")))
	orders, err := c.GetOrders(context.Background(), []string{"375055-20200802-00000845"})
	require.NoError(t, err)
	require.Len(t, orders, 1)

	var sent, recorded map[string]any
	require.NoError(t, json.Unmarshal(rec.all()[0].Body, &sent))
	require.NoError(t, json.Unmarshal(readTestdata(t, "getOrder-1.request.json"), &recorded))
	assert.Equal(t, recorded["orderNumberList"], sent["orderNumberList"])
	assert.EqualValues(t, 10, sent["version"], "the recording used version 1, which RMS now rejects")

	o := orders[0]
	assert.Equal(t, "375055-20200802-00000845", o.Number)
	assert.Equal(t, rakuten.ProgressShipped, o.Progress)
	assert.Nil(t, o.SubStatusID)
	assert.Equal(t, time.Date(2020, 8, 2, 21, 13, 56, 0, jst.Location), o.OrderedAt)
	assert.Equal(t, "JST", o.OrderedAt.Location().String())
	assert.Equal(t, time.Date(2020, 8, 15, 0, 7, 43, 0, jst.Location), o.ShippingReportedAt)
	assert.True(t, o.CancelDueDate.IsZero())
	assert.Equal(t, 0, *o.ShippingTerm)
	assert.Contains(t, o.Remarks, "\n当店は、アメリカを本店とする海外ショップです。\n")
	assert.Equal(t, rakuten.Amount(15434), o.GoodsPrice)
	assert.Equal(t, rakuten.Amount(15340), o.RequestPrice)
	assert.True(t, o.TotalPrice.Known())
	assert.Equal(t, 1, o.IsTaxRecalc)
	assert.Equal(t, "国際配送", o.Delivery.Name)
	assert.Nil(t, o.Delivery.Class)
	require.NotNil(t, o.Point)
	assert.Equal(t, 94, o.Point.UsedPoint)
	assert.Nil(t, o.Wrapping1)
	assert.Nil(t, o.Wrapping2)
	assert.Nil(t, o.Coupons)

	// The recording replaced every personal value with "XXXXXX", numbers
	// included: strings decode, mistyped numbers are listed, not fatal.
	assert.Equal(t, "XXXXXX", o.Orderer.FamilyName)
	assert.Equal(t, []string{"birthDay", "birthMonth", "birthYear"}, o.Orderer.Unreadable)
	require.NotNil(t, o.Settlement)
	assert.Equal(t, "XXXXXX", o.Settlement.CardNumber)
	assert.Equal(t, []string{"cardPayType"}, o.Settlement.Unreadable)

	require.Len(t, o.Packages, 1)
	p := o.Packages[0]
	assert.Equal(t, int64(1258237841), p.BasketID)
	assert.Equal(t, "XXXXXX", p.Sender.City)
	assert.Empty(t, p.Sender.Unreadable)
	assert.Nil(t, p.DeliveryCVS)
	require.Len(t, p.Items, 1)
	it := p.Items[0]
	assert.Equal(t, int64(10084160), it.ItemID)
	assert.Equal(t, "14491_1506713513", it.ManageNumber)
	assert.Equal(t, "225678787", it.ItemNumber)
	assert.Equal(t, "The Art of Cuphead Limited Edition", it.Name)
	assert.Equal(t, int64(15434), it.Price)
	assert.True(t, it.PriceKnown())
	assert.Equal(t, 1, it.Units)
	assert.Equal(t, "2〜3営業日以内に発送します。", it.DelvdateInfo)
	assert.Empty(t, it.SKUs, "version 1 has no SkuModelList")
	require.Len(t, p.Shippings, 1)
	s := p.Shippings[0]
	assert.Equal(t, int64(658419278), s.DetailID)
	assert.Equal(t, rakuten.DeliveryOther, s.Company)
	assert.Equal(t, "その他", s.CompanyName)
	assert.Equal(t, jst.Date(2020, 8, 10), s.Date)
	require.Len(t, o.ChangeReasons, 1)
	cr := o.ChangeReasons[0]
	assert.Equal(t, int64(732108200), cr.ID)
	assert.Equal(t, 8, *cr.Type)
	assert.Nil(t, cr.TypeDetail)
	assert.Equal(t, time.Date(2020, 8, 10, 17, 0, 58, 0, jst.Location), cr.CompletedAt)
}
