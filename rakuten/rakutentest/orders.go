package rakutentest

import (
	"slices"
	"time"
)

// Order progress codes (orderProgress).
const (
	ProgressAwaitingConfirmation = 100 // 注文確認待ち
	ProgressRakutenProcessing    = 200 // 楽天処理中
	ProgressAwaitingShipment     = 300 // 発送待ち
	ProgressAwaitingChange       = 400 // 変更確定待ち
	ProgressShipped              = 500 // 発送済
	ProgressPaymentProcessing    = 600 // 支払手続き中
	ProgressPaymentDone          = 700 // 支払手続き済
	ProgressAwaitingCancel       = 800 // キャンセル確定待ち
	ProgressCancelled            = 900 // キャンセル確定
)

// Undetermined is the API's placeholder for an amount not fixed yet, e.g.
// postage the shop still has to set.
const Undetermined = -9999

// Time-driven transitions, on the fake clock.
const (
	// DefaultProcessingDelay is how long a confirmed order stays 200 楽天処理中
	// before Rakuten moves it to 300 発送待ち (live: minutes; unverified).
	DefaultProcessingDelay = 10 * time.Minute
	// DefaultAutoCancelAfter is how long an unconfirmed order (100) lives
	// before it is cancelled (14 days live).
	DefaultAutoCancelAfter = 14 * 24 * time.Hour
)

// WithProcessingDelay sets how long confirmed orders stay 200 before they
// become 300 (fake clock). 0 moves them on the next request.
func WithProcessingDelay(d time.Duration) Option {
	return func(c *config) { c.processingDelay = d }
}

// WithAutoCancelAfter sets how long an order may stay 100 before it is
// cancelled (fake clock); a negative value disables auto-cancel.
func WithAutoCancelAfter(d time.Duration) Option {
	return func(c *config) { c.autoCancelAfter = d }
}

// Order is the fake's full model of one order. Zero times and empty strings
// of nullable fields are answered as null. Prices may be Undetermined.
type Order struct {
	Number   string
	Progress int
	// SubStatusID 0 means none; SubStatusName is answered with it.
	SubStatusID   int
	SubStatusName string

	OrderDatetime           time.Time
	ShopOrderCfmDatetime    time.Time // set by confirmOrder
	OrderFixDatetime        time.Time // set when Rakuten moves the order to 300
	ShippingInstDatetime    time.Time // set with OrderFixDatetime
	ShippingCmplRptDatetime time.Time // set when the shipping report moves it to 500
	// PaymentFixDatetime is 決済確定日, searchable with dateType 6.
	PaymentFixDatetime time.Time
	CancelDueDate      time.Time
	DeliveryDate       time.Time
	ShippingTerm       int

	Remarks          string
	OrderType        int // 1 通常, 4 定期, 5 頒布会, 6 予約
	CarrierCode      int
	EmailCarrierCode int
	GiftCheckFlag    int
	RakutenMember    bool
	IsolatedIsland   bool
	AsurakuFlag      int
	DrugFlag         int
	DealFlag         int
	MembershipType   int
	ReserveNumber    string
	// ReserveDeliveryCount is the delivery count of a 定期購入/頒布会 order
	// (nil answers null).
	ReserveDeliveryCount *int
	CautionDisplay       int
	// CautionDisplayDetailType is 101–105 (version 6+; nil answers null).
	CautionDisplayDetailType *int
	RakutenConfirmFlag       int
	ModifyFlag               int
	DeliveryCertPrgFlag      int // version 8+
	OneDayOperationFlag      int // version 8+
	// ReceiptIssueHistory lists when receipts were issued (version 5+);
	// receiptIssueCount is its length.
	ReceiptIssueHistory []time.Time

	GoodsPrice, GoodsTax, PostagePrice, DeliveryPrice int64
	PaymentCharge                                     int64
	PaymentChargeTaxRate                              float64
	TotalPrice, RequestPrice                          int64
	CouponShopPrice, CouponOtherPrice                 int64
	AdditionalFeeToUser, AdditionalFeeToShop          int64
	UsedPoint                                         int64

	Memo, Operator, MailPlugSentence string
	// DeliveryClass nil answers null (none set).
	DeliveryClass *int
	DeliveryName  string

	Orderer       Person
	Settlement    *Settlement
	Wrapping1     *Wrapping
	Wrapping2     *Wrapping
	Packages      []Package
	Coupons       []Coupon
	ChangeReasons []ChangeReason
	DueDates      []DueDate // version 5+
}

