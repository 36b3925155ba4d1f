package yahoo

import "time"

// Order is one orderInfo answer, grouped as Yahoo groups it. Elements the
// SDK does not map are kept in the Extra field of their group, so nothing
// Yahoo adds is lost.
type Order struct {
	ID            string // OrderId, "<sellerId>-<8 digits>"
	Version       int
	ParentOrderID string
	DeviceType    int // 1 PC, 2 ガラケー, 3 スマートフォン, 4 タブレット
	IsSeen        bool
	IsSplit       bool
	OrderedAt     time.Time // OrderTime, JST
	LastUpdatedAt time.Time // LastUpdateTime, JST
	// ReleaseDate is the latest Item.ReleaseDate (or an order-level
	// ReleaseDate, which orderInfo does not send); zero for none.
	//
	// Deprecated: release dates are per line in orderInfo; use
	// Item.ReleaseDate.
	ReleaseDate time.Time
	// FraudHoldStatus is 不正保留ステータス, 0 for none (codes unverified).
	FraudHoldStatus int
	// PublishedAt is PublicationTime: when the order appeared in orderList.
	PublishedAt    time.Time
	Suspect        int // 0 非悪戯, 1 悪戯, 2 悪戯解除済
	Status         OrderStatus
	StoreStatus    string // store-defined 1..10
	CancelReason   string
	BuyerComments  string // CDATA, verbatim
	SellerComments string
	Notes          string
	OperationUser  string
	Pay            Pay
	Ship           Ship
	Seller         Seller
	Buyer          Buyer
	Detail         Detail
	Items          []Item
	Extra          []RawField
}

// Address is a Bill* or Ship* block. Personal data may come back empty,
// depending on the application's permissions.
type Address struct {
	LastName, FirstName         string
	LastNameKana, FirstNameKana string
	ZipCode                     string
	Prefecture, City            string
	Address1, Address2          string
	PhoneNumber                 string
	MailAddress                 string // Bill only
}

// Pay is the <Pay> group.
type Pay struct {
	Status       PayStatus
	SettleStatus string
	Type         string // PayType: 0 後払い, 1 前払い
	Kind         string // PayKind: 0 カード, 1 ネットバンキング, ...
	Method       string // PayMethod, e.g. payment_a1
	MethodName   string
	PaidOn       time.Time // PayDate
	SettleID     string
	PayNo        string
	Bill         Address
	Extra        []RawField
}

// Ship is the <Ship> group.
type Ship struct {
	Status                   ShipStatus
	Method                   string // ShipMethod, postage1..postage16
	MethodName               string
	RequestDate              time.Time
	RequestTime              string
	Notes                    string
	CompanyCode              string // 4-digit ShipCompanyCode
	InvoiceNumber1           string
	InvoiceNumber2           string
	InvoiceNumberEmptyReason string
	URL                      string
	ShippedOn                time.Time // ShipDate
	ArrivedOn                time.Time // ArrivalDate
	Address                  Address
	Extra                    []RawField
}

// Seller is the <Seller> group.
type Seller struct {
	ID    string
	Extra []RawField
}

// Buyer is the <Buyer> group.
type Buyer struct {
	IsLogin        bool // the buyer was logged in to Yahoo! JAPAN
	FspLicenseCode string
	FspLicenseName string
	GuestAuthID    string // GuestAuthId
	Extra          []RawField
}

// Detail is the <Detail> group: charges and totals in yen.
type Detail struct {
	PayCharge        int64
	ShipCharge       int64
	GiftWrapCharge   int64
	Discount         int64
	Adjustments      int64
	SettleAmount     int64
	UsePoint         int64
	GiftCardDiscount int64
	TotalPrice       int64
	SettlePayAmount  int64
	Extra            []RawField
}

// Item is one <Item> line.
type Item struct {
	LineID          int
	ItemID          string
	SubCode         string
	SubCodeOption   string
	Title           string
	Quantity        int
	UnitPrice       int64
	NonTaxUnitPrice int64
	TaxRatio        int // ItemTaxRatio, percent
	Jan             string
	// ReleaseDate is the line's release date (予約商品), zero for none.
	ReleaseDate  time.Time
	Options      []ItemOption // ItemOption
	Inscriptions []ItemOption // Inscription
	Extra        []RawField
}

// ItemOption is an <ItemOption> or <Inscription> the buyer chose. Child
// elements the SDK does not map are kept in Extra.
type ItemOption struct {
	Index int
	Name  string
	Value string
	Price int64
	Extra []RawField
}
