package sim

import (
	"context"
	"database/sql"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/mallkit/mallkit/examples/syncengine/engine"
	"github.com/mallkit/mallkit/stock"
)

// tracker measures propagation: for an order placed on one mall, the time
// until every other mall's listings that share one of its SKUs show a
// quantity that counts the order. A listing counts it from the first push
// that lands on its mall with a plan read after the engine applied the
// order, or from the first plan read after that which leaves the listing
// out (it already showed the right quantity). It also counts repeated
// applications of one order state and repeated imports.
type tracker struct {
	clock     *Clock
	itemSKUs  map[string]map[string][]string // channel → item → SKUs
	skuItems  map[string][]listingRef        // SKU → listings using it
	placed    map[orderRef]*placedOrder
	pending   map[string][]*pendingItem // channel → listings still to show an order
	applied   map[orderRef]appliedState
	imported  map[orderRef]int
	dups      int
	dupImport int
	done      []propagation
	// unpolled counts, per listing, the buyers' orders the engine has not
	// applied yet; noops and predictedNoops classify no-op pushes (noop.go).
	unpolled       map[listingRef]int
	items          map[orderRef]string // the item of every buyer's order
	cancelling     map[orderRef]string // cancelled on the mall, not yet applied
	noops          NoopCauses
	predictedNoops int
	// shownNow reads what a channel's mall shows, without a call.
	shownNow func(channel string) map[string]int
}

type orderRef struct{ channel, number string }

type listingRef struct{ channel, item string }

type appliedState struct {
	version string
	status  stock.OrderStatus
}

// placedOrder is a buyer's order as the tracker follows it.
type placedOrder struct {
	ref     orderRef
	item    string
	at      time.Time
	applied time.Time
	left    int // listings of other channels still to show it
	last    time.Time
}

type pendingItem struct {
	order *placedOrder
	item  string
}

// propagation is one order's measured propagation.
type propagation struct {
	channel string
	d       time.Duration
}

func newTracker(clock *Clock, listings []stock.Listing) *tracker {
	t := &tracker{clock: clock, itemSKUs: map[string]map[string][]string{}, skuItems: map[string][]listingRef{},
		placed: map[orderRef]*placedOrder{}, pending: map[string][]*pendingItem{}, applied: map[orderRef]appliedState{}, imported: map[orderRef]int{},
		items: map[orderRef]string{}, cancelling: map[orderRef]string{}}
	for _, l := range listings {
		if t.itemSKUs[l.Channel] == nil {
			t.itemSKUs[l.Channel] = map[string][]string{}
		}
		for _, p := range l.Parts {
			t.itemSKUs[l.Channel][l.Item] = append(t.itemSKUs[l.Channel][l.Item], p.SKU)
			t.skuItems[p.SKU] = append(t.skuItems[p.SKU], listingRef{l.Channel, l.Item})
		}
	}
	return t
}

// place records a buyer's order of item at the current time.
func (t *tracker) place(channel, number, item string) {
	r := orderRef{channel, number}
	t.placed[r] = &placedOrder{ref: r, item: item, at: t.clock.Now()}
	t.items[r] = item
	t.unpolledSale(channel, item, 1)
}

// onApplied is the engine's OnApplied hook.
func (t *tracker) onApplied(channel string, o engine.RemoteOrder, at time.Time) {
	r := orderRef{channel, o.Number}
	st := appliedState{version: o.Version, status: o.Status}
	prev, had := t.applied[r]
	if had && prev == st {
		t.dups++
	}
	t.applied[r] = st
	p := t.placed[r]
	if !had && p != nil {
		t.unpolledSale(channel, p.item, -1)
	}
	if item, ok := t.cancelling[r]; ok && st.status == stock.OrderCanceled {
		delete(t.cancelling, r)
		t.unpolledSale(channel, item, -1)
	}
	if had || p == nil || o.Status != stock.OrderOpen {
		return
	}
	p.applied = at
	seen := map[listingRef]bool{}
	for _, l := range o.Lines {
		for _, sku := range t.itemSKUs[channel][l.Item] {
			for _, lr := range t.skuItems[sku] {
				if lr.channel == channel || seen[lr] {
					continue
				}
				seen[lr] = true
				t.pending[lr.channel] = append(t.pending[lr.channel], &pendingItem{order: p, item: lr.item})
				p.left++
			}
		}
	}
	if p.left == 0 {
		t.finish(p, at)
	}
}

