package engine

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivertype"

	"github.com/mallkit/mallkit/stock"
)

// RunnerOption tunes NewRunner.
type RunnerOption func(*runnerSettings) error

type runnerSettings struct {
	workers     int
	rescueAfter time.Duration
	id          string
}

// WithWorkers sets how many jobs this process works at once (the -workers
// flag; default 4 plus 2 per channel). On PostgreSQL the pool needs a
// connection per worker plus a few for River: see pool_max_conns.
func WithWorkers(n int) RunnerOption {
	return func(s *runnerSettings) error {
		if n < 1 || n > 10000 {
			return fmt.Errorf("engine: %w: workers %d: want 1 to 10000", ErrInvalidInput, n)
		}
		s.workers = n
		return nil
	}
}

// DefaultRescueAfter is how long a job may stay "running" before River's
// leader takes it to have lost its process and runs it again elsewhere:
// longer than the longest job may run (MaxJobTime), so a job that is
// merely slow is never run twice at once.
const DefaultRescueAfter = MaxJobTime + time.Minute

// MaxJobTime bounds every job of a runner whose RescueAfter is shorter
// than the workers' own timeouts: a job is cancelled before River could
// rescue it, so no two processes ever run the same job.
const MaxJobTime = 5 * time.Minute

// WithRescueAfter sets River's RescueStuckJobsAfter. The takeover time of
// a job whose process was killed is RescueAfter, plus up to 30 s until the
// leader's rescuer next runs (and, when the killed process was the leader,
// up to River's leadership TTL of about 10 s), plus the retry delay (at most
// MaxRetryDelay). Every job is given at most RescueAfter - 5 s to run.
func WithRescueAfter(d time.Duration) RunnerOption {
	return func(s *runnerSettings) error {
		if d < 10*time.Second {
			return fmt.Errorf("engine: %w: rescue after %s: want at least 10s", ErrInvalidInput, d)
		}
		s.rescueAfter = d
		return nil
	}
}

// WithProcessID names this process in River (its client ID, shown in the
// River UI) and in the poll log (engine_poll_run). Default: host and pid.
func WithProcessID(id string) RunnerOption {
	return func(s *runnerSettings) error {
		if id == "" || len(id) > 100 {
			return fmt.Errorf("engine: %w: process id %q: want 1 to 100 bytes", ErrInvalidInput, id)
		}
		s.id = id
		return nil
	}
}

// MaxRetryDelay caps River's retry delay for the engine's jobs. River's
// default grows with the fourth power of the job's errors, which a
// self-snoozing job accumulates over its whole life (every rescue after a
// crash adds one): after a few crashes a poll would wait for hours.
const MaxRetryDelay = 30 * time.Second

// cappedRetry is River's default retry policy with MaxRetryDelay.
type cappedRetry struct{ river.DefaultClientRetryPolicy }

func (p *cappedRetry) NextRetry(job *rivertype.JobRow) time.Time {
	at := p.DefaultClientRetryPolicy.NextRetry(job)
	if limit := time.Now().Add(MaxRetryDelay); at.After(limit) {
		return limit
	}
	return at
}

// applyRunnerOptions sets what depends on the database and the options in
// River's config, and returns the settings.
func applyRunnerOptions(cfg *river.Config, db *sql.DB, opts []RunnerOption) (runnerSettings, error) {
	s := runnerSettings{id: defaultProcessID()}
	for _, o := range opts {
		if err := o(&s); err != nil {
			return s, err
		}
	}
	cfg.ID = s.id
	cfg.Schema = riverSchema(db)
	cfg.PollOnly = riverPollOnly(db)
	cfg.RetryPolicy = &cappedRetry{}
	if s.workers > 0 {
		q := cfg.Queues[river.QueueDefault]
		q.MaxWorkers = s.workers
		cfg.Queues[river.QueueDefault] = q
	}
	if DialectOf(db) == stock.Postgres && s.rescueAfter == 0 {
		s.rescueAfter = DefaultRescueAfter
	}
	if s.rescueAfter > 0 {
		cfg.RescueStuckJobsAfter = s.rescueAfter
		cfg.JobTimeout = min(MaxJobTime, s.rescueAfter-5*time.Second)
	}
	return s, nil
}

// jobTime is how long a worker with its own timeout (want) may run under
// the runner's rescue setting.
func (s runnerSettings) jobTime(want time.Duration) time.Duration {
	if s.rescueAfter > 0 {
		return min(want, s.rescueAfter-5*time.Second)
	}
	return want
}

// rescueOrphans makes the jobs a killed process left "running" available
// again. Only on SQLite, where one engine process owns the database, so a
// running job at start has no process: River's rescuer would otherwise
// leave it (and its channel's unique poll) stuck for RescueStuckJobsAfter
// (an hour by default). On PostgreSQL other processes may be running those
// jobs; River's leader rescues them after RescueAfter.
func rescueOrphans(ctx context.Context, db *sql.DB, drv riverdriver.Driver[*sql.Tx]) (int, error) {
	if DialectOf(db) != stock.SQLite {
		return 0, nil
	}
	exec := drv.GetExecutor()
	now := time.Now().UTC()
	stuck, err := exec.JobGetStuck(ctx, &riverdriver.JobGetStuckParams{Max: 10000, StuckHorizon: now.Add(time.Second)})
	if err != nil {
		return 0, fmt.Errorf("engine: find jobs left running: %w", err)
	}
	if len(stuck) == 0 {
		return 0, nil
	}
	p := &riverdriver.JobRescueManyParams{StuckHorizon: now.Add(time.Second)}
	for _, j := range stuck {
		msg, err := json.Marshal(rivertype.AttemptError{At: now, Attempt: max(j.Attempt, 0),
			Error: "the engine process ended while this job ran; made available again at start"})
		if err != nil {
			return 0, err
		}
		p.ID = append(p.ID, j.ID)
		p.Error = append(p.Error, msg)
		p.FinalizedAt = append(p.FinalizedAt, nil)
		p.ScheduledAt = append(p.ScheduledAt, now)
		p.State = append(p.State, string(rivertype.JobStateAvailable))
	}
	if _, err := exec.JobRescueMany(ctx, p); err != nil {
		return 0, fmt.Errorf("engine: make jobs left running available: %w", err)
	}
	return len(stuck), nil
}
