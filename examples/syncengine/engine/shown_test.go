package engine

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten"
	"github.com/mallkit/mallkit/rakuten/rakutentest"
	"github.com/mallkit/mallkit/stock"
)

// lostAnswerChannel delivers its pushes to the mall but, while lose is
// set, loses the mall's answer: the engine's state is then the one of a
// process killed after the mall took a push and before its Confirm.
type lostAnswerChannel struct {
	Channel
	lose bool
}

func (c *lostAnswerChannel) Push(ctx context.Context, ps []stock.Push) ([]stock.Push, error) {
	acc, err := c.Channel.Push(ctx, ps)
	if c.lose && err == nil && len(acc) > 0 {
		return nil, errors.New("connection reset after the mall took the push")
	}
	return acc, err
}

// A push that reached the mall without being confirmed leaves the
// listing unconfirmed: when the plan comes back to the quantity confirmed
// before it, the engine still pushes, since the mall shows the lost one.
func TestPushLostBeforeConfirmIsPushedAgain(t *testing.T) {
	ctx := context.Background()
	rules := DefaultImportRules()
	a := newShop(t, "shopa", rules)
	lc := &lostAnswerChannel{Channel: a.ch}
	h := teeHarness(t, a, lc)
	must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	require.Equal(t, 10, inventory(t, a, "tee", "m"))

	require.NoError(t, h.ledger.SetOnHand(ctx, "TEE-M", 8, a.srv.Now()))
	lc.lose = true
	_, err := h.eng.Push(ctx, "rakuten/shopa")
	require.Error(t, err)
	require.Equal(t, 8, inventory(t, a, "tee", "m"), "the mall took the lost push")
	_, _, known, err := h.state.ShownOf(ctx, "rakuten/shopa", "tee/m")
	require.NoError(t, err)
	require.False(t, known, "what the mall shows is unknown while the push is unanswered")

	lc.lose = false
	a.srv.Advance(time.Minute)
	require.NoError(t, h.ledger.SetOnHand(ctx, "TEE-M", 10, a.srv.Now()))
	rep := must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	require.Equal(t, 1, rep.Pushed)
	require.Equal(t, 10, inventory(t, a, "tee", "m"))
}

