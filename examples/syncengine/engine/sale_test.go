package engine

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/stock"
)

// During a sale window an item with a quota shows at most its quota on
// that channel; the other channels and items are as configured, and the
// quota goes away with the window.
func TestSaleQuotasCapDuringTheWindow(t *testing.T) {
	ctx := context.Background()
	rules := DefaultImportRules()
	a, b := newShop(t, "shopa", rules), newShop(t, "shopb", rules)
	now := a.srv.Now()
	clock := func() time.Time { return now }
	h := newHarness(t, harnessOpts{channels: []Channel{a.ch, b.ch},
		listings: []stock.Listing{listing("rakuten/shopa", "tee/m", "TEE-M"), listing("rakuten/shopb", "tee/m", "TEE-M")},
		onHand:   map[string]int{"TEE-M": 10}, rules: rules, now: clock})
	eng := must[*Engine](t)(New(ctx, Options{Ledger: h.ledger, State: h.state, Channels: []Channel{a.ch, b.ch},
		Listings: h.eng.listings, Now: clock, Rules: rules, SharedTx: true, Scheduler: h.sched,
		Sale: []SaleWindow{{From: now.Add(time.Hour), Until: now.Add(2 * time.Hour), Poll: 15 * time.Second,
			Quotas: map[string]map[string]int{"rakuten/shopa": {"tee/m": 3}}}}}))
	planned := func() map[string]int {
		out := map[string]int{}
		for _, p := range must[[]stock.Push](t)(h.ledger.Plan(ctx)) {
			out[p.Channel] = p.Units
		}
		return out
	}
	must[[]string](t)(eng.Sweep(ctx))
	require.Equal(t, map[string]int{"rakuten/shopa": 10, "rakuten/shopb": 10}, planned())

	now = now.Add(90 * time.Minute)
	must[[]string](t)(eng.Sweep(ctx))
	require.Equal(t, map[string]int{"rakuten/shopa": 3, "rakuten/shopb": 10}, planned())

	now = now.Add(time.Hour)
	must[[]string](t)(eng.Sweep(ctx))
	require.Equal(t, map[string]int{"rakuten/shopa": 10, "rakuten/shopb": 10}, planned())
}
