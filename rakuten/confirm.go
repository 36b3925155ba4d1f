package rakuten

import (
	"context"
	"errors"
	"slices"

	"github.com/mallkit/mallkit/internal/httpx"
)

type orderNumbersRequest struct {
	OrderNumberList []string `json:"orderNumberList"`
}

type messagesResponse struct {
	Messages []Message `json:"MessageModelList"`
}

// ConfirmOrders moves orders from 100 注文確認待ち to 200 by calling
// RakutenPayOrderAPI confirmOrder with batches of 100. RMS answers one
// message per order; the orders it refuses (already cancelled, status
// changed, postage not set, ...) come back in a *BatchError while the
// others are confirmed.
//
// confirmOrder is not idempotent, so it is only resent when RMS proves it
// refused the request unprocessed (429, 403 QPSLimit); after a timeout or
// 503 read the order's state with GetOrders before trying again. A failure
// of a whole call stops the remaining batches.
func (c *Client) ConfirmOrders(ctx context.Context, numbers []string) error {
	return c.perOrderBatches(ctx, "confirmOrder", numbers, httpx.RetryRejected,
		func(batch []string) any { return orderNumbersRequest{batch} })
}

// perOrderBatches sends numbers to op 100 at a time (the request body made
// by body) and collects the ERROR messages RMS returns per order into one
// *BatchError. A failure of a whole call stops the remaining batches.
func (c *Client) perOrderBatches(ctx context.Context, op string, numbers []string, p httpx.Policy, body func([]string) any) error {
	fails := batchFailures{op: op}
	for batch := range slices.Chunk(numbers, MaxOrdersPerCall) {
		var out messagesResponse
		r, err := c.postOrder(ctx, op, body(batch), &out, p)
		if msgs, ok := perOrderMessages(err); ok {
			out.Messages, err = msgs, nil
		}
		if err != nil {
			return err
		}
		if err := messagesError(op, r, out.Messages); err != nil {
			return err
		}
		for _, m := range out.Messages {
			if m.IsError() {
				fails.add(Failure{Key: m.OrderNumber, Code: m.Code, Message: m.Text})
			}
		}
	}
	return fails.err()
}

// perOrderMessages recognises an HTTP 400 whose every error names an order:
// RMS refused each order on its own merits, which is a per-item result,
// not a failure of the call.
func perOrderMessages(err error) ([]Message, bool) {
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 400 || len(ae.Messages) == 0 {
		return nil, false
	}
	for _, m := range ae.Messages {
		if m.IsError() && m.OrderNumber == "" {
			return nil, false
		}
	}
	return ae.Messages, true
}
