package rakutentest

import (
	"fmt"
	"strconv"
	"time"
)

// openProgress reports whether an order is still before shipping and not
// cancelled: 100, 200, 300 or 400.
func openProgress(p int) bool {
	return p >= ProgressAwaitingConfirmation && p <= ProgressAwaitingChange
}

// notOpen is the error of an event that needs an open order.
func notOpen(o *Order) error {
	return &NotOpenError{Order: o.Number, Status: marketStatus(o.Progress), Progress: o.Progress}
}

// openOrderLocked returns the shop's order numbered order, or a
// *NotOpenError when it is no longer open (shipped or cancelled).
func (s *Server) openOrderLocked(shop, order string) (Shop, *Order, error) {
	sh, o, err := s.orderOfShopLocked(shop, order)
	if err != nil {
		return Shop{}, nil, err
	}
	if !openProgress(o.Progress) {
		return Shop{}, nil, notOpen(o)
	}
	return sh, o, nil
}

// buyerCancelWindow is the configured window, DefaultBuyerCancelWindow
// unless WithBuyerCancelWindow set one.
func (s *Server) buyerCancelWindow() time.Duration {
	if s.cfg.market.buyerCancelWindow > 0 {
		return s.cfg.market.buyerCancelWindow
	}
	return DefaultBuyerCancelWindow
}

// CancelByBuyer cancels an order the way a buyer does from their purchase
// history: allowed while the order is open (100–400) and within the
// buyer-cancel window after ordering (30 minutes by default, fake clock).
// Later, or in another state, it is a *NotOpenError (ErrNotOpen) whose
// Deadline says when the window closed. The order becomes 900 with a
// customer キャンセル reason, the shown quantity comes back for items whose
// restoreInventoryFlag is 1, and a 4000:1100 購入履歴変更 notification is
// sent when a notification URL is set.
func (s *Server) CancelByBuyer(shop, order string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	sh, o, err := s.openOrderLocked(shop, order)
	if err != nil {
		return err
	}
	deadline := o.OrderDatetime.Add(s.buyerCancelWindow())
	if s.now.After(deadline) {
		return &NotOpenError{Order: o.Number, Status: StatusOpen, Progress: o.Progress, Deadline: deadline}
	}
	before := o.Progress
	customer, detail := 1, 1 // changeReason 1 customer, detail 1 キャンセル
	s.cancelByEventLocked(sh, o, &customer, &detail)
	s.notifyPurchaseChangeLocked(sh, o, "order", "", "orderProgress", strconv.Itoa(before), strconv.Itoa(o.Progress))
	return nil
}

// CancelByMall cancels an open order on Rakuten's side, as after a
// screening NG (審査NG, e.g. a card payment refused): the order becomes 900,
// the shown quantity comes back for items whose restoreInventoryFlag is 1,
// and a 5000:1100 審査結果 notification with notificationType 2 (楽天側
// キャンセル) is sent when a notification URL is set. A shipped or cancelled
// order is a *NotOpenError.
func (s *Server) CancelByMall(shop, order string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	sh, o, err := s.openOrderLocked(shop, order)
	if err != nil {
		return err
	}
	s.cancelByEventLocked(sh, o, nil, nil)
	s.notifyScreeningLocked(sh, o, screeningRakutenCancel)
	return nil
}

// cancelByEventLocked moves o to 900 with a キャンセル申請 change reason and
// restocks the items set to restore.
func (s *Server) cancelByEventLocked(sh Shop, o *Order, reason, detail *int) {
	o.Progress = ProgressCancelled
	o.ChangeReasons = append(o.ChangeReasons, ChangeReason{
		ID: s.newIDLocked(), Type: 0, Reason: reason, ReasonDetail: detail,
		ApplyDatetime: s.now, FixDatetime: s.now, CmplDatetime: s.now,
	})
	delete(s.market.edited, o.Number)
	for _, p := range o.Packages {
		for _, it := range p.Items {
			if !it.Deleted && it.RestoreInventoryFlag == 1 {
				s.restockLocked(sh.ID, it)
			}
		}
	}
}

// Ship marks an open order shipped as if the shop had reported it: every
// package gets a shipment by ヤマト運輸 (1001) dated today, and the order
// moves to 500 発送済.
func (s *Server) Ship(shop, order string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	_, o, err := s.openOrderLocked(shop, order)
	if err != nil {
		return err
	}
	if o.ShopOrderCfmDatetime.IsZero() {
		o.ShopOrderCfmDatetime = s.now
	}
	if o.OrderFixDatetime.IsZero() {
		o.OrderFixDatetime, o.ShippingInstDatetime = s.now, s.now
	}
	for i := range o.Packages {
		p := &o.Packages[i]
		p.Shippings = append(p.Shippings, Shipping{DetailID: s.newIDLocked(), DeliveryCompany: "1001", Date: s.now})
	}
	o.Progress = ProgressShipped
	o.ShippingCmplRptDatetime = s.now
	delete(s.market.edited, o.Number)
	return nil
}

