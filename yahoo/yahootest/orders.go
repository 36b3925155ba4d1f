package yahootest

import (
	"slices"
	"time"
)

// OrderStatus values (注文ステータス).
const (
	StatusReserved   = 1 // 予約中
	StatusProcessing = 2 // 処理中
	StatusHolding    = 3 // 保留
	StatusCancelled  = 4 // キャンセル
	StatusCompleted  = 5 // 完了
)

// Order is the fake's model of one order. The wire names of its fields are
// in the order field table (see orderList and orderInfo).
type Order struct {
	ID       string // OrderId: "<sellerId>-<8 digits>" on the live service
	SellerID string
	Version  int // raised by every change
	// Status is the OrderStatus, 1..5 (StatusReserved ... StatusCompleted).
	Status       int
	StoreStatus  string // store-defined 1..10, "" for none
	IsSeen       bool
	Suspect      int // 0 非悪戯, 1 悪戯, 2 悪戯解除済
	DeviceType   int // 1 PC, 2 ガラケー, 3 スマートフォン, 4 タブレット
	CancelReason int // 0 for none; 100..230, 400 (see orderStatusChange)
	OrderTime    time.Time
	// LastUpdateTime is set by every change.
	LastUpdateTime time.Time
	// ReleaseDate is the release date of the order's reserved (予約) items,
	// zero for none; 保留 → 予約中 is allowed only while it is in the future.
	// orderList's ReleaseDate is the latest of it and the lines' dates;
	// orderInfo answers each line's own Item.ReleaseDate.
	ReleaseDate time.Time
	// PublicationTime is when the order appears in orderList (公開日時):
	// orders held for fraud screening (FraudHoldStatus) appear only when
	// released, after their OrderTime. Zero means OrderTime plus the
	// publication delay (WithPublicationDelay) and is filled in by AddOrder.
	// Before it, orderList does not find the order.
	PublicationTime time.Time
	// FraudHoldStatus is the order's 不正保留ステータス as orderList and
	// orderInfo answer it, 0 for none; the mall's codes are unverified.
	FraudHoldStatus int
	BuyerComments   string
	SellerComments  string
	Notes           string
	// OperationUser is who made the last change, as the change requests'
	// Target/OperationUser says.
	OperationUser string
	Pay           Pay
	Ship          Ship
	Buyer         Buyer
	Charges       Charges
	Items         []Item
	// CompletedAt is when the order was first completed (完了); it drives
	// the rule that a reopened order completes itself 180 days later.
	CompletedAt time.Time
}

// Pay is the payment group (<Pay>) of an order.
type Pay struct {
	Status int // PayStatus: 0 未入金, 1 入金済
	// SettleStatus is the settlement state of the payment service
	// (決済ステータス); its codes are the mall's and not modelled.
	SettleStatus int
	SettleID     string // SettleId
	PayNo        string // payment number of コンビニ / Pay-easy payments
	Type         int    // PayType: 0 後払い, 1 前払い
	Kind         int    // PayKind: 0 カード ... 7 その他
	Method       string
	MethodName   string
	Date         time.Time // PayDate
	// Bill* are the orderer's name, address and contact.
	BillFirstName, BillLastName         string
	BillFirstNameKana, BillLastNameKana string
	BillZipCode, BillPrefecture         string
	BillCity, BillAddress1              string
	BillAddress2, BillPhoneNumber       string
	BillMailAddress                     string
}

// Ship is the shipping group (<Ship>) of an order.
type Ship struct {
	Status      int // ShipStatus: 0 出荷不可, 1 出荷可, 2 出荷待ち, 3 出荷済み, 4 着荷済み
	Method      string
	MethodName  string
	RequestDate time.Time
	RequestTime string
	Notes       string
	CompanyCode string // 4-digit ShipCompanyCode
	// InvoiceNumber1/2 and InvoiceNumberEmptyReason are mutually exclusive.
	InvoiceNumber1, InvoiceNumber2, InvoiceNumberEmptyReason string
	URL                                                      string
	Date, ArrivalDate                                        time.Time
	// Ship* names are the recipient's.
	FirstName, LastName         string
	FirstNameKana, LastNameKana string
	ZipCode, Prefecture, City   string
	Address1, Address2          string
	PhoneNumber                 string
}

// Buyer is the buyer group (<Buyer>) of an order.
type Buyer struct {
	IsLogin                        bool
	FspLicenseCode, FspLicenseName string
	GuestAuthID                    string
}

// Charges are the amounts of the <Detail> group other than the computed
// TotalPrice and SettleAmount.
type Charges struct {
	PayCharge, ShipCharge, GiftWrapCharge int64
	Discount, Adjustments                 int64
	UsePoint, GiftCardDiscount            int64
}

// Item is one order line (<Item>).
type Item struct {
	LineID                 int
	ItemID, SubCode, Title string
	SubCodeOption          string
	Jan                    string
	Quantity               int
	UnitPrice              int64 // tax included
	ItemTaxRatio           int   // percent
	Options                []ItemOption
	Inscriptions           []Inscription
	// ReleaseDate is the line's release date (予約商品), zero for none;
	// orderInfo answers it per <Item>.
	ReleaseDate time.Time
}