// DueDate is one payment-related deadline (DueDateModel).
type DueDate struct {
	Type int // 0 支払期限, 1 支払方法変更期限, 2 返金手続期限
	Date time.Time
}

// Person is an orderer (with email, sex and birthday) or a recipient.
type Person struct {
	ZipCode1, ZipCode2, Prefecture, City, SubAddress     string
	FamilyName, FirstName, FamilyNameKana, FirstNameKana string
	PhoneNumber1, PhoneNumber2, PhoneNumber3             string
	EmailAddress, Sex                                    string
	BirthYear, BirthMonth, BirthDay                      int
}

// Settlement is the payment method (SettlementModel).
type Settlement struct {
	MethodCode int    // settlementMethodCode, e.g. 1 card
	Method     string // settlementMethod, e.g. "クレジットカード"
	// RpaySettlementFlag is 0 選択制 or 1 楽天ペイ共通決済.
	RpaySettlementFlag                      int
	CardName, CardNumber, CardOwner, CardYm string
	CardPayType                             int
	CardInstallmentDesc                     string
}

// Wrapping is a gift wrapping (WrappingModel1/2).
type Wrapping struct {
	Title              int // 1 包装紙, 2 リボン
	Name               string
	Price              int64
	IncludeTaxFlag     int
	DeleteWrappingFlag int
	TaxRate            float64
	TaxPrice           int64
}

// Package is one destination (送付先) with its items and shipments.
type Package struct {
	BasketID                    int64
	PostagePrice, DeliveryPrice int64
	PostageTaxRate              float64
	DeliveryTaxRate             float64
	GoodsTax, GoodsPrice        int64
	TotalPrice                  int64
	Noshi                       string
	Sender                      Person
	Items                       []Item
	Shippings                   []Shipping
	DefaultDeliveryCompanyCode  string
	DropOffFlag                 int
	DropOffLocation             string
	Deleted                     bool
	// DeliveryCVS is the convenience-store pickup point (nil answers null).
	DeliveryCVS *DeliveryCVS
	// SocialGift marks a ソーシャルギフト package (version 10; nil answers
	// null). Any package with one sets the order's socialGiftFlag.
	SocialGift *SocialGift
}

// DeliveryCVS is a convenience-store pickup point (DeliveryCvsModel).
type DeliveryCVS struct {
	CVSCode                                        int // 1 FamilyMart, 50 Lawson, ...
	StoreGenreCode, StoreCode, StoreName, StoreZip string
	StorePrefecture, StoreAddress, AreaCode, Depo  string
	OpenTime, CloseTime, CVSRemarks                string
}

// SocialGift is the state of a social-gift package (SocialGiftModel).
type SocialGift struct {
	ManagementNumber     string    // sgMngNumber, "<orderNumber>-sg"
	InputDueDate         time.Time // date only
	InputFlag            int       // 1 once the recipient entered the address
	InputCompDatetime    time.Time
	ReceiverEmailAddress string
}

// Item is one order line. ItemDetailID is assigned by AddOrder when zero.
type Item struct {
	ItemID                                   int64
	ManageNumber, ItemNumber, Name           string
	Price                                    int64
	Units                                    int
	VariantID, MerchantDefinedSKUID, SKUInfo string

	ItemDetailID       int64
	TaxRate            float64 // 0, 0.08 or 0.1
	IncludeTaxFlag     int
	IncludePostageFlag int
	// IncludeCashOnDeliveryPostageFlag: 1 when the price includes the COD fee.
	IncludeCashOnDeliveryPostageFlag int
	SelectedChoice                   string
	PointRate                        int
	PointType                        int // 0, 1, 2 or -99
	InventoryType                    int
	DealFlag, DrugFlag               int
	DelvdateInfo                     string
	RestoreInventoryFlag             int
	IsSingleItemShipping             int
	Deleted                          bool
}

