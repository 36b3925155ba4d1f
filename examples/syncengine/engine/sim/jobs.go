package sim

import (
	"context"
	"database/sql"
	"log/slog"
	"time"

	"github.com/mallkit/mallkit/examples/syncengine/engine"
)

// jobState is where a job is in River's life cycle, as far as uniqueness
// cares: a unique job cannot be inserted while its twin waits or runs.
type jobState int

const (
	jobIdle      jobState = iota // completed (or never inserted)
	jobScheduled                 // available or scheduled
	jobRunning
)

// job is one of River's unique jobs (poll(channel), push(channel), sweep),
// replayed on the virtual clock with River's semantics: inserting it while
// it waits or runs does nothing, waking a scheduled poll makes it available
// at once (JobRetry), and its worker's return decides when it runs next
// (JobSnooze(d), completion, or a retry after an error).
type job struct {
	name    string
	state   jobState
	at      time.Time
	gen     int // invalidates a superseded schedule
	attempt int // failed attempts in a row
	// work runs the task; again is when it wants to run next (the worker's
	// JobSnooze), ok false when it completed.
	work func(ctx context.Context) (again time.Duration, ok bool, err error)
}

// jobs runs the engine's tasks as River's workers would.
type jobs struct {
	ctx   context.Context
	clock *Clock
	log   *slog.Logger
	// event says whether pushes and notifications trigger jobs (the
	// engine); the baseline only runs on its fixed cadence.
	event  bool
	polls  map[string]*job
	pushes map[string]*job
	failed int
	// stopped starts no more jobs (the end of the run); running ones finish.
	stopped bool
	// workers bounds the jobs running at once (River's MaxWorkers; 0: no
	// bound). A job that comes due while every worker is busy waits in
	// ready, in the order the jobs came due, for a worker to finish (River
	// fetches the available jobs oldest first).
	workers int
	running int
	ready   []readyJob
}

// readyJob is a job that came due while every worker was busy, with the
// schedule it came due on.
type readyJob struct {
	j   *job
	gen int
}

func newJobs(ctx context.Context, clock *Clock, log *slog.Logger, event bool, workers int) *jobs {
	return &jobs{ctx: ctx, clock: clock, log: log, event: event, polls: map[string]*job{}, pushes: map[string]*job{},
		workers: workers}
}

// insert inserts j to run at t: nothing when it already waits or runs,
// except that an earlier time moves a waiting job forward.
func (js *jobs) insert(j *job, t time.Time) {
	switch j.state {
	case jobRunning:
		return
	case jobScheduled:
		if !t.Before(j.at) {
			return
		}
	}
	js.schedule(j, t)
}

func (js *jobs) schedule(j *job, t time.Time) {
	j.state, j.at = jobScheduled, t
	j.gen++
	gen := j.gen
	js.clock.At(t, func() {
		if j.gen != gen || j.state != jobScheduled || js.stopped {
			return
		}
		if js.workers > 0 && js.running >= js.workers {
			js.ready = append(js.ready, readyJob{j, gen})
			return
		}
		js.start(j)
	})
}

// startReady gives a free worker to the job that has waited longest.
func (js *jobs) startReady() {
	for len(js.ready) > 0 && !js.stopped {
		r := js.ready[0]
		js.ready[0] = readyJob{}
		js.ready = js.ready[1:]
		if r.j.gen == r.gen && r.j.state == jobScheduled {
			js.start(r.j)
			return
		}
	}
}

// start runs j as a task; when it returns, j is rescheduled as its worker
// asked, or retried with River's default backoff (attempt⁴ seconds) after
// an error.
func (js *jobs) start(j *job) {
	j.state = jobRunning
	js.running++
	var (
		again time.Duration
		ok    bool
		err   error
	)
	js.clock.Go(js.ctx, func(ctx context.Context) {
		again, ok, err = j.work(ctx)
	}, func() {
		j.state = jobIdle
		js.running--
		now := js.clock.Now()
		switch {
		case err != nil:
			js.failed++
			j.attempt++
			js.log.Debug("job failed", "job", j.name, "attempt", j.attempt, "err", err)
			backoff := time.Duration(j.attempt*j.attempt*j.attempt*j.attempt) * time.Second
			js.schedule(j, now.Add(backoff))
		case ok:
			j.attempt = 0
			js.schedule(j, now.Add(again))
		default:
			j.attempt = 0
		}
		js.startReady()
	})
}

// Push implements engine.Scheduler: a push job per channel, coalesced.
func (js *jobs) Push(_ context.Context, _ *sql.Tx, channels ...string) error {
	if !js.event {
		return nil
	}
	for _, ch := range channels {
		if j := js.pushes[ch]; j != nil {
			js.insert(j, js.clock.Now())
		}
	}
	return nil
}

// PollNow implements engine.Scheduler: a waiting poll runs at once; a
// running one is left alone (River skips the duplicate insert) and runs
// again when it ends (engine.PollAgain).
func (js *jobs) PollNow(_ context.Context, channel string) error {
	if !js.event {
		return nil
	}
	if j := js.polls[channel]; j != nil {
		js.insert(j, js.clock.Now())
	}
	return nil
}

// addChannel creates the poll and push jobs of a channel the way the
// engine's River workers define them: a poll runs every interval from the
// start of the previous one, at once again when it left orders unread; a
// push runs again at once while it made progress.
func (js *jobs) addChannel(eng *engine.Engine, ch string, pollEvery func(time.Time) time.Duration) {
	js.polls[ch] = &job{name: "poll " + ch, work: func(ctx context.Context) (time.Duration, bool, error) {
		start := js.clock.Now()
		rep, err := eng.Poll(ctx, ch)
		if err != nil {
			js.log.Debug("poll failed", "channel", ch, "err", err)
			js.failed++
		}
		if err == nil && rep.More {
			return 0, true, nil
		}
		if again, err := eng.PollAgain(ctx, ch, start); err == nil && again && js.event {
			return 0, true, nil // a notification came while it ran
		}
		return max(0, pollEvery(js.clock.Now())-js.clock.Now().Sub(start)), true, nil
	}}
	js.pushes[ch] = &job{name: "push " + ch, work: func(ctx context.Context) (time.Duration, bool, error) {
		rep, err := eng.Push(ctx, ch)
		if err != nil {
			return 0, false, err
		}
		return 0, rep.More || rep.Pushed > 0, nil
	}}
}

// every runs f as a task at start and then every d (River's periodic
// jobs; the sweep).
func (js *jobs) every(name string, start time.Time, d time.Duration, f func(ctx context.Context) error) {
	j := &job{name: name}
	j.work = func(ctx context.Context) (time.Duration, bool, error) {
		if err := f(ctx); err != nil {
			js.log.Debug("periodic job failed", "job", name, "err", err)
			js.failed++
		}
		return d, true, nil
	}
	js.schedule(j, start)
}
