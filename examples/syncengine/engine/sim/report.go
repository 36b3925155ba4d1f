package sim

import (
	"context"
	"fmt"
	"maps"
	"sort"
	"time"

	"github.com/mallkit/mallkit/examples/syncengine/engine"
	"github.com/mallkit/mallkit/stock"
)

// Report is what one simulated run did. The first fields are the ones
// syncengine -demo prints, with the same names.
type Report struct {
	OrdersPlaced       int                       `json:"orders_placed"`
	OrdersImported     int                       `json:"orders_imported"`
	DuplicateImports   int                       `json:"duplicate_imports"`
	OversoldUnits      int                       `json:"oversold_units"`
	StockPushes        int                       `json:"stock_pushes"`
	NoopPushes         int                       `json:"noop_pushes"`
	Throttled          int                       `json:"throttled"`
	APICalls           map[string]map[string]int `json:"api_calls"`
	P50Propagation     float64                   `json:"p50_propagation_seconds"`
	P99Propagation     float64                   `json:"p99_propagation_seconds"`
	CredentialWarnings int                       `json:"credential_warnings"`

	// RefetchedUnchanged counts order reads of an order unchanged since the
	// same credential last read it.
	RefetchedUnchanged int `json:"refetched_unchanged"`
	// NoopCauses splits NoopPushes by what the engine could have known.
	NoopCauses NoopCauses `json:"noop_pushes_by_cause"`
	// OrdersConfirmed counts orders the engine confirmed on their mall
	// (Rakuten confirmOrder, Yahoo mark seen) once they passed the import
	// rules.
	OrdersConfirmed int `json:"orders_confirmed"`
	// Propagation is the propagation summary overall, by the channel the
	// order was placed on, and by that channel's mall ("rakuten", "yahoo":
	// every merchant's shops together).
	Propagation          Percentiles            `json:"propagation"`
	PropagationByChannel map[string]Percentiles `json:"propagation_by_channel"`
	PropagationByKind    map[string]Percentiles `json:"propagation_by_kind"`
	Buyers               BuyerStats             `json:"buyers"`
	PushCalls            int                    `json:"push_calls"`
	// Held counts items a push held back because their mall had changed
	// them by itself (engine.Options.CheckShownBeforePush).
	Held int `json:"held"`
	// Repaired counts listings whose mall quantity had drifted and that the
	// engine recorded again and pushed (CheckShownBeforePush).
	Repaired    int `json:"repaired"`
	FailedTasks int `json:"failed_tasks"`
	// Checks are the invariants at the end of the run; Problems lists
	// every violation found (empty when all hold).
	Checks   Checks      `json:"checks"`
	Memory   []MemSample `json:"memory,omitempty"`
	Settings Settings    `json:"settings"`

	SimulatedSeconds float64 `json:"simulated_seconds"`
	WallSeconds      float64 `json:"wall_seconds"`
	// PeakRSSMiB is the process's peak resident set at the end of the run
	// (getrusage ru_maxrss; Linux, 0 elsewhere). It is the process's, so a
	// run after another in the same process reports at least the earlier
	// one's peak.
	PeakRSSMiB float64 `json:"peak_rss_mib"`

	seenCancelled int
}

// Checks are the end-of-run invariants.
type Checks struct {
	// AllocatedOnce: every order open on its mall is recorded open by the
	// engine, every cancelled one cancelled, and each SKU's allocation in
	// the ledger is exactly the units of the open orders.
	AllocatedOnce bool `json:"allocated_once"`
	// ShownMatchesPlan: nothing is left to push, and every mall shows what
	// the ledger plans for each listing.
	ShownMatchesPlan bool     `json:"shown_matches_plan"`
	Problems         []string `json:"problems"`
}

// Settings echo what the run was given.
type Settings struct {
	Orders        int      `json:"orders"`
	Duration      string   `json:"duration"`
	SKUs          int      `json:"skus"`
	HotSKUs       int      `json:"hot_skus"`
	Seed          int64    `json:"seed"`
	Notifications bool     `json:"notifications"`
	Limits        bool     `json:"limits"`
	Poll          string   `json:"poll"`
	Push          string   `json:"push"`
	Latency       string   `json:"latency"`
	CheckShown    bool     `json:"check_shown_before_push"`
	Channels      []string `json:"channels"`
	// Shops is the number of merchants, State the database the state and
	// the ledger live in ("sqlite" or "postgres"), Workers the tasks run
	// at once (0: no limit).
	Shops   int    `json:"shops"`
	State   string `json:"state"`
	Workers int    `json:"workers"`
}

