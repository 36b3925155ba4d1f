package rakutentest

import (
	"fmt"
	"hash/fnv"
	"time"
)

// Payment methods Buy accepts (Buy.Payment), by settlementMethod name.
const (
	// PaymentCard is a card payment through 楽天ペイ共通決済
	// (settlementMethodCode 1, rpaySettlementFlag 1), the usual case.
	PaymentCard = "クレジットカード"
	// PaymentCOD is 代金引換, a 選択制 method (code 2, rpaySettlementFlag 0)
	// with the COD fee (代引料) in deliveryPrice.
	PaymentCOD = "代金引換"
	// PaymentBankTransfer is 銀行振込, a 選択制 prepayment (code 9,
	// rpaySettlementFlag 0): the order waits unpaid, with a 支払期限
	// DueDate, until MarkPaid.
	PaymentBankTransfer = "銀行振込"
)

// Amounts the fake charges buyers.
const (
	// CODFee is the deliveryPrice (代引料) of a PaymentCOD order (tax
	// included).
	CODFee = 330
	// PrepaymentDue is how long a PaymentBankTransfer buyer has to pay.
	PrepaymentDue = 7 * 24 * time.Hour
)

// Buy is one buyer's order of one item.
type Buy struct {
	// Shop is the shop URL account (Shop.URL of a shop added with AddShop).
	Shop string
	// Item is "<manageNumber>/<variantId>".
	Item  string
	Units int
	// Payment is PaymentCard (""), PaymentCOD or PaymentBankTransfer.
	Payment string
	// PostageLater leaves postage and the totals at -9999 (Undetermined)
	// until SetPostage, as for a shop that fixes postage after ordering.
	PostageLater bool
	// KeepStock sets the item's restoreInventoryFlag to 0: a cancel does not
	// give the units back to the shown quantity. The default restores.
	KeepStock bool
	// Buyer is the orderer and recipient; nil is NewOrder's default buyer.
	Buyer *Person
}

// Buy places a buyer's order the way the mall does: it succeeds only when
// the item's shown quantity (the shop's inventory row) covers the units,
// lowers that quantity at once and creates an order in 100 注文確認待ち
// numbered "<shopId>-<yyyymmdd>-<10 digits>" (fake clock), priced from
// SetUnitPrice (or DefaultUnitPrice) with 10% tax included, with the
// settlement fields of the payment method. A notification URL, if set,
// receives the new-order notification.
//
// A shown quantity below the units is a *SoldOutError (ErrSoldOut); an
// unknown shop or item matches ErrUnknownItem. Concurrent buys are
// serialised: of two buys of the last unit, exactly one succeeds.
func (s *Server) Buy(b Buy) (string, error) {
	if b.Units < 1 {
		return "", fmt.Errorf("%w: units %d < 1", ErrInvalidBuy, b.Units)
	}
	settle, codFee, err := settlementFor(b.Payment)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	sh, err := s.shopByURLLocked(b.Shop)
	if err != nil {
		return "", err
	}
	k, err := parseItem(sh.ID, b.Item)
	if err != nil {
		return "", err
	}
	row, ok := s.inventory[k]
	if !ok {
		return "", fmt.Errorf("%w: shop %q has no inventory for %q", ErrUnknownItem, b.Shop, b.Item)
	}
	if row.quantity < b.Units {
		return "", &SoldOutError{Shop: b.Shop, Item: b.Item, Shown: row.quantity, Units: b.Units}
	}
	row.quantity -= b.Units
	row.updated = s.now

	price, ok := s.market.prices[k]
	if !ok {
		price = DefaultUnitPrice
	}
	it := Item{
		ItemID: itemIDOf(k.manageNumber), ManageNumber: k.manageNumber, ItemNumber: k.manageNumber,
		Name: k.manageNumber, Price: price, Units: b.Units, VariantID: k.variantID,
		RestoreInventoryFlag: flag(!b.KeepStock),
	}
	o := NewOrder(s.nextOrderNumberLocked(sh.ID), s.now, it)
	if b.Buyer != nil {
		o.Orderer = *b.Buyer
		sender := *b.Buyer
		sender.EmailAddress, sender.Sex = "", ""
		sender.BirthYear, sender.BirthMonth, sender.BirthDay = 0, 0, 0
		o.Packages[0].Sender = sender
	}
	o.Settlement = settle
	if settle.MethodCode == 9 {
		o.DueDates = []DueDate{{Type: 0, Date: s.now.Add(PrepaymentDue)}}
	}
	o.DeliveryPrice, o.Packages[0].DeliveryPrice = codFee, codFee
	if codFee > 0 {
		o.Packages[0].DeliveryTaxRate = 0.1
	}
	if b.PostageLater {
		o.PostagePrice, o.Packages[0].PostagePrice = Undetermined, Undetermined
	}
	recomputeTotals(&o)
	s.storeOrderLocked(o)
	s.notifyOrderLocked(sh, o.Number)
	return o.Number, nil
}

