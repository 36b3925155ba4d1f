package rakuten

import (
	"context"
	"time"

	"github.com/mallkit/mallkit/internal/httpx"
)

// MemoUpdate changes the shop-side fields of one order. Nil fields are
// left unchanged.
type MemoUpdate struct {
	OrderNumber      string
	SubStatusID      *int
	DeliveryClass    *int       // 0 none, 1 普通, 2 冷蔵, 3 冷凍, 4-8 その他
	DeliveryDate     *time.Time // the JST calendar day is sent
	ShippingTerm     *int       // 0, 1 AM, 2 PM, 9 other, or h1h2 (e.g. 708)
	Memo             *string    // ひとことメモ, at most 1000 characters
	Operator         *string    // 担当者, at most 6 characters
	MailPlugSentence *string    // メール差込文, at most 1024 characters
}

type memoRequest struct {
	OrderNumber      string  `json:"orderNumber"`
	SubStatusID      *int    `json:"subStatusId,omitempty"`
	DeliveryClass    *int    `json:"deliveryClass,omitempty"`
	DeliveryDate     string  `json:"deliveryDate,omitempty"`
	ShippingTerm     *int    `json:"shippingTerm,omitempty"`
	Memo             *string `json:"memo,omitempty"`
	Operator         *string `json:"operator,omitempty"`
	MailPlugSentence *string `json:"mailPlugSentence,omitempty"`
}

// UpdateOrderMemo sets the memo, operator, delivery date and the other
// fields of u with RakutenPayOrderAPI updateOrderMemo. It sets values
// rather than adding them, so it is retried like a read.
func (c *Client) UpdateOrderMemo(ctx context.Context, u MemoUpdate) error {
	req := memoRequest{OrderNumber: u.OrderNumber, SubStatusID: u.SubStatusID, DeliveryClass: u.DeliveryClass,
		ShippingTerm: u.ShippingTerm, Memo: u.Memo, Operator: u.Operator, MailPlugSentence: u.MailPlugSentence}
	if u.DeliveryDate != nil {
		req.DeliveryDate = formatDate(*u.DeliveryDate)
	}
	return c.updateOrder(ctx, "updateOrderMemo", u.OrderNumber, req, httpx.RetrySafe)
}
