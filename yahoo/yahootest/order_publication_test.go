package yahootest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOrderListRefusesUnknownConditionKeys(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t)
	for _, cond := range []string{`<OrderTimeFromm>20260101000000</OrderTimeFromm>`, `<Foo>1</Foo>`, `<SettleStatuses>1</SettleStatuses>`} {
		res := f.xmlCall(opOrderList, tok, listReq(wholeJanuary+cond, "OrderId", ""))
		assert.Equal(t, http.StatusBadRequest, res.status, cond)
		assert.Equal(t, codeListParam, parseTree(t, res.body).text("Code"), cond)
	}
	for _, cond := range []string{`<FraudHoldDisplayType>1</FraudHoldDisplayType>`, `<IsActive>true</IsActive>`, `<SettleStatus>0</SettleStatus>`, `<Suspect>0</Suspect>`} {
		res := f.xmlCall(opOrderList, tok, listReq(wholeJanuary+cond, "OrderId", ""))
		assert.Equal(t, http.StatusOK, res.status, "%s: a documented key: %s", cond, res.body)
	}
}

func TestOrderListAcceptsOnlyTheOrderListFieldSet(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t)
	for _, field := range []string{"BuyerComments", "PayKind", "BillCity", "ShipAddress1", "Notes", "ItemId", "Quantity"} {
		res := f.xmlCall(opOrderList, tok, listReq(wholeJanuary, "OrderId,"+field, ""))
		assert.Equal(t, http.StatusBadRequest, res.status, "%s is orderInfo's", field)
		assert.Equal(t, codeListParam, parseTree(t, res.body).text("Code"), field)
	}
	for _, field := range OrderListFieldNames() {
		res := f.xmlCall(opOrderList, tok, listReq(wholeJanuary, field, `<Result>1</Result>`))
		assert.Equal(t, http.StatusOK, res.status, field)
	}
	res := f.xmlCall(opOrderInfo, tok, infoReq(orderID(1), "OrderId,BuyerComments,PayKind,BillCity"))
	assert.Equal(t, http.StatusOK, res.status, "orderInfo takes them")
}

func TestPublicationDelayHidesOrdersUntilTheyArePublished(t *testing.T) {
	t.Parallel()
	f := newFixture(t, WithPublicationDelay(5*time.Minute))
	tok := f.exchange().AccessToken
	now := f.srv.Now()
	f.srv.AddOrder(NewOrder(testSeller, orderID(1), now.Add(-time.Minute), Item{ItemID: "a"}))
	held := NewOrder(testSeller, orderID(2), now.Add(-2*time.Hour), Item{ItemID: "a"})
	held.PublicationTime, held.FraudHoldStatus = now.Add(time.Hour), 1
	f.srv.AddOrder(held)
	f.srv.AddOrder(NewOrder(testSeller, orderID(3), now.Add(-time.Hour), Item{ItemID: "a"}))

	byOrderTime := `<OrderTimeFrom>` + now.Add(-3*time.Hour).Format(requestTimeLayout) + `</OrderTimeFrom><OrderTimeTo>` + now.Format(requestTimeLayout) + `</OrderTimeTo>`
	total, ids := listIDs(t, f.xmlCall(opOrderList, tok, listReq(byOrderTime, "OrderId,PublicationTime,FraudHoldStatus", "")))
	assert.Equal(t, "1", total)
	assert.Equal(t, []string{orderID(3)}, ids, "order 1 publishes 5 minutes after its order time, order 2 after the fraud screening")

	f.srv.Advance(90 * time.Minute)
	tok = f.exchange().AccessToken
	byPublication := `<PublicationTimeFrom>` + now.Format(requestTimeLayout) + `</PublicationTimeFrom><PublicationTimeTo>` + f.srv.Now().Format(requestTimeLayout) + `</PublicationTimeTo>`
	res := f.xmlCall(opOrderList, tok, listReq(byPublication, "OrderId,PublicationTime,FraudHoldStatus", ""))
	_, ids = listIDs(t, res)
	assert.Equal(t, []string{orderID(2), orderID(1)}, ids, "published since now: the held order (ordered earlier) and the delayed one")
	infos := parseTree(t, res.body).path("Search").all("OrderInfo")
	require.Len(t, infos, 2)
	assert.Equal(t, "1", infos[0].text("FraudHoldStatus"))
	assert.Equal(t, now.Add(time.Hour).Format(time.RFC3339), infos[0].text("PublicationTime"))
	assert.Equal(t, now.Add(4*time.Minute).Format(time.RFC3339), infos[1].text("PublicationTime"))
}

func TestReleaseDateIsPerItemInOrderInfo(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tok := f.exchange().AccessToken
	o := NewOrder(testSeller, orderID(1), f.srv.Now().Add(-time.Hour), Item{ItemID: "now"}, Item{ItemID: "later"})
	o.Items[1].ReleaseDate = time.Date(2026, 3, 1, 0, 0, 0, 0, jst)
	f.srv.AddOrder(o)
	res := f.xmlCall(opOrderInfo, tok, infoReq(orderID(1), "OrderId,ItemId,ReleaseDate"))
	require.Equal(t, http.StatusOK, res.status, res.body)
	info := parseTree(t, res.body).path("Result", "OrderInfo")
	assert.Equal(t, []string{"OrderId", "Item", "Item"}, info.childNames(), "no order-level ReleaseDate")
	items := info.all("Item")
	assert.Equal(t, "", items[0].text("ReleaseDate"))
	assert.Equal(t, "2026-03-01", items[1].text("ReleaseDate"))

	list := f.xmlCall(opOrderList, tok, listReq(`<OrderId>`+orderID(1)+`</OrderId>`, "OrderId,ReleaseDate", ""))
	assert.Equal(t, "2026-03-01", parseTree(t, list.body).text("Search", "OrderInfo", "ReleaseDate"), "orderList gives the order's latest")
}
