package yahoo_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/jst"
	"github.com/mallkit/mallkit/yahoo"
	"github.com/mallkit/mallkit/yahoo/yahootest"
)

var update = flag.Bool("update", false, "rewrite the golden request files under testdata/golden")

// golden compares got with testdata/golden/name (rewritten with -update).
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "golden %s", name)
}

func orderID(n string) string { return testSeller + "-" + n }

func seedOrders(f *fixture, n int) {
	base := f.srv.Now().Add(-24 * time.Hour)
	for i := range n {
		id := orderID("1000000" + string(rune('1'+i)))
		f.srv.AddOrder(yahootest.NewOrder(testSeller, id, base.Add(time.Duration(i)*time.Hour), yahootest.Item{ItemID: "item-a", UnitPrice: 1200, Quantity: 2}))
	}
}

func TestSearchOrdersPagesThroughEveryHit(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true, serverOpts: []yahootest.Option{yahootest.WithOrderListMaxResult(2)}})
	seedOrders(f, 5)
	now := f.srv.Now()
	var ids []string
	var indexes []int
	for o, err := range f.cli.SearchOrders(context.Background(), yahoo.OrderQuery{Start: now.Add(-48 * time.Hour), End: now}) {
		require.NoError(t, err)
		ids = append(ids, o.ID)
		indexes = append(indexes, o.Index)
		assert.Equal(t, yahoo.StatusProcessing, o.Status)
		assert.Equal(t, int64(2400), o.TotalPrice)
		assert.False(t, o.OrderedAt.IsZero())
		v, ok := o.Field("OrderId")
		assert.True(t, ok)
		assert.Equal(t, o.ID, v)
	}
	assert.Equal(t, []string{orderID("10000001"), orderID("10000002"), orderID("10000003"), orderID("10000004"), orderID("10000005")}, ids)
	assert.Equal(t, []int{1, 2, 3, 4, 5}, indexes)
	var starts []string
	for _, r := range f.srv.Requests() {
		if r.Operation == "orderList" {
			s := string(r.Body)
			starts = append(starts, s[strings.Index(s, "<Start>")+7:strings.Index(s, "</Start>")])
		}
	}
	assert.Equal(t, []string{"1", "3", "5"}, starts, "Start advances by the rows received")
}

func TestSearchOrdersReturnsOnlyTheFieldsAskedFor(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	seedOrders(f, 3)
	now := f.srv.Now()
	q := yahoo.OrderQuery{Start: now.Add(-48 * time.Hour), End: now, Fields: []string{"OrderId", "PayMethod", "ShipStatus"}, PageSize: 2}
	n := 0
	for o, err := range f.cli.SearchOrders(context.Background(), q) {
		require.NoError(t, err)
		n++
		assert.Equal(t, []string{"Index", "OrderId", "PayMethod", "ShipStatus"}, fieldNames(o.Fields))
		v, _ := o.Field("PayMethod")
		assert.Equal(t, "payment_a1", v)
		assert.Equal(t, yahoo.ShipShippable, o.ShipStatus)
		assert.True(t, o.OrderedAt.IsZero(), "OrderTime was not asked for")
	}
	assert.Equal(t, 3, n)
	assert.Contains(t, string(f.lastRequest(t, "orderList").Body), "<Field>OrderId,PayMethod,ShipStatus</Field>")
}

func fieldNames(fs []yahoo.RawField) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}

func TestSearchOrdersRequestGolden(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	seen := false
	q := yahoo.OrderQuery{
		Start:      time.Date(2026, 1, 4, 0, 0, 0, 0, time.UTC),
		End:        time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC),
		Status:     yahoo.StatusProcessing,
		IsSeen:     &seen,
		Conditions: []yahoo.Condition{{Name: "ShipStatus", Value: "1"}},
		PageSize:   50,
		Newest:     true,
	}
	for _, err := range f.cli.SearchOrders(context.Background(), q) {
		require.NoError(t, err)
	}
	golden(t, "orderList.request.xml", f.lastRequest(t, "orderList").Body)
	assert.Equal(t, "application/xml; charset=UTF-8", f.lastRequest(t, "orderList").Header.Get("Content-Type"))
}

