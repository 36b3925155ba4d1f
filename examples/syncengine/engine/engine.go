package engine

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/mallkit/mallkit/stock"
)

// Engine holds what every task needs: the ledger, the engine's state, the
// channels and a clock. Its task methods (Poll, Push, Sweep, Receive,
// Upload, Health) are plain functions of the current state: River's workers
// call them, and so can a discrete-event simulation with its own clock and
// Scheduler.
type Engine struct {
	ledger   Ledger
	state    *State
	channels map[string]Channel
	hubs     map[string]Hub
	order    []string // sales channel names, sorted
	listings []stock.Listing
	skus     skuIndex // the listings' SKUs by item and channels by SKU
	sched    Scheduler
	now      func() time.Time
	log      *slog.Logger
	rules    ImportRules
	metrics  *Metrics
	txLedger bool // the ledger is a SQL store in the state's database

	sale []SaleWindow

	// shownMu, when the ledger cannot join the state's transactions,
	// serializes the writes of confirmed quantities (a poll's guess, a
	// push's in-flight mark and confirmation), which then take two steps.
	shownMu sync.Mutex

	mu         sync.Mutex
	lastImport map[string]time.Time // per channel
	saleState  *string              // the quotas last put; nil before the first sweep
	onApplied  func(channel string, o RemoteOrder, at time.Time)
	// check reads what a mall shows before each push (Options.CheckShownBeforePush).
	check shownCheck
	// clockSkew is Options.ClockSkew.
	clockSkew time.Duration
}

// Scheduler is how a task asks for follow-up work. The River scheduler
// inserts unique jobs (in tx when it is not nil, so the job exists iff the
// transaction commits); a simulation queues events.
type Scheduler interface {
	// Push asks for push(channel) of each channel soon.
	Push(ctx context.Context, tx *sql.Tx, channels ...string) error
	// PollNow asks for poll(channel) at once (a notification arrived).
	PollNow(ctx context.Context, channel string) error
}

// Options configures New.
type Options struct {
	Ledger   Ledger
	State    *State
	Channels []Channel
	Hubs     []Hub
	// Listings are the listings the config names; New puts them into the
	// ledger.
	Listings  []stock.Listing
	Scheduler Scheduler
	Now       func() time.Time // nil: time.Now
	Logger    *slog.Logger     // nil: discard
	Rules     ImportRules
	// Sale are the sale windows whose quotas the sweep applies.
	Sale []SaleWindow
	// SharedTx says the ledger is a *stock.Ledger on a SQL store in the
	// state's database: ledger writes, the engine's records and the
	// follow-up jobs then commit in one transaction.
	SharedTx bool
	// OnApplied, when set, is called after each order state is committed
	// (the demo measures propagation with it).
	OnApplied func(channel string, o RemoteOrder, at time.Time)
	// CheckShownBeforePush reads, before each push to a channel that can
	// read its mall's quantities (Shower), what the mall shows for the
	// batch, and holds back the items the mall changed by itself since the
	// last confirmation (sales not polled yet), asking for the channel's
	// poll at once. Channels whose reads have a budget of their own
	// (SeparateReadBudget: Yahoo) do this without the option; for the
	// others (Rakuten: one license key for every call) it costs a read call
	// per push while a notification is newer than the channel's last poll
	// (always, for a channel without notifications). It removes most no-op
	// pushes and pushes that would overwrite a sale the engine has not
	// seen, at the price of slower propagation when the budget is short (a
	// flash sale), and lets the sweep repair listings whose mall quantity
	// drifted (see verifyShown). Off by default.
	CheckShownBeforePush bool
	// ClockSkew is how far the malls' order stamps may be off the engine's
	// clock (0: DefaultClockSkew). A sale stamped within it of a push's
	// window counts as in the window: the listing is read (or pushed again)
	// rather than guessed.
	ClockSkew time.Duration
}

