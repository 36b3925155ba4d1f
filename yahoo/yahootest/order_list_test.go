package yahootest

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// orderID returns testSeller's n-th order ID.
func orderID(n int) string { return fmt.Sprintf("%s-%08d", testSeller, 10000000+n) }

// orderFixture is a fixture with a token and five orders one hour apart,
// 2026-01-04 00:00 JST onwards, each with two lines.
func orderFixture(t *testing.T, opts ...Option) (*fixture, string) {
	t.Helper()
	f := newFixture(t, opts...)
	base := time.Date(2026, 1, 4, 0, 0, 0, 0, jst)
	for i := 1; i <= 5; i++ {
		f.srv.AddOrder(NewOrder(testSeller, orderID(i), base.Add(time.Duration(i-1)*time.Hour),
			Item{ItemID: "shirt", SubCode: "red", Title: "シャツ <赤> & 白", UnitPrice: 1500, Quantity: 2},
			Item{ItemID: "cap", UnitPrice: 900}))
	}
	f.srv.AddOrder(NewOrder("another-store", "another-store-10000001", base, Item{ItemID: "x"}))
	return f, f.exchange().AccessToken
}

// listReq builds an orderList body.
func listReq(condition, field, paging string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><Req><Search>` + paging +
		`<Condition>` + condition + `</Condition><Field>` + field + `</Field></Search><SellerId>` +
		testSeller + `</SellerId></Req>`
}

const wholeJanuary = `<OrderTimeFrom>20260101000000</OrderTimeFrom><OrderTimeTo>20260131235959</OrderTimeTo>`

// listIDs returns TotalCount and the OrderIds of an orderList answer.
func listIDs(t *testing.T, res exchangeResult) (string, []string) {
	t.Helper()
	require.Equal(t, http.StatusOK, res.status, res.body)
	root := parseTree(t, res.body)
	require.Equal(t, "Result", root.Name, "orderList answers a bare <Result> root")
	var ids []string
	for _, info := range root.path("Search").all("OrderInfo") {
		ids = append(ids, info.text("OrderId"))
	}
	return root.text("Search", "TotalCount"), ids
}

func TestOrderListReturnsOnlyRequestedFieldsFlat(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t)
	res := f.xmlCall(opOrderList, tok, listReq(wholeJanuary, "OrderId,PayStatus,ShipStatus,TotalPrice,BillLastName", `<Result>1</Result>`))
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Equal(t, "application/xml", res.header.Get("Content-Type"))
	root := parseTree(t, res.body)
	assert.Equal(t, []string{"Status", "Search"}, root.childNames())
	assert.Equal(t, "OK", root.text("Status"))
	info := root.path("Search", "OrderInfo")
	require.NotNil(t, info)
	assert.Equal(t, []string{"Index", "OrderId", "PayStatus", "ShipStatus", "TotalPrice", "BillLastName"}, info.childNames())
	assert.Equal(t, "1", info.text("Index"))
	assert.Equal(t, "3900", info.text("TotalPrice"))
	assert.Equal(t, "山田", info.text("BillLastName"))
}

func TestOrderListPagingAndSort(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t)
	tests := []struct {
		name, paging string
		want         []string
	}{
		{"default sort is +order_time", `<Result>2</Result><Start>1</Start>`, []string{orderID(1), orderID(2)}},
		{"Start is a 1-based offset", `<Result>2</Result><Start>4</Start>`, []string{orderID(4), orderID(5)}},
		{"-order_time", `<Result>2</Result><Sort>-order_time</Sort>`, []string{orderID(5), orderID(4)}},
		{"Start past the end", `<Start>9</Start>`, nil},
		{"Result defaults to 10", ``, []string{orderID(1), orderID(2), orderID(3), orderID(4), orderID(5)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			total, ids := listIDs(t, f.xmlCall(opOrderList, tok, listReq(wholeJanuary, "OrderId", tt.paging)))
			assert.Equal(t, "5", total, "TotalCount counts every hit, not the page")
			assert.Equal(t, tt.want, ids)
		})
	}
}

func TestOrderListResultCapOption(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t, WithOrderListMaxResult(2))
	total, ids := listIDs(t, f.xmlCall(opOrderList, tok, listReq(wholeJanuary, "OrderId", `<Result>100</Result>`)))
	assert.Equal(t, "5", total)
	assert.Len(t, ids, 2)
}

func TestOrderListConditions(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t)
	seen := NewOrder(testSeller, orderID(9), time.Date(2026, 1, 4, 12, 0, 0, 0, jst))
	seen.IsSeen, seen.Status, seen.Pay.SettleStatus = true, StatusHolding, 7
	f.srv.AddOrder(seen)
	tests := []struct {
		name, condition string
		want            []string
	}{
		{"time window is inclusive", `<OrderTimeFrom>20260104010000</OrderTimeFrom><OrderTimeTo>20260104020000</OrderTimeTo>`,
			[]string{orderID(2), orderID(3)}},
		{"OrderTime is one instant", `<OrderTime>20260104040000</OrderTime>`, []string{orderID(5)}},
		{"OrderId list", `<OrderId>` + orderID(3) + `,` + orderID(1) + `</OrderId>`, []string{orderID(1), orderID(3)}},
		{"IsSeen", wholeJanuary + `<IsSeen>true</IsSeen>`, []string{orderID(9)}},
		{"OrderStatus list", wholeJanuary + `<OrderStatus>3,4</OrderStatus>`, []string{orderID(9)}},
		{"SettleStatus list", wholeJanuary + `<SettleStatus>7</SettleStatus>`, []string{orderID(9)}},
		{"unknown keys are ignored", wholeJanuary + `<IsYahooAuctionOrder>false</IsYahooAuctionOrder><OrderStatus>3</OrderStatus>`, []string{orderID(9)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ids := listIDs(t, f.xmlCall(opOrderList, tok, listReq(tt.condition, "OrderId", "")))
			assert.Equal(t, tt.want, ids)
		})
	}
}

// The store keeps an order's times to the second: an order placed at
// 10:00:00.7 is one of 10:00:00, found by a filter that ends at 10:00:00.
func TestOrderListComparesWholeSeconds(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t)
	f.srv.AddOrder(NewOrder(testSeller, orderID(8), time.Date(2026, 1, 4, 10, 0, 0, 700_000_000, jst)))
	for _, cond := range []string{
		`<OrderTimeFrom>20260104090000</OrderTimeFrom><OrderTimeTo>20260104100000</OrderTimeTo>`,
		`<PublicationTimeFrom>20260104090000</PublicationTimeFrom><PublicationTimeTo>20260104100000</PublicationTimeTo>`,
		`<OrderTime>20260104100000</OrderTime>`,
	} {
		_, ids := listIDs(t, f.xmlCall(opOrderList, tok, listReq(cond, "OrderId", "")))
		assert.Equal(t, []string{orderID(8)}, ids, cond)
	}
}

func TestOrderListAcceptsXMLSentAsAForm(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t)
	res := f.call(http.MethodPost, opOrderList, tok, "application/x-www-form-urlencoded", listReq(wholeJanuary, "OrderId", ""), true)
	_, ids := listIDs(t, res)
	assert.Len(t, ids, 5)
}

func TestOrderListParameterErrors(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t)
	tests := []struct {
		name, body string
	}{
		{"no anchor condition", listReq(`<IsSeen>false</IsSeen>`, "OrderId", "")},
		{"no Field", listReq(wholeJanuary, "", "")},
		{"unknown Field", listReq(wholeJanuary, "OrderId,NoSuchField", "")},
		{"item fields are orderInfo only", listReq(wholeJanuary, "ItemId", "")},
		{"bad time", listReq(`<OrderTimeFrom>2026-01-01</OrderTimeFrom>`, "OrderId", "")},
		{"bad Result", listReq(wholeJanuary, "OrderId", `<Result>0</Result>`)},
		{"bad Sort", listReq(wholeJanuary, "OrderId", `<Sort>+total_price</Sort>`)},
		{"not XML", `<Req>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.xmlCall(opOrderList, tok, tt.body)
			assert.Equal(t, http.StatusBadRequest, res.status)
			assert.Equal(t, codeListParam, parseTree(t, res.body).text("Code"))
		})
	}
}

