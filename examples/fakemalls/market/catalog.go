package market

import (
	"maps"
	"slices"
)

// Catalog is what the marketplace sells and holds: every listing of every
// mall channel and the units on hand per SKU. It carries everything a sync
// engine's configuration needs besides the endpoints and credentials of
// Endpoints.
type Catalog struct {
	// Tempostar is the TEMPOSTAR hub's channel, "tempostar/<shop code>",
	// or "" when the seed has none. TEMPOSTAR is the stock master, not a
	// sales channel: no listing names it.
	Tempostar string `json:"tempostar,omitempty"`
	// Listings are sorted by channel, then item.
	Listings []Listing `json:"listings"`
	// OnHand is the physical count per SKU at the start.
	OnHand map[string]int `json:"on_hand"`
}

// Listing is one sellable item on one channel, in the shape of
// stock.Listing: Parts is what one unit consumes (several parts for a
// set product), Safety the units kept back, Max the most units ever shown
// (0: no cap).
type Listing struct {
	Channel string `json:"channel"`
	Item    string `json:"item"`
	Parts   []Part `json:"parts"`
	Safety  int    `json:"safety"`
	Max     int    `json:"max"`
}

// Part is units of one SKU consumed by one unit of a listing.
type Part struct {
	SKU   string `json:"sku"`
	Units int    `json:"units"`
}

// Publishable is the quantity a synced engine shows for l when onHand
// units are available: the fewest complete units over its parts, minus
// Safety, clamped to [0, Max] (no upper clamp when Max is 0). It is the
// listing's shown quantity when the marketplace starts.
func (l Listing) Publishable(onHand map[string]int) int {
	n := -1
	for _, p := range l.Parts {
		k := onHand[p.SKU] / p.Units
		if n < 0 || k < n {
			n = k
		}
	}
	n = max(n-l.Safety, 0)
	if l.Max > 0 {
		n = min(n, l.Max)
	}
	return n
}

// Channels lists the channels that have listings, sorted.
func (c Catalog) Channels() []string {
	seen := map[string]bool{}
	for _, l := range c.Listings {
		seen[l.Channel] = true
	}
	return slices.Sorted(maps.Keys(seen))
}

// clone copies c so that callers cannot change the marketplace's own.
func (c Catalog) clone() Catalog {
	out := Catalog{Tempostar: c.Tempostar, Listings: make([]Listing, len(c.Listings)), OnHand: maps.Clone(c.OnHand)}
	if out.OnHand == nil {
		out.OnHand = map[string]int{}
	}
	for i, l := range c.Listings {
		l.Parts = slices.Clone(l.Parts)
		out.Listings[i] = l
	}
	return out
}
