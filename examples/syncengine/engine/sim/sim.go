// Package sim runs the sync engine on a virtual clock against the fake
// malls (rakutentest, yahootest) for a flash sale, so that hours of
// trading take seconds and the same seed gives the same run.
//
// The engine's own task functions (Engine.Poll, Engine.Push, Engine.Sweep)
// run unchanged. River is not used, because its timers are real; jobs
// instead follow River's semantics on the virtual clock (unique poll and
// push jobs per channel that snooze themselves, a notification waking a
// waiting poll, a periodic sweep), and tasks run as coroutines that give
// the turn back whenever a mall call waits. The fakes' business clocks and
// their rate limits (WithLimitsOnFakeClock) follow the virtual clock, and
// the SDK clients wait for their rate-limit slots on it (see pacer). The
// state is a real SQLite file with the stock ledger in it, as in
// production.
//
// Run measures the figures of the engine's -demo (orders, duplicate
// imports, oversold units, pushes, no-op pushes, throttled calls, API calls
// per channel and operation, propagation percentiles) and checks the
// invariants at the end of the run: every order allocated exactly once or
// released, and every mall showing what the ledger plans.
package sim

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver

	"github.com/mallkit/mallkit/examples/syncengine/engine"
	"github.com/mallkit/mallkit/stock"
)

// MallSpec is one shop in the simulation: Kind "rakuten" or "yahoo", its
// shop name, and its share of the buyers.
type MallSpec struct {
	Kind, Shop string
	Share      float64
}

// Config sizes a simulation. The zero value of a field means its default
// (DefaultConfig).
type Config struct {
	Orders   int           // orders the buyers try to place during the sale
	Duration time.Duration // how long the sale lasts
	SKUs     int           // SKUs, each listed on every mall
	HotSKUs  int           // SKUs that sell HotRate units a second each
	HotRate  float64
	Seed     int64
	// Notifications turns Rakuten's System Event Notifications on: each
	// order and cancel wakes the channel's poll NotifyDelay later.
	Notifications bool
	NotifyDelay   time.Duration
	// Drain is how long the run goes on after the sale (cancels come in up
	// to 25 minutes after an order); Hours, when longer than Duration +
	// Drain, is the whole run's length.
	Drain time.Duration
	Hours time.Duration
	// CancelShare is the share of orders cancelled later.
	CancelShare float64
	// Latency is the time of one mall call's round trip.
	Latency time.Duration
	Malls   []MallSpec
	// Limits turns the malls' published rate limits on (default on; set
	// NoLimits to turn them off).
	NoLimits bool
	// Schedule and Rules are the engine's; zero means the defaults.
	Schedule *engine.Schedule
	Rules    *engine.ImportRules
	// Baseline runs the 15-minute cadence of Next Engine instead of the
	// engine's event-driven jobs: polls and pushes every BaselineEvery, no
	// notifications, no pushes on change, no sweep.
	Baseline      bool
	BaselineEvery time.Duration
	// CheckShown turns engine.Options.CheckShownBeforePush on.
	CheckShown bool
	// SampleEvery samples memory every so much virtual time (0: never);
	// with HeapProfiles, a heap profile goes into that folder each time.
	SampleEvery  time.Duration
	HeapProfiles string
	// Dir is where the state file goes; "" is a new temporary folder,
	// removed at the end.
	Dir    string
	Logger *slog.Logger
}

// DefaultConfig is the flash sale of issue 12: 20,000 orders in 30
// minutes on 500 SKUs, hot items selling 1 unit a second, over three shops.
// Yahoo!ショッピング gets 4% of the orders (0.44 a second): its order API
// reads one order per orderInfo call at 1 query a second, so a Yahoo store
// that takes more than about 0.7 orders a second falls behind whatever the
// engine does (measured with -malls).
func DefaultConfig() Config {
	return Config{
		Orders: 20000, Duration: 30 * time.Minute, SKUs: 500, HotSKUs: 5, HotRate: 1, Seed: 1,
		Notifications: true, NotifyDelay: 2 * time.Second, Drain: 56 * time.Minute,
		CancelShare: 0.05, Latency: 200 * time.Millisecond,
		Malls: []MallSpec{
			{Kind: "rakuten", Shop: "simshop", Share: 0.55},
			{Kind: "rakuten", Shop: "simshop2", Share: 0.41},
			{Kind: "yahoo", Shop: "simstore", Share: 0.04},
		},
		BaselineEvery: 15 * time.Minute,
	}
}

