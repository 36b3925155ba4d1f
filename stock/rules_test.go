package stock

import (
	"context"
	"errors"
	"testing"
	"time"
)

// at returns testT0 plus m minutes.
func at(m int) time.Time { return testT0.Add(time.Duration(m) * time.Minute) }

func plain(ch, item, sku string) Listing {
	return Listing{Channel: ch, Item: item, Parts: []Part{{SKU: sku, Units: 1}}}
}

func open(ch, num string, upd time.Time, lines ...Line) Order {
	return Order{Channel: ch, Number: num, Status: OrderOpen, Updated: upd, Lines: lines}
}

func withStatus(o Order, s OrderStatus, upd time.Time) Order {
	o.Status, o.Updated = s, upd
	return o
}

const (
	rak = "rakuten/shop"
	yah = "yahoo/store"
)

// step is one call in a rule case; it returns the call's error.
type step func(ctx context.Context, l *Ledger) error

func put(ls ...Listing) step {
	return func(ctx context.Context, l *Ledger) error { return l.PutListings(ctx, ls...) }
}
func count(sku string, n int, asOf time.Time) step {
	return func(ctx context.Context, l *Ledger) error { return l.SetOnHand(ctx, sku, n, asOf) }
}
func apply(o Order) step {
	return func(ctx context.Context, l *Ledger) error { return l.ApplyOrder(ctx, o) }
}

// applyUnmatched applies o and requires a *UnmatchedError naming items.
func applyUnmatched(o Order, items ...string) step {
	return func(ctx context.Context, l *Ledger) error {
		err := l.ApplyOrder(ctx, o)
		var um *UnmatchedError
		if !errors.As(err, &um) || len(um.Items) != len(items) {
			return errors.Join(errors.New("want *UnmatchedError"), err)
		}
		for i := range items {
			if um.Items[i] != items[i] {
				return errors.New("unmatched items " + um.Items[i] + " != " + items[i])
			}
		}
		return nil
	}
}

