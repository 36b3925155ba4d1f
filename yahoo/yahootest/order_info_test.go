package yahootest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// infoReq builds an orderInfo body.
func infoReq(id, field string) string {
	return `<Req><Target><OrderId>` + id + `</OrderId><Field>` + field + `</Field></Target><SellerId>` +
		testSeller + `</SellerId></Req>`
}

func TestOrderInfoGroupsFields(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t)
	fields := "ItemId,Quantity,TotalPrice,ShipStatus,OrderId,PayMethod,SellerId,IsLogin,OrderTime,Title,LineId,BillMailAddress,IsSeen"
	res := f.xmlCall(opOrderInfo, tok, infoReq(orderID(1), fields))
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Equal(t, "application/xml", res.header.Get("Content-Type"))
	root := parseTree(t, res.body)
	assert.Equal(t, "ResultSet", root.Name)
	assert.Equal(t, []string{"totalResultsAvailable", "totalResultsReturned", "firstResultPosition"}, root.Attrs)
	assert.Equal(t, []string{"Status", "OrderInfo"}, root.path("Result").childNames())
	info := root.path("Result", "OrderInfo")
	assert.Equal(t, []string{"OrderId", "IsSeen", "OrderTime", "Pay", "Ship", "Seller", "Buyer", "Detail", "Item", "Item"}, info.childNames())
	assert.Equal(t, []string{"PayMethod", "BillMailAddress"}, info.path("Pay").childNames())
	assert.Equal(t, []string{"ShipStatus"}, info.path("Ship").childNames())
	assert.Equal(t, testSeller, info.text("Seller", "SellerId"))
	assert.Equal(t, "true", info.text("Buyer", "IsLogin"))
	assert.Equal(t, "3900", info.text("Detail", "TotalPrice"))
	assert.Equal(t, "2026-01-04T00:00:00+09:00", info.text("OrderTime"))
	items := info.all("Item")
	assert.Equal(t, []string{"LineId", "ItemId", "Title", "Quantity"}, items[0].childNames())
	assert.Equal(t, "シャツ <赤> & 白", items[0].text("Title"))
	assert.Contains(t, res.body, "<Title><![CDATA[シャツ <赤> & 白]]></Title>", "free text comes as CDATA")
	assert.Equal(t, "2", items[0].text("Quantity"))
	assert.Equal(t, "2", items[1].text("LineId"))
}

func TestOrderInfoWritesEmptyDatesAsEmptyElements(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t)
	res := f.xmlCall(opOrderInfo, tok, infoReq(orderID(1), "OrderId,PayDate,ShipDate"))
	require.Equal(t, http.StatusOK, res.status)
	assert.Contains(t, res.body, "<PayDate/>")
	assert.Contains(t, res.body, "<ShipDate/>")
}

func TestOrderInfoErrors(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t)
	tests := []struct {
		name, body string
		status     int
		code       string
	}{
		{"unknown order", infoReq(orderID(8), "OrderId"), http.StatusNotFound, codeOrderNotFound},
		{"another store's order", infoReq("another-store-10000001", "OrderId"), http.StatusNotFound, codeOrderNotFound},
		{"no OrderId", infoReq("", "OrderId"), http.StatusBadRequest, codeListParam},
		{"no Field", infoReq(orderID(1), ""), http.StatusBadRequest, codeListParam},
		{"unknown Field", infoReq(orderID(1), "OrderId,Bogus"), http.StatusBadRequest, codeListParam},
		{"seller mismatch", strings.Replace(infoReq(orderID(1), "OrderId"), testSeller+"</SellerId>", "another-store</SellerId>", 1),
			http.StatusForbidden, codeNotPermitted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.xmlCall(opOrderInfo, tok, tt.body)
			assert.Equal(t, tt.status, res.status)
			assert.Equal(t, tt.code, parseTree(t, res.body).text("Code"))
		})
	}
}

func TestOrderInfoNestsItemOptionsAndInscriptions(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t)
	o := NewOrder(testSeller, orderID(6), DefaultNow, Item{
		ItemID: "mug", UnitPrice: 1100,
		Options:      []ItemOption{{Name: "色", Value: "レッド"}, {Name: "サイズ", Value: "L", Price: 200}},
		Inscriptions: []Inscription{{Name: "名入れ", Value: "たろう"}},
	})
	f.srv.AddOrder(o)
	res := f.xmlCall(opOrderInfo, tok, infoReq(orderID(6), "LineId,ItemOption,Inscription,UnitPrice,NonTaxUnitPrice"))
	require.Equal(t, http.StatusOK, res.status, res.body)
	item := parseTree(t, res.body).path("Result", "OrderInfo", "Item")
	assert.Equal(t, []string{"LineId", "ItemOption", "ItemOption", "Inscription", "UnitPrice", "NonTaxUnitPrice"}, item.childNames())
	opts := item.all("ItemOption")
	assert.Equal(t, "ItemOption(Index Name Value Price)", shape(opts[1]))
	assert.Equal(t, []string{"2", "サイズ", "L", "200"}, []string{opts[1].text("Index"), opts[1].text("Name"), opts[1].text("Value"), opts[1].text("Price")})
	assert.Equal(t, "たろう", item.text("Inscription", "Value"))
	assert.Equal(t, "1000", item.text("NonTaxUnitPrice"), "1100 at 10 %")
}

func TestLenientFieldsAnswerUnmodelledNamesEmpty(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t, WithLenientFields(true))
	res := f.xmlCall(opOrderInfo, tok, infoReq(orderID(1), "OrderId,UseCouponData,PayCharge"))
	require.Equal(t, http.StatusOK, res.status, res.body)
	info := parseTree(t, res.body).path("Result", "OrderInfo")
	assert.Equal(t, []string{"OrderId", "UseCouponData", "Detail"}, info.childNames())
	assert.Contains(t, res.body, "<UseCouponData/>")

	list := parseTree(t, f.xmlCall(opOrderList, tok, listReq(wholeJanuary, "OrderId,IsYahooAuctionOrder", `<Result>1</Result>`)).body)
	assert.Equal(t, []string{"Index", "OrderId", "IsYahooAuctionOrder"}, list.path("Search", "OrderInfo").childNames())

	assert.Equal(t, http.StatusBadRequest, f.xmlCall(opOrderInfo, tok, infoReq(orderID(1), "OrderId,Not-A-Name")).status)
}

func TestChangesRecordTheOperationUser(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t)
	require.Equal(t, http.StatusOK, f.xmlCall(opOrderStatusChange, tok, statusReq(orderID(1), StatusHolding, "")).status)
	info := parseTree(t, f.xmlCall(opOrderInfo, tok, infoReq(orderID(1), "OrderStatus,OperationUser")).body)
	assert.Equal(t, "tester", info.text("Result", "OrderInfo", "OperationUser"))
}
