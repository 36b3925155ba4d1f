package rakuten

import (
	"context"

	"github.com/mallkit/mallkit/internal/httpx"
)

type deliveryRequest struct {
	OrderNumber  string `json:"orderNumber"`
	DeliveryName string `json:"deliveryName"`
}

// UpdateOrderDelivery changes the delivery method (DeliveryModel
// deliveryName, e.g. "宅配便" or "メール便") of an order that has not shipped,
// with RakutenPayOrderAPI updateOrderDelivery. Retried like a read; a
// refusal is an *APIError naming the order.
func (c *Client) UpdateOrderDelivery(ctx context.Context, orderNumber, deliveryName string) error {
	return c.updateOrder(ctx, "updateOrderDelivery", orderNumber, deliveryRequest{orderNumber, deliveryName}, httpx.RetrySafe)
}
