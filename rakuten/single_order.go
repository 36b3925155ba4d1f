package rakuten

import (
	"context"
	"errors"

	"github.com/mallkit/mallkit/internal/httpx"
)

// updateOrder calls an order API operation that changes one order and
// answers only messages (cancel, memo, remarks, delivery). Any failure,
// including an ERROR message in a 2xx answer, is an *APIError whose Key is
// the order number. An empty or non-UTF-8 number is refused with
// ErrInvalidInput before sending.
func (c *Client) updateOrder(ctx context.Context, op, number string, in any, p httpx.Policy) error {
	if err := checkKeyText("order number", number); err != nil {
		return err
	}
	var out messagesResponse
	r, err := c.postOrder(ctx, op, in, &out, p)
	if err == nil {
		err = anyError(op, r, out.Messages)
	}
	var ae *APIError
	if errors.As(err, &ae) {
		ae.Key = number
	}
	return err
}

// anyError turns the first ERROR of a 2xx answer into an *APIError.
func anyError(op string, r reply, msgs []Message) error {
	for _, m := range msgs {
		if m.IsError() {
			return &APIError{Operation: op, StatusCode: r.status, Code: m.Code, Message: m.Text,
				RequestID: r.header.Get("RequestId"), Messages: msgs}
		}
	}
	return nil
}
