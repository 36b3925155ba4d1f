package tempostar

import (
	"io"
	"strings"
	"time"
)

// OrderStatusRecord is one row of an order status file (TEMPOSTAR → cart):
//
//	ショップ受注番号,受注進捗コード,入金日
//
// with or without that header (the cart connector reads by position).
type OrderStatusRecord struct {
	ShopOrderNumber string    // ショップ受注番号: "{ShopCode}-{order number}"
	ProgressCode    string    // 受注進捗コード, e.g. ProgressShipped
	PaidAt          time.Time // 入金日 in JST; zero when blank
	Line            int       // line in the file (reading only)
}

// 受注進捗コード values seen in public connectors. Their meanings are
// inferred, not documented (unverified); compare codes as strings.
const (
	ProgressNew        = "100" // new order (importable)
	ProgressNewPending = "200" // new order (importable)
	ProgressProcessing = "600" // being processed
	ProgressShipped    = "800" // acted on by the cart connector; likely shipped
	ProgressCancelled  = "950" // acted on by the cart connector; likely cancelled
	ProgressCompleted  = "999" // acted on by the cart connector; likely completed
)

// OrderNumber strips the "{shopCode}-" prefix from ShopOrderNumber and
// reports whether it was there.
func (r OrderStatusRecord) OrderNumber(shopCode string) (string, bool) {
	return strings.CutPrefix(r.ShopOrderNumber, shopCode+"-")
}

// ShopOrderNumber returns the ショップ受注番号 TEMPOSTAR uses for an order of
// the shop: "{shopCode}-{orderNumber}".
func ShopOrderNumber(shopCode, orderNumber string) string {
	return shopCode + "-" + orderNumber
}

var orderStatusSpec = tableSpec[OrderStatusRecord]{
	columns: []column[OrderStatusRecord]{
		field("ショップ受注番号", func(r *OrderStatusRecord) *string { return &r.ShopOrderNumber }, textCodec),
		field("受注進捗コード", func(r *OrderStatusRecord) *string { return &r.ProgressCode }, textCodec),
		field("入金日", func(r *OrderStatusRecord) *time.Time { return &r.PaidAt }, timeCodec(DateTimeLayout)),
	},
	required:   2,
	headerless: true,
	setLine:    func(r *OrderStatusRecord, line int) { r.Line = line },
	key:        func(r *OrderStatusRecord) string { return "ショップ受注番号 " + r.ShopOrderNumber },
}

// ReadOrderStatus reads an order status file. Errors are *FormatError.
func ReadOrderStatus(r io.Reader, opts ...FormatOption) ([]OrderStatusRecord, error) {
	return orderStatusSpec.read(r, opts)
}

// WriteOrderStatus writes an order status file with its header, every field
// quoted, CRLF, in enc (入金日 as yyyy/MM/dd HH:mm JST). Errors are
// *RecordError.
func WriteOrderStatus(w io.Writer, recs []OrderStatusRecord, enc Encoding) error {
	return orderStatusSpec.write(w, recs, enc)
}
