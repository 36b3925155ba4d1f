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

// Payments of generated orders: one in bankTransferEvery pays by bank
// transfer, within payMaxDelay (a prepayment order waits unpaid until
// then), and one in codEvery pays cash on delivery; the rest pay by card.
const (
	bankTransferEvery = 10
	codEvery          = 20
	payMaxDelay       = time.Hour
)

// Orders that reach the shop late: one Yahoo order in fraudHoldEvery is
// held by the mall's fraud check for up to holdMaxDelay (published later
// than it was placed), and one Rakuten order in postageLaterEvery has its
// postage (laterPostage yen) fixed by the shop within postageMaxDelay.
const (
	fraudHoldEvery    = 30
	holdMaxDelay      = 30 * time.Minute
	postageLaterEvery = 10
	postageMaxDelay   = time.Hour
	laterPostage      = 800
)

// GeneratorConfig configures a Generator.
type GeneratorConfig struct {
	Rate        float64 // orders per second of marketplace time
	Seed        int64   // makes every choice repeatable
	Hot         HotItems
	CancelShare float64       // 0: DefaultCancelShare; negative: none
	Start       time.Time     // the marketplace time the generator starts at
	For         time.Duration // stop ordering after this long (0: never)
	// Simple makes every order a card order, published and priced at once:
	// no bank transfers, cash on delivery, fraud holds or postage fixed later.
	Simple bool
}

// GeneratorStats counts what the buyers did.
type GeneratorStats struct {
	Orders         int `json:"orders"`          // orders placed
	SoldOut        int `json:"sold_out"`        // buys refused: the mall showed too few
	Failed         int `json:"failed"`          // buys refused otherwise
	Cancels        int `json:"cancels"`         // cancels done (by buyers or the mall)
	CancelsRefused int `json:"cancels_refused"` // cancels refused (order no longer open)
	Paid           int `json:"paid"`            // bank-transfer orders paid later
	Released       int `json:"released"`        // Yahoo orders released from the fraud check
	PostageFixed   int `json:"postage_fixed"`   // Rakuten orders whose postage was fixed later
}

// buyerMarket is what buyers do on a marketplace (Market does).
type buyerMarket interface {
	Place(p Purchase) (string, error)
	MarkPaid(channel, order string) error
	SetPostage(channel, order string, yen int64) error
	ReleaseFraudHold(channel, order string) error
	Cancel(channel, order string) error
	CancelByMall(channel, order string) error
}

// Generator is the marketplace's buyers: orders arrive at Rate per second
// of marketplace time (exponential gaps: a Poisson process), across the
// listed channels weighted by mall, each for 1–3 units of a listing, through
// the same path as POST /buy, so they respect what each mall shows. A share
// of the orders is cancelled a few minutes later; a tenth pay by bank
// transfer (paid within the hour) and a twentieth cash on delivery; some
// Yahoo orders are held by the fraud check for a while and some Rakuten
// orders have their postage fixed later (-9999 until then). Every choice comes from
// Seed, so the same Steps give the same orders. Drive it with Step on any
// clock, or Run on the wall clock. It is safe for concurrent use.
type Generator struct {
	m        buyerMarket
	simple   bool
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
	pending  []pendingEvent      // sorted by due
	stats    GeneratorStats
}

// pendingEvent is something a buyer or the mall does to an order later.
type pendingEvent struct {
	due            time.Time
	channel, order string
	kind           eventKind
}

type eventKind int

const (
	eventBuyerCancel eventKind = iota
	eventMallCancel
	eventPaid
	eventRelease
	eventPostage
)

// NewGenerator returns buyers for the listings of m's catalog.
func NewGenerator(m *Market, cfg GeneratorConfig) *Generator {
	return newGenerator(m, m.catalog.Listings, cfg)
}

func newGenerator(m buyerMarket, listings []Listing, cfg GeneratorConfig) *Generator {
	g := &Generator{
		m: m, simple: cfg.Simple, rate: cfg.Rate, hotShare: cfg.Hot.Share, cancel: cfg.CancelShare,
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
			e := g.pending[0]
			g.pending = g.pending[1:]
			g.do(e)
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
	kind := eventBuyerCancel
	if strings.HasPrefix(ch, "rakuten/") && g.rng.IntN(mallCancelEvery) == 0 {
		kind = eventMallCancel
	}
	pay := PaymentCard
	switch r := g.rng.IntN(codEvery * bankTransferEvery); {
	case r < codEvery:
		pay = PaymentBankTransfer
	case r < codEvery+bankTransferEvery:
		pay = PaymentCOD
	}
	paidAfter := time.Duration(g.rng.Int64N(int64(payMaxDelay)))
	hold := strings.HasPrefix(ch, "yahoo/") && g.rng.IntN(fraudHoldEvery) == 0
	postageLater := strings.HasPrefix(ch, "rakuten/") && g.rng.IntN(postageLaterEvery) == 0
	lateAfter := time.Duration(g.rng.Int64N(int64(max(holdMaxDelay, postageMaxDelay))))
	if g.simple {
		pay, hold, postageLater = PaymentCard, false, false
	}
	order, err := g.m.Place(Purchase{Channel: ch, Item: item, Units: units, Payment: pay, FraudHold: hold, PostageLater: postageLater})
	switch {
	case errors.Is(err, ErrSoldOut):
		g.stats.SoldOut++
		return
	case err != nil:
		g.stats.Failed++
		return
	}
	g.stats.Orders++
	switch {
	case hold:
		g.later(pendingEvent{due: at.Add(lateAfter % holdMaxDelay), channel: ch, order: order, kind: eventRelease})
	case postageLater:
		g.later(pendingEvent{due: at.Add(lateAfter % postageMaxDelay), channel: ch, order: order, kind: eventPostage})
	}
	switch {
	case cancel:
		g.later(pendingEvent{due: at.Add(delay), channel: ch, order: order, kind: kind})
	case pay == PaymentBankTransfer:
		g.later(pendingEvent{due: at.Add(paidAfter), channel: ch, order: order, kind: eventPaid})
	}
}

// later queues e in time order (after events due at the same time).
func (g *Generator) later(e pendingEvent) {
	i, _ := slices.BinarySearchFunc(g.pending, e.due.Add(1), func(p pendingEvent, t time.Time) int { return p.due.Compare(t) })
	g.pending = slices.Insert(g.pending, i, e)
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

// do applies a due event.
func (g *Generator) do(e pendingEvent) {
	switch e.kind {
	case eventPaid:
		if g.m.MarkPaid(e.channel, e.order) == nil {
			g.stats.Paid++
		}
		return
	case eventRelease:
		if g.m.ReleaseFraudHold(e.channel, e.order) == nil {
			g.stats.Released++
		}
		return
	case eventPostage:
		if g.m.SetPostage(e.channel, e.order, laterPostage) == nil {
			g.stats.PostageFixed++
		}
		return
	case eventMallCancel:
		if g.m.CancelByMall(e.channel, e.order) != nil {
			g.stats.CancelsRefused++
			return
		}
	default:
		if g.m.Cancel(e.channel, e.order) != nil {
			g.stats.CancelsRefused++
			return
		}
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
