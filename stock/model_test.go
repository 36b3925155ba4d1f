package stock

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// model is the ledger's rules written as plainly as possible: levels are recomputed from the
// orders and counts on every question.
type model struct {
	now       time.Time
	listings  map[listingKey]Listing
	orders    map[orderKey]*modelOrder
	counts    map[string]modelCount
	confirmed map[listingKey]int
}

type modelOrder struct {
	status  OrderStatus
	updated time.Time
	lines   []Line
	shipAt  time.Time
}

type modelCount struct {
	units int
	asOf  time.Time
}

func (m *model) apply(o Order) {
	k := o.key()
	cur := m.orders[k]
	if cur != nil && (cur.status.closed() || (!o.Updated.IsZero() && o.Updated.Before(cur.updated))) {
		return
	}
	next := &modelOrder{status: o.Status, updated: o.Updated, lines: mergedLines(o.Lines)}
	if cur != nil && cur.updated.After(next.updated) {
		next.updated = cur.updated
	}
	if o.Status == OrderShipped {
		next.shipAt = o.Updated
		if next.shipAt.IsZero() {
			next.shipAt = m.now
		}
	}
	m.orders[k] = next
}

func (m *model) count(sku string, units int, asOf time.Time) {
	if c, ok := m.counts[sku]; ok && asOf.Before(c.asOf) {
		return
	}
	m.counts[sku] = modelCount{units, asOf}
}

func (m *model) levels() []Level {
	on, alloc := map[string]int{}, map[string]int{}
	for sku, c := range m.counts {
		on[sku] = c.units
	}
	for k, o := range m.orders {
		for _, ln := range o.lines {
			l, ok := m.listings[listingKey{k.Channel, ln.Item}]
			if !ok {
				continue
			}
			for _, p := range l.Parts {
				switch o.status {
				case OrderOpen:
					alloc[p.SKU] += ln.Units * p.Units
				case OrderShipped:
					if c, counted := m.counts[p.SKU]; !counted || o.shipAt.After(c.asOf) {
						on[p.SKU] -= ln.Units * p.Units
					}
				}
			}
		}
	}
	var out []Level
	for sku := range union(on, alloc) {
		if on[sku] != 0 || alloc[sku] != 0 {
			out = append(out, Level{sku, on[sku], alloc[sku], on[sku] - alloc[sku]})
		}
	}
	sortLevels(out)
	return out
}

func union(a, b map[string]int) map[string]struct{} {
	u := map[string]struct{}{}
	for k := range a {
		u[k] = struct{}{}
	}
	for k := range b {
		u[k] = struct{}{}
	}
	return u
}

func (m *model) plan() []Push {
	avail := map[string]int{}
	for _, l := range m.levels() {
		avail[l.SKU] = l.Available
	}
	var out []Push
	for k, l := range m.listings {
		q := publishable(l, func(s string) int { return avail[s] })
		if c, ok := m.confirmed[k]; !ok || c != q {
			out = append(out, Push{k.Channel, k.Item, q})
		}
	}
	sortPushes(out)
	return out
}

func (m *model) unmatched() []UnmatchedLine {
	var out []UnmatchedLine
	for k, o := range m.orders {
		if o.status == OrderCanceled {
			continue
		}
		for _, ln := range o.lines {
			if _, ok := m.listings[listingKey{k.Channel, ln.Item}]; !ok {
				out = append(out, UnmatchedLine{k.Channel, k.Number, ln.Item, ln.Units})
			}
		}
	}
	sortUnmatched(out)
	return out
}

// TestModel runs random operation sequences on every store and checks levels, unmatched lines
// and plans against the model after each step.
func TestModel(t *testing.T) {
	seeds := map[string]int{"memory": 300, "sqlite": 30, "postgres": 8}
	if testing.Short() || raceEnabled {
		seeds = map[string]int{"memory": 50, "sqlite": 5, "postgres": 2}
	}
	forEachStore(t, func(t *testing.T, k storeKind) {
		for seed := range seeds[k.name] {
			t.Run(fmt.Sprint(seed), func(t *testing.T) {
				t.Parallel()
				runModel(t, k, uint64(seed))
			})
		}
	})
}

