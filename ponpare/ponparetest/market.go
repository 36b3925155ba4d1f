package ponparetest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mallkit/mallkit/internal/fakemall"
	//lint:ignore SA1019 the fake serves the deprecated package itself
	"github.com/mallkit/mallkit/ponpare"
)

// DefaultUnitPrice is the price (tax included) of an item bought with Buy
// when SetUnitPrice named none.
const DefaultUnitPrice = 1980

// Order states (orderSts) the buyer side uses. 新規受付 is the first state
// and 発送後入金待ち / 処理済み are states after shipping, per hubs' manuals;
// the cancelled state's name is the fake's guess (unverified).
const (
	OrderStatusNew            = "新規受付"
	OrderStatusAwaitPayment   = "発送後入金待ち"
	OrderStatusDone           = "処理済み"
	OrderStatusCancelled      = "キャンセル"
	paymentStatusUnpaid       = "未入金"
	paymentStatusPaid         = "入金済"
	orderDateTimeLayout       = "2006/01/02 15:04:05"
	orderNumberDateLayout     = "20060102"
	orderNumberSequenceDigits = 8
)

// marketState is the buyer side of the fake: the quantities each shop shows
// (the stock CSV's), prices, the orders Buy placed and the call statistics.
// It has its own lock, taken before Server.mu when both are needed.
type marketState struct {
	mu       sync.Mutex
	shown    map[string]map[string]*shownItem // shop → item key
	prices   map[string]map[string]int64      // shop → item key → yen
	orders   map[string]*boughtOrder          // by order number
	sequence map[string]int64                 // by shop
	stats    fakemall.Counter                 // locks itself
}

// shownItem is one line of a shop's stock: the quantity shown and whether
// buyers may order past zero.
type shownItem struct {
	quantity       int
	allowOverdraft bool
}

// boughtOrder is an order Buy placed: the model served to the order API and
// what the market needs about it.
type boughtOrder struct {
	shop      string
	order     ponpare.Order
	item      string
	units     int
	keepStock bool
	placedAt  time.Time
}

// MarketOrder is an order as a marketplace overview shows it: what was
// bought, when, and whether it is still open.
type MarketOrder struct {
	Number string
	// Status is "open", "canceled" or "shipped".
	Status   string
	PlacedAt time.Time
	Lines    []MarketLine
}

// MarketLine is one item of a MarketOrder, by its channel item key
// ("<itemCode>:<subCode>", or "<itemCode>" without a sub-code).
type MarketLine struct {
	Item  string
	Units int
}

// Market statuses of MarketOrder.Status.
const (
	StatusOpen     = "open"
	StatusCanceled = "canceled"
	StatusShipped  = "shipped"
)

// marketStatus maps an orderSts to a market status.
func marketStatus(orderSts string) string {
	switch orderSts {
	case OrderStatusCancelled:
		return StatusCanceled
	case OrderStatusAwaitPayment, OrderStatusDone:
		return StatusShipped
	}
	return StatusOpen
}

// itemKey is the channel item key of a stock CSV line.
func itemKey(code, sub string) string {
	if sub == "" {
		return code
	}
	return code + ":" + sub
}

// clock returns the fake's current time.
func (s *Server) clock() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

// Shown returns what the shop shows buyers: item key → quantity.
func (s *Server) Shown(shop string) map[string]int {
	m := &s.market
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]int{}
	for k, it := range m.shown[shop] {
		out[k] = it.quantity
	}
	return out
}

// SetShown sets the quantity the shop shows for item ("<itemCode>" or
// "<itemCode>:<subCode>"), creating the listing when needed.
func (s *Server) SetShown(shop, item string, n int) error {
	if n < 0 {
		return fmt.Errorf("%w: negative quantity %d of %q", ErrInvalidBuy, n, item)
	}
	if shop == "" || item == "" || strings.HasPrefix(item, ":") {
		return fmt.Errorf("%w: shop %q item %q", ErrInvalidBuy, shop, item)
	}
	m := &s.market
	m.mu.Lock()
	defer m.mu.Unlock()
	m.setShownLocked(shop, item, n, nil)
	return nil
}

// setShownLocked sets one listing; overdraft nil keeps its flag.
func (m *marketState) setShownLocked(shop, item string, n int, overdraft *bool) {
	if m.shown == nil {
		m.shown = map[string]map[string]*shownItem{}
	}
	if m.shown[shop] == nil {
		m.shown[shop] = map[string]*shownItem{}
	}
	it, ok := m.shown[shop][item]
	if !ok {
		it = &shownItem{}
		m.shown[shop][item] = it
	}
	it.quantity = n
	if overdraft != nil {
		it.allowOverdraft = *overdraft
	}
}

// SetUnitPrice sets the price (yen, tax included) buyers pay for item.
func (s *Server) SetUnitPrice(shop, item string, yen int64) error {
	if yen < 0 {
		return fmt.Errorf("%w: negative price %d for %q", ErrInvalidBuy, yen, item)
	}
	m := &s.market
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.prices == nil {
		m.prices = map[string]map[string]int64{}
	}
	if m.prices[shop] == nil {
		m.prices[shop] = map[string]int64{}
	}
	m.prices[shop][item] = yen
	return nil
}

// MarketOrders lists the orders Buy placed in the shop, oldest first.
// Orders seeded with AddOrder are not listed.
func (s *Server) MarketOrders(shop string) []MarketOrder {
	m := &s.market
	m.mu.Lock()
	defer m.mu.Unlock()
	out := []MarketOrder{}
	for _, bo := range m.orders {
		if bo.shop == shop {
			out = append(out, MarketOrder{
				Number: bo.order.Number, Status: marketStatus(bo.order.Status), PlacedAt: bo.placedAt,
				Lines: []MarketLine{{Item: bo.item, Units: bo.units}},
			})
		}
	}
	slices.SortFunc(out, func(a, b MarketOrder) int {
		return cmp.Or(a.PlacedAt.Compare(b.PlacedAt), strings.Compare(a.Number, b.Number))
	})
	return out
}
