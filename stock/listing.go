package stock

import (
	"fmt"
	"strings"
)

// Listing maps one channel's item to the SKUs one unit of it consumes.
type Listing struct {
	Channel string // "<mall>/<shop>"
	Item    string // the channel's item key
	Parts   []Part // what one unit consumes: one Part for a plain item, several for a set (セット商品)
	Safety  int    // units kept back on this channel
	Max     int    // most units ever shown on this channel; 0 = no cap
}

// Part is Units of SKU consumed by one unit of a listing.
type Part struct {
	SKU   string
	Units int
}

// ListingState is a listing with what Plan would publish for it now and what was last confirmed.
type ListingState struct {
	Listing
	Planned   int  // the publishable quantity now
	Confirmed *int // the quantity last confirmed for it; nil when never confirmed
}

type listingKey struct{ Channel, Item string }

func cmpListingKey(a, b listingKey) int {
	if c := cmpString(a.Channel, b.Channel); c != 0 {
		return c
	}
	return cmpString(a.Item, b.Item)
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

func (l Listing) key() listingKey { return listingKey{l.Channel, l.Item} }

func (l Listing) clone() Listing {
	l.Parts = append([]Part(nil), l.Parts...)
	return l
}

func (l Listing) validate() error {
	bad := func(field, format string, args ...any) error {
		return &InputError{Key: "listing " + l.Channel + " " + l.Item, Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	switch {
	case blank(l.Channel):
		return bad("Channel", "empty")
	case blank(l.Item):
		return bad("Item", "empty")
	case len(l.Parts) == 0:
		return bad("Parts", "a listing needs at least one part")
	case l.Safety < 0:
		return bad("Safety", "negative (%d)", l.Safety)
	case l.Max < 0:
		return bad("Max", "negative (%d); 0 means no cap", l.Max)
	}
	seen := make(map[string]int, len(l.Parts))
	for i, p := range l.Parts {
		if blank(p.SKU) {
			return bad(fmt.Sprintf("Parts[%d].SKU", i), "empty")
		}
		if p.Units < 1 {
			return bad(fmt.Sprintf("Parts[%d].Units", i), "must be at least 1 (got %d)", p.Units)
		}
		if j, dup := seen[p.SKU]; dup {
			return bad(fmt.Sprintf("Parts[%d].SKU", i), "SKU %q repeats Parts[%d]; give it once with the total units", p.SKU, j)
		}
		seen[p.SKU] = i
	}
	return nil
}

// publishable is the quantity a channel may show for l: for each part floor(available/units),
// the minimum over the parts, minus Safety, clamped to [0, Max] (Max 0: no upper clamp).
func publishable(l Listing, available func(sku string) int) int {
	q := 0
	for i, p := range l.Parts {
		n := floorDiv(available(p.SKU), p.Units)
		if i == 0 || n < q {
			q = n
		}
	}
	q -= l.Safety
	if q < 0 {
		q = 0
	}
	if l.Max > 0 && q > l.Max {
		q = l.Max
	}
	return q
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
