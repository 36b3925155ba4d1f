package rakuten

import (
	"context"
	"errors"

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
// 503 read the order's state with GetOrders before trying again.
//
// A failure of a whole call stops the remaining batches, and the
// *BatchError then says exactly where things stand: every order it does
// not list was confirmed. The orders of the failed call are listed with
// code CALL_FAILED (after a 4xx RMS refused them; after a timeout or 5xx
// they may have been confirmed, so read them back), the later ones with
// NOT_SUBMITTED; each carries the call's error as Err, so errors.Is(err,
// ErrUnauthorized) and the like still work.
func (c *Client) ConfirmOrders(ctx context.Context, numbers []string) error {
	return c.perOrderBatches(ctx, "confirmOrder", numbers, httpx.RetryRejected,
		func(batch []string) any { return orderNumbersRequest{batch} })
}

// perOrderBatches sends numbers to op 100 at a time (the request body made
// by body) and collects the ERROR messages RMS returns per order into one
// *BatchError. A failure of a whole call stops the remaining batches; the
// orders of that call and of the later ones are listed too (CALL_FAILED,
// NOT_SUBMITTED), so that every order not listed is known to have gone
// through.
func (c *Client) perOrderBatches(ctx context.Context, op string, numbers []string, p httpx.Policy, body func([]string) any) error {
	for _, n := range numbers {
		if err := checkKeyText("order number", n); err != nil {
			return err
		}
	}
	fails := batchFailures{op: op, total: len(numbers)}
	for i := 0; i < len(numbers); i += MaxOrdersPerCall {
		batch := numbers[i:min(i+MaxOrdersPerCall, len(numbers))]
		var out messagesResponse
		r, err := c.postOrder(ctx, op, body(batch), &out, p)
		if msgs, ok := perOrderMessages(err); ok {
			out.Messages, err = msgs, nil
		}
		if err == nil {
			err = messagesError(op, r, out.Messages)
		}
		if err != nil {
			for j, n := range numbers[i:] {
				code, text := "CALL_FAILED", "its call failed: "+err.Error()
				if j >= len(batch) {
					code, text = "NOT_SUBMITTED", "not sent: an earlier call failed"
				}
				fails.add(Failure{Key: n, Code: code, Message: text, Err: err})
			}
			return fails.err()
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
