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
// production, or a PostgreSQL database (Config.State), as in a scale-out
// deployment.
//
// Config.Shops merchants share the one engine, each with its own shops on
// the malls (its own credentials and rate budgets), its own SKUs and
// listings; the buyers spread the orders over them evenly. Config.Workers
// bounds the tasks that run at once, as River's MaxWorkers does: a due job
// waits for a free worker.
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
	SKUs     int           // SKUs of each merchant, each listed on every mall of the merchant
	// HotSKUs of each merchant's SKUs are hot: the hot SKUs of one number
	// sell HotRate units a second over all merchants together (HotRate /
	// Shops each), so the share of hot orders does not depend on Shops.
	HotSKUs int
	HotRate float64
	Seed    int64
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
	Dir string
	// State is where the state and the stock ledger live: "" is the SQLite
	// file in Dir; a PostgreSQL DSN (engine.IsPostgres) is a schema of the
	// run's own in that database (any search_path in the DSN is replaced),
	// created at the start and dropped at the end.
	State string
	// Shops is the number of merchants (default 1). Each has its own copy
	// of Malls (the shops' names and SKUs are prefixed by the merchant,
	// m001-, m002-, ..., when there are several) and SKUs SKUs of its own,
	// HotSKUs of them hot; Orders are the orders over all merchants.
	Shops int
	// Workers is how many tasks run at once (River's MaxWorkers, the
	// -workers flag); 0 is no limit.
	Workers int
	Logger  *slog.Logger
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
	c.Shops = cmp.Or(c.Shops, 1)
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
	case c.Shops < 0 || c.Workers < 0:
		return c, fmt.Errorf("%w: %d shops, %d workers (want at least 1, or 0 for the default)", ErrInvalidConfig, c.Shops, c.Workers)
	case c.State != "" && !engine.IsPostgres(c.State):
		return c, fmt.Errorf("%w: state is not a postgres:// DSN (for SQLite leave it empty and set Dir)", ErrInvalidConfig)
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
	servers  []fakeServer
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
	if dir == "" && cfg.State == "" {
		if dir, err = os.MkdirTemp("", "mallkit-sim-"); err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
	}
	wallStart := time.Now()
	w := &world{cfg: cfg, byName: map[string]mall{}, onHand: map[string]int{}, skuOf: map[string]map[string]string{}}
	start := SaleStart.Add(-warmUp)
	w.clock = NewClock(start, func(t time.Time) {
		for _, f := range w.servers {
			f.setNow(t)
		}
	})
	defer func() {
		for _, f := range w.servers {
			f.close()
		}
	}()
	closeState, err := w.setUp(ctx, dir, log)
	if closeState != nil {
		defer closeState()
	}
	if err != nil {
		return nil, err
	}

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

// setUp starts the fakes, the catalog, the state and the engine. The
// returned function, when not nil, closes the state (and drops a
// PostgreSQL schema), also after an error.
func (w *world) setUp(ctx context.Context, dir string, log *slog.Logger) (func(), error) {
	cfg := w.cfg
	rules := engine.DefaultImportRules()
	if cfg.Rules != nil {
		rules = *cfg.Rules
	}
	setup := mallSetup{start: w.clock.Now(), clock: w.clock, limits: !cfg.NoLimits, latency: cfg.Latency, rules: rules}
	if err := w.openMalls(ctx, setup); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(uint64(cfg.Seed), 0x73696d))
	w.catalog(rng)

	closeState, err := w.openState(ctx, dir, log)
	if err != nil {
		return closeState, err
	}
	store, err := stock.NewSQLStore(ctx, w.db, engine.DialectOf(w.db))
	if err != nil {
		return closeState, err
	}
	if w.ledger, err = stock.Open(ctx, store); err != nil {
		return closeState, err
	}
	for _, sku := range sortedKeys(w.onHand) {
		if err := w.ledger.SetOnHand(ctx, sku, w.onHand[sku], w.clock.Now()); err != nil {
			return closeState, err
		}
	}
	state, err := engine.NewState(ctx, w.db)
	if err != nil {
		return closeState, err
	}
	w.track = newTracker(w.clock, w.listings)
	w.track.shownNow = func(ch string) map[string]int { return w.byName[ch].shown() }
	w.jobs = newJobs(ctx, w.clock, log, !cfg.Baseline, cfg.Workers)
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
		return closeState, err
	}
	// Every merchant's shops take the shares of Malls, so the buyers
	// spread the orders evenly over the merchants.
	var weights []float64
	for range cfg.Shops {
		for _, m := range cfg.Malls {
			weights = append(weights, m.Share)
		}
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
	return closeState, nil
}

