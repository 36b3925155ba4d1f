package rakuten

import (
	"encoding/json"
	"time"
)

// Order is one getOrder OrderModel (version 10). Times are in JST; a zero
// time means the field was null. Amounts use Amount, whose Known method
// tells -9999 ("not determined yet") from a price. Fields that RMS sends as
// null and that have no zero-value meaning of their own are pointers.
// Unknown JSON fields are ignored, so newer versions still decode.
type Order struct {
	Number               string    `json:"orderNumber"`
	Progress             Progress  `json:"orderProgress"`
	SubStatusID          *int      `json:"subStatusId"`
	SubStatusName        string    `json:"subStatusName"`
	OrderedAt            time.Time `json:"orderDatetime"`
	ConfirmedAt          time.Time `json:"shopOrderCfmDatetime"`
	FixedAt              time.Time `json:"orderFixDatetime"`
	ShippingInstructedAt time.Time `json:"shippingInstDatetime"`
	ShippingReportedAt   time.Time `json:"shippingCmplRptDatetime"`
	CancelDueDate        time.Time `json:"cancelDueDate"`
	DeliveryDate         time.Time `json:"deliveryDate"`
	// ShippingTerm: 0 none, 1 morning, 2 afternoon, 9 other, or h1h2 such as 708 (7-8 o'clock).
	ShippingTerm *int   `json:"shippingTerm"`
	Remarks      string `json:"remarks"`

	GiftCheckFlag      int `json:"giftCheckFlag"`
	SocialGiftFlag     int `json:"socialGiftFlag"`
	SeveralSenderFlag  int `json:"severalSenderFlag"`
	EqualSenderFlag    int `json:"equalSenderFlag"`
	IsolatedIslandFlag int `json:"isolatedIslandFlag"`
	RakutenMemberFlag  int `json:"rakutenMemberFlag"`
	CarrierCode        int `json:"carrierCode"`
	EmailCarrierCode   int `json:"emailCarrierCode"`
	// OrderType: 1 通常購入, 4 定期購入, 5 頒布会, 6 予約商品.
	OrderType                int    `json:"orderType"`
	ReserveNumber            string `json:"reserveNumber"`
	ReserveDeliveryCount     *int   `json:"reserveDeliveryCount"`
	CautionDisplayType       int    `json:"cautionDisplayType"`
	CautionDisplayDetailType *int   `json:"cautionDisplayDetailType"`
	RakutenConfirmFlag       int    `json:"rakutenConfirmFlag"`

	GoodsPrice                     Amount  `json:"goodsPrice"`
	GoodsTax                       Amount  `json:"goodsTax"` // up to version 7
	PostagePrice                   Amount  `json:"postagePrice"`
	DeliveryPrice                  Amount  `json:"deliveryPrice"` // cash-on-delivery fee
	PaymentCharge                  Amount  `json:"paymentCharge"`
	PaymentChargeTaxRate           float64 `json:"paymentChargeTaxRate"`
	TotalPrice                     Amount  `json:"totalPrice"`
	RequestPrice                   Amount  `json:"requestPrice"`
	CouponAllTotalPrice            Amount  `json:"couponAllTotalPrice"`
	CouponShopPrice                Amount  `json:"couponShopPrice"`
	CouponOtherPrice               Amount  `json:"couponOtherPrice"`
	AdditionalFeeOccurAmountToUser Amount  `json:"additionalFeeOccurAmountToUser"`
	AdditionalFeeOccurAmountToShop Amount  `json:"additionalFeeOccurAmountToShop"`

	AsurakuFlag         int         `json:"asurakuFlag"`
	DrugFlag            int         `json:"drugFlag"`
	DealFlag            int         `json:"dealFlag"`
	MembershipType      int         `json:"membershipType"`
	Memo                string      `json:"memo"`
	Operator            string      `json:"operator"`
	MailPlugSentence    string      `json:"mailPlugSentence"`
	ModifyFlag          int         `json:"modifyFlag"`
	IsTaxRecalc         int         `json:"isTaxRecalc"`
	ReceiptIssueCount   int         `json:"receiptIssueCount"`
	ReceiptIssueHistory []time.Time `json:"receiptIssueHistoryList"`
	DeliveryCertPrgFlag int         `json:"deliveryCertPrgFlag"`
	OneDayOperationFlag int         `json:"oneDayOperationFlag"`

	Orderer       Orderer        `json:"OrdererModel"`
	Settlement    *Settlement    `json:"SettlementModel"`
	Delivery      Delivery       `json:"DeliveryModel"`
	Point         *Point         `json:"PointModel"`
	Wrapping1     *Wrapping      `json:"WrappingModel1"`
	Wrapping2     *Wrapping      `json:"WrappingModel2"`
	Packages      []Package      `json:"PackageModelList"`
	Coupons       []Coupon       `json:"CouponModelList"`
	ChangeReasons []ChangeReason `json:"ChangeReasonModelList"`
	TaxSummaries  []TaxSummary   `json:"TaxSummaryModelList"`
	DueDates      []DueDate      `json:"DueDateModelList"`
}