// New checks opts and puts the listings into the ledger.
func New(ctx context.Context, opts Options) (*Engine, error) {
	if opts.Ledger == nil || opts.State == nil {
		return nil, fmt.Errorf("engine: %w: Ledger and State are required", ErrInvalidInput)
	}
	e := &Engine{
		ledger:     opts.Ledger,
		state:      opts.State,
		channels:   map[string]Channel{},
		hubs:       map[string]Hub{},
		listings:   opts.Listings,
		sched:      opts.Scheduler,
		now:        opts.Now,
		log:        opts.Logger,
		rules:      opts.Rules,
		metrics:    newMetrics(),
		txLedger:   opts.SharedTx,
		lastImport: map[string]time.Time{},
		sale:       opts.Sale,
		onApplied:  opts.OnApplied,
	}
	e.check.on = opts.CheckShownBeforePush
	e.clockSkew = cmp.Or(opts.ClockSkew, DefaultClockSkew)
	if _, ok := opts.Ledger.(txBinder); opts.SharedTx && !ok {
		return nil, fmt.Errorf("engine: %w: SharedTx needs a ledger with WithTx", ErrInvalidInput)
	}
	if e.now == nil {
		e.now = time.Now
	}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	if e.sched == nil {
		e.sched = nopScheduler{}
	}
	for _, c := range opts.Channels {
		if _, dup := e.channels[c.Name()]; dup {
			return nil, fmt.Errorf("engine: %w: channel %s configured twice", ErrInvalidInput, c.Name())
		}
		e.channels[c.Name()] = c
		e.order = append(e.order, c.Name())
	}
	sort.Strings(e.order)
	for _, h := range opts.Hubs {
		e.hubs[h.Name()] = h
	}
	e.skus = newSKUIndex(opts.Listings, func(ch string) bool { return e.channels[ch] != nil })
	if err := e.ledger.PutListings(ctx, opts.Listings...); err != nil {
		return nil, fmt.Errorf("engine: put listings: %w", err)
	}
	return e, nil
}

// SetScheduler replaces the scheduler (the River client is built after the
// engine it runs).
func (e *Engine) SetScheduler(s Scheduler) { e.sched = s }

// Channels lists the sales channels' names, sorted.
func (e *Engine) Channels() []string { return append([]string(nil), e.order...) }

// HubNames lists the hubs' names, sorted.
func (e *Engine) HubNames() []string {
	var out []string
	for n := range e.hubs {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Metrics returns the engine's counters.
func (e *Engine) Metrics() *Metrics { return e.metrics }

// State returns the engine's state.
func (e *Engine) State() *State { return e.state }

// Ledger returns the engine's ledger.
func (e *Engine) Ledger() Ledger { return e.ledger }

// Listings returns the configured listings.
func (e *Engine) Listings() []stock.Listing { return e.listings }

// ErrInvalidInput is returned for a bad configuration or argument.
var ErrInvalidInput = errors.New("engine: invalid input")

// ErrUnknownChannel is returned by a task for a channel the engine does not have.
var ErrUnknownChannel = errors.New("engine: unknown channel")

// nopScheduler drops follow-up requests (the sweep still finds the work).
type nopScheduler struct{}

func (nopScheduler) Push(context.Context, *sql.Tx, ...string) error { return nil }
func (nopScheduler) PollNow(context.Context, string) error          { return nil }

// txBinder is a ledger that can work inside the caller's transaction.
type txBinder interface {
	WithTx(tx *sql.Tx) *stock.Ledger
}

// ledgerIn returns the ledger bound to tx, or nil when the ledger cannot
// join the state's transactions (then it is written before them: it is
// idempotent, so a crash in between only repeats a write).
func (e *Engine) ledgerIn(tx *sql.Tx) Ledger {
	if !e.txLedger {
		return nil
	}
	if b, ok := e.ledger.(txBinder); ok {
		return b.WithTx(tx)
	}
	return nil
}

// inTx runs fn in a transaction and commits it. fn must not call a mall
// or the ledger (with one SQLite connection that would wait for itself).
// On PostgreSQL a transaction that another process's deadlocked or failed
// to serialize is run again (see retryTx).
func (e *Engine) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return retryTx(ctx, func() error { return e.inTxOnce(ctx, fn) })
}

func (e *Engine) inTxOnce(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := e.state.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("engine: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("engine: commit: %w", err)
	}
	return nil
}