// report gathers the figures and checks the invariants at the end.
func (w *world) report(ctx context.Context, end time.Time) (*Report, error) {
	cfg := w.cfg
	r := &Report{APICalls: map[string]map[string]int{}, Buyers: w.buyers.stats, Checks: Checks{Problems: []string{}},
		SimulatedSeconds: end.Sub(SaleStart.Add(-warmUp)).Seconds(), Memory: w.samples, FailedTasks: w.jobs.failed,
		PeakRSSMiB: peakRSSMiB()}
	r.OrdersPlaced = w.buyers.stats.Orders
	r.OrdersImported = len(w.track.applied)
	r.DuplicateImports = w.track.dups + w.track.dupImport
	r.OrdersConfirmed = len(w.track.imported)
	r.Propagation, r.PropagationByChannel = w.track.percentiles(end, channelName)
	_, r.PropagationByKind = w.track.percentiles(end, channelKind)
	r.seenCancelled = w.track.seenCancelled()
	r.P50Propagation, r.P99Propagation = r.Propagation.P50, r.Propagation.P99
	r.NoopCauses = w.track.noops
	for _, m := range w.eng.Metrics().Snapshot() {
		r.StockPushes += m.Pushed
		r.PushCalls += m.PushCalls
		r.Held += m.Held
		r.Repaired += m.Repaired
	}
	for _, m := range w.malls {
		st := m.stats()
		ch := m.channel().Name()
		r.APICalls[ch] = maps.Clone(st.Calls)
		if r.APICalls[ch] == nil {
			r.APICalls[ch] = map[string]int{}
		}
		r.NoopPushes += st.NoopPushes
		r.Throttled += st.Throttled
		r.RefetchedUnchanged += st.RefetchedUnchanged
	}
	r.NoopCauses.DuringPush = max(0, r.NoopPushes-w.track.predictedNoops)
	creds, err := w.eng.State().Credentials(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range creds {
		if c.Warning {
			r.CredentialWarnings++
		}
	}
	sold := map[string]int{} // SKU → units of orders not cancelled
	open := map[string]int{} // SKU → units of open orders
	for _, m := range w.malls {
		ch := m.channel().Name()
		recorded, err := w.eng.State().Orders(ctx, ch, 0)
		if err != nil {
			return nil, err
		}
		known := make(map[string]engine.KnownOrder, len(recorded))
		for _, k := range recorded {
			known[k.Number] = k
		}
		statusOf := map[string]string{}
		for _, o := range m.orders() {
			sku := w.skuOf[ch][o.Item]
			statusOf[o.Number] = o.Status
			if o.Status != "canceled" {
				sold[sku] += o.Units
			}
			if o.Status == "open" {
				open[sku] += o.Units
			}
		}
		for _, n := range sortedKeys(statusOf) {
			k, ok := known[n]
			want := statusOf[n]
			switch {
			case !ok:
				r.problem("order %s %s (%s on the mall) is not recorded by the engine", ch, n, want)
			case statusName(k.Status) != want:
				r.problem("order %s %s is %s on the mall but %s in the engine", ch, n, want, statusName(k.Status))
			}
		}
	}
	for _, sku := range sortedKeys(w.onHand) {
		if over := sold[sku] - w.onHand[sku]; over > 0 {
			r.OversoldUnits += over
		}
		lv, err := w.ledger.Level(ctx, sku)
		if err != nil {
			return nil, err
		}
		if lv.Allocated != open[sku] {
			r.problem("SKU %s: the ledger allocates %d units, open orders hold %d", sku, lv.Allocated, open[sku])
		}
	}
	r.Checks.AllocatedOnce = len(r.Checks.Problems) == 0
	before := len(r.Checks.Problems)
	plan, err := w.ledger.Plan(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range plan {
		r.problem("listing %s %s: %d planned and not pushed", p.Channel, p.Item, p.Units)
	}
	for _, m := range w.malls {
		ch := m.channel().Name()
		shown := m.shown()
		for _, item := range sortedKeys(w.skuOf[ch]) {
			lv, err := w.ledger.Level(ctx, w.skuOf[ch][item])
			if err != nil {
				return nil, err
			}
			if want := max(0, lv.Available); shown[item] != want {
				r.problem("listing %s %s shows %d, the ledger plans %d", ch, item, shown[item], want)
			}
		}
	}
	r.Checks.ShownMatchesPlan = len(r.Checks.Problems) == before
	r.Settings = Settings{Orders: cfg.Orders, Duration: cfg.Duration.String(), SKUs: cfg.SKUs, HotSKUs: cfg.HotSKUs,
		Seed: cfg.Seed, Notifications: cfg.Notifications && !cfg.Baseline, Limits: !cfg.NoLimits,
		Latency: cfg.Latency.String(), CheckShown: cfg.CheckShown, Push: "on change, coalesced per channel; sweep",
		Shops: cfg.Shops, State: "sqlite", Workers: cfg.Workers}
	if engine.IsPostgres(cfg.State) {
		r.Settings.State = "postgres"
	}
	if cfg.Schedule != nil {
		r.Settings.Poll = cfg.Schedule.Poll.String()
	} else {
		r.Settings.Poll = "engine default (" + engine.DefaultSchedule().Poll.String() + ")"
	}
	if cfg.Baseline {
		r.Settings.Poll, r.Settings.Push = cfg.BaselineEvery.String(), cfg.BaselineEvery.String()
	}
	for _, m := range w.malls {
		r.Settings.Channels = append(r.Settings.Channels, m.channel().Name())
	}
	sort.Strings(r.Settings.Channels)
	return r, nil
}

// problem records an invariant violation (the first 50 are kept in full).
func (r *Report) problem(format string, args ...any) {
	if len(r.Checks.Problems) == 50 {
		r.Checks.Problems = append(r.Checks.Problems, "... more problems left out")
	}
	if len(r.Checks.Problems) > 50 {
		return
	}
	r.Checks.Problems = append(r.Checks.Problems, fmt.Sprintf(format, args...))
}

func statusName(s stock.OrderStatus) string {
	switch s {
	case stock.OrderOpen:
		return "open"
	case stock.OrderCanceled:
		return "canceled"
	case stock.OrderShipped:
		return "shipped"
	}
	return "unknown"
}

// notSeenOpen counts orders the engine first saw cancelled (bought and
// cancelled between two polls): they have no propagation to measure.
func (r *Report) notSeenOpen() int { return r.seenCancelled }