// openMalls starts a fake server for each spec of Malls and adds every
// merchant's shop of that spec to it, each in a task of its own (a Yahoo
// store signs in), so that hundreds of shops take no longer than one.
// Merchant s's Rakuten shop of spec i has shop ID 100001 + s×len(Malls) + i.
func (w *world) openMalls(ctx context.Context, setup mallSetup) error {
	cfg := w.cfg
	for _, spec := range cfg.Malls {
		switch spec.Kind {
		case "rakuten":
			w.servers = append(w.servers, newRakutenServer(setup))
		case "yahoo":
			f, err := newYahooServer(setup)
			if err != nil {
				return err
			}
			w.servers = append(w.servers, f)
		}
	}
	w.malls = make([]mall, cfg.Shops*len(cfg.Malls))
	errs := make([]error, len(w.malls))
	for s := range cfg.Shops {
		for i, spec := range cfg.Malls {
			n := s*len(cfg.Malls) + i
			w.clock.Go(ctx, func(ctx context.Context) {
				switch f := w.servers[i].(type) {
				case *rakutenServer:
					w.malls[n], errs[n] = newRakutenMall(setup, f, fmt.Sprintf("%06d", 100001+n), cfg.merchant(s, spec.Shop))
				case *yahooServer:
					w.malls[n], errs[n] = newYahooMall(ctx, setup, f, cfg.merchant(s, spec.Shop), cfg.merchant(s, "simapp"))
				}
			}, nil)
		}
	}
	for w.clock.Busy() > 0 && w.clock.Step() {
	}
	return errors.Join(errs...)
}

// merchant names merchant s's copy of name: name itself when there is
// one merchant, else prefixed by the merchant's number (m001-name).
func (c Config) merchant(s int, name string) string {
	if c.Shops == 1 {
		return name
	}
	return fmt.Sprintf("m%03d-%s", s+1, name)
}

// openState opens the state database of the run: the SQLite file in dir,
// or a schema of its own on PostgreSQL (Config.State). The returned
// function closes it (and drops the schema).
func (w *world) openState(ctx context.Context, dir string, log *slog.Logger) (func(), error) {
	if w.cfg.State == "" {
		db, err := openSQLite(filepath.Join(dir, "sim.db"))
		if err != nil {
			return nil, err
		}
		w.db = db
		return func() { db.Close() }, nil
	}
	db, drop, err := openPostgres(ctx, w.cfg.State)
	if err != nil {
		return nil, err
	}
	w.db = db
	return func() {
		if err := drop(); err != nil {
			log.Warn("sim: drop the run's PostgreSQL schema", "err", err)
		}
	}, nil
}

// catalog lists every SKU of each merchant on every mall of the merchant
// and stocks it: a hot SKU holds 50–90% of what it would sell over the
// sale, another 60–140% of its share of the merchant's other orders, so
// that many sell out while buyers keep coming.
func (w *world) catalog(rng *rand.Rand) {
	cfg := w.cfg
	shops := float64(cfg.Shops)
	rate := float64(cfg.Orders) / cfg.Duration.Seconds() / shops // one merchant's
	hotRate := cfg.HotRate / shops
	hotUnits := hotRate * cfg.Duration.Seconds()
	otherRate := max(0, rate-float64(cfg.HotSKUs)*hotRate)
	otherUnits := otherRate * cfg.Duration.Seconds() * 1.3 / float64(cfg.SKUs-cfg.HotSKUs)
	for s := range cfg.Shops {
		malls := w.malls[s*len(cfg.Malls) : (s+1)*len(cfg.Malls)]
		for i := range cfg.SKUs {
			sku := cfg.merchant(s, fmt.Sprintf("SKU%04d", i))
			units := otherUnits * (0.6 + 0.8*rng.Float64())
			if i < cfg.HotSKUs {
				units = hotUnits * (0.5 + 0.4*rng.Float64())
			}
			w.onHand[sku] = max(1, int(units))
			for _, m := range malls {
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

// openSQLite opens the SQLite state as the engine does: one connection,
// WAL, immediate transactions.
func openSQLite(path string) (*sql.DB, error) {
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