// settlementFor returns the SettlementModel and COD fee of a method.
func settlementFor(payment string) (*Settlement, int64, error) {
	switch payment {
	case "", PaymentCard:
		return &Settlement{
			MethodCode: 1, Method: PaymentCard, RpaySettlementFlag: 1,
			CardName: "VISA", CardNumber: "XXXX-XXXX-XXXX-0015", CardOwner: "TARO RAKUTEN", CardYm: "2030-12",
		}, 0, nil
	case PaymentCOD:
		return &Settlement{MethodCode: 2, Method: PaymentCOD}, CODFee, nil
	case PaymentBankTransfer:
		return &Settlement{MethodCode: 9, Method: PaymentBankTransfer}, 0, nil
	}
	return nil, 0, fmt.Errorf("%w: payment method %q (want %q, %q or %q)", ErrInvalidBuy, payment, PaymentCard, PaymentCOD, PaymentBankTransfer)
}

// recomputeTotals derives the package and order amounts from the items and
// charges, as the reference gives them: totalPrice = goods + postage +
// wrapping; requestPrice adds deliveryPrice (代引料), paymentCharge and the
// buyer's fee, less coupons and points. Undetermined postage keeps every
// total that includes it Undetermined, as the API shows such orders.
func recomputeTotals(o *Order) {
	var goods int64
	for i := range o.Packages {
		p := &o.Packages[i]
		p.GoodsPrice = 0
		for _, it := range p.Items {
			if !it.Deleted {
				p.GoodsPrice += it.Price * int64(it.Units)
			}
		}
		goods += p.GoodsPrice
		p.TotalPrice = p.GoodsPrice + p.PostagePrice
		if p.PostagePrice == Undetermined {
			p.TotalPrice = Undetermined
		}
	}
	o.GoodsPrice = goods
	o.TotalPrice = goods + o.PostagePrice + wrappingPrice(o.Wrapping1) + wrappingPrice(o.Wrapping2)
	o.RequestPrice = o.TotalPrice + o.DeliveryPrice + o.PaymentCharge + o.AdditionalFeeToUser -
		o.CouponShopPrice - o.CouponOtherPrice - o.UsedPoint
	if o.PostagePrice == Undetermined {
		o.TotalPrice, o.RequestPrice = Undetermined, Undetermined
	}
}

// wrappingPrice is the price of a gift wrapping, 0 for none.
func wrappingPrice(w *Wrapping) int64 {
	if w == nil || w.DeleteWrappingFlag == 1 {
		return 0
	}
	return w.Price
}

// nextOrderNumberLocked issues the shop's next order number,
// "<shopId>-<yyyymmdd>-<10 digits>", skipping numbers a test seeded.
func (s *Server) nextOrderNumberLocked(shopID string) string {
	if s.market.sequence == nil {
		s.market.sequence = map[string]int64{}
	}
	for {
		s.market.sequence[shopID]++
		n := fmt.Sprintf("%s-%s-%010d", shopID, s.now.Format("20060102"), s.market.sequence[shopID])
		if _, taken := s.orders[n]; !taken {
			return n
		}
	}
}

// storeOrderLocked stores a new order as AddOrder does, issuing basket and
// item detail IDs.
func (s *Server) storeOrderLocked(o Order) {
	for i := range o.Packages {
		p := &o.Packages[i]
		p.BasketID = s.newIDLocked()
		for j := range p.Items {
			p.Items[j].ItemDetailID = s.newIDLocked()
		}
	}
	s.orders[o.Number] = &o
}

// itemIDOf derives a stable itemId (商品ID) from a manageNumber.
func itemIDOf(manageNumber string) int64 {
	h := fnv.New32a()
	_, _ = h.Write([]byte(manageNumber))
	return int64(h.Sum32()%900_000_000) + 100_000_000
}