// SaleStart is when the simulated sale starts (a 楽天スーパーSALE opens at
// 20:00); the engine starts two minutes earlier and pushes every listing.
var SaleStart = time.Date(2026, time.March, 4, 20, 0, 0, 0, time.FixedZone("JST", 9*60*60))

const warmUp = 2 * time.Minute

// withDefaults fills zero fields from DefaultConfig.
func (c Config) withDefaults() (Config, error) {
	d := DefaultConfig()
	c.Orders = cmp.Or(c.Orders, d.Orders)
	c.Duration = cmp.Or(c.Duration, d.Duration)
	c.SKUs = cmp.Or(c.SKUs, d.SKUs)
	c.HotSKUs = cmp.Or(c.HotSKUs, d.HotSKUs)
	c.HotRate = cmp.Or(c.HotRate, d.HotRate)
	c.NotifyDelay = cmp.Or(c.NotifyDelay, d.NotifyDelay)
	c.Drain = cmp.Or(c.Drain, d.Drain)
	c.CancelShare = cmp.Or(c.CancelShare, d.CancelShare)
	c.Latency = cmp.Or(c.Latency, d.Latency)
	c.BaselineEvery = cmp.Or(c.BaselineEvery, d.BaselineEvery)
	if len(c.Malls) == 0 {
		c.Malls = d.Malls
	}
	switch {
	case c.Orders < 0, c.Duration < 0, c.Drain < 0, c.Hours < 0, c.Latency < 0:
		return c, fmt.Errorf("%w: negative size or duration", ErrInvalidConfig)
	case c.SKUs < 2 || c.HotSKUs < 0 || c.HotSKUs >= c.SKUs:
		return c, fmt.Errorf("%w: %d SKUs with %d hot ones (want at least one SKU that is not hot)", ErrInvalidConfig, c.SKUs, c.HotSKUs)
	case c.CancelShare < 0 || c.CancelShare > 1:
		return c, fmt.Errorf("%w: cancel share %v outside 0..1", ErrInvalidConfig, c.CancelShare)
	}
	for i, m := range c.Malls {
		if (m.Kind != "rakuten" && m.Kind != "yahoo") || m.Shop == "" || m.Share <= 0 {
			return c, fmt.Errorf("%w: mall %d %q/%q share %v (want rakuten or yahoo, a shop and a positive share)",
				ErrInvalidConfig, i, m.Kind, m.Shop, m.Share)
		}
	}
	return c, nil
}

// ErrInvalidConfig is returned for a Config that cannot run.
var ErrInvalidConfig = errors.New("sim: invalid config")

// world is one run's fakes, engine and measurements.
type world struct {
	cfg      Config
	clock    *Clock
	malls    []mall
	byName   map[string]mall
	db       *sql.DB
	ledger   *stock.Ledger
	eng      *engine.Engine
	jobs     *jobs
	track    *tracker
	buyers   *buyers
	listings []stock.Listing
	onHand   map[string]int
	skuOf    map[string]map[string]string // channel → item → SKU
	samples  []MemSample
}