func TestSearchOrdersStopsAtTheFirstError(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true, serverOpts: []yahootest.Option{yahootest.WithOrderListMaxResult(2)}})
	seedOrders(f, 5)
	now := f.srv.Now()
	ctx := context.Background()
	n := 0
	var last error
	for _, err := range f.cli.SearchOrders(ctx, yahoo.OrderQuery{Start: now.Add(-48 * time.Hour), End: now, Fields: []string{"OrderId", "NoSuchField"}}) {
		n++
		last = err
	}
	assert.Equal(t, 1, n)
	var ae *yahoo.APIError
	require.ErrorAs(t, last, &ae)
	assert.Equal(t, "od90101", ae.Code)
	assert.Equal(t, http.StatusBadRequest, ae.StatusCode)

	for _, err := range f.cli.SearchOrders(ctx, yahoo.OrderQuery{}) {
		assert.ErrorIs(t, err, yahoo.ErrInvalidRequest, "no window and no order id")
	}
	for _, err := range f.cli.SearchOrders(ctx, yahoo.OrderQuery{Start: now, End: now.Add(-time.Hour)}) {
		assert.ErrorIs(t, err, yahoo.ErrInvalidRequest, "End before Start")
	}
}

func TestGetOrderDecodesGroupsAndFreeText(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	o := yahootest.NewOrder(testSeller, orderID("10000001"), f.srv.Now().Add(-time.Hour),
		yahootest.Item{ItemID: "item-a", SubCode: "red-m", Title: "Tシャツ <赤> & M", Quantity: 2, UnitPrice: 1500,
			Options:      []yahootest.ItemOption{{Name: "色", Value: "赤"}, {Name: "ギフト", Value: "包装 & のし", Price: 100}},
			Inscriptions: []yahootest.Inscription{{Name: "名入れ", Value: "TARO"}}},
		yahootest.Item{ItemID: "item-b", Quantity: 1, UnitPrice: 800})
	o.BuyerComments = "置き配希望 <玄関前> & ]]> 注意"
	o.Charges.ShipCharge = 500
	f.srv.AddOrder(o)

	got, err := f.cli.GetOrder(context.Background(), o.ID)
	require.NoError(t, err)
	assert.Equal(t, o.ID, got.ID)
	assert.Equal(t, yahoo.StatusProcessing, got.Status)
	assert.False(t, got.IsSeen)
	assert.True(t, got.OrderedAt.Equal(o.OrderTime))
	assert.Equal(t, "+09:00", got.OrderedAt.Format("-07:00"))
	assert.Equal(t, o.BuyerComments, got.BuyerComments, "CDATA decoded verbatim")
	assert.Equal(t, "payment_a1", got.Pay.Method)
	assert.Equal(t, "山田", got.Pay.Bill.LastName)
	assert.Equal(t, "buyer@example.jp", got.Pay.Bill.MailAddress)
	assert.Equal(t, yahoo.ShipShippable, got.Ship.Status)
	assert.Equal(t, "1020083", got.Ship.Address.ZipCode)
	assert.Equal(t, testSeller, got.Seller.ID)
	assert.True(t, got.Buyer.IsLogin)
	assert.Equal(t, int64(500), got.Detail.ShipCharge)
	assert.Equal(t, int64(1500*2+800+500), got.Detail.TotalPrice)
	require.Len(t, got.Items, 2)
	assert.Equal(t, yahoo.Item{
		LineID: 1, ItemID: "item-a", SubCode: "red-m", Title: "Tシャツ <赤> & M", Quantity: 2, UnitPrice: 1500, NonTaxUnitPrice: 1363, TaxRatio: 10,
		Options:      []yahoo.ItemOption{{Index: 1, Name: "色", Value: "赤"}, {Index: 2, Name: "ギフト", Value: "包装 & のし", Price: 100}},
		Inscriptions: []yahoo.ItemOption{{Index: 1, Name: "名入れ", Value: "TARO"}},
	}, got.Items[0])
	assert.Equal(t, 2, got.Items[1].LineID)
	golden(t, "orderInfo.request.xml", f.lastRequest(t, "orderInfo").Body)

	_, err = f.cli.GetOrder(context.Background(), orderID("99999999"))
	assert.ErrorIs(t, err, yahoo.ErrNotFound)
	_, err = f.cli.GetOrder(context.Background(), "bad id!")
	assert.ErrorIs(t, err, yahoo.ErrInvalidRequest)
}

