package yahoo

import "strconv"

// OrderStatus is the order's OrderStatus. There is no separate "new"
// status: a new order is StatusProcessing (or StatusReserved) with IsSeen
// false.
type OrderStatus int

// Order statuses.
const (
	StatusReserved   OrderStatus = 1 // 予約中
	StatusProcessing OrderStatus = 2 // 処理中
	StatusOnHold     OrderStatus = 3 // 保留
	StatusCancelled  OrderStatus = 4 // キャンセル
	StatusCompleted  OrderStatus = 5 // 完了
)

func (s OrderStatus) String() string {
	switch s {
	case StatusReserved:
		return "予約中"
	case StatusProcessing:
		return "処理中"
	case StatusOnHold:
		return "保留"
	case StatusCancelled:
		return "キャンセル"
	case StatusCompleted:
		return "完了"
	}
	return "OrderStatus(" + strconv.Itoa(int(s)) + ")"
}

// transitions is orderStatusChange.html's table (from → allowed to).
// 保留 → 予約中 (※1) is allowed by Yahoo only while the release date is in the
// future, which the client cannot see, so it is let through for Yahoo to
// decide. 完了 → 処理中 (※3) is only for changing the amount of card and
// self-settled orders; Yahoo checks that too. Suspect (いたずら) orders are
// refused by Yahoo for the ※2 transitions.
var transitions = map[OrderStatus][]OrderStatus{
	StatusReserved:   {StatusCancelled, StatusCompleted},
	StatusProcessing: {StatusOnHold, StatusCancelled, StatusCompleted},
	StatusOnHold:     {StatusReserved, StatusProcessing, StatusCancelled, StatusCompleted},
	StatusCancelled:  nil,
	StatusCompleted:  {StatusProcessing, StatusCancelled},
}

// CanChange reports whether the documented transition table allows from → to.
func CanChange(from, to OrderStatus) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// CancelReason is the reason sent with a change to StatusCancelled: 1xx the
// buyer's, 2xx the store's.
type CancelReason int

// Cancel reasons.
const (
	CancelByBuyer         CancelReason = 100 // キャンセル
	CancelReturned        CancelReason = 110 // 返品
	CancelUnpaid          CancelReason = 120 // 未入金
	CancelUnknownAddress  CancelReason = 130 // 住所不明
	CancelRefused         CancelReason = 140 // 受け取り拒否
	CancelUnreachable     CancelReason = 150 // 連絡不通
	CancelDuplicate       CancelReason = 160 // 重複注文
	CancelPaymentRejected CancelReason = 170 // 決済審査不可
	CancelOtherBuyer      CancelReason = 180 // その他(注文者都合)
	CancelPaymentMethod   CancelReason = 200 // 決済方法都合
	CancelOutOfStock      CancelReason = 210 // 欠品
	CancelDiscontinued    CancelReason = 220 // 販売中止
	CancelOtherStore      CancelReason = 230 // その他(ストア都合)
	CancelServiceLinked   CancelReason = 400 // 役務連動キャンセル
)

// PayStatus is the order's payment status (0 未入金, 1 入金済; labels beyond
// 1 are unverified).
type PayStatus int

// Payment statuses.
const (
	PayUnpaid PayStatus = 0 // 未入金
	PayPaid   PayStatus = 1 // 入金済
)

// ShipStatus is the order's shipping status.
type ShipStatus int

// Shipping statuses (labels from a public client's constant names).
const (
	ShipUnshippable ShipStatus = 0 // 出荷不可
	ShipShippable   ShipStatus = 1 // 出荷可
	ShipWaiting     ShipStatus = 2 // 出荷待ち
	ShipShipped     ShipStatus = 3 // 出荷済み
	ShipDelivered   ShipStatus = 4 // 着荷済み
)