// newBuyShop is a fake Rakuten shop "shopa" (shop ID 100001) that buyers
// order from, with the engine's channel for it.
func newBuyShop(t *testing.T) *shop {
	t.Helper()
	srv := rakutentest.NewServer()
	t.Cleanup(srv.Close)
	srv.AddShop(rakutentest.Shop{ID: "100001", URL: "shopa", Name: "shop a"})
	srv.AddLicense(rakutentest.License{ServiceSecret: "s", LicenseKey: "k", ShopID: "100001",
		Expiry: srv.Now().Add(10 * 24 * time.Hour)})
	c, err := rakuten.NewClient(rakuten.Credentials{ServiceSecret: "s", LicenseKey: "k"},
		rakuten.WithBaseURL(srv.URL), rakuten.WithClock(srv.Now), rakuten.WithRateLimit(1000, 10),
		rakuten.WithRetry(1, time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	ch, err := NewRakutenChannel("shopa", c, DefaultImportRules())
	require.NoError(t, err)
	ch.SetLookbackEvery(0)
	return &shop{srv: srv, ch: ch}
}

// teeHarness is an engine whose only channel is ch, selling shop a's tee/m
// (SKU TEE-M, 10 on hand) under the default import rules.
func teeHarness(t *testing.T, a *shop, ch Channel) *harness {
	t.Helper()
	return newHarness(t, harnessOpts{channels: []Channel{ch},
		listings: []stock.Listing{listing("rakuten/shopa", "tee/m", "TEE-M")},
		onHand:   map[string]int{"TEE-M": 10}, rules: DefaultImportRules(), now: a.srv.Now})
}

// shown is what shop a shows for tee/m.
func shown(t *testing.T, a *shop) int {
	t.Helper()
	n, ok := a.srv.ShopInventory("100001", "tee", "m")
	require.True(t, ok, "no inventory row for tee/m")
	return n
}

// A cancel restocks the mall only for items whose restoreInventoryFlag is
// 1: for the others the engine pushes the released units, and where the
// flag is 1 it assumes the mall shows them again and pushes nothing.
func TestPollCancelRestocksOnlyFlaggedItems(t *testing.T) {
	for _, keep := range []bool{false, true} {
		ctx := context.Background()
		a := newBuyShop(t)
		h := teeHarness(t, a, a.ch)
		must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
		a.srv.Advance(time.Minute) // the buyer orders well after the push
		n, err := a.srv.Buy(rakutentest.Buy{Shop: "shopa", Item: "tee/m", Units: 3, KeepStock: keep})
		require.NoError(t, err)
		must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa"))
		rep := must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
		require.Equal(t, 0, rep.Sent, "the mall lowered its own quantity")

		a.srv.Advance(time.Minute)
		require.NoError(t, a.srv.CancelByBuyer("shopa", n))
		require.Equal(t, 1, must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa")).Changed)
		rep = must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
		if keep {
			require.Equal(t, 1, rep.Pushed, "restoreInventoryFlag 0: the mall still shows 7")
		} else {
			require.Equal(t, 0, rep.Sent, "restoreInventoryFlag 1: the mall shows 10 again")
		}
		require.Equal(t, 10, shown(t, a))
	}
}

// An order the mall stamped (to the second) no later than the engine's
// last confirmation may have been sold before or after that push landed:
// the engine does not know what the mall shows and pushes the quantity,
// even when the plan did not move (a listing capped by Max).
func TestPollOrderNearAPushMakesTheShownQuantityUnknown(t *testing.T) {
	ctx := context.Background()
	a := newBuyShop(t)
	a.srv.SetNow(a.srv.Now().Truncate(time.Second).Add(500 * time.Millisecond))
	rules := DefaultImportRules()
	capped := listing("rakuten/shopa", "tee/m", "TEE-M")
	capped.Max = 5
	h := newHarness(t, harnessOpts{channels: []Channel{a.ch}, listings: []stock.Listing{capped},
		onHand: map[string]int{"TEE-M": 10}, rules: rules, now: a.srv.Now})
	must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	_, err := a.srv.Buy(rakutentest.Buy{Shop: "shopa", Item: "tee/m", Units: 2}) // same second, after the push
	require.NoError(t, err)
	require.Equal(t, 3, shown(t, a))

	a.srv.Advance(2 * time.Second) // the poll after
	require.Equal(t, 1, must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa")).New)
	rep := must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	require.Equal(t, 1, rep.Pushed, "the plan (5, capped) equals the old confirmation, yet the mall shows 3")
	require.Equal(t, 5, shown(t, a))
}

// An order the mall stamped in the same second as a push may have been
// sold before or after the push landed. When the mall shows what the plan
// now says (the sale came after), the next push reads the mall first and
// sends nothing: a no-op push is a wasted call of the rate budget.
func TestPollOrderNearAPushIsReadNotPushed(t *testing.T) {
	ctx := context.Background()
	a := newBuyShop(t)
	a.srv.SetNow(a.srv.Now().Truncate(time.Second).Add(500 * time.Millisecond))
	h := teeHarness(t, a, a.ch)
	must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	_, err := a.srv.Buy(rakutentest.Buy{Shop: "shopa", Item: "tee/m", Units: 2}) // same second, after the push
	require.NoError(t, err)

	a.srv.Advance(2 * time.Second)
	must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa"))
	rechecks, err := h.state.Rechecks(ctx, "rakuten/shopa")
	require.NoError(t, err)
	require.True(t, rechecks["tee/m"], "the sale fell in the push's window")

	rep := must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	require.Equal(t, 0, rep.Sent, "the mall already shows the plan")
	require.Equal(t, 8, shown(t, a))
	require.Zero(t, a.srv.Stats()["shopa"].NoopPushes)
	rechecks, err = h.state.Rechecks(ctx, "rakuten/shopa")
	require.NoError(t, err)
	require.Empty(t, rechecks, "the read settled what the mall shows")
	plan, err := h.ledger.Plan(ctx, "rakuten/shopa")
	require.NoError(t, err)
	require.Empty(t, plan)
}

// pollingChannel polls the engine while its push is in flight, after a
// buyer ordered on the mall: the engine sees a sale whose effect on the
// mall depends on whether the push landed before it.
type pollingChannel struct {
	Channel
	during func()
}

func (c *pollingChannel) Shown(ctx context.Context, items []string) (map[string]int, error) {
	return c.Channel.(Shower).Shown(ctx, items)
}

func (c *pollingChannel) Push(ctx context.Context, ps []stock.Push) ([]stock.Push, error) {
	acc, err := c.Channel.Push(ctx, ps)
	if c.during != nil {
		c.during()
	}
	return acc, err
}

// A sale polled while a push of its item is unanswered leaves what the
// mall shows unknown after the answer: the listing is rechecked, and the
// push that follows reads the mall and sends only what differs.
func TestSalePolledWhileItsPushIsInFlightIsRechecked(t *testing.T) {
	ctx := context.Background()
	a := newBuyShop(t)
	pc := &pollingChannel{Channel: a.ch}
	h := teeHarness(t, a, pc)
	must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	a.srv.Advance(time.Minute)
	require.NoError(t, h.ledger.SetOnHand(ctx, "TEE-M", 12, a.srv.Now()))
	pc.during = func() {
		pc.during = nil
		_, err := a.srv.Buy(rakutentest.Buy{Shop: "shopa", Item: "tee/m", Units: 3})
		require.NoError(t, err)
		a.srv.Advance(time.Second)
		require.Equal(t, 1, must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa")).New)
	}
	require.Equal(t, 1, must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa")).Pushed)
	require.Equal(t, 9, shown(t, a), "the sale came after the push of 12 landed")

	plan, err := h.ledger.Plan(ctx, "rakuten/shopa")
	require.NoError(t, err)
	require.Equal(t, []stock.Push{{Channel: "rakuten/shopa", Item: "tee/m", Units: 9}}, plan,
		"the mall may show 12 or 9: the listing stays planned")
	rechecks, err := h.state.Rechecks(ctx, "rakuten/shopa")
	require.NoError(t, err)
	require.True(t, rechecks["tee/m"])
	rep := must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	require.Equal(t, 0, rep.Sent, "the read found the plan")
	require.Zero(t, a.srv.Stats()["shopa"].NoopPushes)
}

// A sale stamped well before a push was overwritten by it: the mall shows
// the pushed quantity, and the engine pushes the plan that counts the
// sale.
func TestSaleBeforeAPushIsOverwrittenAndPushedAgain(t *testing.T) {
	ctx := context.Background()
	a := newBuyShop(t)
	h := teeHarness(t, a, a.ch)
	must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	a.srv.Advance(time.Minute)
	_, err := a.srv.Buy(rakutentest.Buy{Shop: "shopa", Item: "tee/m", Units: 2}) // not polled yet
	require.NoError(t, err)
	a.srv.Advance(5 * time.Second)
	require.NoError(t, h.ledger.SetOnHand(ctx, "TEE-M", 11, a.srv.Now()))
	must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	require.Equal(t, 11, shown(t, a), "the push overwrote the mall's own decrement")

	a.srv.Advance(5 * time.Second)
	must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa"))
	rep := must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	require.Equal(t, 1, rep.Pushed)
	require.Equal(t, 9, shown(t, a))
	require.Zero(t, a.srv.Stats()["shopa"].NoopPushes)
}

// blindChannel is a channel that cannot read its mall (no Shower), as
// ポンパレ's stock file.
type blindChannel struct{ Channel }

// A channel that cannot read its mall pushes a listing whose sale fell in
// a push's window once more, blind, and then leaves it: a recheck it can
// never do must not keep it planned.
func TestABlindChannelPushesAWindowSaleOnce(t *testing.T) {
	ctx := context.Background()
	a := newBuyShop(t)
	a.srv.SetNow(a.srv.Now().Truncate(time.Second).Add(500 * time.Millisecond))
	bc := blindChannel{a.ch}
	h := teeHarness(t, a, bc)
	must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	_, err := a.srv.Buy(rakutentest.Buy{Shop: "shopa", Item: "tee/m", Units: 2}) // same second, after the push
	require.NoError(t, err)
	a.srv.Advance(2 * time.Second)
	must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa"))

	rep := must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	require.Equal(t, 1, rep.Pushed, "what the mall shows is unknown: pushed blind")
	require.Equal(t, 8, shown(t, a))
	rep = must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	require.Zero(t, rep.Planned, "and then left alone")
}