func TestChangeOrderStatusChecksTheTransitionTable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, fakeOptions{authorize: true})
	o := yahootest.NewOrder(testSeller, orderID("10000001"), f.srv.Now().Add(-time.Hour), yahootest.Item{ItemID: "a", UnitPrice: 100})
	f.srv.AddOrder(o)

	_, err := f.cli.ChangeOrderStatus(ctx, yahoo.StatusChange{OrderID: o.ID, From: yahoo.StatusCancelled, To: yahoo.StatusProcessing})
	var te *yahoo.TransitionError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, yahoo.StatusCancelled, te.From)
	assert.Equal(t, yahoo.StatusProcessing, te.To)
	assert.Contains(t, err.Error(), "キャンセル (4) → 処理中 (2)")
	assert.Contains(t, err.Error(), o.ID)
	assert.NotContains(t, f.ops(), "orderStatusChange", "refused before sending")

	_, err = f.cli.ChangeOrderStatus(ctx, yahoo.StatusChange{OrderID: o.ID, To: yahoo.StatusCancelled})
	assert.ErrorIs(t, err, yahoo.ErrInvalidRequest, "cancelling needs a reason")

	warns, err := f.cli.ChangeOrderStatus(ctx, yahoo.StatusChange{OrderID: o.ID, To: yahoo.StatusCancelled, CancelReason: yahoo.CancelOutOfStock, OperationUser: "ops"})
	require.NoError(t, err)
	assert.Empty(t, warns)
	assert.Equal(t, []string{"orderInfo", "orderStatusChange"}, f.ops()[len(f.ops())-2:], "From was read first")
	golden(t, "orderStatusChange.request.xml", f.lastRequest(t, "orderStatusChange").Body)
	got, _ := f.srv.Order(o.ID)
	assert.Equal(t, yahootest.StatusCancelled, got.Status)
	assert.Equal(t, 210, got.CancelReason)

	_, err = f.cli.ChangeOrderStatus(ctx, yahoo.StatusChange{OrderID: o.ID, To: yahoo.StatusCompleted})
	require.ErrorAs(t, err, &te, "the current status (cancelled) is read from the order")

	other := yahootest.NewOrder(testSeller, orderID("10000002"), f.srv.Now().Add(-time.Hour), yahootest.Item{ItemID: "a", UnitPrice: 100})
	f.srv.AddOrder(other)
	reads := count(f.ops(), "orderInfo")
	_, err = f.cli.ChangeOrderStatus(ctx, yahoo.StatusChange{OrderID: other.ID, From: yahoo.StatusProcessing, To: yahoo.StatusCompleted})
	require.NoError(t, err)
	assert.Contains(t, string(f.lastRequest(t, "orderStatusChange").Body), "<IsPointFix>true</IsPointFix>", "completing always fixes points")
	assert.Equal(t, reads, count(f.ops(), "orderInfo"), "From was given: no read")
}

func TestCanChangeFollowsTheDocumentedTable(t *testing.T) {
	t.Parallel()
	allowed := map[[2]yahoo.OrderStatus]bool{
		{1, 4}: true, {1, 5}: true,
		{2, 3}: true, {2, 4}: true, {2, 5}: true,
		{3, 1}: true, {3, 2}: true, {3, 4}: true, {3, 5}: true,
		{5, 2}: true, {5, 4}: true,
	}
	for from := yahoo.OrderStatus(1); from <= 5; from++ {
		for to := yahoo.OrderStatus(1); to <= 5; to++ {
			assert.Equal(t, allowed[[2]yahoo.OrderStatus{from, to}], yahoo.CanChange(from, to), "%d→%d", from, to)
		}
	}
}

