package rakuten

import (
	"context"

	"github.com/mallkit/mallkit/internal/httpx"
)

// RemarksUpdate changes the 備考欄 (the buyer-visible remarks, up to 32,767
// bytes) and the gift flag of one order. Nil fields are left unchanged; an
// empty Remarks clears them.
type RemarksUpdate struct {
	OrderNumber string
	Remarks     *string
	Gift        *bool
}

type remarksRequest struct {
	OrderNumber string  `json:"orderNumber"`
	Remarks     *string `json:"remarks,omitempty"`
	GiftCheck   *int    `json:"giftCheck,omitempty"`
}

// UpdateOrderRemarks sets the remarks and gift flag of u with
// RakutenPayOrderAPI updateOrderRemarks. It sets values rather than adding
// them, so it is retried like a read. A refusal is an *APIError naming the
// order.
func (c *Client) UpdateOrderRemarks(ctx context.Context, u RemarksUpdate) error {
	req := remarksRequest{OrderNumber: u.OrderNumber, Remarks: u.Remarks}
	if u.Gift != nil {
		g := flag(*u.Gift)
		req.GiftCheck = &g
	}
	return c.updateOrder(ctx, "updateOrderRemarks", u.OrderNumber, req, httpx.RetrySafe)
}
