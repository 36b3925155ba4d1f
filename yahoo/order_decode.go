package yahoo

import (
	"strconv"
	"strings"
)

// The orderInfo answer is decoded into these structs: encoding/xml fills the
// elements Order maps by name and collects every other element, in document
// order, in the ",any" catch-all of its group. Values stay strings here and
// are parsed leniently by decodeOrder, so an empty element is a zero value
// and a bad one a *DecodeError naming its path.

// orderInfoXML is <OrderInfo>.
type orderInfoXML struct {
	OrderID         string `xml:"OrderId"`
	Version         string
	ParentOrderID   string `xml:"ParentOrderId"`
	DeviceType      string
	IsSeen          string
	IsSplit         string
	OrderTime       string
	LastUpdateTime  string
	ReleaseDate     string
	Suspect         string
	OrderStatus     string
	StoreStatus     string
	CancelReason    string
	BuyerComments   string
	SellerComments  string
	Notes           string
	OperationUser   string
	FraudHoldStatus string
	PublicationTime string
	Pay             payXML
	Ship            shipXML
	Seller          struct {
		SellerID string     `xml:"SellerId"`
		Extra    []RawField `xml:",any"`
	}
	Buyer struct {
		IsLogin        string
		FspLicenseCode string
		FspLicenseName string
		GuestAuthID    string     `xml:"GuestAuthId"`
		Extra          []RawField `xml:",any"`
	}
	Detail detailXML
	Items  []itemXML  `xml:"Item"`
	Extra  []RawField `xml:",any"`
}

type payXML struct {
	PayStatus, SettleStatus, PayType, PayKind, PayMethod, PayMethodName, PayDate string
	SettleID                                                                     string `xml:"SettleId"`
	PayNo                                                                        string
	BillLastName, BillFirstName, BillLastNameKana, BillFirstNameKana             string
	BillZipCode, BillPrefecture, BillCity, BillAddress1, BillAddress2            string
	BillPhoneNumber, BillMailAddress                                             string
	Extra                                                                        []RawField `xml:",any"`
}

type shipXML struct {
	ShipStatus, ShipMethod, ShipMethodName, ShipRequestDate, ShipRequestTime, ShipNotes   string
	ShipCompanyCode, ShipInvoiceNumber1, ShipInvoiceNumber2, ShipInvoiceNumberEmptyReason string
	ShipURL                                                                               string `xml:"ShipUrl"`
	ShipDate, ArrivalDate                                                                 string
	ShipLastName, ShipFirstName, ShipLastNameKana, ShipFirstNameKana                      string
	ShipZipCode, ShipPrefecture, ShipCity, ShipAddress1, ShipAddress2, ShipPhoneNumber    string
	Extra                                                                                 []RawField `xml:",any"`
}

type detailXML struct {
	PayCharge, ShipCharge, GiftWrapCharge, Discount, Adjustments string
	SettleAmount, UsePoint, GiftCardDiscount, TotalPrice         string
	SettlePayAmount                                              string
	Extra                                                        []RawField `xml:",any"`
}

type itemXML struct {
	LineID                  string `xml:"LineId"`
	ItemID                  string `xml:"ItemId"`
	Title, SubCode          string
	SubCodeOption           string
	ItemOption, Inscription []optionXML
	UnitPrice               string
	NonTaxUnitPrice         string
	Quantity, ItemTaxRatio  string
	Jan                     string
	ReleaseDate             string
	Extra                   []RawField `xml:",any"`
}

type optionXML struct {
	Index, Name, Value, Price string
	Extra                     []RawField `xml:",any"`
}

