package ponpare

import (
	"strings"
	"time"

	"github.com/mallkit/mallkit/internal/jst"
)

// Order is OrderBean as getOrderInfo returns it. XML names are the bean's
// field names from the mall's WSDL; amounts are yen.
type Order struct {
	Number                 string `xml:"orderNo"`
	OrderDateTime          string `xml:"orderDateTime"`
	Status                 string `xml:"orderSts"`
	PaymentStatus          string `xml:"pymntSts"`
	DepositDate            string `xml:"depositDate"`
	SendDate               string `xml:"sendDate"`
	DeliveryKind           string `xml:"dlvKind"`
	DesiredDeliveryDate    string `xml:"dlvDesiredDate"`
	DesiredTimeZoneKind    string `xml:"dlvDesiredTimeZoneKind"`
	DesiredTimeZoneFrom    string `xml:"dlvDesiredTimeZoneFrom"`
	DesiredTimeZoneTo      string `xml:"dlvDesiredTimeZoneTo"`
	ShopUserNameInCharge   string `xml:"shopUserNameInCharge"`
	Memo                   string `xml:"orderMemo"`
	MessageToCustomer      string `xml:"messageToCustomer"`
	UseTerminal            string `xml:"useTerminal"`
	MailCarrierCode        string `xml:"mailcarrierCode"`
	GiftApply              bool   `xml:"giftApplyFlg"`
	Note                   string `xml:"orderNote"`
	TaxRate                string `xml:"taxRate"`
	AddressCaution         bool   `xml:"dlvAddrCautionFlg"`
	YellowUser             bool   `xml:"yellowUserFlg"`
	MemberKind             string `xml:"memberKind"`
	Enclosable             bool   `xml:"enclosableFlg"`
	ItemAmount             int64  `xml:"itemAmount"`
	TaxAmount              int64  `xml:"taxAmount"`
	DeliveryFee            int64  `xml:"dlvFee"`
	PaymentFee             int64  `xml:"pymntFee"`
	TotalAmount            int64  `xml:"totalAmount"`
	UsePointAmount         int64  `xml:"usePointAmount"`
	UseCouponTotalAmount   int64  `xml:"useCouponTotalAmount"`
	UseCouponShopAmount    int64  `xml:"useCouponShopAmount"`
	UseCouponOtherAmount   int64  `xml:"useCouponOtherAmount"`
	UseCouponTotalCount    int    `xml:"useCouponTotalCnt"`
	UseCouponShopCount     int    `xml:"useCouponShopCnt"`
	UseCouponOtherCount    int    `xml:"useCouponOtherCnt"`
	TotalPaymentAmount     int64  `xml:"totalPymntAmount"`
	TotalPaymentAmountInit int64  `xml:"totalPymntAmountInit"`

	Customer        Customer        `xml:"orderCustomer"`
	Payment         Payment         `xml:"orderPymnt"`
	Delivery        Delivery        `xml:"orderDlv"`
	DeliveryAddress DeliveryAddress `xml:"orderDlvAddr"`
	Noshi           string          `xml:"noshi"`
	Wrapping1       *Wrapping       `xml:"wrapping1"`
	Wrapping2       *Wrapping       `xml:"wrapping2"`

	EncloseKind             string         `xml:"encloseKind"`
	EncloseOrderNumber      string         `xml:"encloseOrderNo"`
	EncloseItemAmount       int64          `xml:"encloseItemAmount"`
	EncloseTaxAmount        int64          `xml:"encloseTaxAmount"`
	EncloseDeliveryFee      int64          `xml:"encloseDlvFee"`
	EnclosePaymentFee       int64          `xml:"enclosePymntFee"`
	EncloseTotalAmount      int64          `xml:"encloseTotalAmount"`
	EncloseUsePointAmount   int64          `xml:"encloseUsePointAmount"`
	EncloseUseCouponAmount  int64          `xml:"encloseUseCouponAmount"`
	EncloseTotalPymntAmount int64          `xml:"encloseTotalPymntAmount"`
	EncloseChildren         []EncloseChild `xml:"encloseChildOrderList"`

	CardUpdatingIcon string `xml:"cardUpdatingIconFlg"`
	CardUpdatedIcon  string `xml:"cardUpdatedIconFlg"`
	FraudOrderAlert  string `xml:"fraudOrderAlert"`
	NextDayDelivery  string `xml:"nxDayDlvFlg"`

	Items   []Item   `xml:"orderItemList"`
	Coupons []Coupon `xml:"useCouponList"`
}

// OrderedAt parses OrderDateTime in JST. The wire format is not documented
// (unverified): xsd:dateTime with or without an offset and fraction, and
// yyyy/MM/dd HH:mm:ss are accepted; a value without an offset is JST.
func (o Order) OrderedAt() (time.Time, error) { return parseTime(o.OrderDateTime) }

