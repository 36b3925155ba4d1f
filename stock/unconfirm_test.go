package stock

import (
	"context"
	"errors"
	"testing"
)

// TestUnconfirm checks that Unconfirm makes a confirmed listing plan again (a push that may or may
// not have reached the mall), leaves the other listings alone, and refuses an unknown listing
// without writing anything, on every store.
func TestUnconfirm(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		ctx := context.Background()
		l := newLedger(t, k.open(t))
		for _, s := range []step{put(plain(rak, "a", "A"), plain(rak, "b", "B")), count("A", 5, at(0)), count("B", 7, at(0))} {
			if err := s(ctx, l); err != nil {
				t.Fatal(err)
			}
		}
		ps, err := l.Plan(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := l.Confirm(ctx, ps...); err != nil {
			t.Fatal(err)
		}
		if err := l.Unconfirm(ctx, Push{Channel: rak, Item: "a"}); err != nil {
			t.Fatal(err)
		}
		got, err := l.Plan(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := []Push{{Channel: rak, Item: "a", Units: 5}}; len(got) != 1 || got[0] != want[0] {
			t.Fatalf("plan after Unconfirm = %v, want %v", got, want)
		}
		ls, err := l.Listings(ctx, rak)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range ls {
			switch {
			case s.Item == "a" && s.Confirmed != nil:
				t.Fatalf("a still confirmed at %d", *s.Confirmed)
			case s.Item == "b" && (s.Confirmed == nil || *s.Confirmed != 7):
				t.Fatalf("b confirmed %v, want 7", s.Confirmed)
			}
		}
		var nf *NotFoundError
		if err := l.Unconfirm(ctx, Push{Channel: rak, Item: "b"}, Push{Channel: rak, Item: "nope"}); !errors.As(err, &nf) {
			t.Fatalf("Unconfirm of an unknown listing: %v, want *NotFoundError", err)
		}
		if got, _ := l.Plan(ctx); len(got) != 1 {
			t.Fatalf("a refused Unconfirm wrote: plan %v", got)
		}
		if err := l.Confirm(ctx, got...); err != nil {
			t.Fatal(err)
		}
		if got, _ := l.Plan(ctx); len(got) != 0 {
			t.Fatalf("plan after Confirm = %v", got)
		}
	})
}