// ItemOption is one chosen option of a line (<ItemOption>), such as a colour.
type ItemOption struct {
	Name, Value string
	Price       int64 // surcharge
}

// Inscription is one free-text entry of a line (<Inscription>), such as a
// name to engrave.
type Inscription struct {
	Name, Value string
}

// NewOrder returns an order with sane defaults: 処理中 (2), unseen, card
// payment not yet settled, shippable by postage1, a buyer in Tokyo, and the
// items numbered from LineId 1 (zero LineIDs, quantities and tax ratios are
// filled in; an empty Title becomes the ItemID).
func NewOrder(sellerID, id string, orderedAt time.Time, items ...Item) Order {
	orderedAt = orderedAt.In(jst)
	o := Order{
		ID: id, SellerID: sellerID, Version: 1, Status: StatusProcessing, DeviceType: 1,
		OrderTime: orderedAt, LastUpdateTime: orderedAt,
		Pay: Pay{
			Method: "payment_a1", MethodName: "クレジットカード決済",
			BillFirstName: "太郎", BillLastName: "山田", BillFirstNameKana: "タロウ", BillLastNameKana: "ヤマダ",
			BillZipCode: "1020083", BillPrefecture: "東京都", BillCity: "千代田区", BillAddress1: "麹町1-1",
			BillPhoneNumber: "0312345678", BillMailAddress: "buyer@example.jp",
		},
		Ship: Ship{
			Status: 1, Method: "postage1", MethodName: "宅配便",
			FirstName: "太郎", LastName: "山田", FirstNameKana: "タロウ", LastNameKana: "ヤマダ",
			ZipCode: "1020083", Prefecture: "東京都", City: "千代田区", Address1: "麹町1-1",
			PhoneNumber: "0312345678",
		},
		Buyer: Buyer{IsLogin: true},
		Items: cloneItems(items),
	}
	for i := range o.Items {
		it := &o.Items[i]
		if it.LineID == 0 {
			it.LineID = i + 1
		}
		if it.Quantity == 0 {
			it.Quantity = 1
		}
		if it.ItemTaxRatio == 0 {
			it.ItemTaxRatio = 10
		}
		if it.Title == "" {
			it.Title = it.ItemID
		}
	}
	return o
}

// AddOrder stores o (replacing an order with the same ID). A zero
// PublicationTime becomes OrderTime plus the publication delay, and an
// unpaid prepaid Yahoo payment makes the order 出荷不可 (see BuyerPays). It
// panics on an empty ID or SellerID.
func (s *Server) AddOrder(o Order) {
	if o.ID == "" || o.SellerID == "" {
		panic("yahootest: AddOrder needs an ID and a SellerID")
	}
	o.Items = cloneItems(o.Items)
	if o.PublicationTime.IsZero() {
		o.PublicationTime = o.OrderTime.Add(s.cfg.publicationDelay)
	}
	o.PublicationTime = o.PublicationTime.In(jst)
	applyPaymentRules(&o)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.orders[o.ID] = &o
}

// Order returns a copy of the stored order, with time-driven transitions
// applied.
func (s *Server) Order(id string) (Order, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return Order{}, false
	}
	s.settleLocked(o)
	cp := *o
	cp.Items = cloneItems(o.Items)
	return cp, true
}

// cloneItems copies lines deeply, so callers never share the fake's state.
func cloneItems(items []Item) []Item {
	out := slices.Clone(items)
	for i := range out {
		out[i].Options = slices.Clone(out[i].Options)
		out[i].Inscriptions = slices.Clone(out[i].Inscriptions)
	}
	return out
}

// totalPrice is the order's TotalPrice: lines plus charges, less discount,
// plus adjustments.
func (o *Order) totalPrice() int64 {
	var sum int64
	for _, it := range o.Items {
		sum += it.UnitPrice * int64(it.Quantity)
	}
	ch := o.Charges
	return sum + ch.PayCharge + ch.ShipCharge + ch.GiftWrapCharge - ch.Discount + ch.Adjustments
}

// touchLocked records a change: IsSeen becomes true (it never goes back),
// the version goes up and LastUpdateTime is now.
func (s *Server) touchLocked(o *Order) {
	o.IsSeen = true
	o.Version++
	o.LastUpdateTime = s.now
}

// latestReleaseDate is orderList's order-level ReleaseDate: the latest of
// the order's and its lines' release dates.
func (o *Order) latestReleaseDate() time.Time {
	latest := o.ReleaseDate
	for _, it := range o.Items {
		if it.ReleaseDate.After(latest) {
			latest = it.ReleaseDate
		}
	}
	return latest
}

// WithPublicationDelay makes orders appear in orderList d after their
// OrderTime unless AddOrder is given a PublicationTime (default 0: at once).
// The mall publishes most orders at once and fraud-screened ones later; the
// usual delay is unverified.
func WithPublicationDelay(d time.Duration) Option {
	return func(c *config) { c.publicationDelay = d }
}