// decodeOrder maps an <OrderInfo> onto Order. Identifiers and codes are
// trimmed; free text (comments, notes, titles, options) is kept verbatim.
func decodeOrder(x *orderInfoXML) (*Order, error) {
	o := &Order{ID: strings.TrimSpace(x.OrderID)}
	d := &fieldDecoder{op: opOrderInfo, orderID: o.ID}
	o.Version = d.int("", "Version", x.Version)
	o.ParentOrderID = strings.TrimSpace(x.ParentOrderID)
	o.DeviceType = d.int("", "DeviceType", x.DeviceType)
	o.IsSeen = d.bool("", "IsSeen", x.IsSeen)
	o.IsSplit = d.bool("", "IsSplit", x.IsSplit)
	o.OrderedAt = d.time("", "OrderTime", x.OrderTime)
	o.LastUpdatedAt = d.time("", "LastUpdateTime", x.LastUpdateTime)
	o.ReleaseDate = d.time("", "ReleaseDate", x.ReleaseDate)
	o.FraudHoldStatus = d.int("", "FraudHoldStatus", x.FraudHoldStatus)
	o.PublishedAt = d.time("", "PublicationTime", x.PublicationTime)
	o.Suspect = d.int("", "Suspect", x.Suspect)
	o.Status = OrderStatus(d.int("", "OrderStatus", x.OrderStatus))
	o.StoreStatus = strings.TrimSpace(x.StoreStatus)
	o.CancelReason = strings.TrimSpace(x.CancelReason)
	o.BuyerComments, o.SellerComments, o.Notes = x.BuyerComments, x.SellerComments, x.Notes
	o.OperationUser = strings.TrimSpace(x.OperationUser)
	o.Extra = x.Extra

	p := &x.Pay
	o.Pay = Pay{
		Status:       PayStatus(d.int("Pay/", "PayStatus", p.PayStatus)),
		SettleStatus: strings.TrimSpace(p.SettleStatus),
		Type:         strings.TrimSpace(p.PayType),
		Kind:         strings.TrimSpace(p.PayKind),
		Method:       strings.TrimSpace(p.PayMethod),
		MethodName:   strings.TrimSpace(p.PayMethodName),
		PaidOn:       d.time("Pay/", "PayDate", p.PayDate),
		SettleID:     strings.TrimSpace(p.SettleID),
		PayNo:        strings.TrimSpace(p.PayNo),
		Bill: address(p.BillLastName, p.BillFirstName, p.BillLastNameKana, p.BillFirstNameKana, p.BillZipCode,
			p.BillPrefecture, p.BillCity, p.BillAddress1, p.BillAddress2, p.BillPhoneNumber, p.BillMailAddress),
		Extra: p.Extra,
	}

	s := &x.Ship
	o.Ship = Ship{
		Status:                   ShipStatus(d.int("Ship/", "ShipStatus", s.ShipStatus)),
		Method:                   strings.TrimSpace(s.ShipMethod),
		MethodName:               strings.TrimSpace(s.ShipMethodName),
		RequestDate:              d.time("Ship/", "ShipRequestDate", s.ShipRequestDate),
		RequestTime:              strings.TrimSpace(s.ShipRequestTime),
		Notes:                    s.ShipNotes,
		CompanyCode:              strings.TrimSpace(s.ShipCompanyCode),
		InvoiceNumber1:           strings.TrimSpace(s.ShipInvoiceNumber1),
		InvoiceNumber2:           strings.TrimSpace(s.ShipInvoiceNumber2),
		InvoiceNumberEmptyReason: strings.TrimSpace(s.ShipInvoiceNumberEmptyReason),
		URL:                      strings.TrimSpace(s.ShipURL),
		ShippedOn:                d.time("Ship/", "ShipDate", s.ShipDate),
		ArrivedOn:                d.time("Ship/", "ArrivalDate", s.ArrivalDate),
		Address: address(s.ShipLastName, s.ShipFirstName, s.ShipLastNameKana, s.ShipFirstNameKana, s.ShipZipCode,
			s.ShipPrefecture, s.ShipCity, s.ShipAddress1, s.ShipAddress2, s.ShipPhoneNumber, ""),
		Extra: s.Extra,
	}

	o.Seller = Seller{ID: strings.TrimSpace(x.Seller.SellerID), Extra: x.Seller.Extra}
	b := &x.Buyer
	o.Buyer = Buyer{
		IsLogin:        d.bool("Buyer/", "IsLogin", b.IsLogin),
		FspLicenseCode: strings.TrimSpace(b.FspLicenseCode),
		FspLicenseName: strings.TrimSpace(b.FspLicenseName),
		GuestAuthID:    strings.TrimSpace(b.GuestAuthID),
		Extra:          b.Extra,
	}

	t := &x.Detail
	o.Detail = Detail{
		PayCharge:        d.int64("Detail/", "PayCharge", t.PayCharge),
		ShipCharge:       d.int64("Detail/", "ShipCharge", t.ShipCharge),
		GiftWrapCharge:   d.int64("Detail/", "GiftWrapCharge", t.GiftWrapCharge),
		Discount:         d.int64("Detail/", "Discount", t.Discount),
		Adjustments:      d.int64("Detail/", "Adjustments", t.Adjustments),
		SettleAmount:     d.int64("Detail/", "SettleAmount", t.SettleAmount),
		UsePoint:         d.int64("Detail/", "UsePoint", t.UsePoint),
		GiftCardDiscount: d.int64("Detail/", "GiftCardDiscount", t.GiftCardDiscount),
		TotalPrice:       d.int64("Detail/", "TotalPrice", t.TotalPrice),
		SettlePayAmount:  d.int64("Detail/", "SettlePayAmount", t.SettlePayAmount),
		Extra:            t.Extra,
	}

	if len(x.Items) > 0 {
		o.Items = make([]Item, len(x.Items))
	}
	for i := range x.Items {
		o.Items[i] = decodeItem(d, "Item["+strconv.Itoa(i+1)+"]/", &x.Items[i])
		if o.Items[i].ReleaseDate.After(o.ReleaseDate) {
			o.ReleaseDate = o.Items[i].ReleaseDate
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	return o, nil
}

// address builds a Bill*/Ship* address, trimming every part.
func address(last, first, lastKana, firstKana, zip, pref, city, addr1, addr2, phone, mail string) Address {
	return Address{
		LastName: strings.TrimSpace(last), FirstName: strings.TrimSpace(first), LastNameKana: strings.TrimSpace(lastKana), FirstNameKana: strings.TrimSpace(firstKana),
		ZipCode: strings.TrimSpace(zip), Prefecture: strings.TrimSpace(pref), City: strings.TrimSpace(city), Address1: strings.TrimSpace(addr1), Address2: strings.TrimSpace(addr2),
		PhoneNumber: strings.TrimSpace(phone), MailAddress: strings.TrimSpace(mail),
	}
}

func decodeItem(d *fieldDecoder, at string, x *itemXML) Item {
	return Item{
		LineID:          d.int(at, "LineId", x.LineID),
		ItemID:          strings.TrimSpace(x.ItemID),
		SubCode:         strings.TrimSpace(x.SubCode),
		SubCodeOption:   x.SubCodeOption,
		Title:           x.Title,
		Quantity:        d.int(at, "Quantity", x.Quantity),
		UnitPrice:       d.int64(at, "UnitPrice", x.UnitPrice),
		NonTaxUnitPrice: d.int64(at, "NonTaxUnitPrice", x.NonTaxUnitPrice),
		TaxRatio:        d.int(at, "ItemTaxRatio", x.ItemTaxRatio),
		Jan:             strings.TrimSpace(x.Jan),
		ReleaseDate:     d.time(at, "ReleaseDate", x.ReleaseDate),
		Options:         decodeItemOptions(d, at+"ItemOption", x.ItemOption),
		Inscriptions:    decodeItemOptions(d, at+"Inscription", x.Inscription),
		Extra:           x.Extra,
	}
}

func decodeItemOptions(d *fieldDecoder, at string, xs []optionXML) []ItemOption {
	if len(xs) == 0 {
		return nil
	}
	out := make([]ItemOption, len(xs))
	for i, x := range xs {
		p := at + "[" + strconv.Itoa(i+1) + "]/"
		out[i] = ItemOption{Index: d.int(p, "Index", x.Index), Name: x.Name, Value: x.Value, Price: d.int64(p, "Price", x.Price), Extra: x.Extra}
	}
	return out
}
