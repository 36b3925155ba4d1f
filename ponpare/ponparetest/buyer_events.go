package ponparetest

import "fmt"

// openOrderLocked returns the shop's order Buy placed, checking that it is
// still open (neither cancelled nor shipped).
func (m *marketState) openOrderLocked(shop, number string) (*boughtOrder, error) {
	bo, ok := m.orders[number]
	if !ok || bo.shop != shop {
		return nil, fmt.Errorf("%w: shop %q has no order %q placed with Buy", ErrUnknownOrder, shop, number)
	}
	if st := marketStatus(bo.order.Status); st != StatusOpen {
		return nil, &NotOpenError{Order: number, Status: st, OrderStatus: bo.order.Status}
	}
	return bo, nil
}

// CancelByBuyer cancels an open order at the buyer's request: orderSts
// キャンセル, and the shown quantity comes back unless the order was bought
// with KeepStock. A cancelled or shipped order is a *NotOpenError.
func (s *Server) CancelByBuyer(shop, order string) error { return s.cancelEvent(shop, order) }

// CancelByMall cancels an open order on the mall's side (a payment the
// card company refused, say), with the same effects as CancelByBuyer: the
// order API does not tell the two apart.
func (s *Server) CancelByMall(shop, order string) error { return s.cancelEvent(shop, order) }

// cancelEvent cancels an open order and restocks it.
func (s *Server) cancelEvent(shop, order string) error {
	m := &s.market
	m.mu.Lock()
	defer m.mu.Unlock()
	bo, err := m.openOrderLocked(shop, order)
	if err != nil {
		return err
	}
	bo.order.Status = OrderStatusCancelled
	if it, ok := m.shown[shop][bo.item]; ok && !bo.keepStock {
		it.quantity += bo.units
	}
	s.AddOrder(bo.order)
	return nil
}

// Ship marks an open order shipped as if the shop had moved it on: sendDate
// is today and orderSts 処理済み, or 発送後入金待ち for a 代金引換 order.
func (s *Server) Ship(shop, order string) error {
	now := s.clock()
	m := &s.market
	m.mu.Lock()
	defer m.mu.Unlock()
	bo, err := m.openOrderLocked(shop, order)
	if err != nil {
		return err
	}
	bo.order.SendDate = now.Format("2006/01/02")
	bo.order.Status = OrderStatusDone
	if bo.order.Payment.MethodName == PaymentCOD {
		bo.order.Status = OrderStatusAwaitPayment
	}
	s.AddOrder(bo.order)
	return nil
}

// MarkPaid records the buyer's payment of an open order (a
// PaymentBankTransfer order waits 未入金 until then): pymntSts 入金済 and
// depositDate today.
func (s *Server) MarkPaid(shop, order string) error {
	now := s.clock()
	m := &s.market
	m.mu.Lock()
	defer m.mu.Unlock()
	bo, err := m.openOrderLocked(shop, order)
	if err != nil {
		return err
	}
	bo.order.PaymentStatus = paymentStatusPaid
	bo.order.DepositDate = now.Format("2006/01/02")
	s.AddOrder(bo.order)
	return nil
}
