package engine

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

// After a mall's event notification, a push to that mall waits for the
// poll the notification asked for: the mall has sold units the engine has
// not applied, and a push computed now would repeat or overwrite them. The
// poll, once done, asks for the push, which then sends the quantity that
// counts the sale.
func TestPushWaitsForThePollANotificationAskedFor(t *testing.T) {
	ctx := context.Background()
	a := newBuyShop(t)
	h := teeHarness(t, a, a.ch)
	must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa"))

	a.srv.Advance(time.Minute)
	_, err := a.srv.Buy(rakutentest.Buy{Shop: "shopa", Item: "tee/m", Units: 1})
	require.NoError(t, err)
	a.srv.Advance(2 * time.Second)
	require.NoError(t, h.eng.Notified(ctx, "rakuten/shopa"))
	require.Equal(t, []string{"rakuten/shopa"}, h.sched.polls)
	require.NoError(t, h.ledger.SetOnHand(ctx, "TEE-M", 9, a.srv.Now())) // a sale elsewhere: the plan says 9, as the mall shows

	rep := must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	require.Zero(t, rep.Sent, "the push waits for the poll")
	h.sched.pushes = nil

	a.srv.Advance(time.Second)
	must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa"))
	require.Contains(t, h.sched.pushes, "rakuten/shopa", "the poll asks for the push that waited")
	rep = must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	require.Equal(t, 1, rep.Pushed)
	require.Equal(t, 8, shown(t, a), "9 on hand less the sale")
	require.Zero(t, a.srv.Stats()["shopa"].NoopPushes)
}
