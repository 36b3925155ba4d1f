package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/mallkit/mallkit/examples/fakemalls/market"
	"github.com/mallkit/mallkit/examples/syncengine/engine"
	"github.com/mallkit/mallkit/examples/syncengine/fakeconfig"
)

// demoOptions sizes the demo.
type demoOptions struct {
	For  time.Duration // how long buyers order
	Rate float64       // orders per second over all malls
	Log  *slog.Logger
}

// demoSummary is the demo's JSON line.
type demoSummary struct {
	OrdersPlaced       int                       `json:"orders_placed"`
	OrdersImported     int                       `json:"orders_imported"`
	OrdersCanceled     int                       `json:"orders_canceled"`
	DuplicateImports   int                       `json:"duplicate_imports"`
	OversoldUnits      int                       `json:"oversold_units"`
	StockPushes        int                       `json:"stock_pushes"`
	NoopPushes         int                       `json:"noop_pushes"`
	Throttled          int                       `json:"throttled"`
	RefetchedUnchanged int                       `json:"refetched_unchanged"`
	APICalls           map[string]map[string]int `json:"api_calls"`
	P50                float64                   `json:"p50_propagation_seconds"`
	P99                float64                   `json:"p99_propagation_seconds"`
	Propagated         int                       `json:"propagated_orders"`
	StockFiles         int                       `json:"stock_files"`
	ShipmentsReported  int                       `json:"shipments_reported"`
	CredentialWarnings []engine.Credential       `json:"credential_warnings"`

	throttledBy map[string]int
	noopBy      map[string]int
	missing     []string // orders placed but not imported
	byOrigin    map[string][3]float64
}

// runDemo starts the demo marketplace (three 楽天 shops, two Yahoo stores,
// one ポンパレ shop and a TEMPOSTAR hub over FTP) with buyers, writes an
// engine config for it, runs the engine on River and SQLite in a temporary
// folder, ships a few orders through TEMPOSTAR, and reports what happened:
// a readable summary, then one JSON line.
func runDemo(ctx context.Context, w io.Writer, o demoOptions) error {
	// The in-process FTP server logs every request through the standard
	// logger; the demo's output is its own summary.
	log.SetOutput(io.Discard)
	dir, err := os.MkdirTemp("", "syncengine-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	seed, err := demoSeed()
	if err != nil {
		return err
	}
	m, err := market.Start(ctx, market.Config{Seed: seed, Limits: true, StockEvery: max(o.For/3, 2*time.Second),
		Tick: 200 * time.Millisecond})
	if err != nil {
		return fmt.Errorf("demo market: %w", err)
	}
	defer m.Close()
	cfgPath, err := fakeconfig.WriteDir(dir, m.Endpoints(), m.Catalog(), func(c *engine.Config) {
		c.Intervals = engine.IntervalsConfig{Poll: engine.Duration(3 * time.Second), Sweep: engine.Duration(time.Second),
			ReceiveStock: engine.Duration(time.Second), ReceiveShipments: engine.Duration(time.Second),
			Upload: engine.Duration(time.Second)}
		// The buyers' cancel window is 30 minutes live; the demo imports
		// (confirms) after 3 s so that shipped orders can be reported.
		c.Import.ConfirmAfter = engine.Duration(3 * time.Second)
	})
	if err != nil {
		return err
	}
	cfg, err := engine.LoadConfig(cfgPath)
	if err != nil {
		return err
	}
	tr := newPropagation(m.Catalog())
	svc, err := engine.OpenService(ctx, cfg, engine.ServiceOptions{Logger: o.Log, OnApplied: tr.applied})
	if err != nil {
		return err
	}
	defer svc.Close()
	tr.pushable = map[string]bool{}
	for _, ch := range svc.Engine.Channels() {
		tr.pushable[ch] = svc.Engine.Pushable(ch)
	}
	fmt.Fprintf(w, "demo: %d channels (%s), TEMPOSTAR %s, %d listings; engine state in %s\n",
		len(svc.Engine.Channels()), strings.Join(svc.Engine.Channels(), ", "), strings.Join(svc.Engine.HubNames(), ", "),
		len(m.Catalog().Listings), dir)
	if err := svc.Runner.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			svc.Runner.Stop(sctx)
		}
	}
	defer stop()

	// The generator's buyers cancel 1–25 minutes after ordering, longer
	// than the demo: the demo has buyers cancel a share of orders itself.
	gen := market.NewGenerator(m, market.GeneratorConfig{Rate: o.Rate, Seed: 20261207, Start: m.Now(), For: o.For, CancelShare: -1})
	cancels := &demoCancels{done: map[string]bool{}}
	start := time.Now()
	tr.since = m.Now()
	fmt.Fprintf(w, "demo: buyers order %.0f/s for %s on every mall; the engine allocates, pushes and reports...\n", o.Rate, o.For)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	shipped := false
	for time.Since(start) < o.For {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
		gen.Step(m.Now())
		tr.sample(ctx, svc.Ledger, svc.Engine.State(), m)
		cancels.step(m)
		if !shipped && time.Since(start) > o.For/2 {
			shipped = shipSome(w, m, svc.Engine, 5) > 0
		}
	}
	// A slow sample (a loaded machine) can end the loop before the last
	// step: place every order still due within the buyers' time.
	gen.Step(m.Now())
	// Let the engine catch up: every order imported, nothing planned left.
	deadline := time.Now().Add(20 * time.Second)
	var q quiet
	for time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
		tr.sample(ctx, svc.Ledger, svc.Engine.State(), m)
		if !shipped {
			shipped = shipSome(w, m, svc.Engine, 5) > 0
			continue
		}
		if caughtUp(ctx, svc, tr, &q) {
			break
		}
	}
	stop()
	if _, err := svc.Engine.Health(ctx); err != nil {
		o.Log.Warn("credential check", "err", err)
	}
	sum, err := summarize(ctx, svc, m, gen, tr)
	if err != nil {
		return err
	}
	printSummary(w, sum, gen.Stats())
	line, err := json.Marshal(sum)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", line)
	return err
}

