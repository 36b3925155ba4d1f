package engine

import (
	"context"
	"time"

	"github.com/mallkit/mallkit/rakuten"
)

// rakutenPayment is the paid state of a 楽天 order: a 楽天共通決済 order
// (rpaySettlementFlag 1) is unpaid until 楽天 has run its payment steps and
// moved it to 300 発送待ち, and paid from its 発送指示日時 on. RMS says no
// more than that through getOrder (getPayment is not used), so "paid" here
// means 楽天 released the order for shipping; unverified against RMS's own
// 入金状況. 選択制決済 orders (代引, 銀行振込 to the shop) have no known paid
// state.
func rakutenPayment(o rakuten.Order) paymentMemo {
	if o.Settlement == nil || o.Settlement.RpaySettlementFlag != 1 {
		return paymentMemo{}
	}
	switch {
	case o.Progress >= rakuten.ProgressAwaitingCancel:
		return paymentMemo{} // canceled: nothing to collect
	case o.Progress < rakuten.ProgressAwaitingShipment:
		return paymentMemo{Payment: PaymentUnpaid}
	}
	at := o.ShippingInstructedAt
	if at.IsZero() {
		at = o.FixedAt
	}
	return paymentMemo{Payment: PaymentPaid, PaidAt: at}
}

// paidSince adds to want the open orders recorded as unpaid that RMS now
// shows at 300 発送待ち (paid): one search, made only while such orders
// exist, so that paid orders are read once more and no other order is.
func (r *RakutenChannel) paidSince(ctx context.Context, req FetchRequest, oldest time.Time, want map[string]bool) (int, error) {
	unpaid := map[string]bool{}
	for _, k := range req.Open {
		if pay, _ := k.Payment(); pay == PaymentUnpaid {
			unpaid[k.Number] = true
		}
	}
	if len(unpaid) == 0 {
		return 0, nil
	}
	for n, err := range r.c.SearchOrders(ctx, rakuten.OrderQuery{
		DateType: rakuten.DateOrdered, Start: oldest.Add(-time.Second), End: req.Now,
		Progress: []rakuten.Progress{rakuten.ProgressAwaitingShipment},
	}) {
		if err != nil {
			return 1, err
		}
		if unpaid[n] {
			want[n] = true
		}
	}
	return 1, nil
}
