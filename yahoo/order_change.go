package yahoo

import (
	"context"
	"encoding/xml"
	"strconv"
)

const opOrderChange = "orderChange"

// OrderUpdate is an orderChange request. Nil and empty members are left
// out. Any change marks the order seen.
type OrderUpdate struct {
	OrderID       string
	OperationUser string
	// IsSeen can only go from false to true; false is refused.
	IsSeen  *bool
	Suspect *int    // 0 非悪戯, 1 悪戯, 2 悪戯解除済
	Notes   *string // the store's memo
	// Pay and Ship are <Pay>/<Ship> children sent as given, e.g.
	// {Name: "ShipLastName", Value: "山田"}.
	Pay, Ship []RawField
	// Items change quantities of existing lines (new lines need
	// orderItemAdd).
	Items []ItemUpdate
}

// ItemUpdate sets the quantity of one order line.
type ItemUpdate struct {
	LineID   int
	Quantity int
}

type orderChangeRequest struct {
	XMLName xml.Name `xml:"Req"`
	Target  struct {
		OrderID       string `xml:"OrderId"`
		OperationUser string `xml:"OperationUser,omitempty"`
	} `xml:"Target"`
	Order struct {
		IsSeen  *bool       `xml:"IsSeen,omitempty"`
		Suspect *int        `xml:"Suspect,omitempty"`
		Notes   *string     `xml:"Notes,omitempty"`
		Pay     *fieldGroup `xml:"Pay"`
		Ship    *fieldGroup `xml:"Ship"`
		Items   []struct {
			LineID   int `xml:"LineId"`
			Quantity int `xml:"Quantity"`
		} `xml:"Item"`
	} `xml:"Order"`
	SellerID string `xml:"SellerId"`
}

// fieldGroup is a <Pay> or <Ship> whose children are written as given.
type fieldGroup struct {
	Fields []RawField
}

// OrderChange edits an order with orderChange and returns Yahoo's
// warnings. It is not resent after a connection error or 503.
func (c *Client) OrderChange(ctx context.Context, u OrderUpdate) ([]Notice, error) {
	if err := checkOrderID(opOrderChange, u.OrderID); err != nil {
		return nil, err
	}
	invalid := func(index int, field, value, reason string) error {
		return &ValidationError{Operation: opOrderChange, OrderID: u.OrderID, Index: index, Field: field, Value: value, Reason: reason}
	}
	if u.IsSeen != nil && !*u.IsSeen {
		return nil, invalid(-1, "IsSeen", "false", "IsSeen can only be set to true")
	}
	var req orderChangeRequest
	req.Target.OrderID, req.Target.OperationUser = u.OrderID, u.OperationUser
	o := &req.Order
	o.IsSeen, o.Suspect, o.Notes = u.IsSeen, u.Suspect, u.Notes
	for i, f := range u.Pay {
		if name, reason := checkRawField(f); reason != "" {
			return nil, invalid(i, "Pay", name, reason)
		}
	}
	for i, f := range u.Ship {
		if name, reason := checkRawField(f); reason != "" {
			return nil, invalid(i, "Ship", name, reason)
		}
	}
	if len(u.Pay) > 0 {
		o.Pay = &fieldGroup{Fields: u.Pay}
	}
	if len(u.Ship) > 0 {
		o.Ship = &fieldGroup{Fields: u.Ship}
	}
	for i, it := range u.Items {
		if it.LineID < 1 || it.Quantity < 1 {
			return nil, invalid(i, "Item", "LineId "+strconv.Itoa(it.LineID)+" Quantity "+strconv.Itoa(it.Quantity), "want LineId >= 1 and Quantity >= 1")
		}
		o.Items = append(o.Items, struct {
			LineID   int `xml:"LineId"`
			Quantity int `xml:"Quantity"`
		}{it.LineID, it.Quantity})
	}
	req.SellerID = c.cfg.SellerID
	return c.change(ctx, opOrderChange, u.OrderID, req)
}