// demoCancels has buyers cancel about one order in twelve, 2 s or more
// after placing it (every mall's buyer may cancel an open order).
type demoCancels struct {
	done map[string]bool
	n    int
}

func (c *demoCancels) step(m *market.Market) {
	cutoff := m.Now().Add(-2 * time.Second)
	for _, o := range m.Orders() {
		key := o.Channel + " " + o.Number
		if c.done[key] || o.Status != market.StatusOpen || o.PlacedAt.After(cutoff) {
			continue
		}
		c.done[key] = true
		if c.n++; c.n%12 == 0 {
			m.Cancel(o.Channel, o.Number)
		}
	}
}

// demoSeed is the market's demo seed with one 楽天 license key expiring in
// five days, for the credential warning.
func demoSeed() (market.Seed, error) {
	b, err := market.DemoSeed().MarshalJSON()
	if err != nil {
		return market.Seed{}, err
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		return market.Seed{}, err
	}
	shops := doc["rakuten"].(map[string]any)["shops"].([]any)
	lic := shops[len(shops)-1].(map[string]any)["licenses"].([]any)[0].(map[string]any)
	lic["expiry"] = "now+5d"
	if b, err = json.Marshal(doc); err != nil {
		return market.Seed{}, err
	}
	return market.ParseSeed(b)
}

// shipSome has the TEMPOSTAR warehouse ship up to n open orders the
// engine has imported, and returns how many it shipped.
func shipSome(w io.Writer, m *market.Market, e *engine.Engine, n int) int {
	orders, err := e.State().Orders(context.Background(), "", 0)
	if err != nil {
		return 0
	}
	// A warehouse ships what it received: imported orders already
	// uploaded to TEMPOSTAR.
	imported := map[string]bool{}
	for _, o := range orders {
		if o.Imported && !o.Uploaded.IsZero() {
			imported[o.Channel+" "+o.Number] = true
		}
	}
	done := 0
	for _, o := range m.Orders() {
		if done == n {
			break
		}
		// 楽天 accepts a shipment report only from 発送待ち, which its fake
		// reaches 10 minutes after the confirmation: the demo ships Yahoo
		// orders.
		if o.Status != market.StatusOpen || !imported[o.Channel+" "+o.Number] || !strings.HasPrefix(o.Channel, "yahoo/") {
			continue
		}
		if f, err := m.Ship(o.Channel, o.Number, "yamato", fmt.Sprintf("4000-1234-%04d", done)); err == nil {
			done++
			fmt.Fprintf(w, "demo: TEMPOSTAR shipped %s %s (%s)\n", o.Channel, o.Number, f)
		}
	}
	return done
}

// caughtUp says the engine has caught up: nothing left to push, every
// shipment reported, and every channel polled twice since the last order
// was imported (orders a mall holds back, such as Yahoo's fraud-checked
// ones, may never appear).
func caughtUp(ctx context.Context, svc *engine.Service, tr *propagation, q *quiet) bool {
	orders, err := svc.Engine.State().Orders(ctx, "", 0)
	if err != nil {
		return false
	}
	polls := svc.Engine.Metrics().Snapshot()
	if len(orders) != q.orders || q.polls == nil {
		q.orders, q.polls = len(orders), polls
		return false
	}
	for ch, m := range q.polls {
		if polls[ch].Polls < m.Polls+2 {
			return false
		}
	}
	for _, o := range orders {
		if o.Status == 3 && !reported(ctx, svc, o) {
			return false
		}
	}
	plan, err := svc.Ledger.Plan(ctx)
	if err != nil {
		return false
	}
	for _, p := range plan {
		if tr.pushable[p.Channel] {
			return false
		}
	}
	return tr.pendingCount() == 0
}

// quiet is what caughtUp compares with: the orders recorded and the
// channels' poll counts when that number last changed.
type quiet struct {
	orders int
	polls  map[string]engine.ChannelMetrics
}

func reported(ctx context.Context, svc *engine.Service, o engine.KnownOrder) bool {
	var n int64
	svc.DB.QueryRowContext(ctx, `SELECT shipment_reported FROM engine_order WHERE channel = ? AND number = ?`,
		o.Channel, o.Number).Scan(&n)
	return n != 0
}

