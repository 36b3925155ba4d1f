package tempostar

import (
	"io"
	"time"
)

// OrderRow is one line of the 50-column order upload file (cart → TEMPOSTAR),
// in the column order of the public cart connector. One row per order line:
// the order-level columns repeat on every line of the order. Amounts are yen
// (blank reads as 0); dates are JST.
type OrderRow struct {
	ShopOrderNumber     string    // 1 ショップ受注番号: "{ShopCode}-{order number}" (see ShopOrderNumber)
	OrderedAt           time.Time // 2 受注日時 (yyyy/MM/dd HH:mm, JST)
	OrdererName         string    // 3 注文者名 (full-width)
	OrdererKana         string    // 4 注文者名カナ (full-width katakana)
	OrdererZip          string    // 5 注文者郵便番号
	OrdererAddress      string    // 6 注文者住所 (full-width)
	OrdererPhone        string    // 7 注文者電話番号
	OrdererFax          string    // 8 注文者FAX番号
	OrdererEmail        string    // 9 注文者メールアドレス (≤255 characters)
	PaymentMethod       string    // 10 支払方法名
	Installments        string    // 11 支払回数名
	DeviceType          string    // 12 デバイスタイプ: P (PC), S (smartphone) or M (mobile)
	Points              int64     // 13 ポイント
	Coupon              int64     // 14 クーポン
	SubtotalExclTax     int64     // 15 商品計税抜
	Tax                 int64     // 16 消費税計
	SubtotalInclTax     int64     // 17 商品計税込
	ShippingFee         int64     // 18 配送料計
	PaymentFee          int64     // 19 決済手数料計
	Total               int64     // 20 請求金額
	PaidAt              time.Time // 21 入金日付 (yyyy/MM/dd HH:mm, JST; zero when unpaid)
	Remarks             string    // 22 受注備考
	InternalMemo        string    // 23 社内備考
	WarehouseNote       string    // 24 倉庫指示
	ShipToName          string    // 25 配送先名
	ShipToKana          string    // 26 配送先名カナ
	ShipToZip           string    // 27 配送先郵便番号
	ShipToAddress       string    // 28 配送先住所
	ShipToPhone         string    // 29 配送先電話番号
	ShipToFax           string    // 30 配送先FAX番号
	DeliveryMethod      string    // 31 配送方法名
	DeliveryTime        string    // 32 配送時間名 ("指定無し" when none)
	DeliveryShippingFee int64     // 33 配送毎配送料
	DeliveryPaymentFee  int64     // 34 配送毎決済手数料
	DeliveryPoints      int64     // 35 配送毎ポイント
	DeliveryCoupon      int64     // 36 配送毎クーポン
	DeliveryTotal       int64     // 37 配送毎請求金額
	GiftFlag            string    // 38 ギフトフラグ
	ShipDate            time.Time // 39 出荷日 (yyyy/MM/dd, JST)
	DeliveryDate        time.Time // 40 配送日 (yyyy/MM/dd, JST)
	TrackingNumber      string    // 41 荷物番号
	DeliveryNote        string    // 42 配送毎連絡
	ItemCode            string    // 43 商品コード (the SKU)
	ItemName            string    // 44 商品名
	ItemOptions         string    // 45 項目選択肢, e.g. "カラー:赤 サイズ:M"
	Quantity            int       // 46 数量
	UnitPriceExclTax    int64     // 47 税抜単価
	UnitTax             int64     // 48 単品消費税
	UnitPriceInclTax    int64     // 49 税込単価
	ItemNote            string    // 50 商品連絡

	Line int // line in the file the row came from (reading only)
}

