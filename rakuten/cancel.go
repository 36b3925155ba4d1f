package rakuten

import (
	"context"

	"github.com/mallkit/mallkit/internal/httpx"
)

// InventoryRestore says what a cancellation does to stock.
type InventoryRestore int

// The inventoryRestoreType codes.
const (
	RestoreFollowItem InventoryRestore = 0 // as the item is configured
	RestoreStock      InventoryRestore = 1 // put the units back
	RestoreNone       InventoryRestore = 2 // leave stock as is
)

// CancelReason is a changeReasonDetailApply code.
type CancelReason int

// The changeReasonDetailApply codes: buyer reasons first, then shop reasons.
const (
	CancelByBuyer             CancelReason = 1  // キャンセル
	CancelReturnedAfterPickup CancelReason = 2  // 受取後の返品
	CancelLongAbsence         CancelReason = 3  // 長期不在
	CancelUnpaid              CancelReason = 4  // 未入金
	CancelCODRefused          CancelReason = 5  // 代引受取拒否
	CancelBuyerOther          CancelReason = 6  // その他 (buyer)
	CancelOutOfStock          CancelReason = 8  // 欠品
	CancelShopOther           CancelReason = 10 // その他 (shop)
	CancelShippingDelay       CancelReason = 13 // 発送遅延
	CancelCautionDisplay      CancelReason = 14 // 顧客・配送対応注意表示
	CancelReturnDamaged       CancelReason = 15 // 返品(破損・品間違い)
)

// Cancellation asks RMS to cancel one order.
type Cancellation struct {
	OrderNumber string
	Restore     InventoryRestore
	Reason      CancelReason
}

type cancelRequest struct {
	OrderNumber             string `json:"orderNumber"`
	InventoryRestoreType    int    `json:"inventoryRestoreType"`
	ChangeReasonDetailApply int    `json:"changeReasonDetailApply"`
}

// CancelOrder files a cancellation for an order in status 100, 200 or 300
// with RakutenPayOrderAPI cancelOrder. For shipped orders (500-800) use
// CancelOrderAfterShipping. A refusal comes back as an *APIError.
//
// Cancelling is not idempotent, so the call is only resent when RMS proves
// it refused it (429, 403 QPSLimit).
func (c *Client) CancelOrder(ctx context.Context, x Cancellation) error {
	return c.cancel(ctx, "cancelOrder", x)
}

// CancelOrderAfterShipping cancels an order in status 500-800 with
// RakutenPayOrderAPI cancelOrderAfterShipping, which confirms the
// cancellation in one step. Retries as CancelOrder.
func (c *Client) CancelOrderAfterShipping(ctx context.Context, x Cancellation) error {
	return c.cancel(ctx, "cancelOrderAfterShipping", x)
}

func (c *Client) cancel(ctx context.Context, op string, x Cancellation) error {
	return c.updateOrder(ctx, op, x.OrderNumber, cancelRequest{x.OrderNumber, int(x.Restore), int(x.Reason)}, httpx.RetryRejected)
}