func TestRules(t *testing.T) {
	a1 := open(rak, "1", at(10), Line{"a", 2})
	cases := []struct {
		name  string
		steps []step
		want  []Level
	}{
		{"open allocates", []step{put(plain(rak, "a", "A")), count("A", 10, at(0)), apply(a1)},
			[]Level{{"A", 10, 2, 8}}},
		{"idempotent re-apply", []step{put(plain(rak, "a", "A")), count("A", 10, at(0)), apply(a1), apply(a1), apply(a1)},
			[]Level{{"A", 10, 2, 8}}},
		{"same order from CSV without time", []step{put(plain(rak, "a", "A")), count("A", 10, at(0)), apply(a1),
			apply(open(rak, "1", time.Time{}, Line{"a", 1}, Line{"a", 1}))},
			[]Level{{"A", 10, 2, 8}}},
		{"quantity edit up then down", []step{put(plain(rak, "a", "A")), count("A", 10, at(0)), apply(a1),
			apply(open(rak, "1", at(11), Line{"a", 5})), apply(open(rak, "1", at(12), Line{"a", 3}))},
			[]Level{{"A", 10, 3, 7}}},
		{"line removed and another added", []step{put(plain(rak, "a", "A"), plain(rak, "b", "B")), apply(a1),
			apply(open(rak, "1", at(11), Line{"b", 1}))},
			[]Level{{"A", 0, 0, 0}, {"B", 0, 1, -1}}},
		{"older state ignored", []step{put(plain(rak, "a", "A")), apply(open(rak, "1", at(12), Line{"a", 3})), apply(a1)},
			[]Level{{"A", 0, 3, -3}}},
		{"equal Updated applies", []step{put(plain(rak, "a", "A")), apply(a1), apply(open(rak, "1", at(10), Line{"a", 4}))},
			[]Level{{"A", 0, 4, -4}}},
		{"cancel releases", []step{put(plain(rak, "a", "A")), count("A", 10, at(0)), apply(a1), apply(withStatus(a1, OrderCanceled, at(20)))},
			[]Level{{"A", 10, 0, 10}}},
		{"cancel then stale open", []step{put(plain(rak, "a", "A")), count("A", 10, at(0)), apply(a1),
			apply(withStatus(a1, OrderCanceled, at(20))), apply(a1)},
			[]Level{{"A", 10, 0, 10}}},
		{"cancel before seen, then open", []step{put(plain(rak, "a", "A")), count("A", 10, at(0)),
			apply(withStatus(a1, OrderCanceled, at(20))), apply(a1), apply(withStatus(a1, OrderOpen, time.Time{}))},
			[]Level{{"A", 10, 0, 10}}},
		{"canceled is final", []step{put(plain(rak, "a", "A")), count("A", 10, at(0)), apply(withStatus(a1, OrderCanceled, at(20))),
			apply(withStatus(a1, OrderOpen, at(30)))},
			[]Level{{"A", 10, 0, 10}}},
		{"shipped consumes", []step{put(plain(rak, "a", "A")), count("A", 10, at(0)), apply(a1), apply(withStatus(a1, OrderShipped, at(30))),
			apply(withStatus(a1, OrderShipped, at(30))), apply(a1)},
			[]Level{{"A", 8, 0, 8}}},
		{"shipped then a count taken before the shipment", []step{put(plain(rak, "a", "A")), count("A", 10, at(0)), apply(a1),
			apply(withStatus(a1, OrderShipped, at(30))), count("A", 10, at(25))},
			[]Level{{"A", 8, 0, 8}}},
		{"shipped then a count taken after the shipment", []step{put(plain(rak, "a", "A")), count("A", 10, at(0)), apply(a1),
			apply(withStatus(a1, OrderShipped, at(30))), count("A", 7, at(35))},
			[]Level{{"A", 7, 0, 7}}},
		{"shipment older than the count does not deduct", []step{put(plain(rak, "a", "A")), apply(a1), count("A", 10, at(40)),
			apply(withStatus(a1, OrderShipped, at(30)))},
			[]Level{{"A", 10, 0, 10}}},
		{"count includes unshipped orders", []step{put(plain(rak, "a", "A")), apply(a1), count("A", 10, at(40))},
			[]Level{{"A", 10, 2, 8}}},
		{"stale count ignored", []step{put(plain(rak, "a", "A")), count("A", 10, at(40)), count("A", 99, at(5))},
			[]Level{{"A", 10, 0, 10}}},
		{"shipped never seen open", []step{put(plain(rak, "a", "A")), count("A", 10, at(0)), apply(withStatus(a1, OrderShipped, at(30)))},
			[]Level{{"A", 8, 0, 8}}},
		{"set sold then component sold on another channel", []step{
			put(Listing{Channel: rak, Item: "set", Parts: []Part{{"A", 2}, {"B", 1}}}, plain(yah, "a", "A")),
			count("A", 10, at(0)), count("B", 5, at(0)),
			apply(open(rak, "1", at(10), Line{"set", 2})), apply(open(yah, "1", at(10), Line{"a", 3}))},
			[]Level{{"A", 10, 7, 3}, {"B", 5, 2, 3}}},
		{"unknown item then listing added allocates once", []step{put(plain(rak, "a", "A")), count("A", 10, at(0)), count("B", 10, at(0)),
			applyUnmatched(open(rak, "1", at(10), Line{"a", 1}, Line{"b", 2}), "b"),
			put(plain(rak, "b", "B")),
			apply(open(rak, "1", at(10), Line{"a", 1}, Line{"b", 2})),
			apply(open(rak, "1", at(10), Line{"a", 1}, Line{"b", 2}))},
			[]Level{{"A", 10, 1, 9}, {"B", 10, 2, 8}}},
		{"unknown item of a shipped order consumes when listed", []step{count("B", 10, at(0)),
			applyUnmatched(withStatus(open(rak, "1", at(10), Line{"b", 2}), OrderShipped, at(30)), "b"),
			put(plain(rak, "b", "B")), count("B", 10, at(20))},
			[]Level{{"B", 8, 0, 8}}},
		{"canceled order keeps no unmatched line", []step{applyUnmatched(open(rak, "1", at(10), Line{"b", 2}), "b"),
			apply(withStatus(open(rak, "1", at(10), Line{"b", 2}), OrderCanceled, at(20))), put(plain(rak, "b", "B"))},
			nil},
		{"oversold is visible", []step{put(plain(rak, "a", "A")), count("A", 1, at(0)), apply(a1)},
			[]Level{{"A", 1, 2, -1}}},
	}
	forEachStore(t, func(t *testing.T, k storeKind) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				ctx := context.Background()
				l := newLedger(t, k.open(t), WithClock(func() time.Time { return at(100) }))
				for i, s := range c.steps {
					if err := s(ctx, l); err != nil {
						t.Fatalf("step %d: %v", i, err)
					}
				}
				got, err := l.Levels(ctx)
				if err != nil {
					t.Fatal(err)
				}
				got = nonZero(got)
				if !equalLevels(got, nonZero(c.want)) {
					t.Fatalf("levels\n got %v\nwant %v", got, c.want)
				}
			})
		}
	})
}

func nonZero(ls []Level) []Level {
	var out []Level
	for _, l := range ls {
		if l.OnHand != 0 || l.Allocated != 0 {
			out = append(out, l)
		}
	}
	return out
}

func equalLevels(a, b []Level) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