// Shipping is one shipment record of a package (ShippingModel).
type Shipping struct {
	DetailID        int64
	Number          string // tracking number
	DeliveryCompany string // code "1000".."1031"
	Date            time.Time
}

// Coupon is one applied coupon (CouponModel).
type Coupon struct {
	Code, Name, Summary string
	ItemID              int64 // 0 = order-level
	CapitalCode         int   // 1 ショップ, 2 メーカー, 3 サービス
	ExpiryDate          time.Time
	Price               int64
	Units               int
	ItemDetailID        int64
}

// ChangeReason is one change history entry (ChangeReasonModel).
type ChangeReason struct {
	ID                               int64
	Type                             int // 0 キャンセル申請 ... 8 注文確認
	TypeDetail, Reason, ReasonDetail *int
	ApplyDatetime, FixDatetime       time.Time
	CmplDatetime                     time.Time
}

// NewOrder returns an order in progress 100 with one package holding items,
// settled by card, shipped by 宅配便, priced from the items (10% tax
// included), postage 0. Adjust fields before AddOrder for other cases.
func NewOrder(number string, orderedAt time.Time, items ...Item) Order {
	o := Order{
		Number:        number,
		Progress:      ProgressAwaitingConfirmation,
		OrderDatetime: orderedAt.In(jst),
		OrderType:     1,
		CarrierCode:   11,
		RakutenMember: true,
		DeliveryName:  "宅配便",
		Orderer: Person{
			ZipCode1: "158", ZipCode2: "0094", Prefecture: "東京都", City: "世田谷区",
			SubAddress: "玉川一丁目14番1号", FamilyName: "楽天", FirstName: "太郎",
			FamilyNameKana: "ラクテン", FirstNameKana: "タロウ",
			PhoneNumber1: "050", PhoneNumber2: "1234", PhoneNumber3: "5678",
			EmailAddress: "abcdef1234@pc.fw.rakuten.ne.jp", Sex: "男",
			BirthYear: 1990, BirthMonth: 4, BirthDay: 1,
		},
		Settlement: &Settlement{
			MethodCode: 1, Method: "クレジットカード", RpaySettlementFlag: 1,
			CardName: "VISA", CardNumber: "XXXX-XXXX-XXXX-0015", CardOwner: "TARO RAKUTEN",
			CardYm: "2030-12", CardPayType: 0,
		},
	}
	pkg := Package{Sender: o.Orderer, DefaultDeliveryCompanyCode: "1001"}
	pkg.Sender.EmailAddress, pkg.Sender.Sex = "", ""
	pkg.Sender.BirthYear, pkg.Sender.BirthMonth, pkg.Sender.BirthDay = 0, 0, 0
	for _, it := range items {
		if it.TaxRate == 0 {
			it.TaxRate = 0.1
		}
		it.IncludeTaxFlag = 1
		if it.InventoryType == 0 {
			it.InventoryType = 2
		}
		if it.PointRate == 0 {
			it.PointRate = 1
		}
		pkg.Items = append(pkg.Items, it)
		pkg.GoodsPrice += it.Price * int64(it.Units)
	}
	pkg.TotalPrice = pkg.GoodsPrice
	o.Packages = []Package{pkg}
	o.GoodsPrice, o.TotalPrice, o.RequestPrice = pkg.GoodsPrice, pkg.GoodsPrice, pkg.GoodsPrice
	return o
}

