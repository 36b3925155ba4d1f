package rakuten

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"

	"github.com/mallkit/mallkit/internal/httpx"
)

// MaxOrdersPerCall is how many order numbers getOrder, confirmOrder,
// updateOrderShippingAsync and updateOrderSubStatus take per call.
const MaxOrdersPerCall = 100

type getOrderRequest struct {
	OrderNumberList []string `json:"orderNumberList"`
	Version         int      `json:"version"`
}

type getOrderResponse struct {
	Messages []Message         `json:"MessageModelList"`
	Orders   []json.RawMessage `json:"OrderModelList"`
	Version  int               `json:"version"`
}

// GetOrders returns the full OrderModel of each number, calling
// RakutenPayOrderAPI getOrder (version 10 unless WithGetOrderVersion) with
// batches of 100. Orders come back in the order RMS returns them.
//
// Numbers that RMS reports as errors, that are missing from its answer, or
// whose OrderModel the client cannot decode (code DECODE_ERROR, Err a
// *DecodeError naming the JSON path) are listed in a *BatchError returned
// together with the orders that were decoded: one unreadable order never
// hides the other 99 of its call. An empty number or one that is not UTF-8
// fails the call with ErrInvalidInput before any request. A failure of a
// whole call stops and returns the orders so far.
func (c *Client) GetOrders(ctx context.Context, numbers []string) ([]Order, error) {
	for _, n := range numbers {
		if err := checkKeyText("order number", n); err != nil {
			return nil, err
		}
	}
	var orders []Order
	fails := batchFailures{op: "getOrder", total: len(numbers)}
	for batch := range slices.Chunk(numbers, MaxOrdersPerCall) {
		var out getOrderResponse
		r, err := c.postOrder(ctx, "getOrder", getOrderRequest{OrderNumberList: batch, Version: c.cfg.getOrderVersion}, &out, httpx.RetrySafe)
		if msgs, ok := perOrderMessages(err); ok {
			out.Messages, err = msgs, nil
		}
		if err != nil {
			return orders, err
		}
		if out.Orders == nil {
			if err := messagesError("getOrder", r, out.Messages); err != nil {
				return orders, err
			}
		}
		found := make(map[string]bool, len(out.Orders))
		for i, raw := range out.Orders {
			var o Order
			if err := json.Unmarshal(raw, &o); err != nil {
				number := orderNumberOf(raw)
				de := r.decodeError("getOrder", number, "OrderModelList["+strconv.Itoa(i)+"]", err)
				fails.add(Failure{Key: number, Code: "DECODE_ERROR", Message: de.Error(), Err: de})
				found[number] = true
				continue
			}
			orders = append(orders, o)
			found[o.Number] = true
		}
		reported := make(map[string]bool)
		for _, m := range out.Messages {
			if m.IsError() && m.OrderNumber != "" {
				fails.add(Failure{Key: m.OrderNumber, Code: m.Code, Message: m.Text})
				reported[m.OrderNumber] = true
			}
		}
		for _, n := range batch {
			if !found[n] && !reported[n] {
				fails.add(Failure{Key: n, Code: "NOT_RETURNED", Message: "getOrder returned no OrderModel for this number"})
			}
		}
	}
	return orders, fails.err()
}

// orderNumberOf reads just the orderNumber of an OrderModel that does not
// decode as a whole ("" when even that fails).
func orderNumberOf(raw json.RawMessage) string {
	var id struct {
		Number string `json:"orderNumber"`
	}
	_ = json.Unmarshal(raw, &id)
	return id.Number
}