// Run simulates one sale with cfg and reports what happened.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	dir := cfg.Dir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "mallkit-sim-"); err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
	}
	wallStart := time.Now()
	w := &world{cfg: cfg, byName: map[string]mall{}, onHand: map[string]int{}, skuOf: map[string]map[string]string{}}
	start := SaleStart.Add(-warmUp)
	w.clock = NewClock(start, func(t time.Time) {
		for _, m := range w.malls {
			m.setNow(t)
		}
	})
	defer func() {
		for _, m := range w.malls {
			m.close()
		}
	}()
	if err := w.setUp(ctx, dir, log); err != nil {
		return nil, err
	}
	defer w.db.Close()

	end := SaleStart.Add(cfg.Duration + cfg.Drain)
	if s := start.Add(cfg.Hours); s.After(end) {
		end = s
	}
	w.schedule(start, end)
	w.buyers.start(SaleStart)
	if cfg.SampleEvery > 0 {
		w.sampleEvery(start, cfg.SampleEvery)
	}
	// A minute of virtual time at a time, so that a cancelled ctx (SIGINT)
	// stops the run soon.
	for t := start; t.Before(end) && ctx.Err() == nil; {
		if t = t.Add(time.Minute); t.After(end) {
			t = end
		}
		w.clock.RunUntil(t)
	}
	w.jobs.stopped = true
	for w.clock.Busy() > 0 && w.clock.Step() {
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	rep, err := w.report(ctx, end)
	if err != nil {
		return nil, err
	}
	rep.WallSeconds = time.Since(wallStart).Seconds()
	return rep, nil
}

// setUp starts the fakes, the catalog, the state and the engine.
func (w *world) setUp(ctx context.Context, dir string, log *slog.Logger) error {
	cfg := w.cfg
	rules := engine.DefaultImportRules()
	if cfg.Rules != nil {
		rules = *cfg.Rules
	}
	setup := mallSetup{start: w.clock.Now(), clock: w.clock, limits: !cfg.NoLimits, latency: cfg.Latency, rules: rules}
	var setupErr error
	w.clock.Go(ctx, func(ctx context.Context) {
		for i, spec := range cfg.Malls {
			var m mall
			var err error
			switch spec.Kind {
			case "rakuten":
				m, err = newRakutenMall(ctx, setup, fmt.Sprintf("%06d", 100001+i), spec.Shop)
			case "yahoo":
				m, err = newYahooMall(ctx, setup, spec.Shop)
			}
			if err != nil {
				setupErr = err
				return
			}
			w.malls = append(w.malls, m)
		}
	}, nil)
	for w.clock.Busy() > 0 && w.clock.Step() {
	}
	if setupErr != nil {
		return setupErr
	}
	rng := rand.New(rand.NewPCG(uint64(cfg.Seed), 0x73696d))
	w.catalog(rng)

	var err error
	if w.db, err = openState(filepath.Join(dir, "sim.db")); err != nil {
		return err
	}
	store, err := stock.NewSQLStore(ctx, w.db, stock.SQLite)
	if err != nil {
		return err
	}
	if w.ledger, err = stock.Open(ctx, store); err != nil {
		return err
	}
	for _, sku := range sortedKeys(w.onHand) {
		if err := w.ledger.SetOnHand(ctx, sku, w.onHand[sku], w.clock.Now()); err != nil {
			return err
		}
	}
	state, err := engine.NewState(ctx, w.db)
	if err != nil {
		return err
	}
	w.track = newTracker(w.clock, w.listings)
	w.track.shownNow = func(ch string) map[string]int { return w.byName[ch].shown() }
	w.jobs = newJobs(ctx, w.clock, log, !cfg.Baseline)
	var chans []engine.Channel
	for _, m := range w.malls {
		chans = append(chans, observe(m.channel(), w.track))
	}
	w.eng, err = engine.New(ctx, engine.Options{
		Ledger: observedLedger{Ledger: w.ledger, t: w.track}, State: state, Channels: chans,
		Listings: w.listings, Scheduler: w.jobs, Now: w.clock.Now, Logger: log, Rules: rules,
		SharedTx: true, OnApplied: w.track.onApplied, CheckShownBeforePush: cfg.CheckShown,
	})
	if err != nil {
		return err
	}
	var weights []float64
	for _, m := range cfg.Malls {
		weights = append(weights, m.Share)
	}
	rate := float64(cfg.Orders) / cfg.Duration.Seconds()
	w.buyers = &buyers{
		clock: w.clock, rng: rng, malls: w.malls, weights: weights, skus: cfg.SKUs, hot: cfg.HotSKUs,
		hotShare: min(0.9, float64(cfg.HotSKUs)*cfg.HotRate/rate), rate: rate,
		until: SaleStart.Add(cfg.Duration), cancel: cfg.CancelShare,
		placed:    func(m mall, number, item string) { w.track.place(m.channel().Name(), number, item) },
		cancelled: func(m mall, number string) { w.track.cancel(m.channel().Name(), number) },
		notify: func(m mall) {
			if cfg.Notifications && !cfg.Baseline && m.notifies() {
				ch := m.channel().Name()
				w.clock.At(w.clock.Now().Add(cfg.NotifyDelay), func() { _ = w.eng.Notified(ctx, ch) })
			}
		},
	}
	return nil
}

