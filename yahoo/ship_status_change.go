package yahoo

import (
	"context"
	"encoding/xml"
	"strconv"
	"time"
)

const opOrderShipStatusChange = "orderShipStatusChange"

// ShipStatusChange is an orderShipStatusChange request. Empty strings and
// zero times are left out.
type ShipStatusChange struct {
	OrderID    string
	IsPointFix bool
	Status     ShipStatus
	Method     string // ShipMethod, postage1..postage16
	// CompanyCode is the 4-digit ShipCompanyCode. For ヤマト運輸 (see
	// WithYamatoCompanyCodes) invoice numbers must be digits and '-' of at
	// most 14 bytes.
	CompanyCode    string
	InvoiceNumber1 string
	InvoiceNumber2 string
	// InvoiceNumberEmptyReason (ShipInvoiceNumberEmptyReason101..105)
	// excludes InvoiceNumber1/2.
	InvoiceNumberEmptyReason string
	ShippedOn                time.Time // ShipDate
	ArrivedOn                time.Time // ArrivalDate
	Notes                    string
	URL                      string
}

type orderShipStatusChangeRequest struct {
	XMLName xml.Name `xml:"Req"`
	Target  struct {
		OrderID    string `xml:"OrderId"`
		IsPointFix bool   `xml:"IsPointFix"`
	} `xml:"Target"`
	Ship struct {
		ShipStatus                   string `xml:"ShipStatus"`
		ShipMethod                   string `xml:"ShipMethod,omitempty"`
		ShipCompanyCode              string `xml:"ShipCompanyCode,omitempty"`
		ShipInvoiceNumber1           string `xml:"ShipInvoiceNumber1,omitempty"`
		ShipInvoiceNumber2           string `xml:"ShipInvoiceNumber2,omitempty"`
		ShipInvoiceNumberEmptyReason string `xml:"ShipInvoiceNumberEmptyReason,omitempty"`
		ShipDate                     string `xml:"ShipDate,omitempty"`
		ArrivalDate                  string `xml:"ArrivalDate,omitempty"`
		ShipNotes                    string `xml:"ShipNotes,omitempty"`
		ShipURL                      string `xml:"ShipUrl,omitempty"`
	} `xml:"Order>Ship"`
	SellerID string `xml:"SellerId"`
}

// ChangeShipStatus sets the shipping status and slip data with
// orderShipStatusChange, after checking the invoice rules, and returns
// Yahoo's warnings. It is not resent after a connection error or 503.
func (c *Client) ChangeShipStatus(ctx context.Context, ch ShipStatusChange) ([]Notice, error) {
	if err := c.checkShipChange(ch); err != nil {
		return nil, err
	}
	var req orderShipStatusChangeRequest
	req.Target.OrderID = ch.OrderID
	req.Target.IsPointFix = ch.IsPointFix
	s := &req.Ship
	s.ShipStatus = strconv.Itoa(int(ch.Status))
	s.ShipMethod = ch.Method
	s.ShipCompanyCode = ch.CompanyCode
	s.ShipInvoiceNumber1 = ch.InvoiceNumber1
	s.ShipInvoiceNumber2 = ch.InvoiceNumber2
	s.ShipInvoiceNumberEmptyReason = ch.InvoiceNumberEmptyReason
	if !ch.ShippedOn.IsZero() {
		s.ShipDate = formatRequestDate(ch.ShippedOn)
	}
	if !ch.ArrivedOn.IsZero() {
		s.ArrivalDate = formatRequestDate(ch.ArrivedOn)
	}
	s.ShipNotes, s.ShipURL = ch.Notes, ch.URL
	req.SellerID = c.cfg.SellerID
	return c.change(ctx, opOrderShipStatusChange, ch.OrderID, req)
}

func (c *Client) checkShipChange(ch ShipStatusChange) error {
	if err := checkOrderID(opOrderShipStatusChange, ch.OrderID); err != nil {
		return err
	}
	invalid := func(field, value, reason string) error {
		return &ValidationError{Operation: opOrderShipStatusChange, OrderID: ch.OrderID, Index: -1, Field: field, Value: value, Reason: reason}
	}
	if ch.Status < ShipUnshippable || ch.Status > ShipDelivered {
		return invalid("ShipStatus", strconv.Itoa(int(ch.Status)), "want 0..4")
	}
	if ch.InvoiceNumberEmptyReason != "" && (ch.InvoiceNumber1 != "" || ch.InvoiceNumber2 != "") {
		return invalid("ShipInvoiceNumberEmptyReason", ch.InvoiceNumberEmptyReason, "cannot be set together with ShipInvoiceNumber1/2")
	}
	if r := ch.InvoiceNumberEmptyReason; r != "" && (len(r) != 3 || r < ShipInvoiceNumberEmptyReason101 || r > ShipInvoiceNumberEmptyReason105) {
		return invalid("ShipInvoiceNumberEmptyReason", r, "want 101..105")
	}
	if !c.opts.yamatoCodes[ch.CompanyCode] {
		return nil
	}
	for _, inv := range []struct{ field, value string }{{"ShipInvoiceNumber1", ch.InvoiceNumber1}, {"ShipInvoiceNumber2", ch.InvoiceNumber2}} {
		if len(inv.value) > 14 {
			return invalid(inv.field, inv.value, "ヤマト運輸 invoice numbers are at most 14 bytes")
		}
		for i := 0; i < len(inv.value); i++ {
			if b := inv.value[i]; (b < '0' || b > '9') && b != '-' {
				return invalid(inv.field, inv.value, "ヤマト運輸 invoice numbers take only digits and '-' (byte "+strconv.Itoa(i+1)+")")
			}
		}
	}
	return nil
}