// TestTransitionTableAgreesWithTheFake sends every from → to pair of the
// order-status table to the fake, with every condition of the table's notes
// met (release date ahead, not suspect, card payment completed yesterday), and
// checks that the fake accepts exactly the pairs CanChange allows, and that
// ChangeOrderStatus refuses the others without sending them.
func TestTransitionTableAgreesWithTheFake(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, fakeOptions{authorize: true})
	now := f.srv.Now()
	seed := func(id string, from yahoo.OrderStatus) {
		o := yahootest.NewOrder(testSeller, id, now.Add(-48*time.Hour), yahootest.Item{ItemID: "a", UnitPrice: 100})
		o.Status, o.ReleaseDate = int(from), now.AddDate(0, 1, 0)
		if from == yahoo.StatusCompleted {
			o.CompletedAt = now.Add(-24 * time.Hour)
		}
		f.srv.AddOrder(o)
	}
	tok, err := f.cli.Token(ctx)
	require.NoError(t, err)
	fakeAccepts := func(id string, to yahoo.OrderStatus) bool {
		body := fmt.Sprintf(`<Req><Target><OrderId>%s</OrderId><IsPointFix>true</IsPointFix></Target>`+
			`<Order><OrderStatus>%d</OrderStatus><CancelReason>230</CancelReason></Order><SellerId>%s</SellerId></Req>`, id, to, testSeller)
		req, err := http.NewRequest(http.MethodPost, f.srv.StoreURL()+"orderStatusChange", strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}
	n := 0
	for from := yahoo.StatusReserved; from <= yahoo.StatusCompleted; from++ {
		for to := yahoo.StatusReserved; to <= yahoo.StatusCompleted; to++ {
			n++
			raw, viaClient := orderID(fmt.Sprintf("1%07d", n)), orderID(fmt.Sprintf("2%07d", n))
			seed(raw, from)
			seed(viaClient, from)
			allowed := yahoo.CanChange(from, to)
			assert.Equal(t, allowed, fakeAccepts(raw, to), "%s → %s: CanChange vs the fake", from, to)

			sent := count(f.ops(), "orderStatusChange")
			_, err := f.cli.ChangeOrderStatus(ctx, yahoo.StatusChange{OrderID: viaClient, From: from, To: to, CancelReason: yahoo.CancelOtherStore})
			if allowed {
				assert.NoError(t, err, "%s → %s", from, to)
				got, _ := f.srv.Order(viaClient)
				assert.Equal(t, int(to), got.Status, "%s → %s applied", from, to)
				continue
			}
			var te *yahoo.TransitionError
			assert.ErrorAs(t, err, &te, "%s → %s", from, to)
			assert.Equal(t, sent, count(f.ops(), "orderStatusChange"), "%s → %s was not sent", from, to)
		}
	}
}

// TestConditionalTransitionsAreLeftToYahoo covers the table's notes the
// client cannot see: it sends those changes, and the mall's refusal comes
// back as an *APIError naming the order.
func TestConditionalTransitionsAreLeftToYahoo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, fakeOptions{authorize: true})
	now := f.srv.Now()
	tests := []struct {
		name     string
		from, to yahoo.OrderStatus
		edit     func(o *yahootest.Order)
	}{
		{"※1 保留 → 予約中 after the release date", yahoo.StatusOnHold, yahoo.StatusReserved, func(o *yahootest.Order) { o.ReleaseDate = now.AddDate(0, 0, -1) }},
		{"※2 suspect order completed", yahoo.StatusProcessing, yahoo.StatusCompleted, func(o *yahootest.Order) { o.Suspect = 1 }},
		{"※3 完了 → 処理中 for a convenience-store payment", yahoo.StatusCompleted, yahoo.StatusProcessing, func(o *yahootest.Order) {
			o.Pay.Kind, o.Pay.Method, o.CompletedAt = 5, "payment_a7", now.Add(-time.Hour)
		}},
	}
	for i, tt := range tests {
		id := orderID(fmt.Sprintf("3000000%d", i))
		o := yahootest.NewOrder(testSeller, id, now.Add(-time.Hour), yahootest.Item{ItemID: "a", UnitPrice: 100})
		o.Status = int(tt.from)
		tt.edit(&o)
		f.srv.AddOrder(o)
		require.True(t, yahoo.CanChange(tt.from, tt.to), tt.name)
		_, err := f.cli.ChangeOrderStatus(ctx, yahoo.StatusChange{OrderID: id, From: tt.from, To: tt.to})
		var ae *yahoo.APIError
		require.ErrorAs(t, err, &ae, tt.name)
		assert.Equal(t, http.StatusBadRequest, ae.StatusCode, tt.name)
		assert.Contains(t, ae.Message, "Cannot Be Operated", tt.name)
		assert.Contains(t, err.Error(), id, tt.name)
	}
}