func runModel(t *testing.T, k storeKind, seed uint64) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	now := at(100)
	l := newLedger(t, k.open(t), WithClock(func() time.Time { return now }))
	m := &model{now: now, listings: map[listingKey]Listing{}, orders: map[orderKey]*modelOrder{},
		counts: map[string]modelCount{}, confirmed: map[listingKey]int{}}
	channels := []string{rak, yah}
	skus := []string{"S0", "S1", "S2"}
	// Every item's parts are fixed per run (a listing is only ever re-put with other Safety/Max).
	catalog := map[listingKey]Listing{}
	for _, ch := range channels {
		for i := range 4 {
			l := Listing{Channel: ch, Item: fmt.Sprintf("i%d", i)}
			for _, j := range rng.Perm(len(skus))[:1+rng.IntN(2)] {
				l.Parts = append(l.Parts, Part{skus[j], 1 + rng.IntN(2)})
			}
			catalog[l.key()] = l
		}
	}
	randTime := func() time.Time {
		if rng.IntN(6) == 0 {
			return time.Time{}
		}
		return at(rng.IntN(30))
	}
	randOrder := func() Order {
		ch := channels[rng.IntN(2)]
		o := Order{Channel: ch, Number: fmt.Sprintf("n%d", rng.IntN(8)), Updated: randTime()}
		switch r := rng.IntN(10); {
		case r < 6:
			o.Status = OrderOpen
		case r < 8:
			o.Status = OrderCanceled
		default:
			o.Status = OrderShipped
		}
		for range 1 + rng.IntN(3) {
			o.Lines = append(o.Lines, Line{fmt.Sprintf("i%d", rng.IntN(4)), 1 + rng.IntN(3)})
		}
		return o
	}
	var log []string
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("seed %d after\n  %s\n%s", seed, joinLines(log), fmt.Sprintf(format, args...))
	}
	for range 60 {
		var err error
		switch r := rng.IntN(20); {
		case r < 10:
			o := randOrder()
			log = append(log, fmt.Sprintf("ApplyOrder %+v", o))
			m.apply(o)
			err = l.ApplyOrder(ctx, o)
		case r < 12:
			os := []Order{randOrder(), randOrder(), randOrder()}
			log = append(log, fmt.Sprintf("ApplyOrders %+v", os))
			for _, o := range os {
				m.apply(o)
			}
			err = l.ApplyOrders(ctx, os...)
		case r < 15:
			sku, n, asOf := skus[rng.IntN(3)], rng.IntN(20), at(rng.IntN(30))
			log = append(log, fmt.Sprintf("SetOnHand %s %d %v", sku, n, asOf))
			m.count(sku, n, asOf)
			err = l.SetOnHand(ctx, sku, n, asOf)
		case r < 17:
			keys := slices.SortedFunc(maps.Keys(catalog), cmpListingKey)
			x := catalog[keys[rng.IntN(len(keys))]].clone()
			x.Safety, x.Max = rng.IntN(3), rng.IntN(4)*3
			log = append(log, fmt.Sprintf("PutListings %+v", x))
			m.listings[x.key()] = x
			err = l.PutListings(ctx, x)
		default:
			got, perr := l.Plan(ctx)
			if perr != nil {
				fail("Plan: %v", perr)
			}
			if want := m.plan(); !slices.Equal(got, want) {
				fail("Plan\n got %v\nwant %v", got, want)
			}
			var ok []Push
			for _, p := range got {
				if rng.IntN(3) > 0 { // the others' pushes failed
					ok = append(ok, p)
					m.confirmed[listingKey{p.Channel, p.Item}] = p.Units
				}
			}
			log = append(log, fmt.Sprintf("Plan+Confirm %v", ok))
			err = l.Confirm(ctx, ok...)
		}
		var um *UnmatchedError
		if err != nil && !errors.As(err, &um) {
			fail("error: %v", err)
		}
		got, err := l.Levels(ctx)
		if err != nil {
			fail("Levels: %v", err)
		}
		if want := m.levels(); !equalLevels(nonZero(got), want) {
			fail("levels\n got %v\nwant %v", nonZero(got), want)
		}
		gotU, err := l.Unmatched(ctx)
		if err != nil {
			fail("Unmatched: %v", err)
		}
		if want := m.unmatched(); !slices.Equal(gotU, want) {
			fail("unmatched\n got %v\nwant %v", gotU, want)
		}
	}
}

func joinLines(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += "\n  "
		}
		out += s
	}
	return out
}
