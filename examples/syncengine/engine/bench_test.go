package engine

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/mallkit/mallkit/rakuten/rakutentest"
	"github.com/mallkit/mallkit/stock"
)

// BenchmarkPollApply measures what one poll of 100 new 楽天 orders costs the
// engine end to end against the fake RMS on loopback: searchOrder, one
// getOrder of 100, and for each order the ledger write, the engine's record
// and the push job request in one SQLite transaction.
//
//	go test -run '^$' -bench PollApply ./examples/syncengine/engine/
func BenchmarkPollApply(b *testing.B) {
	ctx := context.Background()
	rules := DefaultImportRules()
	rules.AutoConfirm = false
	a := newShop(b, "shopa", rules)
	var ls []stock.Listing
	onHand := map[string]int{}
	for i := range 50 {
		sku := fmt.Sprintf("SKU-%02d", i)
		ls = append(ls, listing("rakuten/shopa", fmt.Sprintf("item%02d/v", i), sku))
		onHand[sku] = 1_000_000
	}
	h := newHarness(b, harnessOpts{channels: []Channel{a.ch}, listings: ls, onHand: onHand, rules: rules, now: a.srv.Now})
	n := 0
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		for range 100 {
			n++
			a.srv.AddOrder(rakutentest.NewOrder(fmt.Sprintf("100001-20260105-%010d", n), a.srv.Now().Add(-time.Minute),
				rakutentest.Item{ItemID: 1, ManageNumber: fmt.Sprintf("item%02d", n%50), Name: "item", Price: 1000, Units: 1, VariantID: "v"}))
		}
		b.StartTimer()
		rep, err := h.eng.Poll(ctx, "rakuten/shopa")
		if err != nil || rep.New != 100 {
			b.Fatalf("poll: %+v %v", rep, err)
		}
	}
	b.ReportMetric(float64(b.N*100)/b.Elapsed().Seconds(), "orders/s")
}
