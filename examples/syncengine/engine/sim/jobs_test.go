package sim

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// With one worker, jobs that come due together run one after the other in
// the order they came due, each starting when the previous one finishes
// on the virtual clock; without a limit they all start at once.
func TestJobsWaitForAFreeWorker(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		workers int
		want    []time.Duration
	}{
		{workers: 1, want: []time.Duration{0, 3 * time.Second, 6 * time.Second}},
		{workers: 2, want: []time.Duration{0, 0, 3 * time.Second}},
		{workers: 0, want: []time.Duration{0, 0, 0}},
	} {
		start := SaleStart
		clock := NewClock(start, nil)
		js := newJobs(context.Background(), clock, slog.New(slog.DiscardHandler), true, tc.workers)
		var started []time.Duration
		for range 3 {
			j := &job{work: func(ctx context.Context) (time.Duration, bool, error) {
				started = append(started, clock.Now().Sub(start))
				return 0, false, clock.Sleep(ctx, 3*time.Second)
			}}
			js.insert(j, start)
		}
		clock.RunUntil(start.Add(time.Minute))
		require.Equal(t, tc.want, started, "%d workers", tc.workers)
		require.Zero(t, js.running)
		require.Empty(t, js.ready)
	}
}
