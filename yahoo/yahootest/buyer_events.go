package yahootest

import "fmt"

// Cancel reasons the buyer side records (CancelReason).
const (
	// cancelByBuyerReason is 100, the first of the buyer's reasons.
	cancelByBuyerReason = 100
	// cancelByMallReason is 0: the code the mall records for its own
	// cancels (fraud check, payment refused) is not public.
	cancelByMallReason = 0
)

// openLocked reports whether an order can still be cancelled or shipped:
// 予約中, 処理中 or 保留, not yet shipped.
func openLocked(o *Order) bool {
	return o.Status >= StatusReserved && o.Status <= StatusHolding && o.Ship.Status < 3
}

// notOpen is the error of an event that needs an open order.
func notOpen(o *Order) error {
	return &NotOpenError{Order: o.ID, Status: marketStatus(o), OrderStatus: o.Status, ShipStatus: o.Ship.Status}
}

// CancelByBuyer cancels an open order at the buyer's request (the store
// has not shipped it yet): OrderStatus 4 with CancelReason 100, and the
// stock comes back unless the order was bought with KeepStock. A shipped,
// completed or cancelled order is a *NotOpenError (ErrNotOpen).
func (s *Server) CancelByBuyer(shop, order string) error {
	return s.cancelEvent(shop, order, cancelByBuyerReason)
}

// CancelByMall cancels an open order on the mall's side, as when its fraud
// check or the payment service refuses it: OrderStatus 4, the stock comes
// back unless the order was bought with KeepStock. A fraud-held order
// stays unpublished.
func (s *Server) CancelByMall(shop, order string) error {
	return s.cancelEvent(shop, order, cancelByMallReason)
}

// cancelEvent cancels an open order with a reason and restocks it.
func (s *Server) cancelEvent(shop, order string, reason int) error {
	s.market.events.Lock()
	defer s.market.events.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.orderOfShopLocked(shop, order)
	if err != nil {
		return err
	}
	if !openLocked(o) {
		return notOpen(o)
	}
	o.Status, o.CancelReason = StatusCancelled, reason
	s.changedLocked(o)
	if bo := s.market.orders[o.ID]; bo != nil && bo.keepStock {
		return nil
	}
	for _, it := range o.Items {
		if rec, ok := s.stock[stockKey{o.SellerID, it.ItemID, it.SubCode}]; ok {
			rec.quantity += it.Quantity
			rec.updated = s.now
		}
	}
	return nil
}

// Ship marks an open order shipped as if the store had reported it:
// ShipStatus 3 出荷済み with today's ShipDate, and OrderStatus 5 完了.
func (s *Server) Ship(shop, order string) error {
	s.market.events.Lock()
	defer s.market.events.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.publishedOpenLocked(shop, order)
	if err != nil {
		return err
	}
	o.Ship.Status, o.Ship.Date = 3, s.now
	o.Status = StatusCompleted
	if o.CompletedAt.IsZero() {
		o.CompletedAt = s.now
	}
	s.changedLocked(o)
	return nil
}

// MarkPaid records the buyer's payment of an open order: PayStatus 1 入金済
// with today's PayDate, and a 出荷不可 order (a PaymentBankTransfer one
// waiting unpaid) becomes 出荷可.
func (s *Server) MarkPaid(shop, order string) error {
	s.market.events.Lock()
	defer s.market.events.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.publishedOpenLocked(shop, order)
	if err != nil {
		return err
	}
	o.Pay.Status, o.Pay.Date = 1, s.now
	if o.Ship.Status == 0 {
		o.Ship.Status = 1
	}
	s.changedLocked(o)
	return nil
}

// publishedOpenLocked returns the seller's order with the given ID, or an
// error matching ErrNotOpen when it is held by the fraud check or no longer
// open.
func (s *Server) publishedOpenLocked(shop, order string) (*Order, error) {
	o, err := s.orderOfShopLocked(shop, order)
	if err != nil {
		return nil, err
	}
	if s.heldLocked(o.ID) {
		return nil, fmt.Errorf("%w: order %s is held by the fraud check", ErrNotOpen, order)
	}
	if !openLocked(o) {
		return nil, notOpen(o)
	}
	return o, nil
}

// ReleaseFraudHold ends the fraud hold of an order bought with
// Buy.FraudHold: it is published to the store now, later than its
// OrderTime, and from then on the order APIs show it. An order that is not
// held (released, or cancelled while held) is an error matching ErrNotOpen.
func (s *Server) ReleaseFraudHold(shop, order string) error {
	s.market.events.Lock()
	defer s.market.events.Unlock()
	o, err := s.releaseLocked(shop, order)
	if err != nil {
		return err
	}
	s.AddOrder(o)
	return nil
}

// releaseLocked takes a held order out of the hold.
func (s *Server) releaseLocked(shop, order string) (Order, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	bo := s.market.orders[order]
	if bo == nil || bo.seller != shop {
		return Order{}, fmt.Errorf("%w: seller %q has no order %q placed with Buy", ErrUnknownOrder, shop, order)
	}
	if bo.held == nil || bo.held.Status == StatusCancelled {
		return Order{}, fmt.Errorf("%w: order %s is not held by the fraud check", ErrNotOpen, order)
	}
	o := *bo.held
	o.PublicationTime = s.now
	bo.held, bo.publication = nil, s.now
	return o, nil
}

// heldLocked reports whether an order is held by the fraud check.
func (s *Server) heldLocked(id string) bool {
	bo := s.market.orders[id]
	return bo != nil && bo.held != nil
}
