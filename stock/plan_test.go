package stock

import (
	"context"
	"errors"
	"slices"
	"testing"
)

func TestPlan(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		ctx := context.Background()
		l := newLedger(t, k.open(t))
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		plan := func(want []Push, channels ...string) []Push {
			t.Helper()
			got, err := l.Plan(ctx, channels...)
			must(err)
			if !slices.Equal(got, want) {
				t.Fatalf("Plan(%v)\n got %v\nwant %v", channels, got, want)
			}
			return got
		}
		must(l.PutListings(ctx,
			Listing{Channel: rak, Item: "a", Parts: []Part{{"A", 1}}, Safety: 2},
			Listing{Channel: rak, Item: "set", Parts: []Part{{"A", 3}, {"B", 1}}},
			Listing{Channel: yah, Item: "a", Parts: []Part{{"A", 1}}, Max: 5},
			Listing{Channel: yah, Item: "b", Parts: []Part{{"B", 1}}, Safety: 10},
		))
		must(l.SetOnHand(ctx, "A", 10, at(0)))
		must(l.SetOnHand(ctx, "B", 4, at(0)))
		// Safety 2 of 10; the set is min(10/3, 4/1) = 3; Max 5 caps 10; Safety 10 of 4 clamps to 0.
		all := []Push{{rak, "a", 8}, {rak, "set", 3}, {yah, "a", 5}, {yah, "b", 0}}
		pending := func(want ...string) {
			t.Helper()
			got, err := l.Pending(ctx)
			must(err)
			if !slices.Equal(got, want) {
				t.Fatalf("Pending = %v, want %v", got, want)
			}
		}
		pending(rak, yah)
		plan(all)
		plan(all[2:], yah)
		// Nothing confirmed yet: everything stays planned.
		plan(all)
		must(l.Confirm(ctx, all...))
		plan(nil)
		pending()
		// One sale on Yahoo: only the listings over A move; Yahoo's Max still caps at 5.
		must(l.ApplyOrder(ctx, open(yah, "9", at(5), Line{"a", 2})))
		pending(rak, yah)
		ps := plan([]Push{{rak, "a", 6}, {rak, "set", 2}})
		pending(rak)
		// A failed push (only the first confirmed) is planned again.
		must(l.Confirm(ctx, ps[0]))
		plan(ps[1:])
		plan(ps[1:], rak)
		plan(nil, yah)
		// A change and its undo leave nothing to push.
		must(l.Confirm(ctx, ps[1]))
		must(l.ApplyOrder(ctx, open(rak, "10", at(6), Line{"a", 1})))
		must(l.ApplyOrder(ctx, withStatus(open(rak, "10", at(6), Line{"a", 1}), OrderCanceled, at(7))))
		plan(nil)
		// Changing a listing's Safety plans it again.
		must(l.PutListings(ctx, Listing{Channel: rak, Item: "a", Parts: []Part{{"A", 1}}, Safety: 0}))
		plan([]Push{{rak, "a", 8}})
		// Oversold shows 0.
		must(l.SetOnHand(ctx, "A", 0, at(10)))
		plan([]Push{{rak, "a", 0}, {rak, "set", 0}, {yah, "a", 0}})

		ls, err := l.Listings(ctx, rak)
		must(err)
		if len(ls) != 2 || ls[0].Item != "a" || ls[0].Planned != 0 || ls[0].Confirmed == nil || *ls[0].Confirmed != 6 ||
			len(ls[1].Parts) != 2 || ls[1].Parts[0] != (Part{"A", 3}) {
			t.Fatalf("Listings = %+v", ls)
		}
		over, err := l.Oversold(ctx)
		must(err)
		if len(over) != 1 || over[0] != (Level{"A", 0, 2, -2}) {
			t.Fatalf("Oversold = %v", over)
		}
	})
}

func TestConfirmUnknownListing(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		ctx := context.Background()
		l := newLedger(t, k.open(t))
		if err := l.PutListings(ctx, plain(rak, "a", "A")); err != nil {
			t.Fatal(err)
		}
		err := l.Confirm(ctx, Push{rak, "a", 3}, Push{rak, "zzz", 1})
		var nf *NotFoundError
		if !errors.As(err, &nf) || nf.Item != "zzz" {
			t.Fatalf("err = %v, want *NotFoundError for zzz", err)
		}
		ls, _ := l.Listings(ctx)
		if ls[0].Confirmed != nil {
			t.Fatalf("confirmed %d although the call was refused", *ls[0].Confirmed)
		}
	})
}
