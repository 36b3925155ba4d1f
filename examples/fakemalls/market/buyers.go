package market

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"
)

// HotItems is the buyer generator's flash-sale mode: Share of all orders
// go to the listings of SKUs (set products that contain one count too).
type HotItems struct {
	SKUs []string
	// Share is the part of the orders that go to hot listings; 0 means 0.5.
	Share float64
}

// defaultHotShare is HotItems.Share when it is 0.
const defaultHotShare = 0.5

// mallWeights weigh the channels of each mall: Rakuten sells most, then
// Yahoo, then ポンパレ.
var mallWeights = map[string]float64{"rakuten": 5, "yahoo": 3, "ponpare": 1}

// Buyer cancel delays: a cancelling buyer changes their mind within this
// range after ordering, inside Rakuten's 30-minute buyer window. One cancel
// in mallCancelEvery on Rakuten is the mall's (screening NG) instead.
const (
	cancelMinDelay  = time.Minute
	cancelMaxDelay  = 25 * time.Minute
	mallCancelEvery = 5
)

// GeneratorConfig configures a Generator.
type GeneratorConfig struct {
	Rate        float64 // orders per second of marketplace time
	Seed        int64   // makes every choice repeatable
	Hot         HotItems
	CancelShare float64       // 0: DefaultCancelShare; negative: none
	Start       time.Time     // the marketplace time the generator starts at
	For         time.Duration // stop ordering after this long (0: never)
}

// GeneratorStats counts what the buyers did.
type GeneratorStats struct {
	Orders         int `json:"orders"`          // orders placed
	SoldOut        int `json:"sold_out"`        // buys refused: the mall showed too few
	Failed         int `json:"failed"`          // buys refused otherwise
	Cancels        int `json:"cancels"`         // cancels done (by buyers or the mall)
	CancelsRefused int `json:"cancels_refused"` // cancels refused (order no longer open)
}

// buyerMarket is what buyers do on a marketplace (Market does).
type buyerMarket interface {
	Buy(channel, item string, units int) (string, error)
	Cancel(channel, order string) error
	CancelByMall(channel, order string) error
}

// Generator is the marketplace's buyers: orders arrive at Rate per second
// of marketplace time (exponential gaps: a Poisson process), across the
// listed channels weighted by mall, each for 1–3 units of a listing, through
// the same path as POST /buy, so they respect what each mall shows. A share
// of the orders is cancelled a few minutes later. Every choice comes from
// Seed, so the same Steps give the same orders. Drive it with Step on any
// clock, or Run on the wall clock. It is safe for concurrent use.
type Generator struct {
	m        buyerMarket
	rate     float64
	hotShare float64
	cancel   float64
	stop     time.Time // zero: never

	mu       sync.Mutex
	rng      *rand.Rand
	next     time.Time
	channels []string
	weights  []float64
	items    map[string][]string // channel → item keys
	hot      map[string][]string // channel → hot item keys
	pending  []pendingCancel     // sorted by due
	stats    GeneratorStats
}

type pendingCancel struct {
	due            time.Time
	channel, order string
	byMall         bool
}

// NewGenerator returns buyers for the listings of m's catalog.
func NewGenerator(m *Market, cfg GeneratorConfig) *Generator {
	return newGenerator(m, m.catalog.Listings, cfg)
}

func newGenerator(m buyerMarket, listings []Listing, cfg GeneratorConfig) *Generator {
	g := &Generator{
		m: m, rate: cfg.Rate, hotShare: cfg.Hot.Share, cancel: cfg.CancelShare,
		rng:   rand.New(rand.NewPCG(uint64(cfg.Seed), 0x6d616c6c6b6974)),
		items: map[string][]string{}, hot: map[string][]string{},
	}
	if g.hotShare == 0 {
		g.hotShare = defaultHotShare
	}
	if g.cancel == 0 {
		g.cancel = DefaultCancelShare
	}
	if cfg.For > 0 {
		g.stop = cfg.Start.Add(cfg.For)
	}
	for _, l := range listings {
		if _, ok := g.items[l.Channel]; !ok {
			mall, _, _ := strings.Cut(l.Channel, "/")
			g.channels = append(g.channels, l.Channel)
			g.weights = append(g.weights, cmpOr(mallWeights[mall], 1))
		}
		g.items[l.Channel] = append(g.items[l.Channel], l.Item)
		if slices.ContainsFunc(l.Parts, func(p Part) bool { return slices.Contains(cfg.Hot.SKUs, p.SKU) }) {
			g.hot[l.Channel] = append(g.hot[l.Channel], l.Item)
		}
	}
	g.next = cfg.Start.Add(g.gap())
	return g
}