// TestGetOrderKeepsEveryFieldTheFakeModels seeds an order with every field
// the fake models set and checks that GetOrder asks for all of them and maps
// each one: nothing may land in an Extra slice or get lost.
func TestGetOrderKeepsEveryFieldTheFakeModels(t *testing.T) {
	t.Parallel()
	assert.ElementsMatch(t, yahootest.OrderInfoFieldNames(), yahoo.DefaultOrderInfoFields(), "GetOrder asks for exactly what the fake models")

	f := newFixture(t, fakeOptions{authorize: true})
	at := func(d, h int) time.Time { return time.Date(2026, 1, d, h, 30, 0, 0, jst.Location) }
	day := func(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, jst.Location) }
	id := orderID("10000009")
	f.srv.AddOrder(yahootest.Order{
		ID: id, SellerID: testSeller, Version: 4, Status: yahootest.StatusReserved, StoreStatus: "3", IsSeen: true,
		Suspect: 2, DeviceType: 3, CancelReason: 230, OrderTime: at(2, 9), LastUpdateTime: at(3, 10), ReleaseDate: day(20),
		FraudHoldStatus: 1, PublicationTime: at(2, 12),
		BuyerComments: " 午前中 <希望> & ]]> ", SellerComments: "検品済", Notes: "メモ\n2行目", OperationUser: "ops",
		Pay: yahootest.Pay{
			Status: 1, SettleStatus: 2, SettleID: "S-1", PayNo: "P-9", Type: 1, Kind: 5, Method: "payment_a7", MethodName: "コンビニ決済",
			Date: day(4), BillFirstName: "太郎", BillLastName: "山田", BillFirstNameKana: "タロウ", BillLastNameKana: "ヤマダ",
			BillZipCode: "1020083", BillPrefecture: "東京都", BillCity: "千代田区", BillAddress1: "麹町1-1", BillAddress2: "ビル2F",
			BillPhoneNumber: "0312345678", BillMailAddress: "taro@example.jp",
		},
		Ship: yahootest.Ship{
			Status: 3, Method: "postage2", MethodName: "メール便", RequestDate: day(6), RequestTime: "14-16", Notes: "置き配",
			CompanyCode: "1002", InvoiceNumber1: "1234-5678", InvoiceNumber2: "9999", InvoiceNumberEmptyReason: "101",
			URL: "https://track.example/?no=1&x=2", Date: day(5), ArrivalDate: day(7),
			FirstName: "花子", LastName: "佐藤", FirstNameKana: "ハナコ", LastNameKana: "サトウ", ZipCode: "5300001",
			Prefecture: "大阪府", City: "大阪市北区", Address1: "梅田1-1", Address2: "101", PhoneNumber: "0612345678",
		},
		Buyer:   yahootest.Buyer{IsLogin: true, FspLicenseCode: "F01", FspLicenseName: "ライセンス", GuestAuthID: "G-7"},
		Charges: yahootest.Charges{PayCharge: 330, ShipCharge: 500, GiftWrapCharge: 200, Discount: 100, Adjustments: -50, UsePoint: 70, GiftCardDiscount: 30},
		Items: []yahootest.Item{{
			LineID: 1, ItemID: "item-a", SubCode: "item-a-red", Title: "Tシャツ <赤>", SubCodeOption: "色:赤", Jan: "4901234567894",
			Quantity: 2, UnitPrice: 1080, ItemTaxRatio: 8, ReleaseDate: day(21),
			Options:      []yahootest.ItemOption{{Name: "ギフト", Value: "包装", Price: 100}},
			Inscriptions: []yahootest.Inscription{{Name: "名入れ", Value: "TARO"}},
		}},
	})

	got, err := f.cli.GetOrder(context.Background(), id)
	require.NoError(t, err)
	total := int64(2*1080 + 330 + 500 + 200 - 100 - 50)
	assert.Equal(t, &yahoo.Order{
		ID: id, Version: 4, DeviceType: 3, IsSeen: true, OrderedAt: at(2, 9), LastUpdatedAt: at(3, 10), ReleaseDate: day(21),
		FraudHoldStatus: 1, PublishedAt: at(2, 12),
		Suspect: 2, Status: yahoo.StatusReserved, StoreStatus: "3", CancelReason: "230",
		BuyerComments: " 午前中 <希望> & ]]> ", SellerComments: "検品済", Notes: "メモ\n2行目", OperationUser: "ops",
		Pay: yahoo.Pay{
			Status: yahoo.PayPaid, SettleStatus: "2", Type: "1", Kind: "5", Method: "payment_a7", MethodName: "コンビニ決済",
			PaidOn: day(4), SettleID: "S-1", PayNo: "P-9",
			Bill: yahoo.Address{LastName: "山田", FirstName: "太郎", LastNameKana: "ヤマダ", FirstNameKana: "タロウ", ZipCode: "1020083",
				Prefecture: "東京都", City: "千代田区", Address1: "麹町1-1", Address2: "ビル2F", PhoneNumber: "0312345678", MailAddress: "taro@example.jp"},
		},
		Ship: yahoo.Ship{
			Status: yahoo.ShipShipped, Method: "postage2", MethodName: "メール便", RequestDate: day(6), RequestTime: "14-16", Notes: "置き配",
			CompanyCode: "1002", InvoiceNumber1: "1234-5678", InvoiceNumber2: "9999", InvoiceNumberEmptyReason: "101",
			URL: "https://track.example/?no=1&x=2", ShippedOn: day(5), ArrivedOn: day(7),
			Address: yahoo.Address{LastName: "佐藤", FirstName: "花子", LastNameKana: "サトウ", FirstNameKana: "ハナコ", ZipCode: "5300001",
				Prefecture: "大阪府", City: "大阪市北区", Address1: "梅田1-1", Address2: "101", PhoneNumber: "0612345678"},
		},
		Seller: yahoo.Seller{ID: testSeller},
		Buyer:  yahoo.Buyer{IsLogin: true, FspLicenseCode: "F01", FspLicenseName: "ライセンス", GuestAuthID: "G-7"},
		Detail: yahoo.Detail{PayCharge: 330, ShipCharge: 500, GiftWrapCharge: 200, Discount: 100, Adjustments: -50,
			SettleAmount: total - 100, UsePoint: 70, GiftCardDiscount: 30, TotalPrice: total, SettlePayAmount: total - 100},
		Items: []yahoo.Item{{
			LineID: 1, ItemID: "item-a", SubCode: "item-a-red", SubCodeOption: "色:赤", Title: "Tシャツ <赤>", Quantity: 2,
			UnitPrice: 1080, NonTaxUnitPrice: 1000, TaxRatio: 8, Jan: "4901234567894", ReleaseDate: day(21),
			Options:      []yahoo.ItemOption{{Index: 1, Name: "ギフト", Value: "包装", Price: 100}},
			Inscriptions: []yahoo.ItemOption{{Index: 1, Name: "名入れ", Value: "TARO"}},
		}},
	}, got)
}

