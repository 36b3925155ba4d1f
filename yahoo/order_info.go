package yahoo

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/mallkit/mallkit/internal/httpx"
)

const opOrderInfo = "orderInfo"

// xmlContentType is sent with the order APIs' XML bodies.
const xmlContentType = "application/xml; charset=UTF-8"

type orderInfoRequest struct {
	XMLName xml.Name `xml:"Req"`
	Target  struct {
		OrderID string `xml:"OrderId"`
		Field   string `xml:"Field"`
	} `xml:"Target"`
	SellerID string `xml:"SellerId"`
}

type orderInfoResponse struct {
	XMLName xml.Name
	Result  struct {
		Status    string         `xml:"Status"`
		Errors    []Notice       `xml:"Error"`
		OrderInfo []orderInfoXML `xml:"OrderInfo"`
	} `xml:"Result"`
}

// GetOrder reads one order with orderInfo (one order per call), asking for
// DefaultOrderInfoFields.
func (c *Client) GetOrder(ctx context.Context, orderID string) (*Order, error) {
	return c.GetOrderFields(ctx, orderID, orderInfoFields[:])
}

// GetOrderFields reads one order with orderInfo like GetOrder, asking for
// another Field list; fields Order does not map are kept in the Extra slices.
func (c *Client) GetOrderFields(ctx context.Context, orderID string, fields []string) (*Order, error) {
	if err := checkOrderID(opOrderInfo, orderID); err != nil {
		return nil, err
	}
	if len(fields) == 0 {
		return nil, &ValidationError{Operation: opOrderInfo, OrderID: orderID, Index: -1, Field: "Field", Reason: "at least one field is required"}
	}
	var req orderInfoRequest
	req.Target.OrderID = orderID
	req.Target.Field = strings.Join(fields, ",")
	req.SellerID = c.cfg.SellerID
	body, err := marshalRequest(req)
	if err != nil {
		return nil, err
	}
	answer, err := c.do(ctx, call{op: opOrderInfo, method: http.MethodPost, body: body, ctype: xmlContentType, policy: httpx.RetrySafe, orderID: orderID})
	if answer == nil {
		return nil, err
	}
	o, derr := decodeOrderInfo(answer, orderID)
	if derr != nil {
		return nil, errors.Join(derr, err)
	}
	return o, err
}

// decodeOrderInfo reads an orderInfo answer.
func decodeOrderInfo(body []byte, orderID string) (*Order, error) {
	var r orderInfoResponse
	if err := xml.NewDecoder(bytes.NewReader(body)).Decode(&r); err != nil {
		return nil, &DecodeError{Operation: opOrderInfo, OrderID: orderID, Err: err}
	}
	if st := strings.TrimSpace(r.Result.Status); st != "OK" {
		return nil, notOK(opOrderInfo, orderID, st, r.Result.Errors)
	}
	if len(r.Result.OrderInfo) != 1 {
		return nil, &DecodeError{Operation: opOrderInfo, OrderID: orderID, Path: "ResultSet/Result/OrderInfo", Value: strconv.Itoa(len(r.Result.OrderInfo)), Err: errors.New("want exactly one <OrderInfo>")}
	}
	return decodeOrder(&r.Result.OrderInfo[0])
}

// marshalRequest renders an order API request with the XML declaration.
func marshalRequest(v any) ([]byte, error) {
	b, err := xml.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("yahoo: encoding request: %w", err)
	}
	return append([]byte(xml.Header), b...), nil
}

// checkOrderID applies orderList's documented OrderId rule
// (^[a-zA-Z0-9-]+$, at most 50 bytes) to every order API.
func checkOrderID(op, id string) error {
	bad := id == "" || len(id) > 50
	for i := 0; i < len(id) && !bad; i++ {
		ch := id[i]
		bad = !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-')
	}
	if bad {
		return &ValidationError{Operation: op, Index: -1, Field: "OrderId", Value: id, Reason: "want 1-50 letters, digits and '-'"}
	}
	return nil
}
