package sim

import "github.com/mallkit/mallkit/stock"

// NoopCauses splits the no-op pushes (rows that set the quantity the mall
// already showed) by what the engine could have known when it sent them.
type NoopCauses struct {
	// UnpolledSales: when the push was sent, the mall had sold the item in
	// orders (or taken back a cancel) that the engine had not applied yet
	// (not polled, or not yet notified); the mall's own change happened to
	// equal the plan's. Only reading the mall before every push avoids these
	// (engine.Options.CheckShownBeforePush, at a cost in rate budget).
	UnpolledSales int `json:"unpolled_sales"`
	// DuringPush is the rest of the mall's count: the mall showed another
	// quantity when the push was sent and reached the pushed one by itself
	// (a buyer ordered) while the push was on its way.
	DuringPush int `json:"during_push"`
	// Engine: the mall showed the pushed quantity when the push was sent
	// and every sale on it had been applied: the engine had what it needed
	// to leave the row out.
	Engine int `json:"engine"`
}

// unpolledSale counts delta changes of channel's item (a sale, or a
// cancel) that the engine has not applied yet.
func (t *tracker) unpolledSale(channel, item string, delta int) {
	if t.unpolled == nil {
		t.unpolled = map[listingRef]int{}
	}
	r := listingRef{channel, item}
	if t.unpolled[r] += delta; t.unpolled[r] == 0 {
		delete(t.unpolled, r)
	}
}

// beforePush classifies, as a push of ps leaves for channel's mall, the
// rows that set the quantity the mall shows now (shown).
func (t *tracker) beforePush(channel string, ps []stock.Push, shown map[string]int) {
	for _, p := range ps {
		cur, ok := shown[p.Item]
		if !ok || cur != p.Units {
			continue
		}
		t.predictedNoops++
		if t.unpolled[listingRef{channel, p.Item}] > 0 {
			t.noops.UnpolledSales++
		} else {
			t.noops.Engine++
		}
	}
}

// cancel records that a buyer's order was cancelled on its mall; until the
// engine applies the cancel, its item counts as changed unseen.
func (t *tracker) cancel(channel, number string) {
	r := orderRef{channel, number}
	if item, ok := t.items[r]; ok {
		t.cancelling[r] = item
		t.unpolledSale(channel, item, 1)
	}
}