func TestChangeShipStatusChecksInvoiceRules(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, fakeOptions{authorize: true})
	o := yahootest.NewOrder(testSeller, orderID("10000001"), f.srv.Now().Add(-time.Hour), yahootest.Item{ItemID: "a", UnitPrice: 100})
	f.srv.AddOrder(o)
	bad := map[string]yahoo.ShipStatusChange{
		"letters for ヤマト":      {OrderID: o.ID, Status: yahoo.ShipShipped, CompanyCode: "1001", InvoiceNumber1: "12345A"},
		"15 bytes for ヤマト":     {OrderID: o.ID, Status: yahoo.ShipShipped, CompanyCode: "1001", InvoiceNumber2: "123456789012345"},
		"number and no-reason": {OrderID: o.ID, Status: yahoo.ShipShipped, InvoiceNumber1: "1", InvoiceNumberEmptyReason: "101"},
		"status out of range":  {OrderID: o.ID, Status: 9},
		"unknown empty reason": {OrderID: o.ID, Status: yahoo.ShipShipped, InvoiceNumberEmptyReason: "106"},
	}
	for name, ch := range bad {
		_, err := f.cli.ChangeShipStatus(ctx, ch)
		var ve *yahoo.ValidationError
		require.ErrorAs(t, err, &ve, name)
		assert.Contains(t, err.Error(), o.ID, name)
	}
	assert.NotContains(t, f.ops(), "orderShipStatusChange")

	_, err := f.cli.ChangeShipStatus(ctx, yahoo.ShipStatusChange{OrderID: o.ID, Status: yahoo.ShipShipped, CompanyCode: yahoo.ShipCompanySagawa, InvoiceNumber1: "AB-123"})
	require.NoError(t, err, "other carriers are not held to ヤマト's rule")
	noNumber := yahootest.NewOrder(testSeller, orderID("10000002"), f.srv.Now().Add(-time.Hour), yahootest.Item{ItemID: "a", UnitPrice: 100})
	f.srv.AddOrder(noNumber)
	_, err = f.cli.ChangeShipStatus(ctx, yahoo.ShipStatusChange{OrderID: noNumber.ID, Status: yahoo.ShipShipped, CompanyCode: yahoo.ShipCompanyOther, InvoiceNumberEmptyReason: yahoo.ShipInvoiceNumberEmptyReason105})
	require.NoError(t, err, "その他 without a number, reason 105")
	got, _ := f.srv.Order(noNumber.ID)
	assert.Equal(t, "1000", got.Ship.CompanyCode)
	assert.Equal(t, "105", got.Ship.InvoiceNumberEmptyReason)

	ship := yahoo.ShipStatusChange{
		OrderID: o.ID, IsPointFix: true, Status: yahoo.ShipShipped, Method: "postage1", CompanyCode: "1001",
		InvoiceNumber1: "1234-5678-9012", ShippedOn: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC),
		Notes: "午前着 & 手渡し", URL: "https://track.example/?no=1&x=2",
	}
	_, err = f.cli.ChangeShipStatus(ctx, ship)
	require.NoError(t, err)
	golden(t, "orderShipStatusChange.request.xml", f.lastRequest(t, "orderShipStatusChange").Body)
	got, _ = f.srv.Order(o.ID)
	assert.Equal(t, 3, got.Ship.Status)
	assert.Equal(t, "1234-5678-9012", got.Ship.InvoiceNumber1)
	assert.Equal(t, "2026-01-05", got.Ship.Date.Format(time.DateOnly), "date sent in JST")
}

