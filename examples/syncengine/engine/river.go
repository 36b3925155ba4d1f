package engine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivertype"
)

// The River job kinds. Each job's work is one Engine task; the workers
// only decide when the job runs next.
type (
	// PollArgs is poll(channel): one unique job per channel that snoozes
	// itself for the poll interval, so its schedule lives in the database
	// and survives restarts.
	PollArgs struct {
		Channel string `json:"channel" river:"unique"`
	}
	// PushArgs is push(channel): unique per channel while waiting or
	// running; it snoozes itself with no delay while work is left.
	PushArgs struct {
		Channel string `json:"channel" river:"unique"`
	}
	// ReceiveArgs is receive(hub) of one file kind ("stock", "shipments").
	ReceiveArgs struct {
		Hub  string `json:"hub" river:"unique"`
		What string `json:"what" river:"unique"`
	}
	// UploadArgs is upload(hub).
	UploadArgs struct {
		Hub string `json:"hub" river:"unique"`
	}
	// HealthArgs is the credential check.
	HealthArgs struct{}
	// SweepArgs is the periodic sweep.
	SweepArgs struct{}
)

func (PollArgs) Kind() string    { return "mallkit_poll" }
func (PushArgs) Kind() string    { return "mallkit_push" }
func (ReceiveArgs) Kind() string { return "mallkit_receive" }
func (UploadArgs) Kind() string  { return "mallkit_upload" }
func (HealthArgs) Kind() string  { return "mallkit_health" }
func (SweepArgs) Kind() string   { return "mallkit_sweep" }

// uniqueOpts makes a job unique by its arguments among the jobs that are
// waiting or running. completed is left out on purpose: with it, a finished
// job would block its twin until River's cleaner removed it (24 hours).
var uniqueOpts = river.UniqueOpts{
	ByArgs: true,
	ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
		rivertype.JobStateRetryable, rivertype.JobStateScheduled,
	},
}

func insertOpts() *river.InsertOpts { return &river.InsertOpts{UniqueOpts: uniqueOpts} }

// Runner runs an Engine's tasks as River jobs on the engine's database.
type Runner struct {
	eng      *Engine
	schedule Schedule
	client   *river.Client[*sql.Tx]
	log      *slog.Logger
	db       *sql.DB
	driver   riverdriver.Driver[*sql.Tx]
	settings runnerSettings
}

// MigrateRiver creates or migrates River's tables in db (see Migrate).
func MigrateRiver(ctx context.Context, db *sql.DB) error { return migrateRiver(ctx, db) }

// NewRunner builds the River client for eng on db (already migrated with
// MigrateRiver) and makes it eng's scheduler.
// On PostgreSQL (a db from OpenPostgres) the client is riverdatabasesql
// over the same *sql.DB, in the DSN's schema; see RunnerOption for the
// settings of several processes.
func NewRunner(eng *Engine, db *sql.DB, s Schedule, logger *slog.Logger, opts ...RunnerOption) (*Runner, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	r := &Runner{eng: eng, schedule: s, log: logger}
	workers := river.NewWorkers()
	river.AddWorker(workers, &pollWorker{r: r})
	river.AddWorker(workers, &pushWorker{r: r})
	river.AddWorker(workers, &receiveWorker{r: r})
	river.AddWorker(workers, &uploadWorker{r: r})
	river.AddWorker(workers, &healthWorker{r: r})
	river.AddWorker(workers, &sweepWorker{r: r})
	sweep := s.Sweep
	if sweep <= 0 {
		sweep = DefaultSchedule().Sweep
	}
	cfg := &river.Config{
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 4 + 2*len(eng.order)}},
		Workers:           workers,
		FetchPollInterval: 100 * time.Millisecond,
		FetchCooldown:     20 * time.Millisecond,
		Logger:            logger.With("component", "river"),
		PeriodicJobs: []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(sweep),
			func() (river.JobArgs, *river.InsertOpts) { return SweepArgs{}, insertOpts() },
			&river.PeriodicJobOpts{RunOnStart: true})},
	}
	var err error
	if r.settings, err = applyRunnerOptions(cfg, db, opts); err != nil {
		return nil, err
	}
	r.db = db
	r.driver = riverDriver(db)
	client, err := river.NewClient(r.driver, cfg)
	if err != nil {
		return nil, fmt.Errorf("engine: river client: %w", err)
	}
	r.client = client
	eng.SetScheduler(r)
	return r, nil
}

