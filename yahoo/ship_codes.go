package yahoo

// ShipCompanyCode values (ShipStatusChange.CompanyCode, Ship.CompanyCode)
// of the carriers most stores use. The full table lives behind the mall
// login; these three are what integrators send (1001 also drives the ヤマト
// invoice-number rule, see WithYamatoCompanyCodes).
const (
	ShipCompanyOther  = "1000" // その他
	ShipCompanyYamato = "1001" // ヤマト運輸
	ShipCompanySagawa = "1002" // 佐川急便
)

// ShipInvoiceNumberEmptyReason values: why an order shipped without an
// invoice number (ShipStatusChange.InvoiceNumberEmptyReason, which excludes
// InvoiceNumber1/2). Yahoo accepts 101 to 105; their labels are behind the
// mall login (unverified), so the constants are named by code.
const (
	ShipInvoiceNumberEmptyReason101 = "101"
	ShipInvoiceNumberEmptyReason102 = "102"
	ShipInvoiceNumberEmptyReason103 = "103"
	ShipInvoiceNumberEmptyReason104 = "104"
	ShipInvoiceNumberEmptyReason105 = "105"
)
