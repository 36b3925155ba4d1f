package sim

import (
	"math/rand/v2"
	"time"
)

// buyers place the flash sale's orders on the virtual clock: arrivals are
// a Poisson process of Orders over Duration; hot SKUs take HotRate units a
// second each (one unit per order; over all merchants), the others share
// the rest, 1–3 units an order. A buyer picks a shop by its mall's share
// (every merchant's shops have the same shares), buys a SKU of the shop's
// merchant, and buys through the fake's Buy, so they only get what that
// mall shows. CancelShare of the orders
// are cancelled 1–25 minutes later by their buyer (one in five on Rakuten
// by the mall: a screening NG).
type buyers struct {
	clock     *Clock
	rng       *rand.Rand
	malls     []mall
	weights   []float64
	skus      int
	hot       int
	hotShare  float64
	rate      float64 // orders per second
	until     time.Time
	cancel    float64
	placed    func(m mall, number, item string)
	cancelled func(m mall, number string)
	notify    func(m mall)
	stats     BuyerStats
}

// BuyerStats counts what the buyers did.
type BuyerStats struct {
	Orders         int `json:"orders"`
	SoldOut        int `json:"sold_out"`
	Failed         int `json:"failed"`
	Cancels        int `json:"cancels"`
	CancelsRefused int `json:"cancels_refused"`
}

// start schedules the first arrival at from.
func (b *buyers) start(from time.Time) {
	b.clock.At(from.Add(b.gap()), b.arrive)
}

func (b *buyers) gap() time.Duration {
	return time.Duration(b.rng.ExpFloat64() / b.rate * float64(time.Second))
}

// arrive places one order and schedules the next arrival.
func (b *buyers) arrive() {
	now := b.clock.Now()
	if !now.Before(b.until) {
		return
	}
	b.clock.At(now.Add(b.gap()), b.arrive)
	m := b.malls[b.pick()]
	var sku, units int
	if b.hot > 0 && b.rng.Float64() < b.hotShare {
		sku, units = b.rng.IntN(b.hot), 1
	} else {
		sku = b.hot + b.rng.IntN(b.skus-b.hot)
		switch r := b.rng.IntN(20); {
		case r == 0:
			units = 3
		case r < 4:
			units = 2
		default:
			units = 1
		}
	}
	cancel := b.rng.Float64() < b.cancel
	delay := time.Minute + time.Duration(b.rng.Int64N(int64(24*time.Minute)))
	byMall := b.rng.IntN(5) == 0
	number, soldOut, err := m.buy(m.item(sku), units)
	switch {
	case soldOut:
		b.stats.SoldOut++
		return
	case err != nil:
		b.stats.Failed++
		return
	}
	b.stats.Orders++
	b.placed(m, number, m.item(sku))
	b.notify(m)
	if cancel {
		b.clock.At(now.Add(delay), func() {
			if err := m.cancel(number, byMall && m.notifies()); err != nil {
				b.stats.CancelsRefused++
				return
			}
			b.stats.Cancels++
			b.cancelled(m, number)
			b.notify(m)
		})
	}
}

// pick draws a mall by weight.
func (b *buyers) pick() int {
	var total float64
	for _, w := range b.weights {
		total += w
	}
	r := b.rng.Float64() * total
	for i, w := range b.weights {
		if r < w {
			return i
		}
		r -= w
	}
	return len(b.weights) - 1
}
