package yahoo

import "context"

// MarkSeen marks an order as seen (IsSeen true, orderChange) and returns
// Yahoo's warnings. A poller that processes new orders calls it after each
// one; SearchOrders keeps yielding every order it matched when the
// iteration began, so marking orders seen inside the loop skips none.
func (c *Client) MarkSeen(ctx context.Context, orderID string) ([]Notice, error) {
	seen := true
	return c.OrderChange(ctx, OrderUpdate{OrderID: orderID, IsSeen: &seen})
}
