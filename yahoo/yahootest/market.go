package yahootest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mallkit/mallkit/internal/fakemall"
)

// DefaultUnitPrice is the price (tax included) of an item bought with Buy
// when SetUnitPrice named none.
const DefaultUnitPrice = 1980

// marketState is what the buyer side of the fake keeps besides the orders
// and stock: prices, each bought order's buyer-side settings and the
// per-seller order sequence. It is guarded by Server.mu apart from events
// and stats; the zero value is ready to use.
type marketState struct {
	// events serialises the buyer-side methods, which store orders with
	// AddOrder outside Server.mu; it is taken before Server.mu.
	events   sync.Mutex
	prices   map[stockKey]int64
	orders   map[string]*boughtOrder // by order ID
	sequence map[string]int64        // by seller ID
	stats    fakemall.Counter
}

// boughtOrder is what Buy knows about an order beyond the Order model.
type boughtOrder struct {
	seller    string
	keepStock bool
	// held is the order while the mall's fraud check holds it (不正注文の
	// 保留): it is not among the store's orders, so no API shows it, until
	// ReleaseFraudHold publishes it. publication is when the order became
	// visible to the store (its order time unless it was held).
	held        *Order
	publication time.Time
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

// marketStatus maps an order to a market status: キャンセル is canceled,
// 完了 or a ShipStatus of 3 出荷済み and above is shipped, the rest open.
func marketStatus(o *Order) string {
	switch {
	case o.Status == StatusCancelled:
		return StatusCanceled
	case o.Status == StatusCompleted || o.Ship.Status >= 3:
		return StatusShipped
	}
	return StatusOpen
}

// itemKey is the channel item key of a stock record or order line.
func itemKey(item, sub string) string {
	if sub == "" {
		return item
	}
	return item + ":" + sub
}

// parseItem reads "<itemCode>:<subCode>" or "<itemCode>" into a stock key.
func parseItem(seller, item string) (stockKey, error) {
	code, sub, hasSub := strings.Cut(item, ":")
	if !itemCodePattern.MatchString(code) || (hasSub && !itemCodePattern.MatchString(sub)) {
		return stockKey{}, fmt.Errorf("%w: item %q is not <itemCode>[:<subCode>]", ErrInvalidBuy, item)
	}
	return stockKey{seller, code, sub}, nil
}

// sellerLocked checks that the seller exists.
func (s *Server) sellerLocked(id string) error {
	if _, ok := s.sellers[id]; !ok {
		return fmt.Errorf("%w: no seller %q (AddSeller)", ErrUnknownItem, id)
	}
	return nil
}

// Shown returns what the seller's store shows buyers: item key → stock
// quantity of every published stock record.
func (s *Server) Shown(shop string) map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for k, rec := range s.stock {
		if k.seller == shop && !rec.unpublished {
			out[itemKey(k.item, k.sub)] = rec.quantity
		}
	}
	return out
}

// SetShown sets the stock the seller's store shows for item, creating the
// record when needed (then it is also what setStock's quantity=INI
// restores).
func (s *Server) SetShown(shop, item string, n int) error {
	if n < 0 {
		return fmt.Errorf("%w: negative quantity %d of %q", ErrInvalidBuy, n, item)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.sellerLocked(shop); err != nil {
		return err
	}
	k, err := parseItem(shop, item)
	if err != nil {
		return err
	}
	rec, ok := s.stock[k]
	if !ok {
		rec = &stockRecord{initial: n}
		s.stock[k] = rec
	}
	rec.quantity, rec.updated = n, s.now
	return nil
}

// SetUnitPrice sets the price (yen, tax included) buyers pay for item.
func (s *Server) SetUnitPrice(shop, item string, yen int64) error {
	if yen < 0 {
		return fmt.Errorf("%w: negative price %d for %q", ErrInvalidBuy, yen, item)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.sellerLocked(shop); err != nil {
		return err
	}
	k, err := parseItem(shop, item)
	if err != nil {
		return err
	}
	if s.market.prices == nil {
		s.market.prices = map[stockKey]int64{}
	}
	s.market.prices[k] = yen
	return nil
}

// MarketOrders lists the seller's orders, oldest first, each with its
// market status and lines; orders held by the fraud check are listed too.
func (s *Server) MarketOrders(shop string) []MarketOrder {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []MarketOrder{}
	orders := []*Order{}
	for _, o := range s.orders {
		if o.SellerID == shop {
			s.settleLocked(o)
			orders = append(orders, o)
		}
	}
	for _, bo := range s.market.orders {
		if bo.seller == shop && bo.held != nil {
			orders = append(orders, bo.held)
		}
	}
	for _, o := range orders {
		mo := MarketOrder{Number: o.ID, Status: marketStatus(o), PlacedAt: o.OrderTime, Lines: []MarketLine{}}
		for _, it := range o.Items {
			mo.Lines = append(mo.Lines, MarketLine{Item: itemKey(it.ItemID, it.SubCode), Units: it.Quantity})
		}
		out = append(out, mo)
	}
	slices.SortFunc(out, func(a, b MarketOrder) int {
		return cmp.Or(a.PlacedAt.Compare(b.PlacedAt), strings.Compare(a.Number, b.Number))
	})
	return out
}

// orderOfShopLocked returns the seller's order with the given ID, held or
// not.
func (s *Server) orderOfShopLocked(shop, id string) (*Order, error) {
	if bo := s.market.orders[id]; bo != nil && bo.seller == shop && bo.held != nil {
		return bo.held, nil
	}
	o, ok := s.orders[id]
	if !ok || o.SellerID != shop {
		return nil, fmt.Errorf("%w: seller %q has no order %q", ErrUnknownOrder, shop, id)
	}
	s.settleLocked(o)
	return o, nil
}

// changedLocked records a change the buyer or the mall made: the version
// goes up and LastUpdateTime is now; IsSeen stays as it was, since the
// store has not looked at the change.
func (s *Server) changedLocked(o *Order) {
	o.Version++
	o.LastUpdateTime = s.now
}
