package stock

import (
	"context"
	"fmt"
	"testing"
)

// A shop's whole catalogue goes in with one PutListings call: 5,000 listings, some of them sets,
// are stored on every store, and replacing them all again in one call works too.
func TestPutListingsTakesAWholeCatalogueInOneCall(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		ctx := context.Background()
		l := newLedger(t, k.open(t))
		const n = 5000
		ls := make([]Listing, n)
		for i := range ls {
			ls[i] = Listing{Channel: "rakuten/shop", Item: fmt.Sprintf("item-%05d", i), Parts: []Part{{SKU: fmt.Sprintf("SKU-%05d", i), Units: 1}}}
			if i%10 == 0 {
				ls[i].Parts = append(ls[i].Parts, Part{SKU: "BOX", Units: 2})
			}
		}
		if err := l.PutListings(ctx, ls...); err != nil {
			t.Fatalf("PutListings(%d listings): %v", n, err)
		}
		for i := range ls {
			ls[i].Safety = 1
		}
		if err := l.PutListings(ctx, ls...); err != nil {
			t.Fatalf("PutListings(%d listings) again: %v", n, err)
		}
		got, err := l.Listings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != n {
			t.Fatalf("Listings() = %d listings, want %d", len(got), n)
		}
		for _, g := range got {
			if g.Safety != 1 {
				t.Fatalf("listing %s: safety %d, want the replaced 1", g.Item, g.Safety)
			}
		}
		if g := got[10]; len(g.Parts) != 2 || g.Parts[1] != (Part{SKU: "BOX", Units: 2}) {
			t.Fatalf("listing %s: parts %v, want its set's two parts", g.Item, g.Parts)
		}
	})
}
