package yahoo

import "slices"

// orderInfoFields is the Field list GetOrder sends: every element Order
// maps, grouped as in the response, and no more, since orderInfo returns only
// the fields asked for. yahootest models each of them. The live API knows
// many more names (about 230 in public clients); GetOrderFields asks for
// another list, and the fields Order does not map land in the Extra slices.
// A name the API does not know fails the whole request (od90101).
var orderInfoFields = [...]string{
	// order
	"OrderId", "Version", "ParentOrderId", "DeviceType", "IsSeen", "IsSplit",
	"OrderTime", "LastUpdateTime", "Suspect", "OrderStatus", "StoreStatus",
	"CancelReason", "BuyerComments", "SellerComments", "Notes", "OperationUser",
	"FraudHoldStatus", "PublicationTime",
	// Pay
	"PayStatus", "SettleStatus", "PayType", "PayKind", "PayMethod", "PayMethodName",
	"PayDate", "SettleId", "PayNo",
	"BillFirstName", "BillFirstNameKana", "BillLastName", "BillLastNameKana",
	"BillZipCode", "BillPrefecture", "BillCity", "BillAddress1", "BillAddress2",
	"BillPhoneNumber", "BillMailAddress",
	// Ship
	"ShipStatus", "ShipMethod", "ShipMethodName", "ShipRequestDate", "ShipRequestTime",
	"ShipNotes", "ShipCompanyCode", "ShipInvoiceNumber1", "ShipInvoiceNumber2",
	"ShipInvoiceNumberEmptyReason", "ShipUrl", "ShipDate", "ArrivalDate",
	"ShipFirstName", "ShipFirstNameKana", "ShipLastName", "ShipLastNameKana",
	"ShipZipCode", "ShipPrefecture", "ShipCity", "ShipAddress1", "ShipAddress2",
	"ShipPhoneNumber",
	// Seller, Buyer
	"SellerId", "IsLogin", "FspLicenseCode", "FspLicenseName", "GuestAuthId",
	// Detail
	"PayCharge", "ShipCharge", "GiftWrapCharge", "Discount", "Adjustments",
	"SettleAmount", "UsePoint", "GiftCardDiscount", "TotalPrice", "SettlePayAmount",
	// Item
	"LineId", "ItemId", "Title", "SubCode", "SubCodeOption", "ItemOption",
	"Inscription", "UnitPrice", "NonTaxUnitPrice", "Quantity", "ItemTaxRatio", "Jan",
	"ReleaseDate", // per <Item> in orderInfo
}

// orderListFields is the Field list SearchOrders sends by default: the
// elements OrderSummary maps. orderList answers them flat, with no Pay/Ship
// grouping.
var orderListFields = [...]string{
	"OrderId", "Version", "OrderTime", "LastUpdateTime", "OrderStatus", "StoreStatus",
	"IsSeen", "PayStatus", "ShipStatus", "TotalPrice", "FraudHoldStatus", "PublicationTime",
}

// DefaultOrderInfoFields returns the Field list GetOrder sends: every element
// Order maps and no more, since orderInfo returns only the fields asked for.
// The live API knows many more names (about 230 in public clients);
// GetOrderFields asks for another list, and the fields Order does not map
// land in the Extra slices. A name the API does not know fails the whole
// request (od90101). The slice is the caller's to change.
func DefaultOrderInfoFields() []string { return slices.Clone(orderInfoFields[:]) }

// DefaultOrderListFields returns the Field list SearchOrders sends when
// OrderQuery.Fields is nil: the elements OrderSummary maps. orderList answers
// them flat, with no Pay/Ship grouping. The slice is the caller's to change.
func DefaultOrderListFields() []string { return slices.Clone(orderListFields[:]) }

// OrderInfoFields is a copy of DefaultOrderInfoFields. Changing it changes
// nothing the client sends.
//
// Deprecated: use DefaultOrderInfoFields.
var OrderInfoFields = DefaultOrderInfoFields()

// OrderListFields is a copy of DefaultOrderListFields. Changing it changes
// nothing the client sends.
//
// Deprecated: use DefaultOrderListFields.
var OrderListFields = DefaultOrderListFields()