func TestChangePayStatusAndOrderChange(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, fakeOptions{authorize: true})
	o := yahootest.NewOrder(testSeller, orderID("10000001"), f.srv.Now().Add(-time.Hour), yahootest.Item{ItemID: "a", UnitPrice: 100, Quantity: 1})
	o.Pay.Method, o.Pay.Kind = "payment_b1", 3 // 銀行振込: the store sets PayStatus
	f.srv.AddOrder(o)

	_, err := f.cli.ChangePayStatus(ctx, yahoo.PayStatusChange{OrderID: o.ID, Status: yahoo.PayPaid, PaidOn: time.Date(2026, 1, 4, 0, 0, 0, 0, time.FixedZone("JST", 9*3600))})
	require.NoError(t, err)
	golden(t, "orderPayStatusChange.request.xml", f.lastRequest(t, "orderPayStatusChange").Body)
	got, _ := f.srv.Order(o.ID)
	assert.Equal(t, 1, got.Pay.Status)

	no := false
	_, err = f.cli.OrderChange(ctx, yahoo.OrderUpdate{OrderID: o.ID, IsSeen: &no})
	assert.ErrorIs(t, err, yahoo.ErrInvalidRequest, "IsSeen only goes false → true")

	yes, notes := true, "再送 <至急> & 確認"
	_, err = f.cli.OrderChange(ctx, yahoo.OrderUpdate{
		OrderID: o.ID, OperationUser: "ops", IsSeen: &yes, Notes: &notes,
		Ship:  []yahoo.RawField{{Name: "ShipLastName", Value: "佐藤"}},
		Items: []yahoo.ItemUpdate{{LineID: 1, Quantity: 3}},
	})
	require.NoError(t, err)
	golden(t, "orderChange.request.xml", f.lastRequest(t, "orderChange").Body)
	got, _ = f.srv.Order(o.ID)
	assert.True(t, got.IsSeen)
	assert.Equal(t, notes, got.Notes)
	assert.Equal(t, "佐藤", got.Ship.LastName)
	assert.Equal(t, 3, got.Items[0].Quantity)
}

func TestOrderCount(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	seedOrders(f, 3)
	reserved := yahootest.NewOrder(testSeller, orderID("20000001"), f.srv.Now(), yahootest.Item{ItemID: "a", UnitPrice: 1})
	reserved.Status = yahootest.StatusReserved
	f.srv.AddOrder(reserved)
	got, err := f.cli.OrderCount(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 3, got.NewOrder)
	assert.Equal(t, 1, got.NewReserve)
	assert.Equal(t, 3, got.All["NewOrder"])
	r := f.lastRequest(t, "orderCount")
	assert.Equal(t, http.MethodGet, r.Method)
	assert.Equal(t, "sellerId="+testSeller, r.Query)
}

func TestThrottling403IsRetriedPermission403IsNot(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, fakeOptions{authorize: true,
		serverOpts: []yahootest.Option{yahootest.WithThrottleCode("px-99429")},
		clientOpts: []yahoo.Option{yahoo.WithThrottleCodes("px-99429")}})
	f.srv.FailNext("orderCount", http.StatusForbidden, 2, time.Second)
	_, err := f.cli.OrderCount(ctx)
	require.NoError(t, err, "two throttling 403s, then success")
	assert.Equal(t, 3, strings.Count(strings.Join(f.ops(), " "), "orderCount"))

	f.srv.FailNext("orderCount", http.StatusForbidden, 4, 0) // first attempt + 3 retries
	_, err = f.cli.OrderCount(ctx)
	assert.ErrorIs(t, err, yahoo.ErrRateLimited)
	assert.NotErrorIs(t, err, yahoo.ErrForbidden)

	f.srv.AddSeller(yahootest.Seller{ID: testSeller, ClientID: testClient, ClientSecret: testSecret, RedirectURL: testRedirect, KeyVersion: 2, PrivateKey: sharedKey(), NoOrderAPI: true})
	before := len(f.ops())
	_, err = f.cli.OrderCount(ctx)
	var ae *yahoo.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "px-04303", ae.Code)
	assert.ErrorIs(t, err, yahoo.ErrForbidden)
	assert.NotErrorIs(t, err, yahoo.ErrRateLimited)
	assert.Len(t, f.ops(), before+1, "a permission error is not retried")
}