func summarize(ctx context.Context, svc *engine.Service, m *market.Market, gen *market.Generator, tr *propagation) (demoSummary, error) {
	sum := demoSummary{APICalls: map[string]map[string]int{}, CredentialWarnings: []engine.Credential{},
		throttledBy: map[string]int{}, noopBy: map[string]int{}}
	placed := map[string]bool{}
	for _, o := range m.Orders() {
		placed[o.Channel+" "+o.Number] = true
		if o.Status == market.StatusCanceled {
			sum.OrdersCanceled++
		}
	}
	sum.OrdersPlaced = len(placed)
	orders, err := svc.Engine.State().Orders(ctx, "", 0)
	if err != nil {
		return sum, err
	}
	got := map[string]bool{}
	for _, o := range orders {
		got[o.Channel+" "+o.Number] = true
		if placed[o.Channel+" "+o.Number] {
			sum.OrdersImported++
		} else {
			sum.DuplicateImports++ // an order the malls never took
		}
	}
	for k := range placed {
		if !got[k] {
			sum.missing = append(sum.missing, k)
		}
	}
	sort.Strings(sum.missing)
	over, err := svc.Ledger.Oversold(ctx)
	if err != nil {
		return sum, err
	}
	for _, l := range over {
		sum.OversoldUnits += -l.Available
	}
	for ch, st := range m.Stats() {
		sum.APICalls[ch] = st.Calls
		sum.NoopPushes += st.NoopPushes
		sum.Throttled += st.Throttled
		sum.throttledBy[ch] = st.Throttled
		sum.noopBy[ch] = st.NoopPushes
		sum.RefetchedUnchanged += st.RefetchedUnchanged
		if strings.HasPrefix(ch, "tempostar/") {
			sum.DuplicateImports += st.Calls["duplicate_orders"] // orders the hub was given twice
			sum.StockFiles += st.Calls["stock_files"]
		}
	}
	for _, c := range svc.Engine.Metrics().Snapshot() {
		sum.StockPushes += c.Pushed
		sum.ShipmentsReported += c.Shipments
	}
	creds, err := svc.Engine.State().Credentials(ctx)
	if err != nil {
		return sum, err
	}
	for _, c := range creds {
		if c.Warning {
			sum.CredentialWarnings = append(sum.CredentialWarnings, c)
		}
	}
	sum.P50, sum.P99, sum.Propagated = tr.percentiles()
	sum.byOrigin = tr.byOrigin()
	return sum, nil
}

func printSummary(w io.Writer, s demoSummary, g market.GeneratorStats) {
	fmt.Fprintf(w, "\norders: %d placed on the malls (%d buys refused as sold out, %d canceled), %d imported, %d duplicates\n",
		s.OrdersPlaced, g.SoldOut, s.OrdersCanceled, s.OrdersImported, s.DuplicateImports)
	if len(s.missing) > 0 {
		fmt.Fprintf(w, "        not imported: %s (older than the first start's 24 h, or held back by the mall)\n", strings.Join(s.missing, ", "))
	}
	fmt.Fprintf(w, "stock:  %d items pushed, %d no-op pushes, %d units oversold, %d TEMPOSTAR stock files, %d shipments reported\n",
		s.StockPushes, s.NoopPushes, s.OversoldUnits, s.StockFiles, s.ShipmentsReported)
	fmt.Fprintf(w, "speed:  an order on one mall reached every other mall in p50 %.1fs, p99 %.1fs (%d orders)\n",
		s.P50, s.P99, s.Propagated)
	for _, mall := range []string{"rakuten", "yahoo", "ponpare"} {
		if q, ok := s.byOrigin[mall]; ok {
			fmt.Fprintf(w, "        orders placed on %s: p50 %.1fs, p99 %.1fs (applied to the ledger after p50 %.1fs)\n", mall, q[0], q[1], q[2])
		}
	}
	fmt.Fprintf(w, "limits: %d calls throttled, %d unchanged orders read again\n", s.Throttled, s.RefetchedUnchanged)
	chans := make([]string, 0, len(s.APICalls))
	for ch := range s.APICalls {
		chans = append(chans, ch)
	}
	sort.Strings(chans)
	for _, ch := range chans {
		ops := make([]string, 0, len(s.APICalls[ch]))
		for op, n := range s.APICalls[ch] {
			ops = append(ops, fmt.Sprintf("%s %d", op, n))
		}
		sort.Strings(ops)
		fmt.Fprintf(w, "calls:  %-22s %s\n", ch, strings.Join(ops, ", "))
		if t := s.throttledBy[ch]; t > 0 {
			fmt.Fprintf(w, "        %-22s %d throttled\n", "", t)
		}
		if n := s.noopBy[ch]; n > 0 {
			fmt.Fprintf(w, "        %-22s %d no-op pushes\n", "", n)
		}
	}
	for _, c := range s.CredentialWarnings {
		fmt.Fprintf(w, "WARNING: %s %s expires %s (%d days left): %s\n", c.Channel, c.Kind,
			c.Expires.Format("2006-01-02"), c.DaysLeft, c.Message)
	}
	fmt.Fprintln(w)
}