func TestOrderListNonexistentOrderIDs(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t)
	res := f.xmlCall(opOrderList, tok, listReq(`<OrderId>`+orderID(1)+`,`+orderID(7)+`,another-store-10000001</OrderId>`, "OrderId", ""))
	assert.Equal(t, http.StatusNotFound, res.status)
	root := parseTree(t, res.body)
	assert.Equal(t, codeOrderNotFound, root.text("Code"))
	assert.Equal(t, orderID(7)+",another-store-10000001", root.text("Detail"))
}

// BenchmarkOrderList measures one 100-row page of a 1000-order search with
// ten fields, signature included.
func BenchmarkOrderList(b *testing.B) {
	f := newFixture(b)
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, jst)
	for i := range 1000 {
		f.srv.AddOrder(NewOrder(testSeller, orderID(i), base.Add(time.Duration(i)*time.Minute), Item{ItemID: "a", UnitPrice: 100}))
	}
	tok := f.exchange().AccessToken
	body := listReq(wholeJanuary, "OrderId,Version,OrderTime,LastUpdateTime,OrderStatus,StoreStatus,IsSeen,PayStatus,ShipStatus,TotalPrice", `<Result>100</Result>`)
	b.ResetTimer()
	for b.Loop() {
		if res := f.xmlCall(opOrderList, tok, body); res.status != http.StatusOK {
			b.Fatal(res.status)
		}
	}
}