// Start starts working jobs and makes sure every recurring job exists
// (unique: a restart finds the ones already scheduled and adds none).
func (r *Runner) Start(ctx context.Context) error {
	if n, err := rescueOrphans(ctx, r.db, r.driver); err != nil {
		return err
	} else if n > 0 {
		r.log.Warn("jobs left running by an ended process made available again", "jobs", n)
	}
	if err := r.client.Start(ctx); err != nil {
		return fmt.Errorf("engine: start river: %w", err)
	}
	var ps []river.InsertManyParams
	add := func(a river.JobArgs) { ps = append(ps, river.InsertManyParams{Args: a, InsertOpts: insertOpts()}) }
	add(HealthArgs{})
	for _, ch := range r.eng.order {
		add(PollArgs{Channel: ch})
		add(PushArgs{Channel: ch})
	}
	for _, h := range r.eng.HubNames() {
		add(ReceiveArgs{Hub: h, What: "stock"})
		add(ReceiveArgs{Hub: h, What: "shipments"})
		add(UploadArgs{Hub: h})
	}
	// Processes starting together insert the same unique jobs: PostgreSQL
	// may cancel one of them as a deadlock; it is simply run again.
	err := retryTx(ctx, func() error { _, err := r.client.InsertMany(ctx, ps); return err })
	if err != nil {
		return fmt.Errorf("engine: insert recurring jobs: %w", err)
	}
	return nil
}

// Stop stops fetching jobs and waits for the running ones to finish.
func (r *Runner) Stop(ctx context.Context) error { return r.client.Stop(ctx) }

// Client is the River client (for tests and tools).
func (r *Runner) Client() *river.Client[*sql.Tx] { return r.client }

// Push implements Scheduler: unique push jobs, in tx when given.
func (r *Runner) Push(ctx context.Context, tx *sql.Tx, channels ...string) error {
	if len(channels) == 0 {
		return nil
	}
	ps := make([]river.InsertManyParams, len(channels))
	for i, ch := range channels {
		ps[i] = river.InsertManyParams{Args: PushArgs{Channel: ch}, InsertOpts: insertOpts()}
	}
	var err error
	if tx != nil {
		_, err = r.client.InsertManyTx(ctx, tx, ps)
	} else {
		_, err = r.client.InsertMany(ctx, ps)
	}
	if err != nil {
		return fmt.Errorf("engine: insert push jobs: %w", err)
	}
	return nil
}

// PollNow implements Scheduler: the channel's poll job, waiting for its
// next interval, is made available at once (or inserted if missing).
func (r *Runner) PollNow(ctx context.Context, channel string) error {
	res, err := r.client.Insert(ctx, PollArgs{Channel: channel}, insertOpts())
	if err != nil {
		return fmt.Errorf("engine: insert poll %s: %w", channel, err)
	}
	if res.UniqueSkippedAsDuplicate && res.Job.State == rivertype.JobStateScheduled {
		if _, err := r.client.JobRetry(ctx, res.Job.ID); err != nil {
			return fmt.Errorf("engine: wake poll %s: %w", channel, err)
		}
	}
	return nil
}

type pollWorker struct {
	river.WorkerDefaults[PollArgs]
	r *Runner
}

// Work polls and snoozes until the next interval counted from the start
// of this poll, whatever happened: a failed poll (mall down, credential
// refused) is logged and tried again at the next interval, and never stops
// the other channels.
func (w *pollWorker) Work(ctx context.Context, job *river.Job[PollArgs]) error {
	start, engStart := time.Now(), w.r.eng.now()
	if err := w.r.eng.state.pollStarted(ctx, job.Args.Channel, w.r.settings.id, start); err != nil {
		return err
	}
	rep, err := w.r.eng.Poll(ctx, job.Args.Channel)
	if err != nil {
		w.r.log.Error("poll failed", "channel", job.Args.Channel, "err", err)
	}
	// The end is recorded even when the job's own time ran out (ctx is
	// done): a live process's poll left without one would overlap every
	// later poll of the channel in the poll log.
	endCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), pollEndTimeout)
	defer cancel()
	if err := w.r.eng.state.pollEnded(endCtx, job.Args.Channel, w.r.settings.id, start, time.Now()); err != nil {
		return err
	}
	if err == nil && rep.More {
		return river.JobSnooze(0) // a bounded poll left orders: read on at once
	}
	if again, err := w.r.eng.PollAgain(endCtx, job.Args.Channel, engStart); err == nil && again {
		return river.JobSnooze(0) // a notification came while it ran
	}
	return river.JobSnooze(max(0, w.r.schedule.PollEvery(w.r.eng.now())-time.Since(start)))
}