// AddOrder stores o (replacing an order with the same number). Zero basket
// and item detail IDs are assigned, as Rakuten issues them.
func (s *Server) AddOrder(o Order) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o = cloneOrder(o)
	o.OrderDatetime = o.OrderDatetime.In(jst)
	for i := range o.Packages {
		p := &o.Packages[i]
		if p.BasketID == 0 {
			p.BasketID = s.newIDLocked()
		}
		for j := range p.Items {
			if p.Items[j].ItemDetailID == 0 {
				p.Items[j].ItemDetailID = s.newIDLocked()
			}
		}
	}
	s.orders[o.Number] = &o
	s.advanceOrderLocked(&o)
}

// Order returns a copy of the order's current state.
func (s *Server) Order(number string) (Order, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	o, ok := s.orders[number]
	if !ok {
		return Order{}, false
	}
	return cloneOrder(*o), true
}

// newIDLocked issues a fresh numeric ID (basketId, itemDetailId,
// shippingDetailId, changeId).
func (s *Server) newIDLocked() int64 {
	s.nextID++
	return s.nextID
}

// cloneOrder deep-copies the slices and pointers of o.
func cloneOrder(o Order) Order {
	o.Settlement = clonePtr(o.Settlement)
	o.Wrapping1, o.Wrapping2 = clonePtr(o.Wrapping1), clonePtr(o.Wrapping2)
	o.DeliveryClass = clonePtr(o.DeliveryClass)
	o.ReserveDeliveryCount = clonePtr(o.ReserveDeliveryCount)
	o.CautionDisplayDetailType = clonePtr(o.CautionDisplayDetailType)
	o.Packages = slices.Clone(o.Packages)
	for i := range o.Packages {
		p := &o.Packages[i]
		p.Items = slices.Clone(p.Items)
		p.Shippings = slices.Clone(p.Shippings)
		p.DeliveryCVS = clonePtr(p.DeliveryCVS)
		p.SocialGift = clonePtr(p.SocialGift)
	}
	o.Coupons = slices.Clone(o.Coupons)
	o.ChangeReasons = slices.Clone(o.ChangeReasons)
	for i := range o.ChangeReasons {
		cr := &o.ChangeReasons[i]
		cr.TypeDetail, cr.Reason, cr.ReasonDetail = clonePtr(cr.TypeDetail), clonePtr(cr.Reason), clonePtr(cr.ReasonDetail)
	}
	o.ReceiptIssueHistory = slices.Clone(o.ReceiptIssueHistory)
	o.DueDates = slices.Clone(o.DueDates)
	return o
}

// clonePtr copies what p points at, so that callers never share state with
// the server.
func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// advanceOrdersLocked applies the time-driven transitions: 100 → 900 after
// the auto-cancel period, 200 → 300 after the processing delay.
func (s *Server) advanceOrdersLocked() {
	for _, o := range s.orders {
		s.advanceOrderLocked(o)
	}
}

// advanceOrderLocked applies the due transitions to one order.
func (s *Server) advanceOrderLocked(o *Order) {
	switch {
	case o.Progress == ProgressAwaitingConfirmation && s.cfg.autoCancelAfter >= 0 &&
		!s.now.Before(o.OrderDatetime.Add(s.cfg.autoCancelAfter)):
		at := o.OrderDatetime.Add(s.cfg.autoCancelAfter)
		o.Progress = ProgressCancelled
		o.ChangeReasons = append(o.ChangeReasons, ChangeReason{
			ID: s.newIDLocked(), Type: 0, ApplyDatetime: at, FixDatetime: at, CmplDatetime: at,
		})
	case o.Progress == ProgressRakutenProcessing &&
		!s.now.Before(o.ShopOrderCfmDatetime.Add(s.cfg.processingDelay)):
		at := o.ShopOrderCfmDatetime.Add(s.cfg.processingDelay)
		o.Progress = ProgressAwaitingShipment
		o.OrderFixDatetime, o.ShippingInstDatetime = at, at
	}
}

// orderReachable reports whether getOrder may return o: only orders of the
// past 730 days are.
func (s *Server) orderReachable(o *Order) bool {
	return !o.OrderDatetime.Before(s.now.AddDate(0, 0, -730))
}
