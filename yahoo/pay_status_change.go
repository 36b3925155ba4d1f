package yahoo

import (
	"context"
	"encoding/xml"
	"strconv"
	"time"
)

const opOrderPayStatusChange = "orderPayStatusChange"

// PayStatusChange is an orderPayStatusChange request.
type PayStatusChange struct {
	OrderID       string
	Status        PayStatus
	PaidOn        time.Time // PayDate (JST date); zero leaves it out
	OperationUser string
}

type orderPayStatusChangeRequest struct {
	XMLName xml.Name `xml:"Req"`
	Target  struct {
		OrderID       string `xml:"OrderId"`
		OperationUser string `xml:"OperationUser,omitempty"`
	} `xml:"Target"`
	Pay struct {
		PayStatus string `xml:"PayStatus"`
		PayDate   string `xml:"PayDate,omitempty"`
	} `xml:"Order>Pay"`
	SellerID string `xml:"SellerId"`
}

// ChangePayStatus sets the payment status with orderPayStatusChange and
// returns Yahoo's warnings. It is not resent after a connection error or 503.
func (c *Client) ChangePayStatus(ctx context.Context, ch PayStatusChange) ([]Notice, error) {
	if err := checkOrderID(opOrderPayStatusChange, ch.OrderID); err != nil {
		return nil, err
	}
	if ch.Status < 0 {
		return nil, &ValidationError{Operation: opOrderPayStatusChange, OrderID: ch.OrderID, Index: -1, Field: "PayStatus", Value: strconv.Itoa(int(ch.Status)), Reason: "want >= 0"}
	}
	var req orderPayStatusChangeRequest
	req.Target.OrderID = ch.OrderID
	req.Target.OperationUser = ch.OperationUser
	req.Pay.PayStatus = strconv.Itoa(int(ch.Status))
	if !ch.PaidOn.IsZero() {
		req.Pay.PayDate = formatRequestDate(ch.PaidOn)
	}
	req.SellerID = c.cfg.SellerID
	return c.change(ctx, opOrderPayStatusChange, ch.OrderID, req)
}