func cmpOr(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

// gap draws the time to the next order.
func (g *Generator) gap() time.Duration {
	if g.rate <= 0 {
		return time.Duration(1<<63 - 1)
	}
	return time.Duration(g.rng.ExpFloat64() / g.rate * float64(time.Second))
}

// Step places every order due by now and does every cancel due by now, in
// time order. Steps with a time before the previous one do nothing.
func (g *Generator) Step(now time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for {
		orderDue := !g.next.After(now) && (g.stop.IsZero() || g.next.Before(g.stop)) && len(g.channels) > 0
		cancelDue := len(g.pending) > 0 && !g.pending[0].due.After(now)
		switch {
		case cancelDue && (!orderDue || !g.pending[0].due.After(g.next)):
			c := g.pending[0]
			g.pending = g.pending[1:]
			g.doCancel(c)
		case orderDue:
			at := g.next
			g.next = at.Add(g.gap())
			g.order(at)
		default:
			return
		}
	}
}

// order places one order at marketplace time at.
func (g *Generator) order(at time.Time) {
	i := g.pick()
	ch := g.channels[i]
	items := g.items[ch]
	if hot := g.hot[ch]; len(hot) > 0 && g.rng.Float64() < g.hotShare {
		items = hot
	}
	item := items[g.rng.IntN(len(items))]
	units := 1
	switch r := g.rng.IntN(20); {
	case r == 0:
		units = 3
	case r < 4:
		units = 2
	}
	cancel := g.cancel > 0 && g.rng.Float64() < g.cancel
	delay := cancelMinDelay + time.Duration(g.rng.Int64N(int64(cancelMaxDelay-cancelMinDelay)))
	byMall := strings.HasPrefix(ch, "rakuten/") && g.rng.IntN(mallCancelEvery) == 0
	order, err := g.m.Buy(ch, item, units)
	switch {
	case errors.Is(err, ErrSoldOut):
		g.stats.SoldOut++
		return
	case err != nil:
		g.stats.Failed++
		return
	}
	g.stats.Orders++
	if cancel {
		c := pendingCancel{due: at.Add(delay), channel: ch, order: order, byMall: byMall}
		i, _ := slices.BinarySearchFunc(g.pending, c.due, func(p pendingCancel, t time.Time) int { return p.due.Compare(t) })
		g.pending = slices.Insert(g.pending, i, c)
	}
}

// pick draws a channel index by weight.
func (g *Generator) pick() int {
	var total float64
	for _, w := range g.weights {
		total += w
	}
	r := g.rng.Float64() * total
	for i, w := range g.weights {
		if r < w {
			return i
		}
		r -= w
	}
	return len(g.weights) - 1
}

func (g *Generator) doCancel(c pendingCancel) {
	var err error
	if c.byMall {
		err = g.m.CancelByMall(c.channel, c.order)
	} else {
		err = g.m.Cancel(c.channel, c.order)
	}
	if err != nil {
		g.stats.CancelsRefused++
		return
	}
	g.stats.Cancels++
}

// Stats returns what the buyers did so far.
func (g *Generator) Stats() GeneratorStats {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.stats
}

// Done reports whether the generator has stopped ordering at now (Config.For
// passed) and has no cancel left to do.
func (g *Generator) Done(now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return !g.stop.IsZero() && !now.Before(g.stop) && len(g.pending) == 0
}
