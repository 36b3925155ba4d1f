package engine

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A notification that arrives while the channel's poll runs cannot insert
// another poll (the job is unique); the running poll, when it ends, runs
// again at once instead of waiting for its interval.
func TestANotificationDuringAPollRunsItAgain(t *testing.T) {
	ctx := context.Background()
	a := newBuyShop(t)
	h := teeHarness(t, a, a.ch)
	start := a.srv.Now()
	again, err := h.eng.PollAgain(ctx, "rakuten/shopa", start)
	require.NoError(t, err)
	require.False(t, again, "no notification yet")

	a.srv.Advance(time.Second)
	require.NoError(t, h.eng.Notified(ctx, "rakuten/shopa"))
	again, err = h.eng.PollAgain(ctx, "rakuten/shopa", start)
	require.NoError(t, err)
	require.True(t, again, "notified while the poll that started at start ran")

	a.srv.Advance(time.Second)
	again, err = h.eng.PollAgain(ctx, "rakuten/shopa", a.srv.Now())
	require.NoError(t, err)
	require.False(t, again, "a poll that started after the notification covers it")
}
