package rakuten_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten"
	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

func TestImportReadinessFollowsTheHubRules(t *testing.T) {
	t.Parallel()
	srv, c := againstFake(t, rakutentest.License{})
	at := simNow.Add(-2 * time.Hour)
	item := rakutentest.Item{ItemID: 1, ManageNumber: "a", Name: "a", Price: 1000, Units: 1}
	orders := map[string]func(*rakutentest.Order){
		"123456-20260105-0000000001": func(o *rakutentest.Order) {},
		"123456-20260105-0000000002": func(o *rakutentest.Order) { o.PostagePrice = rakutentest.Undetermined },
		"123456-20260105-0000000003": func(o *rakutentest.Order) {
			o.TotalPrice, o.RequestPrice = rakutentest.Undetermined, rakutentest.Undetermined
		},
		"123456-20260105-0000000004": func(o *rakutentest.Order) {
			o.Settlement.MethodCode, o.Settlement.Method, o.Settlement.RpaySettlementFlag = 2, "代金引換", 0
		},
		"123456-20260105-0000000005": func(o *rakutentest.Order) {
			o.Settlement.MethodCode, o.Settlement.Method, o.Settlement.RpaySettlementFlag = 2, "代金引換", 0
			o.Progress = rakutentest.ProgressAwaitingShipment
		},
		"123456-20260105-0000000006": func(o *rakutentest.Order) {
			o.Packages[0].SocialGift = &rakutentest.SocialGift{ManagementNumber: o.Number + "-sg", InputDueDate: simNow.AddDate(0, 0, 7)}
			o.Packages[0].Sender.FamilyName, o.Packages[0].Sender.FirstName = "入力待ち", "入力待ち"
		},
		"123456-20260105-0000000007": func(o *rakutentest.Order) {
			o.Packages[0].SocialGift = &rakutentest.SocialGift{ManagementNumber: o.Number + "-sg", InputDueDate: simNow.AddDate(0, 0, 7),
				InputFlag: 1, InputCompDatetime: simNow.Add(-time.Hour)}
		},
	}
	var numbers []string
	for n, edit := range orders {
		o := rakutentest.NewOrder(n, at, item)
		edit(&o)
		srv.AddOrder(o)
		numbers = append(numbers, n)
	}
	got, err := c.GetOrders(context.Background(), numbers)
	require.NoError(t, err)
	want := map[string][]rakuten.ImportBlocker{
		"123456-20260105-0000000001": nil,
		"123456-20260105-0000000002": {rakuten.BlockedPostage},
		"123456-20260105-0000000003": {rakuten.BlockedTotal},
		"123456-20260105-0000000004": {rakuten.BlockedSelectablePayment},
		"123456-20260105-0000000005": nil,
		"123456-20260105-0000000006": {rakuten.BlockedGiftAddress},
		"123456-20260105-0000000007": nil,
	}
	require.Len(t, got, len(want))
	for _, o := range got {
		assert.Equal(t, want[o.Number], o.Blockers(), o.Number)
		assert.Equal(t, want[o.Number] == nil, o.ReadyToImport(), o.Number)
	}
}

func TestOrderQueryHoldLeavesOutYoungOrders(t *testing.T) {
	t.Parallel()
	srv, c := againstFake(t, rakutentest.License{})
	seedSearch(srv, []time.Time{simNow.Add(-2 * time.Hour), simNow.Add(-31 * time.Minute), simNow.Add(-29 * time.Minute), simNow.Add(-time.Minute)})
	q := rakuten.OrderQuery{DateType: rakuten.DateOrdered, Start: simNow.Add(-24 * time.Hour), End: simNow, Hold: rakuten.DefaultHold}
	got, err := collect(t, c.SearchOrders(context.Background(), q))
	require.NoError(t, err)
	assert.Len(t, got, 2, "the two orders younger than 30 minutes are held back")
	q.Hold = 0
	got, err = collect(t, c.SearchOrders(context.Background(), q))
	require.NoError(t, err)
	assert.Len(t, got, 4)
}