// planned is called after the engine read the plan of channels (every
// channel when none) at the current time, in the task of ctx.
func (t *tracker) planned(ctx context.Context, channels []string, plan []stock.Push) {
	now := t.clock.Now()
	if tk, ok := ctx.Value(taskKey{}).(*task); ok {
		tk.planAt = now
	}
	if len(channels) == 0 {
		for ch := range t.pending {
			channels = append(channels, ch)
		}
	}
	in := map[listingRef]bool{}
	for _, p := range plan {
		in[listingRef{p.Channel, p.Item}] = true
	}
	for _, ch := range channels {
		t.resolve(ch, func(pi *pendingItem) bool {
			return !pi.order.applied.After(now) && !in[listingRef{ch, pi.item}]
		}, now)
	}
}

// pushed is called when a push of channel, planned at planAt, returned at
// the current time with the accepted quantities now shown.
func (t *tracker) pushed(channel string, planAt time.Time, accepted []stock.Push) {
	if len(accepted) == 0 {
		return
	}
	sent := make(map[string]bool, len(accepted))
	for _, p := range accepted {
		sent[p.Item] = true
	}
	t.resolve(channel, func(pi *pendingItem) bool {
		return !pi.order.applied.After(planAt) && sent[pi.item]
	}, t.clock.Now())
}

// resolve drops the pending listings of channel that shown says are shown
// at at.
func (t *tracker) resolve(channel string, shown func(*pendingItem) bool, at time.Time) {
	ps := t.pending[channel]
	kept := ps[:0]
	for _, pi := range ps {
		if !shown(pi) {
			kept = append(kept, pi)
			continue
		}
		pi.order.left--
		if at.After(pi.order.last) {
			pi.order.last = at
		}
		if pi.order.left == 0 {
			t.finish(pi.order, pi.order.last)
		}
	}
	clear(ps[len(kept):])
	t.pending[channel] = kept
}

func (t *tracker) finish(p *placedOrder, at time.Time) {
	t.done = append(t.done, propagation{channel: p.ref.channel, d: at.Sub(p.at)})
	delete(t.placed, p.ref)
}

// importedOrders counts orders the mall accepted as imported; a second
// acceptance of one order is a duplicate import.
func (t *tracker) importedOrders(channel string, numbers []string) {
	for _, n := range numbers {
		r := orderRef{channel, n}
		t.imported[r]++
		if t.imported[r] > 1 {
			t.dupImport++
		}
	}
}

// Percentiles summarise propagation times in seconds.
type Percentiles struct {
	Orders int     `json:"orders"`
	P50    float64 `json:"p50_seconds"`
	P99    float64 `json:"p99_seconds"`
	Max    float64 `json:"max_seconds"`
	// Unfinished counts orders some other mall did not show by the end of
	// the run (counted at the end of the run in the percentiles).
	Unfinished int `json:"unfinished"`
}

// percentiles summarises the finished propagations and, as lasting until
// end, the orders still unfinished, overall and by group(the order's
// channel).
func (t *tracker) percentiles(end time.Time, group func(channel string) string) (Percentiles, map[string]Percentiles) {
	by := map[string][]time.Duration{}
	unfinished := map[string]int{}
	var all []time.Duration
	for _, p := range t.done {
		g := group(p.channel)
		by[g] = append(by[g], p.d)
		all = append(all, p.d)
	}
	for r, p := range t.placed {
		if p.applied.IsZero() && t.applied[r].status != 0 {
			continue // cancelled before the engine saw it open
		}
		d := end.Sub(p.at)
		g := group(r.channel)
		by[g] = append(by[g], d)
		all = append(all, d)
		unfinished[g]++
	}
	out := map[string]Percentiles{}
	total := 0
	for ch, ds := range by {
		out[ch] = summarize(ds, unfinished[ch])
		total += unfinished[ch]
	}
	return summarize(all, total), out
}