// pollEndTimeout bounds the write of a poll's end after its job's time ran
// out; River rescues the job only 5 s later (see jobTime).
const pollEndTimeout = 3 * time.Second

// Timeout gives a poll more than River's default minute: a poll reads a
// bounded number of orders, but each mall call may wait for its rate limit.
func (w *pollWorker) Timeout(*river.Job[PollArgs]) time.Duration {
	return w.r.settings.jobTime(5 * time.Minute)
}

type pushWorker struct {
	river.WorkerDefaults[PushArgs]
	r *Runner
}

// Work pushes one batch and runs again at once while work is left, or
// after the channel's pace once it pushed something, so that a change
// committed while it ran is not missed (an insert while it runs is
// skipped as a duplicate).
func (w *pushWorker) Work(ctx context.Context, job *river.Job[PushArgs]) error {
	rep, err := w.r.eng.Push(ctx, job.Args.Channel)
	if err != nil {
		// The sweep asks for this push again while anything is planned:
		// no River retry (with its growing backoff) is needed.
		w.r.log.Error("push failed", "channel", job.Args.Channel, "err", err)
		return nil
	}
	switch {
	case rep.More:
		return river.JobSnooze(0)
	case rep.Pushed > 0:
		return river.JobSnooze(w.r.eng.PushPace(job.Args.Channel))
	}
	return nil
}

type receiveWorker struct {
	river.WorkerDefaults[ReceiveArgs]
	r *Runner
}

func (w *receiveWorker) Work(ctx context.Context, job *river.Job[ReceiveArgs]) error {
	every := w.r.schedule.ReceiveStock
	var err error
	switch job.Args.What {
	case "stock": // product files come with the stock files' job
		_, err = w.r.eng.ReceiveStock(ctx, job.Args.Hub)
		_, perr := w.r.eng.ReceiveProducts(ctx, job.Args.Hub)
		err = errors.Join(err, perr)
	case "shipments":
		every = w.r.schedule.ReceiveShipments
		_, err = w.r.eng.ReceiveShipments(ctx, job.Args.Hub)
	default:
		return fmt.Errorf("engine: unknown receive kind %q", job.Args.What)
	}
	if err != nil {
		w.r.log.Error("receive failed", "hub", job.Args.Hub, "what", job.Args.What, "err", err)
	}
	return river.JobSnooze(every)
}

type uploadWorker struct {
	river.WorkerDefaults[UploadArgs]
	r *Runner
}

func (w *uploadWorker) Work(ctx context.Context, job *river.Job[UploadArgs]) error {
	if _, err := w.r.eng.Upload(ctx, job.Args.Hub); err != nil {
		w.r.log.Error("upload failed", "hub", job.Args.Hub, "err", err)
	}
	return river.JobSnooze(w.r.schedule.Upload)
}

// healthWorker runs the daily credential check and prunes old closed
// orders.
type healthWorker struct {
	river.WorkerDefaults[HealthArgs]
	r *Runner
}

func (w *healthWorker) Work(ctx context.Context, job *river.Job[HealthArgs]) error {
	if _, err := w.r.eng.Health(ctx); err != nil {
		w.r.log.Error("credential check failed", "err", err)
	}
	if n, err := w.r.eng.Prune(ctx); err != nil {
		w.r.log.Error("prune failed", "err", err)
	} else if n > 0 {
		w.r.log.Info("pruned closed orders", "orders", n)
	}
	return river.JobSnooze(w.r.schedule.Health)
}

type sweepWorker struct {
	river.WorkerDefaults[SweepArgs]
	r *Runner
}

func (w *sweepWorker) Work(ctx context.Context, job *river.Job[SweepArgs]) error {
	_, err := w.r.eng.Sweep(ctx)
	return err
}
