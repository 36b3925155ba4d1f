package yahootest

import (
	"encoding/xml"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// WithYamatoCompanyCodes sets the ShipCompanyCode values that mean ヤマト運輸,
// whose invoice numbers may hold only digits and "-" and at most 14 bytes.
// The default, "1001", is unverified: the code master is not public.
func WithYamatoCompanyCodes(codes ...string) Option {
	return func(c *config) { c.yamatoCompanyCodes = codes }
}

// orderPayRequest is the <Req> of orderPayStatusChange.
type orderPayRequest struct {
	XMLName xml.Name `xml:"Req"`
	Target  struct {
		OrderID       string `xml:"OrderId"`
		OperationUser string
	}
	Order struct {
		Pay struct {
			PayStatus string
			PayDate   *string
		}
	}
	SellerID string `xml:"SellerId"`
}

// parseRequestDate parses an optional YYYYMMDD request date; "" clears it.
func parseRequestDate(name string, v *string, dst *time.Time) *changeError {
	if v == nil {
		return nil
	}
	raw := strings.TrimSpace(*v)
	if raw == "" {
		*dst = time.Time{}
		return nil
	}
	t, err := time.ParseInLocation(requestDateLayout, raw, jst)
	if err != nil {
		return paramError(name + "(" + raw + ") is invalid: the format is YYYYMMDD.")
	}
	*dst = t
	return nil
}

// orderPayStatusChange is POST orderPayStatusChange: PayStatus 0 (未入金) or
// 1 (入金済) and an optional PayDate (YYYYMMDD). Cancelled orders and
// payments Yahoo settles itself refuse it (see payment.go).
func (s *Server) orderPayStatusChange(c *call) {
	var req orderPayRequest
	if !s.decodeReq(c, codeChangeParam, &req) {
		return
	}
	s.changeOrder(c, req.SellerID, req.Target.OrderID, req.Target.OperationUser, func(o *Order) *changeError {
		if cerr := payStatusRefusal(o); cerr != nil {
			return cerr
		}
		st, err := strconv.Atoi(strings.TrimSpace(req.Order.Pay.PayStatus))
		if err != nil || (st != 0 && st != 1) {
			return paramError("Order/Pay/PayStatus(" + req.Order.Pay.PayStatus + ") is invalid.")
		}
		date := o.Pay.Date
		if cerr := parseRequestDate("Order/Pay/PayDate", req.Order.Pay.PayDate, &date); cerr != nil {
			return cerr
		}
		o.Pay.Status, o.Pay.Date = st, date
		return nil
	})
}

// orderShipRequest is the <Req> of orderShipStatusChange.
type orderShipRequest struct {
	XMLName xml.Name `xml:"Req"`
	Target  struct {
		OrderID       string `xml:"OrderId"`
		IsPointFix    string
		OperationUser string
	}
	Order struct {
		Ship struct {
			ShipStatus                   string
			ShipMethod                   *string
			ShipCompanyCode              *string
			ShipInvoiceNumber1           *string
			ShipInvoiceNumber2           *string
			ShipInvoiceNumberEmptyReason *string
			ShipDate                     *string
			ArrivalDate                  *string
			ShipNotes                    *string
			ShipURL                      *string `xml:"ShipUrl"`
		}
	}
	SellerID string `xml:"SellerId"`
}

// invoiceEmptyReasons are the ShipInvoiceNumberEmptyReason codes the mall
// takes (their labels are not public).
var invoiceEmptyReasons = []string{"101", "102", "103", "104", "105"}

var (
	companyCodePattern   = regexp.MustCompile(`^[0-9]{4}$`)
	yamatoInvoicePattern = regexp.MustCompile(`^[0-9-]{1,14}$`)
)

// orderShipStatusChange is POST orderShipStatusChange: ShipStatus (0 出荷不可,
// 1 出荷可, 2 出荷待ち, 3 出荷済み, 4 着荷済み) plus the shipping details given.
// Invoice numbers and ShipInvoiceNumberEmptyReason exclude each other; for
// ヤマト運輸 (see WithYamatoCompanyCodes) an invoice number is digits and "-",
// at most 14 bytes. Cancelled orders refuse it.
func (s *Server) orderShipStatusChange(c *call) {
	var req orderShipRequest
	if !s.decodeReq(c, codeChangeParam, &req) {
		return
	}
	s.changeOrder(c, req.SellerID, req.Target.OrderID, req.Target.OperationUser, func(o *Order) *changeError {
		in := req.Order.Ship
		st, err := strconv.Atoi(strings.TrimSpace(in.ShipStatus))
		if err != nil || st < 0 || st > 4 {
			return paramError("Order/Ship/ShipStatus(" + in.ShipStatus + ") is invalid.")
		}
		if cerr := shipStatusRefusal(o, st); cerr != nil {
			return cerr
		}
		next := o.Ship
		next.Status = st
		setIf(&next.Method, in.ShipMethod)
		setIf(&next.CompanyCode, in.ShipCompanyCode)
		setIf(&next.InvoiceNumber1, in.ShipInvoiceNumber1)
		setIf(&next.InvoiceNumber2, in.ShipInvoiceNumber2)
		setIf(&next.InvoiceNumberEmptyReason, in.ShipInvoiceNumberEmptyReason)
		setIf(&next.Notes, in.ShipNotes)
		setIf(&next.URL, in.ShipURL)
		if cerr := parseRequestDate("Order/Ship/ShipDate", in.ShipDate, &next.Date); cerr != nil {
			return cerr
		}
		if cerr := parseRequestDate("Order/Ship/ArrivalDate", in.ArrivalDate, &next.ArrivalDate); cerr != nil {
			return cerr
		}
		if next.CompanyCode != "" && !companyCodePattern.MatchString(next.CompanyCode) {
			return paramError("Order/Ship/ShipCompanyCode(" + next.CompanyCode + ") is invalid: 4 digits.")
		}
		if r := next.InvoiceNumberEmptyReason; r != "" && !slices.Contains(invoiceEmptyReasons, r) {
			return paramError("Order/Ship/ShipInvoiceNumberEmptyReason(" + r + ") is invalid: 101-105.")
		}
		if (next.InvoiceNumber1 != "" || next.InvoiceNumber2 != "") && next.InvoiceNumberEmptyReason != "" {
			return &changeError{http.StatusBadRequest, codeInvoice,
				"ShipInvoiceNumber1/2 and ShipInvoiceNumberEmptyReason cannot both be set."}
		}
		if slices.Contains(s.cfg.yamatoCompanyCodes, next.CompanyCode) {
			for i, n := range []string{next.InvoiceNumber1, next.InvoiceNumber2} {
				if n != "" && !yamatoInvoicePattern.MatchString(n) {
					return &changeError{http.StatusBadRequest, codeInvoice,
						"ShipInvoiceNumber" + itoa(i+1) + "(" + n + ") is invalid for ShipCompanyCode " + next.CompanyCode +
							": digits and - only, at most 14 bytes."}
				}
			}
		}
		o.Ship = next
		return nil
	})
}