// Customer is orderCustomer, the buyer.
type Customer struct {
	Zip1          string `xml:"customerZip1"`
	Zip2          string `xml:"customerZip2"`
	Prefecture    string `xml:"customerPref"`
	Address       string `xml:"customerAddress"`
	LastName      string `xml:"customerLastName"`
	FirstName     string `xml:"customerFirstName"`
	LastNameKana  string `xml:"customerLastNameKana"`
	FirstNameKana string `xml:"customerFirstNameKana"`
	Tel           string `xml:"customerTel"`
	// Email is usually empty: the API did not hand out buyers' addresses.
	Email string `xml:"customerEmail"`
}

// Payment is orderPymnt.
type Payment struct {
	MethodID   string      `xml:"pymntMethodId"`
	MethodName string      `xml:"pymntMethodName"`
	CreditCard *CreditCard `xml:"creditCard"`
}

// CreditCard is the masked card data of orderPymnt.
type CreditCard struct {
	Brand         string `xml:"cardBrand"`
	Number        string `xml:"cardNo"`
	Signature     string `xml:"cardSignature"`
	Expire        string `xml:"cardExpire"`
	PaymentMethod string `xml:"cardPymntMethod"`
}

// Delivery is orderDlv.
type Delivery struct {
	MethodID   string `xml:"dlvMethodId"`
	MethodName string `xml:"dlvMethodName"`
}

// DeliveryAddress is orderDlvAddr, the recipient, with the parcel's slip number.
type DeliveryAddress struct {
	Zip1          string `xml:"dlvAddrZip1"`
	Zip2          string `xml:"dlvAddrZip2"`
	Prefecture    string `xml:"dlvAddrPref"`
	Address       string `xml:"dlvAddrAddress"`
	LastName      string `xml:"dlvAddrLastName"`
	FirstName     string `xml:"dlvAddrFirstName"`
	LastNameKana  string `xml:"dlvAddrLastNameKana"`
	FirstNameKana string `xml:"dlvAddrFirstNameKana"`
	Tel           string `xml:"dlvAddrTel"`
	SlipNumber    string `xml:"slipNo"`
}

// Wrapping is wrapping1 or wrapping2.
type Wrapping struct {
	Kind    string `xml:"wrappingKind"`
	Name    string `xml:"wrappingName"`
	Price   int64  `xml:"wrappingPrice"`
	TaxKind string `xml:"wrappingTaxKind"`
	Deleted bool   `xml:"wrappingDelFlg"`
}

// EncloseChild is one order bundled (同梱) into this one.
type EncloseChild struct {
	EncloseOrderNumber string `xml:"encloseOrderNo"`
	OrderNumber        string `xml:"orderNo"`
}

// Item is one orderItemList entry. HSKUItemID and VSKUItemID are the
// horizontal and vertical axes of a two-axis SKU.
type Item struct {
	SubNumber        string `xml:"orderItemSubNo"`
	Name             string `xml:"itemName"`
	ItemID           string `xml:"itemId"`
	ManageID         string `xml:"itemManageId"`
	HSKUItemID       string `xml:"HSkuItemId"`
	VSKUItemID       string `xml:"VSkuItemId"`
	SalePrice        int64  `xml:"salePrice"`
	Count            int    `xml:"itemCnt"`
	IncludesShipping bool   `xml:"incShippingFlg"`
	TaxKind          string `xml:"taxKind"`
	TaxRateKind      string `xml:"itemTaxRateKbn"`
	TaxRate          string `xml:"itemTaxRate"`
	IncludesCODFee   bool   `xml:"incCodFeeFlg"`
	PointRate        string `xml:"getPointRate"`
	Point            string `xml:"getPoint"`
	PurchaseOption   string `xml:"purchaseOption"`
	InventoryKind    string `xml:"invKind"`
	Deleted          bool   `xml:"itemDelFlg"`
}

// Coupon is one useCouponList entry.
type Coupon struct {
	Code         string `xml:"couponCode"`
	ItemSubNo    string `xml:"orderItemSubNo"`
	ItemManageID string `xml:"itemManageId"`
	Name         string `xml:"couponName"`
	Count        int    `xml:"couponCnt"`
	CapitalKind  string `xml:"couponCapitalKind"`
	DiscountType string `xml:"discountType"`
	ExpiryDate   string `xml:"expiryDate"`
	Amount       int64  `xml:"couponAmount"`
}

var timeLayouts = []string{
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
	"2006-01-02 15:04:05",
	"2006/01/02",
	"2006-01-02",
}

func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	var firstErr error
	for _, layout := range timeLayouts {
		t, err := time.ParseInLocation(layout, s, jst.Location)
		if err == nil {
			return t.In(jst.Location), nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return time.Time{}, firstErr
}