// catalog lists every SKU on every mall and stocks it: a hot SKU holds
// 50–90% of what it would sell over the sale, another 60–140% of its share
// of the other orders, so that many sell out while buyers keep coming.
func (w *world) catalog(rng *rand.Rand) {
	cfg := w.cfg
	rate := float64(cfg.Orders) / cfg.Duration.Seconds()
	hotUnits := cfg.HotRate * cfg.Duration.Seconds()
	otherRate := max(0, rate-float64(cfg.HotSKUs)*cfg.HotRate)
	otherUnits := otherRate * cfg.Duration.Seconds() * 1.3 / float64(cfg.SKUs-cfg.HotSKUs)
	for i := range cfg.SKUs {
		sku := fmt.Sprintf("SKU%04d", i)
		units := otherUnits * (0.6 + 0.8*rng.Float64())
		if i < cfg.HotSKUs {
			units = hotUnits * (0.5 + 0.4*rng.Float64())
		}
		w.onHand[sku] = max(1, int(units))
		for _, m := range w.malls {
			ch := m.channel().Name()
			item := m.item(i)
			w.listings = append(w.listings, stock.Listing{Channel: ch, Item: item, Parts: []stock.Part{{SKU: sku, Units: 1}}})
			if w.skuOf[ch] == nil {
				w.skuOf[ch] = map[string]string{}
				w.byName[ch] = m
			}
			w.skuOf[ch][item] = sku
		}
	}
	for _, m := range w.malls {
		for i := range cfg.SKUs {
			// A new listing shows 0 until the engine's first push.
			if err := setShown(m, m.item(i), 0); err != nil {
				panic(err)
			}
		}
	}
}

// setShown creates a mall's listing showing n.
func setShown(m mall, item string, n int) error {
	switch m := m.(type) {
	case *rakutenMall:
		return m.srv.SetShown(m.shop, item, n)
	case *yahooMall:
		return m.srv.SetShown(m.seller, item, n)
	}
	return fmt.Errorf("sim: unknown mall %T", m)
}

// schedule starts the jobs: the engine's (poll and push per channel, the
// sweep) or the baseline's fixed cadence.
func (w *world) schedule(start, end time.Time) {
	sch := engine.DefaultSchedule()
	if w.cfg.Schedule != nil {
		sch = *w.cfg.Schedule
	}
	pollEvery := sch.PollEvery
	if w.cfg.Baseline {
		every := w.cfg.BaselineEvery
		pollEvery = func(time.Time) time.Duration { return every }
	}
	for _, ch := range w.eng.Channels() {
		w.jobs.addChannel(w.eng, ch, pollEvery)
		w.jobs.insert(w.jobs.polls[ch], start)
		w.jobs.insert(w.jobs.pushes[ch], start)
	}
	if w.cfg.Baseline {
		w.jobs.every("push all", start.Add(w.cfg.BaselineEvery), w.cfg.BaselineEvery, func(context.Context) error {
			for _, ch := range w.eng.Channels() {
				w.jobs.insert(w.jobs.pushes[ch], w.clock.Now())
			}
			return nil
		})
		return
	}
	w.jobs.every("sweep", start, sch.Sweep, func(ctx context.Context) error {
		_, err := w.eng.Sweep(ctx)
		return err
	})
}

// openState opens the SQLite state as the engine does: one connection,
// WAL, immediate transactions.
func openState(path string) (*sql.DB, error) {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, db.Ping()
}
