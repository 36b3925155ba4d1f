package main

import (
	"context"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/mallkit/mallkit/examples/fakemalls/market"
	"github.com/mallkit/mallkit/examples/syncengine/engine"
	"github.com/mallkit/mallkit/stock"
)

// propagation measures, for each new order, the time from its placing on
// one mall until every other mall that sells one of its SKUs shows the
// quantity the ledger plans after it: the order is applied and no listing
// depending on its SKUs is left in the plan of another channel that takes
// pushes. It samples the plan, so its resolution is the sampling period.
type propagation struct {
	skusOf   map[string]map[string][]string // channel → item → SKUs
	usedBy   map[string][]listingKey        // SKU → listings using it
	pushable map[string]bool
	since    time.Time // orders placed before (the seed's) are not measured

	mu      sync.Mutex
	pending map[listingKey]pendingOrder // order (channel, number) → what to wait for
	seen    map[listingKey]bool
	lat     []float64
	byMall  map[string][]float64
	seenLag map[string][]float64 // placed until applied, per origin mall

	confirmed map[listingKey]time.Time // when each listing was last confirmed
	lastAt    time.Time
}

// pendingOrder is an applied order waiting for the other malls.
type pendingOrder struct {
	deps    []listingKey
	applied time.Time
}

type listingKey struct{ channel, item string }

func newPropagation(cat market.Catalog) *propagation {
	p := &propagation{skusOf: map[string]map[string][]string{}, usedBy: map[string][]listingKey{},
		pending: map[listingKey]pendingOrder{}, confirmed: map[listingKey]time.Time{}, seen: map[listingKey]bool{}, byMall: map[string][]float64{}, seenLag: map[string][]float64{}}
	for _, l := range cat.Listings {
		if p.skusOf[l.Channel] == nil {
			p.skusOf[l.Channel] = map[string][]string{}
		}
		for _, part := range l.Parts {
			p.skusOf[l.Channel][l.Item] = append(p.skusOf[l.Channel][l.Item], part.SKU)
			p.usedBy[part.SKU] = append(p.usedBy[part.SKU], listingKey{l.Channel, l.Item})
		}
	}
	return p
}

// applied is the engine's OnApplied hook.
func (p *propagation) applied(channel string, o engine.RemoteOrder, at time.Time) {
	key := listingKey{channel, o.Number}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.seen[key] || o.Status != stock.OrderOpen {
		return
	}
	p.seen[key] = true
	var deps []listingKey
	for _, l := range o.Lines {
		for _, sku := range p.skusOf[channel][l.Item] {
			for _, lk := range p.usedBy[sku] {
				if lk.channel != channel && p.pushable[lk.channel] {
					deps = append(deps, lk)
				}
			}
		}
	}
	if len(deps) > 0 {
		p.pending[key] = pendingOrder{deps: deps, applied: at}
	}
}

// sample checks the pending orders: an order has reached every other mall
// when each listing it depends on was confirmed after the order was
// applied, or has nothing planned.
func (p *propagation) sample(ctx context.Context, l *stock.Ledger, st *engine.State, m *market.Market) {
	p.mu.Lock()
	n := len(p.pending)
	p.mu.Unlock()
	if n == 0 {
		return
	}
	plan, err := l.Plan(ctx)
	if err != nil {
		return
	}
	changes, err := st.ShownSince(ctx, p.lastAt)
	if err != nil {
		return
	}
	now := time.Now()
	waiting := map[listingKey]bool{}
	for _, x := range plan {
		waiting[listingKey{x.Channel, x.Item}] = true
	}
	placed := map[listingKey]time.Time{}
	for _, o := range m.Orders() {
		placed[listingKey{o.Channel, o.Number}] = o.PlacedAt
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range changes {
		p.confirmed[listingKey{c.Channel, c.Item}] = c.At
		if c.At.After(p.lastAt) {
			p.lastAt = c.At
		}
	}
	for key, po := range p.pending {
		done := true
		for _, d := range po.deps {
			if waiting[d] && p.confirmed[d].Before(po.applied) {
				done = false
				break
			}
		}
		if done {
			if at, ok := placed[key]; ok && !at.Before(p.since) {
				d := now.Sub(at).Seconds()
				p.lat = append(p.lat, d)
				mall, _, _ := strings.Cut(key.channel, "/")
				p.byMall[mall] = append(p.byMall[mall], d)
				p.seenLag[mall] = append(p.seenLag[mall], po.applied.Sub(at).Seconds())
			}
			delete(p.pending, key)
		}
	}
}

func (p *propagation) pendingCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.pending)
}

// percentiles returns p50, p99 and the number of orders measured.
func (p *propagation) percentiles() (float64, float64, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return percentiles(p.lat)
}

// byOrigin returns, per mall the orders were placed on, p50 and p99 of
// the propagation and p50 of the time until the engine applied the order.
func (p *propagation) byOrigin() map[string][3]float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[string][3]float64{}
	for mall, lat := range p.byMall {
		p50, p99, _ := percentiles(lat)
		seen, _, _ := percentiles(p.seenLag[mall])
		out[mall] = [3]float64{p50, p99, seen}
	}
	return out
}

func percentiles(lat []float64) (float64, float64, int) {
	if len(lat) == 0 {
		return 0, 0, 0
	}
	s := append([]float64(nil), lat...)
	sort.Float64s(s)
	at := func(q float64) float64 {
		i := int(math.Ceil(q*float64(len(s)))) - 1
		return math.Round(s[max(0, i)]*100) / 100
	}
	return at(0.50), at(0.99), len(s)
}
