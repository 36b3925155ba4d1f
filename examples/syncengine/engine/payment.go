package engine

import (
	"encoding/json"
	"time"
)

// The paid state of an order, as -status and the hub's order file show it.
// A channel that knows it writes it into its order memo (KnownOrder.Shipping)
// as {"payment": "unpaid"|"paid", "paid_at": RFC 3339}; an order whose memo
// says nothing has no known paid state ("").
const (
	PaymentUnpaid = "unpaid" // 入金状況 未入金
	PaymentPaid   = "paid"   // 入金済
)

// paymentMemo is the part of a channel's order memo that holds the paid state.
type paymentMemo struct {
	Payment string    `json:"payment,omitempty"`
	PaidAt  time.Time `json:"paid_at,omitzero"`
}

// Payment returns the order's paid state ("", PaymentUnpaid or PaymentPaid)
// and, when paid, since when.
func (k KnownOrder) Payment() (string, time.Time) {
	var m paymentMemo
	if json.Unmarshal([]byte(k.Shipping), &m) != nil {
		return "", time.Time{}
	}
	return m.Payment, m.PaidAt
}
