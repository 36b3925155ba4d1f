package engine

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/stock"
)

// Closed orders are forgotten after the retention, open ones never.
func TestPruneForgetsOldClosedOrders(t *testing.T) {
	ctx := context.Background()
	rules := DefaultImportRules()
	a := newShop(t, "shopa", rules)
	now := a.srv.Now()
	clock := func() time.Time { return now }
	h := newHarness(t, harnessOpts{channels: []Channel{a.ch},
		listings: []stock.Listing{listing("rakuten/shopa", "tee/m", "TEE-M")},
		onHand:   map[string]int{"TEE-M": 10}, rules: rules, now: clock})
	a.order("100001-20260105-0000000001", time.Minute, "tee", "m", 1)
	a.order("100001-20260105-0000000002", time.Minute, "tee", "m", 1)
	must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa"))
	o, _ := a.srv.Order("100001-20260105-0000000002")
	o.Progress = 900
	a.srv.AddOrder(o)
	must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa"))

	require.Zero(t, must[int](t)(h.eng.Prune(ctx)), "nothing is old yet")
	now = now.Add(OrderRetention + time.Hour)
	require.Equal(t, 1, must[int](t)(h.eng.Prune(ctx)))
	left := must[[]KnownOrder](t)(h.state.Orders(ctx, "", 0))
	require.Len(t, left, 1)
	require.Equal(t, "100001-20260105-0000000001", left[0].Number, "the open order stays")
}