func TestServerErrorsOnWritesAreNotResent(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	o := yahootest.NewOrder(testSeller, orderID("10000001"), f.srv.Now().Add(-time.Hour), yahootest.Item{ItemID: "a", UnitPrice: 100})
	f.srv.AddOrder(o)
	f.srv.FailNext("orderPayStatusChange", http.StatusServiceUnavailable, 1, 0)
	_, err := f.cli.ChangePayStatus(context.Background(), yahoo.PayStatusChange{OrderID: o.ID, Status: yahoo.PayPaid})
	assert.ErrorIs(t, err, yahoo.ErrUnavailable)
	assert.ErrorIs(t, err, yahoo.ErrServer, "the deprecated name still matches")
	assert.Equal(t, 1, strings.Count(strings.Join(f.ops(), " "), "orderPayStatusChange"))
}

func TestForbiddenWithoutCodeIsNeverRetried(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	f.srv.FailNext("orderCount", http.StatusForbidden, 1, time.Second)
	_, err := f.cli.OrderCount(context.Background())
	require.ErrorIs(t, err, yahoo.ErrRequestForbidden)
	assert.ErrorIs(t, err, yahoo.ErrForbidden)
	assert.NotErrorIs(t, err, yahoo.ErrRateLimited, "the daily cap is not throttling")
	var ae *yahoo.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "Your Request was Forbidden", ae.Message)
	assert.Equal(t, 1, strings.Count(strings.Join(f.ops(), " "), "orderCount"), "not retried")

	f.srv.AddSeller(yahootest.Seller{ID: testSeller, ClientID: testClient, ClientSecret: testSecret, RedirectURL: testRedirect, KeyVersion: 2, PrivateKey: sharedKey(), NoOrderAPI: true})
	_, err = f.cli.OrderCount(context.Background())
	assert.ErrorIs(t, err, yahoo.ErrForbidden)
	assert.NotErrorIs(t, err, yahoo.ErrRequestForbidden, "a coded 403 is a permission error")
}

func TestStatusChangesFromOutsideTheTableAreSent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, fakeOptions{authorize: true})
	for i, from := range []yahoo.OrderStatus{0, 8} {
		id := orderID(fmt.Sprintf("3000000%d", i))
		o := yahootest.NewOrder(testSeller, id, f.srv.Now().Add(-time.Hour), yahootest.Item{ItemID: "a", UnitPrice: 100})
		o.Status = int(from)
		f.srv.AddOrder(o)
		sent := count(f.ops(), "orderStatusChange")
		_, err := f.cli.ChangeOrderStatus(ctx, yahoo.StatusChange{OrderID: id, To: yahoo.StatusCompleted})
		var te *yahoo.TransitionError
		assert.False(t, errors.As(err, &te), "status %d is not refused locally: %v", from, err)
		assert.Equal(t, sent+1, count(f.ops(), "orderStatusChange"), "status %d: sent for Yahoo to decide", from)
	}

	unchecked := newFixture(t, fakeOptions{authorize: true, clientOpts: []yahoo.Option{yahoo.WithTransitionCheck(false)}})
	id := orderID("30000009")
	o := yahootest.NewOrder(testSeller, id, unchecked.srv.Now().Add(-time.Hour), yahootest.Item{ItemID: "a", UnitPrice: 100})
	o.Status = yahootest.StatusCancelled
	unchecked.srv.AddOrder(o)
	_, err := unchecked.cli.ChangeOrderStatus(ctx, yahoo.StatusChange{OrderID: id, From: yahoo.StatusCancelled, To: yahoo.StatusProcessing})
	var ae *yahoo.APIError
	require.ErrorAs(t, err, &ae, "the table check is off: Yahoo refuses instead")
	assert.Equal(t, 1, count(unchecked.ops(), "orderStatusChange"))
}

func TestDailyCapIsRequestForbiddenAndCounted(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true, serverOpts: []yahootest.Option{yahootest.WithDailyCap(2)}})
	ctx := context.Background()
	for range 2 {
		_, err := f.cli.OrderCount(ctx)
		require.NoError(t, err)
	}
	_, err := f.cli.OrderCount(ctx)
	require.ErrorIs(t, err, yahoo.ErrRequestForbidden, "over the application's daily cap")
	_, calls := f.cli.CallCount()
	assert.Equal(t, 3, calls, "the refused request counts on the client side too, and was not retried")
}