// orderSpec is the 50-column order layout.
var orderSpec = tableSpec[OrderRow]{
	columns: []column[OrderRow]{
		field("ショップ受注番号", func(r *OrderRow) *string { return &r.ShopOrderNumber }, textCodec),
		field("受注日時", func(r *OrderRow) *time.Time { return &r.OrderedAt }, timeCodec(DateTimeLayout)),
		field("注文者名", func(r *OrderRow) *string { return &r.OrdererName }, textCodec),
		field("注文者名カナ", func(r *OrderRow) *string { return &r.OrdererKana }, textCodec),
		field("注文者郵便番号", func(r *OrderRow) *string { return &r.OrdererZip }, textCodec),
		field("注文者住所", func(r *OrderRow) *string { return &r.OrdererAddress }, textCodec),
		field("注文者電話番号", func(r *OrderRow) *string { return &r.OrdererPhone }, textCodec),
		field("注文者FAX番号", func(r *OrderRow) *string { return &r.OrdererFax }, textCodec),
		field("注文者メールアドレス", func(r *OrderRow) *string { return &r.OrdererEmail }, textCodec),
		field("支払方法名", func(r *OrderRow) *string { return &r.PaymentMethod }, textCodec),
		field("支払回数名", func(r *OrderRow) *string { return &r.Installments }, textCodec),
		field("デバイスタイプ", func(r *OrderRow) *string { return &r.DeviceType }, textCodec),
		field("ポイント", func(r *OrderRow) *int64 { return &r.Points }, yenCodec),
		field("クーポン", func(r *OrderRow) *int64 { return &r.Coupon }, yenCodec),
		field("商品計税抜", func(r *OrderRow) *int64 { return &r.SubtotalExclTax }, yenCodec),
		field("消費税計", func(r *OrderRow) *int64 { return &r.Tax }, yenCodec),
		field("商品計税込", func(r *OrderRow) *int64 { return &r.SubtotalInclTax }, yenCodec),
		field("配送料計", func(r *OrderRow) *int64 { return &r.ShippingFee }, yenCodec),
		field("決済手数料計", func(r *OrderRow) *int64 { return &r.PaymentFee }, yenCodec),
		field("請求金額", func(r *OrderRow) *int64 { return &r.Total }, yenCodec),
		field("入金日付", func(r *OrderRow) *time.Time { return &r.PaidAt }, timeCodec(DateTimeLayout)),
		field("受注備考", func(r *OrderRow) *string { return &r.Remarks }, textCodec),
		field("社内備考", func(r *OrderRow) *string { return &r.InternalMemo }, textCodec),
		field("倉庫指示", func(r *OrderRow) *string { return &r.WarehouseNote }, textCodec),
		field("配送先名", func(r *OrderRow) *string { return &r.ShipToName }, textCodec),
		field("配送先名カナ", func(r *OrderRow) *string { return &r.ShipToKana }, textCodec),
		field("配送先郵便番号", func(r *OrderRow) *string { return &r.ShipToZip }, textCodec),
		field("配送先住所", func(r *OrderRow) *string { return &r.ShipToAddress }, textCodec),
		field("配送先電話番号", func(r *OrderRow) *string { return &r.ShipToPhone }, textCodec),
		field("配送先FAX番号", func(r *OrderRow) *string { return &r.ShipToFax }, textCodec),
		field("配送方法名", func(r *OrderRow) *string { return &r.DeliveryMethod }, textCodec),
		field("配送時間名", func(r *OrderRow) *string { return &r.DeliveryTime }, textCodec),
		field("配送毎配送料", func(r *OrderRow) *int64 { return &r.DeliveryShippingFee }, yenCodec),
		field("配送毎決済手数料", func(r *OrderRow) *int64 { return &r.DeliveryPaymentFee }, yenCodec),
		field("配送毎ポイント", func(r *OrderRow) *int64 { return &r.DeliveryPoints }, yenCodec),
		field("配送毎クーポン", func(r *OrderRow) *int64 { return &r.DeliveryCoupon }, yenCodec),
		field("配送毎請求金額", func(r *OrderRow) *int64 { return &r.DeliveryTotal }, yenCodec),
		field("ギフトフラグ", func(r *OrderRow) *string { return &r.GiftFlag }, textCodec),
		field("出荷日", func(r *OrderRow) *time.Time { return &r.ShipDate }, timeCodec(DateLayout)),
		field("配送日", func(r *OrderRow) *time.Time { return &r.DeliveryDate }, timeCodec(DateLayout)),
		field("荷物番号", func(r *OrderRow) *string { return &r.TrackingNumber }, textCodec),
		field("配送毎連絡", func(r *OrderRow) *string { return &r.DeliveryNote }, textCodec),
		field("商品コード", func(r *OrderRow) *string { return &r.ItemCode }, textCodec),
		field("商品名", func(r *OrderRow) *string { return &r.ItemName }, textCodec),
		field("項目選択肢", func(r *OrderRow) *string { return &r.ItemOptions }, textCodec),
		field("数量", func(r *OrderRow) *int { return &r.Quantity }, intCodec),
		field("税抜単価", func(r *OrderRow) *int64 { return &r.UnitPriceExclTax }, yenCodec),
		field("単品消費税", func(r *OrderRow) *int64 { return &r.UnitTax }, yenCodec),
		field("税込単価", func(r *OrderRow) *int64 { return &r.UnitPriceInclTax }, yenCodec),
		field("商品連絡", func(r *OrderRow) *string { return &r.ItemNote }, textCodec),
	},
	required: 1,
	setLine:  func(r *OrderRow, line int) { r.Line = line },
	key: func(r *OrderRow) string {
		return "ショップ受注番号 " + r.ShopOrderNumber + ", 商品コード " + r.ItemCode
	},
}

// OrderColumns returns the 50 column names of the order file, in order.
func OrderColumns() []string { return columnNames(orderSpec.columns) }

// WriteOrderRows writes the order file: the header row and one row per
// OrderRow, every field quoted, CRLF, in enc. Characters CP932 lacks fail with
// a *RecordError wrapping *ordercsv.EncodeError (after the usual
// normalization: 〜 → ～, − → －, ...).
func WriteOrderRows(w io.Writer, rows []OrderRow, enc Encoding) error {
	return orderSpec.write(w, rows, enc)
}

// ReadOrderRows reads an order file written in the 50-column layout (the
// header is required; columns are matched by name, so reordered or extra
// columns are fine). Errors are *FormatError.
func ReadOrderRows(r io.Reader, opts ...FormatOption) ([]OrderRow, error) {
	return orderSpec.read(r, opts)
}
