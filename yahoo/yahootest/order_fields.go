package yahootest

import (
	"strconv"
	"time"
)

// fieldGroup is the orderInfo element a field is grouped under.
type fieldGroup int

const (
	groupOrder fieldGroup = iota // directly under <OrderInfo>
	groupPay
	groupShip
	groupSeller
	groupBuyer
	groupDetail
	groupItem
)

// groupNames are the element names of the groups, in the order orderInfo
// writes them.
var groupNames = []string{groupPay: "Pay", groupShip: "Ship", groupSeller: "Seller", groupBuyer: "Buyer", groupDetail: "Detail"}

// orderField is one order-level field name the order APIs accept in Field.
type orderField struct {
	name  string
	group fieldGroup
	cdata bool // free text, sent as CDATA
	get   func(o *Order) string
}

// itemField is one <Item> field name orderInfo accepts in Field. Fields
// with nodes repeat as nested elements (ItemOption, Inscription) instead of
// holding text.
type itemField struct {
	name  string
	cdata bool
	get   func(it *Item) string
	nodes func(it *Item) []*node
}

// Wire formats of answer values.
func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(jst).Format(time.RFC3339)
}

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(jst).Format(time.DateOnly)
}

func itoa(n int) string { return strconv.Itoa(n) }

func fmtBool(b bool) string   { return strconv.FormatBool(b) }
func fmtInt64(n int64) string { return strconv.FormatInt(n, 10) }
func fmtOptInt(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// orderFields lists the order-level fields in the order orderInfo writes
// them within their group. orderList accepts every one of them and answers
// them flat.
var orderFields = []orderField{
	{"OrderId", groupOrder, false, func(o *Order) string { return o.ID }},
	{"Version", groupOrder, false, func(o *Order) string { return itoa(o.Version) }},
	{"ParentOrderId", groupOrder, false, func(o *Order) string { return "" }},
	{"DeviceType", groupOrder, false, func(o *Order) string { return itoa(o.DeviceType) }},
	{"IsSeen", groupOrder, false, func(o *Order) string { return fmtBool(o.IsSeen) }},
	{"IsSplit", groupOrder, false, func(o *Order) string { return "false" }},
	{"CancelReason", groupOrder, false, func(o *Order) string { return fmtOptInt(o.CancelReason) }},
	{"OrderTime", groupOrder, false, func(o *Order) string { return fmtTime(o.OrderTime) }},
	{"LastUpdateTime", groupOrder, false, func(o *Order) string { return fmtTime(o.LastUpdateTime) }},
	{"ReleaseDate", groupOrder, false, func(o *Order) string { return fmtDate(o.latestReleaseDate()) }},
	{"Suspect", groupOrder, false, func(o *Order) string { return itoa(o.Suspect) }},
	{"OrderStatus", groupOrder, false, func(o *Order) string { return itoa(o.Status) }},
	{"StoreStatus", groupOrder, false, func(o *Order) string { return o.StoreStatus }},
	{"BuyerComments", groupOrder, true, func(o *Order) string { return o.BuyerComments }},
	{"SellerComments", groupOrder, true, func(o *Order) string { return o.SellerComments }},
	{"Notes", groupOrder, true, func(o *Order) string { return o.Notes }},
	{"OperationUser", groupOrder, false, func(o *Order) string { return o.OperationUser }},
	{"FraudHoldStatus", groupOrder, false, func(o *Order) string { return itoa(o.FraudHoldStatus) }},
	{"PublicationTime", groupOrder, false, func(o *Order) string { return fmtTime(o.PublicationTime) }},

	{"PayStatus", groupPay, false, func(o *Order) string { return itoa(o.Pay.Status) }},
	{"SettleStatus", groupPay, false, func(o *Order) string { return itoa(o.Pay.SettleStatus) }},
	{"SettleId", groupPay, false, func(o *Order) string { return o.Pay.SettleID }},
	{"PayType", groupPay, false, func(o *Order) string { return itoa(o.Pay.Type) }},
	{"PayKind", groupPay, false, func(o *Order) string { return itoa(o.Pay.Kind) }},
	{"PayMethod", groupPay, false, func(o *Order) string { return o.Pay.Method }},
	{"PayMethodName", groupPay, false, func(o *Order) string { return o.Pay.MethodName }},
	{"PayDate", groupPay, false, func(o *Order) string { return fmtDate(o.Pay.Date) }},
	{"BillFirstName", groupPay, false, func(o *Order) string { return o.Pay.BillFirstName }},
	{"BillFirstNameKana", groupPay, false, func(o *Order) string { return o.Pay.BillFirstNameKana }},
	{"BillLastName", groupPay, false, func(o *Order) string { return o.Pay.BillLastName }},
	{"BillLastNameKana", groupPay, false, func(o *Order) string { return o.Pay.BillLastNameKana }},
	{"BillZipCode", groupPay, false, func(o *Order) string { return o.Pay.BillZipCode }},
	{"BillPrefecture", groupPay, false, func(o *Order) string { return o.Pay.BillPrefecture }},
	{"BillCity", groupPay, false, func(o *Order) string { return o.Pay.BillCity }},
	{"BillAddress1", groupPay, false, func(o *Order) string { return o.Pay.BillAddress1 }},
	{"BillAddress2", groupPay, false, func(o *Order) string { return o.Pay.BillAddress2 }},
	{"BillPhoneNumber", groupPay, false, func(o *Order) string { return o.Pay.BillPhoneNumber }},
	{"BillMailAddress", groupPay, false, func(o *Order) string { return o.Pay.BillMailAddress }},
	{"PayNo", groupPay, false, func(o *Order) string { return o.Pay.PayNo }},

	{"ShipStatus", groupShip, false, func(o *Order) string { return itoa(o.Ship.Status) }},
	{"ShipMethod", groupShip, false, func(o *Order) string { return o.Ship.Method }},
	{"ShipMethodName", groupShip, false, func(o *Order) string { return o.Ship.MethodName }},
	{"ShipRequestDate", groupShip, false, func(o *Order) string { return fmtDate(o.Ship.RequestDate) }},
	{"ShipRequestTime", groupShip, false, func(o *Order) string { return o.Ship.RequestTime }},
	{"ShipNotes", groupShip, true, func(o *Order) string { return o.Ship.Notes }},
	{"ShipCompanyCode", groupShip, false, func(o *Order) string { return o.Ship.CompanyCode }},
	{"ShipInvoiceNumber1", groupShip, false, func(o *Order) string { return o.Ship.InvoiceNumber1 }},
	{"ShipInvoiceNumber2", groupShip, false, func(o *Order) string { return o.Ship.InvoiceNumber2 }},
	{"ShipInvoiceNumberEmptyReason", groupShip, false, func(o *Order) string { return o.Ship.InvoiceNumberEmptyReason }},
	{"ShipUrl", groupShip, true, func(o *Order) string { return o.Ship.URL }},
	{"ShipDate", groupShip, false, func(o *Order) string { return fmtDate(o.Ship.Date) }},
	{"ArrivalDate", groupShip, false, func(o *Order) string { return fmtDate(o.Ship.ArrivalDate) }},
	{"ShipFirstName", groupShip, false, func(o *Order) string { return o.Ship.FirstName }},
	{"ShipFirstNameKana", groupShip, false, func(o *Order) string { return o.Ship.FirstNameKana }},
	{"ShipLastName", groupShip, false, func(o *Order) string { return o.Ship.LastName }},
	{"ShipLastNameKana", groupShip, false, func(o *Order) string { return o.Ship.LastNameKana }},
	{"ShipZipCode", groupShip, false, func(o *Order) string { return o.Ship.ZipCode }},
	{"ShipPrefecture", groupShip, false, func(o *Order) string { return o.Ship.Prefecture }},
	{"ShipCity", groupShip, false, func(o *Order) string { return o.Ship.City }},
	{"ShipAddress1", groupShip, false, func(o *Order) string { return o.Ship.Address1 }},
	{"ShipAddress2", groupShip, false, func(o *Order) string { return o.Ship.Address2 }},
	{"ShipPhoneNumber", groupShip, false, func(o *Order) string { return o.Ship.PhoneNumber }},

	{"SellerId", groupSeller, false, func(o *Order) string { return o.SellerID }},

	{"IsLogin", groupBuyer, false, func(o *Order) string { return fmtBool(o.Buyer.IsLogin) }},
	{"FspLicenseCode", groupBuyer, false, func(o *Order) string { return o.Buyer.FspLicenseCode }},
	{"FspLicenseName", groupBuyer, false, func(o *Order) string { return o.Buyer.FspLicenseName }},
	{"GuestAuthId", groupBuyer, false, func(o *Order) string { return o.Buyer.GuestAuthID }},

	{"PayCharge", groupDetail, false, func(o *Order) string { return fmtInt64(o.Charges.PayCharge) }},
	{"ShipCharge", groupDetail, false, func(o *Order) string { return fmtInt64(o.Charges.ShipCharge) }},
	{"GiftWrapCharge", groupDetail, false, func(o *Order) string { return fmtInt64(o.Charges.GiftWrapCharge) }},
	{"Discount", groupDetail, false, func(o *Order) string { return fmtInt64(o.Charges.Discount) }},
	{"Adjustments", groupDetail, false, func(o *Order) string { return fmtInt64(o.Charges.Adjustments) }},
	{"SettleAmount", groupDetail, false, func(o *Order) string {
		return fmtInt64(o.totalPrice() - o.Charges.UsePoint - o.Charges.GiftCardDiscount)
	}},
	{"UsePoint", groupDetail, false, func(o *Order) string { return fmtInt64(o.Charges.UsePoint) }},
	{"GiftCardDiscount", groupDetail, false, func(o *Order) string { return fmtInt64(o.Charges.GiftCardDiscount) }},
	{"TotalPrice", groupDetail, false, func(o *Order) string { return fmtInt64(o.totalPrice()) }},
	{"SettlePayAmount", groupDetail, false, func(o *Order) string {
		return fmtInt64(o.totalPrice() - o.Charges.UsePoint - o.Charges.GiftCardDiscount)
	}},
}

// itemFields lists the <Item> fields in the order orderInfo writes them.
var itemFields = []itemField{
	{name: "LineId", get: func(it *Item) string { return itoa(it.LineID) }},
	{name: "ItemId", get: func(it *Item) string { return it.ItemID }},
	{name: "Title", cdata: true, get: func(it *Item) string { return it.Title }},
	{name: "SubCode", get: func(it *Item) string { return it.SubCode }},
	{name: "SubCodeOption", cdata: true, get: func(it *Item) string { return it.SubCodeOption }},
	{name: "ItemOption", nodes: func(it *Item) []*node {
		out := make([]*node, len(it.Options))
		for i, op := range it.Options {
			out[i] = el("ItemOption", leaf("Index", itoa(i+1), false), leaf("Name", op.Name, true),
				leaf("Value", op.Value, true), leaf("Price", fmtInt64(op.Price), false))
		}
		return out
	}},
	{name: "Inscription", nodes: func(it *Item) []*node {
		out := make([]*node, len(it.Inscriptions))
		for i, in := range it.Inscriptions {
			out[i] = el("Inscription", leaf("Index", itoa(i+1), false), leaf("Name", in.Name, true), leaf("Value", in.Value, true))
		}
		return out
	}},
	{name: "ItemTaxRatio", get: func(it *Item) string { return itoa(it.ItemTaxRatio) }},
	{name: "Jan", get: func(it *Item) string { return it.Jan }},
	{name: "UnitPrice", get: func(it *Item) string { return fmtInt64(it.UnitPrice) }},
	{name: "NonTaxUnitPrice", get: func(it *Item) string {
		return fmtInt64(it.UnitPrice * 100 / int64(100+it.ItemTaxRatio))
	}},
	{name: "Quantity", get: func(it *Item) string { return itoa(it.Quantity) }},
	{name: "ReleaseDate", get: func(it *Item) string { return fmtDate(it.ReleaseDate) }},
}

// listOnlyFields are order-level names orderList answers that orderInfo
// does not take at order level: ReleaseDate comes per <Item> there.
var listOnlyFields = map[string]bool{"ReleaseDate": true}

// infoOnlyFields are the modelled names orderList refuses (od90101): they
// are not in its Field table (addresses beyond the name and prefecture,
// comments, notes, PayKind, the buyer's licence data, some totals), so a
// client must read them with orderInfo. The split follows the 90 orderList
// names of a public client (JSPSystem OrderListClient::FIELD).
var infoOnlyFields = map[string]bool{
	"CancelReason": true, "BuyerComments": true, "SellerComments": true, "Notes": true, "OperationUser": true,
	"PayKind": true, "BillZipCode": true, "BillCity": true, "BillAddress1": true, "BillAddress2": true,
	"BillPhoneNumber": true, "BillMailAddress": true,
	"ShipZipCode": true, "ShipCity": true, "ShipAddress1": true, "ShipAddress2": true, "ShipPhoneNumber": true,
	"FspLicenseCode": true, "FspLicenseName": true, "GuestAuthId": true,
	"Adjustments": true, "SettleAmount": true, "SettlePayAmount": true,
}

// OrderInfoFieldNames lists every Field name orderInfo takes in the fake,
// in the order orderInfo writes them: order-level and group fields, then the
// <Item> fields (ReleaseDate is one of them: orderInfo gives it per line).
// Other names are refused with 400 od90101 unless WithLenientFields.
func OrderInfoFieldNames() []string {
	names := make([]string, 0, len(orderFields)+len(itemFields))
	for _, f := range orderFields {
		if !listOnlyFields[f.name] {
			names = append(names, f.name)
		}
	}
	for _, f := range itemFields {
		names = append(names, f.name)
	}
	return names
}

// OrderListFieldNames lists every Field name orderList takes in the fake,
// in table order: the orderList field set, answered flat. orderInfo-only
// names (addresses, BuyerComments, PayKind, ...) and the <Item> fields are
// refused with 400 od90101, as the mall does, unless WithLenientFields.
func OrderListFieldNames() []string {
	var names []string
	for _, f := range orderFields {
		if !infoOnlyFields[f.name] {
			names = append(names, f.name)
		}
	}
	return names
}

// orderFieldByName and itemFieldByName index the tables.
var (
	orderFieldByName = indexFields(orderFields, func(f orderField) string { return f.name })
	itemFieldByName  = indexFields(itemFields, func(f itemField) string { return f.name })
)

// indexFields maps each field's name to its position.
func indexFields[F any](fields []F, name func(F) string) map[string]int {
	m := make(map[string]int, len(fields))
	for i, f := range fields {
		m[name(f)] = i
	}
	return m
}
