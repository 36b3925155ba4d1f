package rakuten

import "fmt"

// Progress is an order's orderProgress code.
type Progress int

// The orderProgress codes, in the order an order moves through them.
const (
	ProgressAwaitingConfirmation Progress = 100 // 注文確認待ち: new; confirmOrder moves it to 200
	ProgressRakutenProcessing    Progress = 200 // 楽天処理中: authorization and screening, then 300
	ProgressAwaitingShipment     Progress = 300 // 発送待ち
	ProgressAwaitingChange       Progress = 400 // 変更確定待ち
	ProgressShipped              Progress = 500 // 発送済
	ProgressPaymentInProgress    Progress = 600 // 支払手続き中
	ProgressPaymentDone          Progress = 700 // 支払手続き済
	ProgressAwaitingCancel       Progress = 800 // キャンセル確定待ち
	ProgressCancelled            Progress = 900 // キャンセル確定
)

var progressNames = map[Progress][2]string{
	ProgressAwaitingConfirmation: {"awaiting confirmation", "注文確認待ち"},
	ProgressRakutenProcessing:    {"Rakuten processing", "楽天処理中"},
	ProgressAwaitingShipment:     {"awaiting shipment", "発送待ち"},
	ProgressAwaitingChange:       {"awaiting change confirmation", "変更確定待ち"},
	ProgressShipped:              {"shipped", "発送済"},
	ProgressPaymentInProgress:    {"payment in progress", "支払手続き中"},
	ProgressPaymentDone:          {"payment done", "支払手続き済"},
	ProgressAwaitingCancel:       {"awaiting cancellation", "キャンセル確定待ち"},
	ProgressCancelled:            {"cancelled", "キャンセル確定"},
}

// String returns the English and Japanese names, e.g.
// "awaiting confirmation (注文確認待ち)", or "Progress(123)" for an unknown code.
func (p Progress) String() string {
	if n, ok := progressNames[p]; ok {
		return n[0] + " (" + n[1] + ")"
	}
	return fmt.Sprintf("Progress(%d)", int(p))
}

// Japanese returns the name RMS shows, e.g. "注文確認待ち" ("" if unknown).
func (p Progress) Japanese() string { return progressNames[p][1] }

// DateType selects which date searchOrder's window applies to.
type DateType int

// The searchOrder dateType codes.
const (
	DateOrdered           DateType = 1 // 注文日
	DateConfirmed         DateType = 2 // 注文確認日
	DateFixed             DateType = 3 // 注文確定日
	DateShipped           DateType = 4 // 発送日
	DateShippingReported  DateType = 5 // 発送完了報告日
	DatePaymentDetermined DateType = 6 // 決済確定日
)

var dateTypeNames = map[DateType]string{
	DateOrdered: "注文日", DateConfirmed: "注文確認日", DateFixed: "注文確定日",
	DateShipped: "発送日", DateShippingReported: "発送完了報告日", DatePaymentDetermined: "決済確定日",
}

// String returns the Japanese name, or "DateType(n)" for an unknown code.
func (d DateType) String() string {
	if n, ok := dateTypeNames[d]; ok {
		return n
	}
	return fmt.Sprintf("DateType(%d)", int(d))
}