// UnmarshalJSON decodes an OrderModel, reading its "+0900" datetimes.
func (o *Order) UnmarshalJSON(b []byte) error {
	type plain Order
	w := struct {
		*plain
		OrderedAt            wireTime  `json:"orderDatetime"`
		ConfirmedAt          wireTime  `json:"shopOrderCfmDatetime"`
		FixedAt              wireTime  `json:"orderFixDatetime"`
		ShippingInstructedAt wireTime  `json:"shippingInstDatetime"`
		ShippingReportedAt   wireTime  `json:"shippingCmplRptDatetime"`
		CancelDueDate        wireTime  `json:"cancelDueDate"`
		DeliveryDate         wireTime  `json:"deliveryDate"`
		ReceiptIssueHistory  wireTimes `json:"receiptIssueHistoryList"`
	}{plain: (*plain)(o)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	o.OrderedAt, o.ConfirmedAt, o.FixedAt = w.OrderedAt.Time, w.ConfirmedAt.Time, w.FixedAt.Time
	o.ShippingInstructedAt, o.ShippingReportedAt = w.ShippingInstructedAt.Time, w.ShippingReportedAt.Time
	o.CancelDueDate, o.DeliveryDate = w.CancelDueDate.Time, w.DeliveryDate.Time
	o.ReceiptIssueHistory = w.ReceiptIssueHistory
	return nil
}

// Package is a PackageModel: one destination (送付先) of an order. BasketID
// is the key for shipping reports.
type Package struct {
	BasketID                   int64        `json:"basketId"`
	PostagePrice               Amount       `json:"postagePrice"`
	PostageTaxRate             float64      `json:"postageTaxRate"`
	DeliveryPrice              Amount       `json:"deliveryPrice"`
	DeliveryTaxRate            float64      `json:"deliveryTaxRate"`
	GoodsTax                   Amount       `json:"goodsTax"`
	GoodsPrice                 Amount       `json:"goodsPrice"`
	TotalPrice                 Amount       `json:"totalPrice"`
	Noshi                      string       `json:"noshi"`
	PackageDeleteFlag          int          `json:"packageDeleteFlag"`
	Sender                     Sender       `json:"SenderModel"`
	Items                      []Item       `json:"ItemModelList"`
	Shippings                  []Shipping   `json:"ShippingModelList"`
	DeliveryCVS                *DeliveryCVS `json:"DeliveryCvsModel"`
	SocialGift                 *SocialGift  `json:"SocialGiftModel"`
	DefaultDeliveryCompanyCode string       `json:"defaultDeliveryCompanyCode"`
	DropOffFlag                int          `json:"dropOffFlag"`
	DropOffLocation            string       `json:"dropOffLocation"`
}

// Item is an ItemModel: one order line.
type Item struct {
	DetailID     int64  `json:"itemDetailId"`
	ItemID       int64  `json:"itemId"`
	ManageNumber string `json:"manageNumber"` // 商品管理番号
	ItemNumber   string `json:"itemNumber"`   // 商品番号
	Name         string `json:"itemName"`
	// Price is the unit price as sent. It may be Undetermined (-9999); use
	// PriceKnown or UnitPrice before computing with it.
	Price                            int64   `json:"price"`
	Units                            int     `json:"units"`
	SKUs                             []SKU   `json:"SkuModelList"`
	IncludePostageFlag               int     `json:"includePostageFlag"`
	IncludeTaxFlag                   int     `json:"includeTaxFlag"`
	IncludeCashOnDeliveryPostageFlag int     `json:"includeCashOnDeliveryPostageFlag"`
	SelectedChoice                   string  `json:"selectedChoice"`
	PointRate                        int     `json:"pointRate"`
	PointType                        int     `json:"pointType"`
	InventoryType                    int     `json:"inventoryType"`
	DelvdateInfo                     string  `json:"delvdateInfo"`
	RestoreInventoryFlag             int     `json:"restoreInventoryFlag"`
	DealFlag                         int     `json:"dealFlag"`
	DrugFlag                         int     `json:"drugFlag"`
	DeleteItemFlag                   int     `json:"deleteItemFlag"`
	TaxRate                          float64 `json:"taxRate"`
	PriceTaxIncl                     Amount  `json:"priceTaxIncl"`
	IsSingleItemShipping             int     `json:"isSingleItemShipping"`
}

// PriceKnown reports whether Price is determined (not -9999).
func (i Item) PriceKnown() bool { return i.Price != Undetermined }

// UnitPrice returns Price as an Amount.
func (i Item) UnitPrice() Amount { return Amount(i.Price) }

// SKU is a SkuModel (version 7+). Its values are empty for orders placed
// before the shop's SKU migration.
type SKU struct {
	VariantID            string `json:"variantId"`            // SKU管理番号
	MerchantDefinedSKUID string `json:"merchantDefinedSkuId"` // システム連携用SKU番号
	Info                 string `json:"skuInfo"`              // e.g. "サイズ:M\nカラー:ブラック"
}

// Shipping is a ShippingModel: one parcel record of a package.
type Shipping struct {
	DetailID    int64           `json:"shippingDetailId"`
	Number      string          `json:"shippingNumber"`
	Company     DeliveryCompany `json:"deliveryCompany"`
	CompanyName string          `json:"deliveryCompanyName"`
	Date        time.Time       `json:"shippingDate"`
}

// UnmarshalJSON reads the date-only shippingDate.
func (s *Shipping) UnmarshalJSON(b []byte) error {
	type plain Shipping
	w := struct {
		*plain
		Date wireTime `json:"shippingDate"`
	}{plain: (*plain)(s)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	s.Date = w.Date.Time
	return nil
}

// Delivery is the DeliveryModel.
type Delivery struct {
	Name  string `json:"deliveryName"`
	Class *int   `json:"deliveryClass"` // 0 none, 1 普通, 2 冷蔵, 3 冷凍, 4-8 その他
}

// Point is the PointModel.
type Point struct {
	UsedPoint int `json:"usedPoint"`
}

// Wrapping is a WrappingModel (gift wrapping paper or ribbon).
type Wrapping struct {
	Title              int     `json:"title"` // 1 包装紙, 2 リボン
	Name               string  `json:"name"`
	Price              Amount  `json:"price"`
	IncludeTaxFlag     int     `json:"includeTaxFlag"`
	DeleteWrappingFlag int     `json:"deleteWrappingFlag"`
	TaxRate            float64 `json:"taxRate"`
	TaxPrice           Amount  `json:"taxPrice"`
}

// SocialGift is the SocialGiftModel (version 10).
type SocialGift struct {
	ManagementNumber     string    `json:"sgMngNumber"`
	InputDueDate         time.Time `json:"inputDueDate"`
	InputFlag            int       `json:"inputFlag"`
	InputCompletedAt     time.Time `json:"inputCompDatetime"`
	ReceiverEmailAddress string    `json:"receiverEmailAddress"`
}

// UnmarshalJSON reads the datetimes.
func (s *SocialGift) UnmarshalJSON(b []byte) error {
	type plain SocialGift
	w := struct {
		*plain
		InputDueDate     wireTime `json:"inputDueDate"`
		InputCompletedAt wireTime `json:"inputCompDatetime"`
	}{plain: (*plain)(s)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	s.InputDueDate, s.InputCompletedAt = w.InputDueDate.Time, w.InputCompletedAt.Time
	return nil
}

// Coupon is a CouponModel. ItemID 0 means an order-level coupon.
type Coupon struct {
	Code         string    `json:"couponCode"`
	ItemID       int64     `json:"itemId"`
	Name         string    `json:"couponName"`
	Summary      string    `json:"couponSummary"`
	Capital      string    `json:"couponCapital"`
	CapitalCode  int       `json:"couponCapitalCode"` // 1 ショップ, 2 メーカー, 3 サービス
	ExpiryDate   time.Time `json:"expiryDate"`
	Price        Amount    `json:"couponPrice"`
	Unit         int       `json:"couponUnit"`
	TotalPrice   Amount    `json:"couponTotalPrice"`
	ItemDetailID int64     `json:"itemDetailId"`
}

// UnmarshalJSON reads the date-only expiryDate.
func (c *Coupon) UnmarshalJSON(b []byte) error {
	type plain Coupon
	w := struct {
		*plain
		ExpiryDate wireTime `json:"expiryDate"`
	}{plain: (*plain)(c)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	c.ExpiryDate = w.ExpiryDate.Time
	return nil
}

// ChangeReason is a ChangeReasonModel: one change or cancellation request.
type ChangeReason struct {
	ID           int64     `json:"changeId"`
	Type         *int      `json:"changeType"` // 0 キャンセル申請 ... 8 注文確認, 9 再決済手続き
	TypeDetail   *int      `json:"changeTypeDetail"`
	Reason       *int      `json:"changeReason"` // 0 shop, 1 customer
	ReasonDetail *int      `json:"changeReasonDetail"`
	AppliedAt    time.Time `json:"changeApplyDatetime"`
	FixedAt      time.Time `json:"changeFixDatetime"`
	CompletedAt  time.Time `json:"changeCmplDatetime"`
}

// UnmarshalJSON reads the datetimes.
func (c *ChangeReason) UnmarshalJSON(b []byte) error {
	type plain ChangeReason
	w := struct {
		*plain
		AppliedAt   wireTime `json:"changeApplyDatetime"`
		FixedAt     wireTime `json:"changeFixDatetime"`
		CompletedAt wireTime `json:"changeCmplDatetime"`
	}{plain: (*plain)(c)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	c.AppliedAt, c.FixedAt, c.CompletedAt = w.AppliedAt.Time, w.FixedAt.Time, w.CompletedAt.Time
	return nil
}

// TaxSummary is a TaxSummaryModel (version 3+), one per tax rate.
type TaxSummary struct {
	TaxRate       float64 `json:"taxRate"`
	ReqPrice      Amount  `json:"reqPrice"`
	ReqPriceTax   Amount  `json:"reqPriceTax"`
	TotalPrice    Amount  `json:"totalPrice"`
	PaymentCharge Amount  `json:"paymentCharge"`
	CouponPrice   Amount  `json:"couponPrice"`
	Point         int     `json:"point"`
}

// DueDate is a DueDateModel (version 5+).
type DueDate struct {
	Type int       `json:"dueDateType"` // 0 支払期限, 1 支払方法変更期限, 2 返金手続期限
	Date time.Time `json:"dueDate"`
}

// UnmarshalJSON reads the date.
func (d *DueDate) UnmarshalJSON(b []byte) error {
	type plain DueDate
	w := struct {
		*plain
		Date wireTime `json:"dueDate"`
	}{plain: (*plain)(d)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	d.Date = w.Date.Time
	return nil
}