// SetPostage fixes the postage of an open order (yen, tax included), e.g.
// one bought with Buy.PostageLater whose amounts show -9999 until now, and
// recomputes the totals. A 4000:1100 notification is sent.
func (s *Server) SetPostage(shop, order string, yen int64) error {
	if yen < 0 {
		return fmt.Errorf("%w: negative postage %d", ErrInvalidBuy, yen)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	sh, o, err := s.openOrderLocked(shop, order)
	if err != nil {
		return err
	}
	before := o.PostagePrice
	o.PostagePrice, o.Packages[0].PostagePrice = yen, yen
	for i := range o.Packages[1:] {
		if o.Packages[i+1].PostagePrice == Undetermined {
			o.Packages[i+1].PostagePrice = 0
		}
	}
	recomputeTotals(o)
	s.notifyPurchaseChangeLocked(sh, o, "order", "", "postagePrice", strconv.FormatInt(before, 10), strconv.FormatInt(yen, 10))
	return nil
}

// MarkPaid records the buyer's payment of an open order (a
// PaymentBankTransfer order waits unpaid until then): paymentFixDatetime
// (決済確定日, searchable with dateType 6) becomes now.
func (s *Server) MarkPaid(shop, order string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	_, o, err := s.openOrderLocked(shop, order)
	if err != nil {
		return err
	}
	o.PaymentFixDatetime = s.now
	return nil
}

// EditQuantity changes the units of one item of an open order, as the shop
// does in the RMS order screen: the order moves to 400 変更確定待ち with a
// 変更申請 change reason (changeType 4, unverified), the totals are
// recomputed and the shown quantity changes by the difference (more units
// need that many shown, else *SoldOutError; fewer give units back when the
// item restores stock). ConfirmChange ends the 400. item is
// "<manageNumber>/<variantId>". A 4000:1100 notification is sent.
func (s *Server) EditQuantity(shop, order, item string, units int) error {
	if units < 1 {
		return fmt.Errorf("%w: units %d < 1 (cancel the order instead)", ErrInvalidBuy, units)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	sh, o, err := s.openOrderLocked(shop, order)
	if err != nil {
		return err
	}
	k, err := parseItem(sh.ID, item)
	if err != nil {
		return err
	}
	line := s.findLine(o, k)
	if line == nil {
		return fmt.Errorf("%w: order %s has no item %q", ErrUnknownItem, order, item)
	}
	diff := units - line.Units
	if row, ok := s.inventory[k]; ok && diff != 0 {
		switch {
		case diff > 0 && row.quantity < diff:
			return &SoldOutError{Shop: shop, Item: item, Shown: row.quantity, Units: diff}
		case diff > 0 || line.RestoreInventoryFlag == 1:
			row.quantity = min(row.quantity-diff, maxQuantity)
			row.updated = s.now
		}
	}
	before := line.Units
	line.Units = units
	if o.Progress != ProgressAwaitingChange {
		if s.market.edited == nil {
			s.market.edited = map[string]int{}
		}
		s.market.edited[o.Number] = o.Progress
		o.Progress = ProgressAwaitingChange
	}
	o.ChangeReasons = append(o.ChangeReasons, ChangeReason{ID: s.newIDLocked(), Type: 4, ApplyDatetime: s.now})
	recomputeTotals(o)
	s.notifyPurchaseChangeLocked(sh, o, "item", itemKey(k), "units", strconv.Itoa(before), strconv.Itoa(units))
	return nil
}

// findLine returns the order's non-deleted item with key k.
func (s *Server) findLine(o *Order, k inventoryKey) *Item {
	for i := range o.Packages {
		for j := range o.Packages[i].Items {
			it := &o.Packages[i].Items[j]
			if !it.Deleted && keyOf(k.shop, it.ManageNumber, it.VariantID) == k {
				return it
			}
		}
	}
	return nil
}

// ConfirmChange fixes the change of an order in 400 変更確定待ち: it returns
// to the state it had before EditQuantity and the change reason gets its
// fix and completion times. Other states are a *NotOpenError.
func (s *Server) ConfirmChange(shop, order string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	sh, o, err := s.orderOfShopLocked(shop, order)
	if err != nil {
		return err
	}
	if o.Progress != ProgressAwaitingChange {
		return notOpen(o)
	}
	prior, ok := s.market.edited[o.Number]
	if !ok {
		prior = ProgressAwaitingShipment
	}
	delete(s.market.edited, o.Number)
	o.Progress = prior
	for i := range o.ChangeReasons {
		if cr := &o.ChangeReasons[i]; cr.Type == 4 && cr.FixDatetime.IsZero() {
			cr.FixDatetime, cr.CmplDatetime = s.now, s.now
		}
	}
	s.notifyPurchaseChangeLocked(sh, o, "order", "", "orderProgress", strconv.Itoa(ProgressAwaitingChange), strconv.Itoa(prior))
	return nil
}
