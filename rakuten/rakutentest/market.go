package rakutentest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mallkit/mallkit/internal/fakemall"
)

// DefaultUnitPrice is the price (tax included) of an item bought with Buy
// when SetUnitPrice named none.
const DefaultUnitPrice = 1980

// marketState is what the buyer side of the fake keeps besides the orders
// and inventory: prices, the progress an edited order returns to, the
// per-shop order sequence, the call statistics and the notification
// deliveries. It is guarded by Server.mu apart from stats and notifier,
// which lock themselves; the zero value is ready to use.
type marketState struct {
	prices   map[inventoryKey]int64
	edited   map[string]int // order number → orderProgress before the edit
	sequence map[string]int64
	stats    fakemall.Counter // locks itself
	notifier notifier         // locks itself
}

// marketConfig holds the Options of the buyer side.
type marketConfig struct {
	buyerCancelWindow time.Duration
	notify            notifyConfig
}

// DefaultBuyerCancelWindow is how long after ordering a buyer may cancel a
// normal purchase on their own: 30 minutes, as shops' guides describe it.
const DefaultBuyerCancelWindow = 30 * time.Minute

// WithBuyerCancelWindow sets how long after ordering CancelByBuyer is
// allowed (fake clock). d <= 0 keeps DefaultBuyerCancelWindow.
func WithBuyerCancelWindow(d time.Duration) Option {
	return func(c *config) { c.market.buyerCancelWindow = d }
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
// ("<manageNumber>/<variantId>", manageNumber lower-cased).
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

// marketStatus maps an orderProgress to a market status: 900 is canceled,
// 500–700 shipped, everything else (800 キャンセル確定待ち included) open.
func marketStatus(progress int) string {
	switch {
	case progress == ProgressCancelled:
		return StatusCanceled
	case progress >= ProgressShipped && progress <= ProgressPaymentDone:
		return StatusShipped
	}
	return StatusOpen
}

// itemKey is the channel item key of an inventory key.
func itemKey(k inventoryKey) string { return k.manageNumber + "/" + k.variantID }

// parseItem reads "<manageNumber>/<variantId>" into the shop's inventory key.
func parseItem(shopID, item string) (inventoryKey, error) {
	m, v, ok := strings.Cut(item, "/")
	if !ok || m == "" || v == "" {
		return inventoryKey{}, fmt.Errorf("%w: item %q is not <manageNumber>/<variantId>", ErrInvalidBuy, item)
	}
	return keyOf(shopID, m, v), nil
}

// shopByURLLocked finds the shop registered (AddShop) with the shop URL.
func (s *Server) shopByURLLocked(url string) (Shop, error) {
	for _, sh := range s.shops {
		if sh.URL == url {
			return sh, nil
		}
	}
	return Shop{}, fmt.Errorf("%w: no shop with URL %q (AddShop)", ErrUnknownItem, url)
}

// Shown returns what the shop (by shop URL) shows buyers: item key →
// inventory quantity. An unknown shop shows nothing.
func (s *Server) Shown(shop string) map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	sh, err := s.shopByURLLocked(shop)
	if err != nil {
		return out
	}
	for k, row := range s.inventory {
		if k.shop == sh.ID {
			out[itemKey(k)] = row.quantity
		}
	}
	return out
}

// SetShown sets the quantity the shop shows for item, creating its
// inventory row when needed (as an ABSOLUTE write from RMS would).
func (s *Server) SetShown(shop, item string, n int) error {
	if n < 0 || n > maxQuantity {
		return fmt.Errorf("%w: quantity %d of %q is outside 0..%d", ErrInvalidBuy, n, item, maxQuantity)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sh, err := s.shopByURLLocked(shop)
	if err != nil {
		return err
	}
	k, err := parseItem(sh.ID, item)
	if err != nil {
		return err
	}
	row, ok := s.inventory[k]
	if !ok {
		row = &inventoryRow{created: s.now}
		s.inventory[k] = row
	}
	row.quantity, row.updated = n, s.now
	return nil
}

// SetUnitPrice sets the price (yen, tax included) buyers pay for item.
func (s *Server) SetUnitPrice(shop, item string, yen int64) error {
	if yen < 0 {
		return fmt.Errorf("%w: negative price %d for %q", ErrInvalidBuy, yen, item)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sh, err := s.shopByURLLocked(shop)
	if err != nil {
		return err
	}
	k, err := parseItem(sh.ID, item)
	if err != nil {
		return err
	}
	if s.market.prices == nil {
		s.market.prices = map[inventoryKey]int64{}
	}
	s.market.prices[k] = yen
	return nil
}

// MarketOrders lists the shop's orders (by shop URL), oldest first, each
// with its market status and lines; deleted items are left out.
func (s *Server) MarketOrders(shop string) []MarketOrder {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	out := []MarketOrder{}
	sh, err := s.shopByURLLocked(shop)
	if err != nil {
		return out
	}
	for _, o := range s.orders {
		if !ownsOrder(sh.ID, o.Number) {
			continue
		}
		mo := MarketOrder{Number: o.Number, Status: marketStatus(o.Progress), PlacedAt: o.OrderDatetime, Lines: []MarketLine{}}
		for _, p := range o.Packages {
			for _, it := range p.Items {
				if !it.Deleted {
					mo.Lines = append(mo.Lines, MarketLine{Item: itemKey(keyOf(sh.ID, it.ManageNumber, it.VariantID)), Units: it.Units})
				}
			}
		}
		out = append(out, mo)
	}
	slices.SortFunc(out, func(a, b MarketOrder) int {
		return cmp.Or(a.PlacedAt.Compare(b.PlacedAt), strings.Compare(a.Number, b.Number))
	})
	return out
}

// orderOfShopLocked returns the shop's order (by shop URL) numbered n.
func (s *Server) orderOfShopLocked(shop, n string) (Shop, *Order, error) {
	sh, err := s.shopByURLLocked(shop)
	if err != nil {
		return Shop{}, nil, err
	}
	o := s.orders[n]
	if o == nil || !ownsOrder(sh.ID, n) {
		return Shop{}, nil, fmt.Errorf("%w: shop %q has no order %q", ErrUnknownOrder, shop, n)
	}
	return sh, o, nil
}
