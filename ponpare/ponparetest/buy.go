package ponparetest

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	//lint:ignore SA1019 the fake serves the deprecated package itself
	"github.com/mallkit/mallkit/ponpare"
)

// Payment methods Buy accepts (Buy.Payment), by pymntMethodName. The
// pymntMethodId codes the fake gives them ("1", "2", "3") are its own: the
// mall's codes are not public.
const (
	// PaymentCard is a card payment, the usual case.
	PaymentCard = "クレジットカード"
	// PaymentCOD is 代金引換, with a COD fee in pymntFee; once shipped the
	// order waits in 発送後入金待ち.
	PaymentCOD = "代金引換"
	// PaymentBankTransfer is 銀行振込, a prepayment: pymntSts 未入金 until
	// MarkPaid.
	PaymentBankTransfer = "銀行振込"
)

// CODFee is the pymntFee of a PaymentCOD order (tax included).
const CODFee = 330

// Buy is one buyer's order of one item.
type Buy struct {
	// Shop is the shop URL of the order API account (userAuthBean shopUrl).
	Shop string
	// Item is "<itemCode>:<subCode>", or "<itemCode>" for an item without
	// options, as in the stock CSV.
	Item  string
	Units int
	// Payment is PaymentCard (""), PaymentCOD or PaymentBankTransfer.
	Payment string
	// KeepStock: a cancel does not give the units back to the shown
	// quantity. The default restores.
	KeepStock bool
}

// Buy places a buyer's order the way the mall does: it succeeds only when
// the item's shown quantity covers the units (or its stock line allows
// overdraft, when the quantity stops at 0), lowers the quantity at once and
// creates an order in 新規受付 that getOrderNo and getOrderInfo then
// return, with buyer, address, prices (SetUnitPrice, or DefaultUnitPrice,
// 10% tax included) and the payment method's fields. The order number
// "<shop>-<yyyymmdd>-<8 digits>" is the fake's guess: the mall's format is
// not public.
//
// A shown quantity below the units is a *SoldOutError (ErrSoldOut); an item
// the shop does not show matches ErrUnknownItem. Concurrent buys are
// serialised: of two buys of the last unit, exactly one succeeds.
func (s *Server) Buy(b Buy) (string, error) {
	if b.Units < 1 {
		return "", fmt.Errorf("%w: units %d < 1", ErrInvalidBuy, b.Units)
	}
	payment := ponpare.Payment{MethodID: "1", MethodName: PaymentCard,
		CreditCard: &ponpare.CreditCard{Brand: "VISA", Number: "************0015", Expire: "12/30", PaymentMethod: "一括払い"}}
	var fee int64
	payStatus := ""
	switch b.Payment {
	case "", PaymentCard:
	case PaymentCOD:
		payment, fee = ponpare.Payment{MethodID: "2", MethodName: PaymentCOD}, CODFee
	case PaymentBankTransfer:
		payment, payStatus = ponpare.Payment{MethodID: "3", MethodName: PaymentBankTransfer}, paymentStatusUnpaid
	default:
		return "", fmt.Errorf("%w: payment method %q (want %q, %q or %q)", ErrInvalidBuy, b.Payment, PaymentCard, PaymentCOD, PaymentBankTransfer)
	}
	now := s.clock()
	m := &s.market
	m.mu.Lock()
	defer m.mu.Unlock()
	it, ok := m.shown[b.Shop][b.Item]
	if !ok {
		return "", fmt.Errorf("%w: shop %q shows no item %q", ErrUnknownItem, b.Shop, b.Item)
	}
	if it.quantity < b.Units && !it.allowOverdraft {
		return "", &SoldOutError{Shop: b.Shop, Item: b.Item, Shown: it.quantity, Units: b.Units}
	}
	it.quantity = max(it.quantity-b.Units, 0)

	price, ok := m.prices[b.Shop][b.Item]
	if !ok {
		price = DefaultUnitPrice
	}
	code, sub, _ := strings.Cut(b.Item, ":")
	goods := price * int64(b.Units)
	tax := goods - goods*100/110
	o := ponpare.Order{
		Number: m.nextNumberLocked(b.Shop, now), OrderDateTime: now.Format(orderDateTimeLayout),
		Status: OrderStatusNew, PaymentStatus: payStatus, DeliveryKind: "1", UseTerminal: "PC",
		TaxRate: "10", MemberKind: "1",
		ItemAmount: goods, TaxAmount: tax, PaymentFee: fee, TotalAmount: goods + fee,
		TotalPaymentAmount: goods + fee, TotalPaymentAmountInit: goods + fee,
		Customer: ponpare.Customer{
			Zip1: "104", Zip2: "0061", Prefecture: "東京都", Address: "中央区銀座8-4-17",
			LastName: "ポンパレ", FirstName: "花子", LastNameKana: "ポンパレ", FirstNameKana: "ハナコ", Tel: "03-1234-5678",
		},
		Payment:  payment,
		Delivery: ponpare.Delivery{MethodID: "1", MethodName: "宅配便"},
		DeliveryAddress: ponpare.DeliveryAddress{
			Zip1: "104", Zip2: "0061", Prefecture: "東京都", Address: "中央区銀座8-4-17",
			LastName: "ポンパレ", FirstName: "花子", LastNameKana: "ポンパレ", FirstNameKana: "ハナコ", Tel: "03-1234-5678",
		},
		Items: []ponpare.Item{{
			SubNumber: "1", Name: code, ItemID: code, ManageID: code, HSKUItemID: sub,
			SalePrice: price, Count: b.Units, TaxKind: "1", TaxRateKind: "1", TaxRate: "10",
			PointRate: "1", Point: strconv.FormatInt(goods/100, 10), InventoryKind: "1",
		}},
	}
	if m.orders == nil {
		m.orders = map[string]*boughtOrder{}
	}
	m.orders[o.Number] = &boughtOrder{shop: b.Shop, order: o, item: b.Item, units: b.Units, keepStock: b.KeepStock, placedAt: now}
	s.AddOrder(o)
	return o.Number, nil
}

// nextNumberLocked issues the shop's next order number.
func (m *marketState) nextNumberLocked(shop string, now time.Time) string {
	if m.sequence == nil {
		m.sequence = map[string]int64{}
	}
	m.sequence[shop]++
	return fmt.Sprintf("%s-%s-%0*d", shop, now.Format(orderNumberDateLayout), orderNumberSequenceDigits, m.sequence[shop])
}
