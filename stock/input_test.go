package stock

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestBadInput(t *testing.T) {
	good := plain(rak, "a", "A")
	cases := []struct {
		name, field string
		call        func(ctx context.Context, l *Ledger) error
	}{
		{"listing empty channel", "Channel", func(ctx context.Context, l *Ledger) error {
			return l.PutListings(ctx, good, Listing{Item: "b", Parts: []Part{{"B", 1}}})
		}},
		{"listing blank item", "Item", func(ctx context.Context, l *Ledger) error {
			return l.PutListings(ctx, Listing{Channel: rak, Item: " ", Parts: []Part{{"B", 1}}})
		}},
		{"listing without parts", "Parts", func(ctx context.Context, l *Ledger) error {
			return l.PutListings(ctx, Listing{Channel: rak, Item: "b"})
		}},
		{"part with empty SKU", "Parts[1].SKU", func(ctx context.Context, l *Ledger) error {
			return l.PutListings(ctx, Listing{Channel: rak, Item: "b", Parts: []Part{{"A", 1}, {"", 1}}})
		}},
		{"part with zero units", "Parts[0].Units", func(ctx context.Context, l *Ledger) error {
			return l.PutListings(ctx, Listing{Channel: rak, Item: "b", Parts: []Part{{"A", 0}}})
		}},
		{"part with negative units", "Parts[0].Units", func(ctx context.Context, l *Ledger) error {
			return l.PutListings(ctx, Listing{Channel: rak, Item: "b", Parts: []Part{{"A", -2}}})
		}},
		{"parts repeating a SKU", "Parts[2].SKU", func(ctx context.Context, l *Ledger) error {
			return l.PutListings(ctx, Listing{Channel: rak, Item: "b", Parts: []Part{{"A", 1}, {"B", 1}, {"A", 1}}})
		}},
		{"negative safety", "Safety", func(ctx context.Context, l *Ledger) error {
			return l.PutListings(ctx, Listing{Channel: rak, Item: "b", Parts: []Part{{"A", 1}}, Safety: -1})
		}},
		{"negative max", "Max", func(ctx context.Context, l *Ledger) error {
			return l.PutListings(ctx, Listing{Channel: rak, Item: "b", Parts: []Part{{"A", 1}}, Max: -1})
		}},
		{"listing twice in one call", "ls[1]", func(ctx context.Context, l *Ledger) error {
			return l.PutListings(ctx, good, good)
		}},
		{"count of empty SKU", "sku", func(ctx context.Context, l *Ledger) error { return l.SetOnHand(ctx, "", 1, at(0)) }},
		{"negative count", "units", func(ctx context.Context, l *Ledger) error { return l.SetOnHand(ctx, "A", -1, at(0)) }},
		{"order empty channel", "Channel", func(ctx context.Context, l *Ledger) error {
			return l.ApplyOrder(ctx, Order{Number: "1", Status: OrderOpen, Lines: []Line{{"a", 1}}})
		}},
		{"order empty number", "Number", func(ctx context.Context, l *Ledger) error {
			return l.ApplyOrder(ctx, Order{Channel: rak, Status: OrderOpen, Lines: []Line{{"a", 1}}})
		}},
		{"order without status", "Status", func(ctx context.Context, l *Ledger) error {
			return l.ApplyOrder(ctx, Order{Channel: rak, Number: "1", Lines: []Line{{"a", 1}}})
		}},
		{"line empty item", "Lines[1].Item", func(ctx context.Context, l *Ledger) error {
			return l.ApplyOrder(ctx, open(rak, "1", at(0), Line{"a", 1}, Line{"", 1}))
		}},
		{"line zero units", "Lines[0].Units", func(ctx context.Context, l *Ledger) error {
			return l.ApplyOrder(ctx, open(rak, "1", at(0), Line{"a", 0}))
		}},
		{"line negative units", "Lines[0].Units", func(ctx context.Context, l *Ledger) error {
			return l.ApplyOrder(ctx, open(rak, "1", at(0), Line{"a", -3}))
		}},
		{"bad order in a batch", "os[1].Lines[0].Units", func(ctx context.Context, l *Ledger) error {
			return l.ApplyOrders(ctx, open(rak, "1", at(0), Line{"a", 1}), open(rak, "2", at(0), Line{"a", 0}))
		}},
		{"push negative units", "Units", func(ctx context.Context, l *Ledger) error {
			return l.Confirm(ctx, Push{rak, "a", 1}, Push{rak, "a", -1})
		}},
		{"push empty item", "Item", func(ctx context.Context, l *Ledger) error { return l.Confirm(ctx, Push{Channel: rak}) }},
		{"plan empty channel", "channels[1]", func(ctx context.Context, l *Ledger) error {
			_, err := l.Plan(ctx, rak, "")
			return err
		}},
		{"level empty SKU", "sku", func(ctx context.Context, l *Ledger) error {
			_, err := l.Level(ctx, "")
			return err
		}},
		{"history empty SKU", "sku", func(ctx context.Context, l *Ledger) error {
			_, err := l.History(ctx, " ")
			return err
		}},
	}
	forEachStore(t, func(t *testing.T, k storeKind) {
		// One ledger for every case: none may write anything.
		l := newLedger(t, k.open(t))
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				ctx := context.Background()
				err := c.call(ctx, l)
				var ie *InputError
				if !errors.Is(err, ErrInvalidInput) || !errors.As(err, &ie) {
					t.Fatalf("err = %v, want *InputError", err)
				}
				if ie.Field != c.field {
					t.Fatalf("field %q, want %q (%v)", ie.Field, c.field, err)
				}
				// Nothing written.
				lv, _ := l.Levels(ctx)
				ls, _ := l.Listings(ctx)
				os, _ := l.Orders(ctx)
				if len(lv)+len(ls)+len(os) != 0 {
					t.Fatalf("written although refused: %v %v %v", lv, ls, os)
				}
			})
		}
	})
	for _, opt := range []Option{WithClock(nil), WithRetention(time.Hour)} {
		if _, err := Open(context.Background(), NewMemoryStore(), opt); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("Open with a bad option: %v", err)
		}
	}
	if _, err := NewSQLStore(context.Background(), nil, SQLite); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("NewSQLStore(nil): %v", err)
	}
}
