package engine

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/stock"
)

// A new order is allocated once, however often the mall delivers it, and
// every other channel selling the same SKU is pushed the new quantity; the
// order's own mall, which lowered its shown quantity itself, is not.
func TestPollAllocatesOnceAndPushesTheOtherChannels(t *testing.T) {
	ctx := context.Background()
	rules := DefaultImportRules()
	a, b := newShop(t, "shopa", rules), newShop(t, "shopb", rules)
	h := newHarness(t, harnessOpts{
		channels: []Channel{a.ch, b.ch},
		listings: []stock.Listing{listing("rakuten/shopa", "tee/m", "TEE-M"), listing("rakuten/shopb", "tee/m", "TEE-M")},
		onHand:   map[string]int{"TEE-M": 10},
		rules:    rules, now: a.srv.Now,
	})
	for _, s := range []*shop{a, b} {
		rep := must[PushReport](t)(h.eng.Push(ctx, s.ch.Name()))
		require.Equal(t, 1, rep.Pushed)
		require.Equal(t, 10, inventory(t, s, "tee", "m"))
	}
	a.srv.Advance(2 * time.Minute)
	a.srv.SetInventory("tee", "m", 8) // a minute after the push, the mall sold 2 and lowered its shown stock
	a.order("100001-20260105-0000000001", time.Minute, "TEE", "m", 2)

	rep := must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa"))
	require.Equal(t, 1, rep.New)
	require.Equal(t, stock.Level{SKU: "TEE-M", OnHand: 10, Allocated: 2, Available: 8}, level(t, h.ledger, "TEE-M"))
	require.ElementsMatch(t, []string{"rakuten/shopa", "rakuten/shopb"}, h.sched.pushes)

	for range 2 { // the same order delivered again changes nothing
		rep = must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa"))
		require.Equal(t, 0, rep.New)
		require.Equal(t, 2, level(t, h.ledger, "TEE-M").Allocated)
	}
	require.Equal(t, 0, must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa")).Planned, "shop A already shows 8")
	require.Equal(t, 1, must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopb")).Pushed)
	require.Equal(t, 8, inventory(t, b, "tee", "m"))
}

// A cancel releases the allocation at once and asks for pushes.
func TestPollReleasesCanceledOrders(t *testing.T) {
	ctx := context.Background()
	rules := DefaultImportRules()
	a := newShop(t, "shopa", rules)
	h := newHarness(t, harnessOpts{channels: []Channel{a.ch},
		listings: []stock.Listing{listing("rakuten/shopa", "tee/m", "TEE-M")},
		onHand:   map[string]int{"TEE-M": 5}, rules: rules, now: a.srv.Now})
	a.order("100001-20260105-0000000001", time.Minute, "tee", "m", 3)
	must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa"))
	require.Equal(t, 3, level(t, h.ledger, "TEE-M").Allocated)

	o, _ := a.srv.Order("100001-20260105-0000000001")
	o.Progress = 900
	a.srv.AddOrder(o)
	h.sched.pushes = nil
	rep := must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa"))
	require.Equal(t, 1, rep.Changed)
	require.Equal(t, 0, level(t, h.ledger, "TEE-M").Allocated)
	require.Equal(t, []string{"rakuten/shopa"}, h.sched.pushes)
}

// failingLedger fails ApplyOrder while fail is set.
type failingLedger struct {
	Ledger
	fail bool
}

func (f *failingLedger) ApplyOrder(ctx context.Context, o stock.Order) error {
	if f.fail {
		return context.DeadlineExceeded
	}
	return f.Ledger.ApplyOrder(ctx, o)
}

// The watermark moves only after every order it covers is committed: a
// poll that fails half-way leaves it where it was, and the next poll
// applies the orders.
func TestWatermarkMovesOnlyAfterCommit(t *testing.T) {
	ctx := context.Background()
	rules := DefaultImportRules()
	a := newShop(t, "shopa", rules)
	h := newHarness(t, harnessOpts{channels: []Channel{a.ch},
		listings: []stock.Listing{listing("rakuten/shopa", "tee/m", "TEE-M")},
		onHand:   map[string]int{"TEE-M": 5}, rules: rules, now: a.srv.Now})
	fl := &failingLedger{Ledger: h.ledger, fail: true}
	eng := must[*Engine](t)(New(ctx, Options{Ledger: fl, State: h.state, Channels: []Channel{a.ch},
		Listings: h.eng.listings, Now: a.srv.Now, Rules: rules}))
	a.order("100001-20260105-0000000001", time.Minute, "tee", "m", 1)

	_, err := eng.Poll(ctx, "rakuten/shopa")
	require.Error(t, err)
	var te *TaskError
	require.ErrorAs(t, err, &te)
	require.Equal(t, "100001-20260105-0000000001", te.Order)
	wm := must[time.Time](t)(h.state.Watermark(ctx, "rakuten/shopa", orderWatermark))
	require.True(t, wm.IsZero(), "watermark moved past an uncommitted order")

	fl.fail = false
	rep := must[PollReport](t)(eng.Poll(ctx, "rakuten/shopa"))
	require.Equal(t, 1, rep.New)
	require.Equal(t, 1, level(t, h.ledger, "TEE-M").Allocated)
	require.False(t, must[time.Time](t)(h.state.Watermark(ctx, "rakuten/shopa", orderWatermark)).IsZero())
}

// A buyer who ordered before the engine's last push landed had the mall's
// own decrement overwritten by that push: the mall shows what was pushed,
// so the engine pushes the lower quantity to the order's own mall too.
func TestPollOrderOverwrittenByAPushIsPushedAgain(t *testing.T) {
	ctx := context.Background()
	rules := DefaultImportRules()
	a := newShop(t, "shopa", rules)
	h := newHarness(t, harnessOpts{channels: []Channel{a.ch},
		listings: []stock.Listing{listing("rakuten/shopa", "tee/m", "TEE-M")},
		onHand:   map[string]int{"TEE-M": 10}, rules: rules, now: a.srv.Now})
	a.order("100001-20260105-0000000001", time.Minute, "tee", "m", 2) // placed before the push below
	must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	require.Equal(t, 10, inventory(t, a, "tee", "m"), "the push overwrote the mall's decrement")

	must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa"))
	rep := must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	require.Equal(t, 1, rep.Pushed)
	require.Equal(t, 8, inventory(t, a, "tee", "m"))
}
