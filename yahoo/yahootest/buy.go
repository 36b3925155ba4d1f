package yahootest

import (
	"fmt"
	"time"
)

// Payment methods Buy accepts (Buy.Payment), by PayMethod.
const (
	// PaymentCard is クレジットカード決済 (payment_a1, PayKind 0), the usual
	// case: shippable at once.
	PaymentCard = "payment_a1"
	// PaymentBankTransfer is 銀行振込 (payment_b1, PayKind 3, PayType 1
	// 前払い): the order waits 未入金 and 出荷不可 until MarkPaid.
	PaymentBankTransfer = "payment_b1"
	// PaymentCOD is 商品代引 (payment_d1, PayKind 4) with a COD fee in
	// PayCharge.
	PaymentCOD = "payment_d1"
)

// CODFee is the PayCharge of a PaymentCOD order (tax included).
const CODFee = 330

// Buy is one buyer's order of one item.
type Buy struct {
	// Shop is the seller ID of a store added with AddSeller.
	Shop string
	// Item is "<itemCode>:<subCode>", or "<itemCode>" for an item without
	// options.
	Item  string
	Units int
	// Payment is PaymentCard (""), PaymentBankTransfer or PaymentCOD.
	Payment string
	// KeepStock: a cancel does not give the units back to the shown stock.
	// The default restores.
	KeepStock bool
	// FraudHold holds the order in the mall's fraud check: it is not
	// published to the store (orderList leaves it out, it has no
	// PublicationTime) until ReleaseFraudHold.
	FraudHold bool
}

// Buy places a buyer's order the way the mall does: it succeeds only when
// the item's published stock covers the units (or the record allows
// overdraft, 在庫切れでも購入可, when the stock stops at 0), lowers the stock
// at once and creates a new order (OrderStatus 2 処理中, IsSeen false: 新規注文)
// with the ID "<sellerId>-<8 digits>" counted from 10000001, priced from
// SetUnitPrice (or DefaultUnitPrice), with the payment method's Pay fields
// and a buyer in Tokyo.
//
// A stock below the units is a *SoldOutError (ErrSoldOut); an unknown
// seller or an unknown or unpublished item matches ErrUnknownItem.
// Concurrent buys are serialised: of two buys of the last unit, exactly one
// succeeds.
func (s *Server) Buy(b Buy) (string, error) {
	if b.Units < 1 {
		return "", fmt.Errorf("%w: units %d < 1", ErrInvalidBuy, b.Units)
	}
	if b.Payment == "" {
		b.Payment = PaymentCard
	}
	if b.Payment != PaymentCard && b.Payment != PaymentBankTransfer && b.Payment != PaymentCOD {
		return "", fmt.Errorf("%w: payment method %q (want %q, %q or %q)", ErrInvalidBuy, b.Payment, PaymentCard, PaymentBankTransfer, PaymentCOD)
	}
	s.market.events.Lock()
	defer s.market.events.Unlock()
	o, err := s.placeLocked(b)
	if err != nil {
		return "", err
	}
	if !b.FraudHold {
		s.AddOrder(o)
	}
	return o.ID, nil
}

// placeLocked takes the units from the stock and records the bought order;
// a held order is kept aside, the others the caller stores with AddOrder.
func (s *Server) placeLocked(b Buy) (Order, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.sellerLocked(b.Shop); err != nil {
		return Order{}, err
	}
	k, err := parseItem(b.Shop, b.Item)
	if err != nil {
		return Order{}, err
	}
	rec, ok := s.stock[k]
	if !ok || rec.unpublished {
		return Order{}, fmt.Errorf("%w: seller %q shows no item %q", ErrUnknownItem, b.Shop, b.Item)
	}
	if rec.quantity < b.Units && !rec.allowOverdraft {
		return Order{}, &SoldOutError{Shop: b.Shop, Item: b.Item, Shown: rec.quantity, Units: b.Units}
	}
	rec.quantity = max(rec.quantity-b.Units, 0)
	rec.updated = s.now

	price, ok := s.market.prices[k]
	if !ok {
		price = DefaultUnitPrice
	}
	o := NewOrder(b.Shop, s.nextOrderIDLocked(b.Shop), s.now,
		Item{ItemID: k.item, SubCode: k.sub, Title: k.item, Quantity: b.Units, UnitPrice: price})
	o.Pay.Method = b.Payment
	switch b.Payment {
	case PaymentCard:
		o.Pay.MethodName, o.Pay.Kind = "クレジットカード決済", 0
	case PaymentBankTransfer:
		o.Pay.MethodName, o.Pay.Kind, o.Pay.Type = "銀行振込", 3, 1
		o.Ship.Status = 0 // 出荷不可 until paid
	case PaymentCOD:
		o.Pay.MethodName, o.Pay.Kind = "商品代引", 4
		o.Charges.PayCharge = CODFee
	}
	if s.market.orders == nil {
		s.market.orders = map[string]*boughtOrder{}
	}
	bo := &boughtOrder{seller: b.Shop, keepStock: b.KeepStock}
	if b.FraudHold {
		held := o
		held.Items = cloneItems(o.Items)
		bo.held = &held
	} else {
		bo.publication = s.now
	}
	s.market.orders[o.ID] = bo
	return o, nil
}

// nextOrderIDLocked issues the seller's next OrderId, skipping IDs a test
// seeded and those of held orders.
func (s *Server) nextOrderIDLocked(seller string) string {
	if s.market.sequence == nil {
		s.market.sequence = map[string]int64{}
	}
	for {
		s.market.sequence[seller]++
		id := fmt.Sprintf("%s-%d", seller, 10_000_000+s.market.sequence[seller])
		_, stored := s.orders[id]
		_, bought := s.market.orders[id]
		if !stored && !bought {
			return id
		}
	}
}

// FraudHold reports whether an order bought with Buy is held by the mall's
// fraud check, and when it was published to the store (zero while held).
// ok is false for orders Buy did not create.
func (s *Server) FraudHold(order string) (held bool, publication time.Time, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	bo, ok := s.market.orders[order]
	if !ok {
		return false, time.Time{}, false
	}
	return bo.held != nil, bo.publication, true
}
