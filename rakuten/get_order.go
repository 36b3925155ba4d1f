package rakuten

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

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
// Numbers that RMS reports as errors, or that are missing from its answer,
// are listed in a *BatchError returned together with the orders that were
// found. A failure of a whole call stops and returns the orders so far.
func (c *Client) GetOrders(ctx context.Context, numbers []string) ([]Order, error) {
	var orders []Order
	fails := batchFailures{op: "getOrder"}
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
		got, err := decodeOrders(out.Orders)
		if err != nil {
			return orders, fmt.Errorf("rakuten: getOrder: %w (RequestId %s)", err, r.header.Get("RequestId"))
		}
		orders = append(orders, got...)
		found := make(map[string]bool, len(got))
		for _, o := range got {
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

// decodeOrders decodes each OrderModel, naming the one that fails.
func decodeOrders(raw []json.RawMessage) ([]Order, error) {
	orders := make([]Order, len(raw))
	for i, b := range raw {
		if err := json.Unmarshal(b, &orders[i]); err != nil {
			var id struct {
				Number string `json:"orderNumber"`
			}
			_ = json.Unmarshal(b, &id)
			return nil, fmt.Errorf("OrderModelList[%d] (order %s): %w", i, id.Number, err)
		}
	}
	return orders, nil
}
