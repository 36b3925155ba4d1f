package engine

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/stock"
)

func startRunner(t *testing.T, h *harness, s Schedule) *Runner {
	t.Helper()
	ctx := context.Background()
	require.NoError(t, MigrateRiver(ctx, h.db))
	r, err := NewRunner(h.eng, h.db, s, nil)
	require.NoError(t, err)
	require.NoError(t, r.Start(ctx))
	t.Cleanup(func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		r.Stop(stopCtx)
	})
	return r
}

func jobs(t *testing.T, r *Runner, kind string) []*rivertype.JobRow {
	t.Helper()
	res, err := r.Client().JobList(context.Background(), river.NewJobListParams().Kinds(kind).First(100))
	require.NoError(t, err)
	return res.Jobs
}

// Each channel has exactly one poll job. It snoozes itself for the poll
// interval, so its next run is in the database: a restarted engine finds
// it scheduled and adds no second one. A notification wakes it at once.
func TestPollJobIsUniqueAndSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	rules := DefaultImportRules()
	a := newShop(t, "shopa", rules)
	h := newHarness(t, harnessOpts{channels: []Channel{a.ch},
		listings: []stock.Listing{listing("rakuten/shopa", "tee/m", "TEE-M")},
		onHand:   map[string]int{"TEE-M": 3}, rules: rules, now: a.srv.Now})
	s := DefaultSchedule()
	s.Poll = time.Hour
	r := startRunner(t, h, s)
	require.Eventually(t, func() bool {
		js := jobs(t, r, PollArgs{}.Kind())
		return len(js) == 1 && js[0].State == rivertype.JobStateScheduled
	}, 10*time.Second, 20*time.Millisecond)
	first := jobs(t, r, PollArgs{}.Kind())[0]
	require.WithinDuration(t, time.Now().Add(time.Hour), first.ScheduledAt, time.Minute)
	require.NoError(t, r.Stop(ctx))

	r2 := startRunner(t, h, s)
	js := jobs(t, r2, PollArgs{}.Kind())
	require.Len(t, js, 1, "a restart must not add a second poller")
	require.Equal(t, first.ID, js[0].ID)
	require.Equal(t, first.ScheduledAt, js[0].ScheduledAt)

	polls := h.eng.Metrics().Snapshot()["rakuten/shopa"].Polls
	require.NoError(t, r2.PollNow(ctx, "rakuten/shopa"))
	require.Eventually(t, func() bool {
		return h.eng.Metrics().Snapshot()["rakuten/shopa"].Polls > polls
	}, 10*time.Second, 20*time.Millisecond)
	require.Len(t, jobs(t, r2, PollArgs{}.Kind()), 1)
}

// With River running, an order on one shop reaches the other shop's shown
// quantity without waiting for a poll or sweep interval of the other shop.
func TestRunnerPropagatesAnOrder(t *testing.T) {
	rules := DefaultImportRules()
	a, b := newShop(t, "shopa", rules), newShop(t, "shopb", rules)
	h := newHarness(t, harnessOpts{channels: []Channel{a.ch, b.ch},
		listings: []stock.Listing{listing("rakuten/shopa", "tee/m", "TEE-M"), listing("rakuten/shopb", "tee/m", "TEE-M")},
		onHand:   map[string]int{"TEE-M": 10}, rules: rules, now: a.srv.Now})
	s := DefaultSchedule()
	s.Poll = 200 * time.Millisecond
	s.Sweep = time.Hour
	startRunner(t, h, s)
	require.Eventually(t, func() bool {
		n, ok := b.srv.Inventory("tee", "m")
		return ok && n == 10
	}, 10*time.Second, 20*time.Millisecond)
	a.order("100001-20260105-0000000001", time.Minute, "tee", "m", 4)
	require.Eventually(t, func() bool {
		n, _ := b.srv.Inventory("tee", "m")
		return n == 6
	}, 10*time.Second, 20*time.Millisecond)
}
