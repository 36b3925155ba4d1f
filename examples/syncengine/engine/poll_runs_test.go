package engine

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestOverlappingPolls(t *testing.T) {
	t0 := time.Unix(1_800_000_000, 0)
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	runs := []PollRun{
		{Channel: "rakuten/a", Process: "p1", Started: at(0), Ended: at(1)},
		{Channel: "rakuten/a", Process: "p2", Started: at(1), Ended: at(2)}, // starts as the first ends: no overlap
		{Channel: "rakuten/a", Process: "p1", Started: at(3)},               // killed at 4
		{Channel: "rakuten/a", Process: "p2", Started: at(5), Ended: at(6)},
		{Channel: "rakuten/b", Process: "p1", Started: at(0), Ended: at(2)},
		{Channel: "rakuten/b", Process: "p2", Started: at(1), Ended: at(3)}, // overlaps the previous
	}
	killed := func(r PollRun) time.Time {
		if r.Process == "p1" {
			return at(4)
		}
		return time.Time{}
	}
	got := OverlappingPolls(runs, killed)
	require.Equal(t, [][2]PollRun{{runs[4], runs[5]}}, got)

	// Without the kill time, the killed poll lasts forever.
	got = OverlappingPolls(runs, nil)
	require.Equal(t, [][2]PollRun{{runs[2], runs[3]}, {runs[4], runs[5]}}, got)
}

func TestRunnerOptionsRefuseBadValues(t *testing.T) {
	var s runnerSettings
	require.ErrorIs(t, WithWorkers(0)(&s), ErrInvalidInput)
	require.ErrorIs(t, WithRescueAfter(time.Second)(&s), ErrInvalidInput)
	require.ErrorIs(t, WithProcessID("")(&s), ErrInvalidInput)
	require.NoError(t, WithRescueAfter(20*time.Second)(&s))
	require.Equal(t, 15*time.Second, s.jobTime(5*time.Minute), "a job ends 5 s before it could be rescued")
	require.Equal(t, 10*time.Second, s.jobTime(10*time.Second))
}

func TestConfigRunnerOptions(t *testing.T) {
	c := &Config{Postgres: &PostgresConfig{RescueAfter: Duration(5 * time.Second)}}
	_, err := c.RunnerOptions()
	var ce *ConfigError
	require.ErrorAs(t, err, &ce)
	require.Equal(t, "$.postgres.rescue_after", ce.Path)
	c.Postgres = &PostgresConfig{Workers: -1}
	_, err = c.RunnerOptions()
	require.ErrorAs(t, err, &ce)
	require.Equal(t, "$.postgres.workers", ce.Path)
	c.Postgres = &PostgresConfig{Workers: 8, RescueAfter: Duration(time.Minute)}
	opts, err := c.RunnerOptions()
	require.NoError(t, err)
	require.Len(t, opts, 2)

	require.Equal(t, "postgres://db/x", (&Config{State: "postgres://db/x"}).StateLocation())
	require.False(t, IsPostgres("state"))
	_, err = (&Config{}).UILogin()
	require.ErrorAs(t, err, &ce)
	require.Equal(t, "$.ui", ce.Path)
}