// channelName groups propagations by channel.
func channelName(channel string) string { return channel }

// channelKind groups propagations by mall: "rakuten", "yahoo".
func channelKind(channel string) string {
	kind, _, _ := strings.Cut(channel, "/")
	return kind
}

func summarize(ds []time.Duration, unfinished int) Percentiles {
	p := Percentiles{Orders: len(ds), Unfinished: unfinished}
	if len(ds) == 0 {
		return p
	}
	slices.Sort(ds)
	at := func(q float64) float64 {
		i := int(q*float64(len(ds))+0.999999) - 1
		return ds[max(0, min(i, len(ds)-1))].Seconds()
	}
	p.P50, p.P99, p.Max = at(0.50), at(0.99), ds[len(ds)-1].Seconds()
	return p
}

// observedLedger is the engine's ledger with the tracker told of every
// plan read. Inside the engine's transactions it is the ledger itself.
type observedLedger struct {
	*stock.Ledger
	t *tracker
}

func (l observedLedger) Plan(ctx context.Context, channels ...string) ([]stock.Push, error) {
	ps, err := l.Ledger.Plan(ctx, channels...)
	if err == nil {
		l.t.planned(ctx, channels, ps)
	}
	return ps, err
}

// PutListings puts ls in chunks: the SQL store builds one expression per
// call that SQLite refuses beyond a few hundred listings ("Expression tree
// is too large").
func (l observedLedger) PutListings(ctx context.Context, ls ...stock.Listing) error {
	for chunk := range slices.Chunk(ls, 200) {
		if err := l.Ledger.PutListings(ctx, chunk...); err != nil {
			return err
		}
	}
	return nil
}

// WithTx binds the ledger to the engine's transaction (engine.Options.SharedTx).
func (l observedLedger) WithTx(tx *sql.Tx) *stock.Ledger { return l.Ledger.WithTx(tx) }

// observedChannel is a channel with the tracker told of every push that
// landed and every import the mall accepted.
type observedChannel struct {
	engine.Channel
	t *tracker
}

func (c observedChannel) Push(ctx context.Context, ps []stock.Push) ([]stock.Push, error) {
	// The engine read the plan it pushes in this same task, just before.
	var planAt time.Time
	if tk, ok := ctx.Value(taskKey{}).(*task); ok {
		planAt = tk.planAt
	}
	if c.t.shownNow != nil {
		c.t.beforePush(c.Name(), ps, c.t.shownNow(c.Name()))
	}
	accepted, err := c.Channel.Push(ctx, ps)
	c.t.pushed(c.Name(), planAt, accepted)
	return accepted, err
}

// observedShower is an observedChannel whose channel can read what its
// mall shows (engine.Shower), which the engine does before its first push.
type observedShower struct {
	observedChannel
	sh engine.Shower
}

func (c observedShower) Shown(ctx context.Context, items []string) (map[string]int, error) {
	return c.sh.Shown(ctx, items)
}

func (c observedShower) SeparateReadBudget() bool {
	s, ok := c.sh.(engine.SeparateReadBudget)
	return ok && s.SeparateReadBudget()
}

// observe wraps ch for the tracker, keeping the interfaces the engine
// looks for.
func observe(ch engine.Channel, t *tracker) engine.Channel {
	oc := observedChannel{Channel: ch, t: t}
	if sh, ok := ch.(engine.Shower); ok {
		return observedShower{observedChannel: oc, sh: sh}
	}
	return oc
}

func (c observedChannel) Import(ctx context.Context, orders []engine.RemoteOrder) ([]string, error) {
	accepted, err := c.Channel.Import(ctx, orders)
	c.t.importedOrders(c.Name(), accepted)
	return accepted, err
}

// sortedKeys lists a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// seenCancelled counts buyers' orders whose first state the engine applied
// was already cancelled.
func (t *tracker) seenCancelled() int {
	n := 0
	for r, p := range t.placed {
		if p.applied.IsZero() && t.applied[r].status != 0 {
			n++
		}
	}
	return n
}
