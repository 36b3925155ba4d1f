package ordercsv

import (
	"io"
	"iter"
	"time"
)

// Order is one mall order assembled from the rows of an order CSV that share
// an order number. Every layout fills the same model; fields a layout does not
// carry stay blank (see each layout's doc comment for its column mapping).
type Order struct {
	// Mall names the mall the file came from: "rakuten", "yahoo", "amazon" or
	// "nextengine". Together with Number it identifies an order (see OrderBook).
	Mall string
	// Layout is the file layout the order was read from.
	Layout Layout
	// Number is the mall's order number (注文番号, 受注番号, OrderId, order-id,
	// 店舗伝票番号), kept exactly as in the file.
	Number string
	// OrderedAt is the order time in JST; zero when the layout has no order
	// time column (a Yahoo Items file read alone).
	OrderedAt time.Time
	// Status is the order status exactly as the file writes it (楽天
	// ステータス text, Yahoo OrderStatus code, ...); no mapping is applied.
	Status string
	// Buyer is the person who placed the order (注文者).
	Buyer Contact
	// Recipients are the ship-to parties in order of first appearance. 楽天
	// orders with 複数送付先 have several; each Line says which one it ships to.
	Recipients []Recipient
	// Lines are the order's line items, one per file row, in file order.
	Lines []Line
	// PaymentMethod and ShippingMethod are the names as written in the file.
	PaymentMethod  string
	ShippingMethod string
	// Amounts are the order-level money columns.
	Amounts Amounts
	// Comment is the buyer's free text (コメント, 備考, BuyerComments),
	// multi-line as in the file (line ends inside the field are kept as
	// written, CRLF or LF).
	Comment string
	// Memo is the shop's internal note (ひとことメモ, 作業者欄) where the
	// layout has one.
	Memo string
	// Raw holds the unmapped cells of a file with one row per order (Yahoo
	// Orders). Files with one row per line item keep them on each Line.
	Raw []Cell
	// Rows is the number of file rows the order was built from, and FirstLine
	// the 1-based physical file line of its first row. They let callers point
	// users at the file and check that no row was lost.
	Rows      int
	FirstLine int

	// present records which fields the file had columns for (nil for an
	// order built in code: every field counts as present). Merge uses it.
	present *presence
}

// Contact is a person with a postal address as order CSVs write it. Codes
// that look numeric (zip, phone) are kept as strings so leading zeros survive.
type Contact struct {
	// Name is the full name; layouts that split 姓 and 名 are joined with one
	// space ("山田 太郎").
	Name string
	// Kana is the reading, joined the same way.
	Kana string
	// Zip is the postal code. Layouts that split it in two (楽天 郵便番号1/2)
	// are joined with "-" ("060-0001"); others are kept as written.
	Zip string
	// Prefecture, City and Address are the address parts where the layout
	// splits them (都道府県, 郡市区, それ以降); Address2 holds a second address
	// line (Next Engine 住所２, Amazon ship-address-2/3).
	Prefecture string
	City       string
	Address    string
	Address2   string
	// Phone is the phone number. Layouts that split it in three (楽天 電話番号
	// 1/2/3) are joined with "-"; others are kept as written.
	Phone string
	Email string
}

// IsZero reports whether every field of c is blank.
func (c Contact) IsZero() bool { return c == Contact{} }

// Recipient is one ship-to party (送付先) of an order.
type Recipient struct {
	// ID is the mall's ship-to id (楽天ペイ 送付先ID); blank for layouts
	// without one, where recipients are told apart by their contact data.
	ID string
	Contact
	// Shipping is the shipping fee charged for this recipient (送付先送料).
	Shipping Amount
}

// Line is one line item (one file row).
type Line struct {
	// ItemCode is the shop's item code (楽天 商品管理番号, Yahoo ItemId, Next
	// Engine 商品コード).
	ItemCode string
	// SKU is the variant code (楽天ペイ SKU管理番号, Yahoo SubCode or ItemId
	// when SubCode is empty, Amazon sku, Next Engine 商品コード).
	SKU string
	// Name is the item name as shown to the buyer.
	Name string
	// Quantity is the number of units ordered.
	Quantity int
	// UnitPrice is the price of one unit in yen. It is meaningful only when
	// Price.Known is true: when the file left the price blank or wrote the
	// mall's "unknown" sentinel it is 0 and Price says which.
	UnitPrice int64
	// Price is UnitPrice with its state (known, blank, or the mall's
	// 未確定 sentinel). Price.Value always equals UnitPrice.
	Price Amount
	// Total is the line amount where the layout has one (Amazon item-price,
	// which is the price of all units of the line).
	Total Amount
	// Options is the buyer's choices as written (項目・選択肢, ItemOption,
	// 商品オプション), multi-line where the file has it so.
	Options string
	// SKUInfo is 楽天ペイ SKU情報 (the variant's display text).
	SKUInfo string
	// SystemSKU is 楽天ペイ システム連携用SKU番号.
	SystemSKU string
	// ItemNumber is 楽天 商品番号 (the shop's item number shown in the store).
	ItemNumber string
	// LineID identifies the line within the order where the layout has one
	// (楽天ペイ 商品明細ID, Yahoo LineId, Amazon order-item-id).
	LineID string
	// JAN is the item's JAN code (Yahoo Jan), as a string.
	JAN string
	// RecipientIndex is the index in Order.Recipients of the party this line
	// ships to. It is meaningful only when Order.Recipients is not empty.
	RecipientIndex int
	// Line is the 1-based physical file line where this row starts.
	Line int
	// Raw holds the row's cells whose headers the layout does not map, in
	// file order, so no column of the file is lost.
	Raw []Cell
}

// StockCode returns the code stock is kept under: SKU when the file has one
// for this line, else ItemCode (items without variants, old RMS files).
func (l Line) StockCode() string {
	if l.SKU != "" {
		return l.SKU
	}
	return l.ItemCode
}

// Cell is one unmapped column of a row: its header as written in the file
// and its decoded value.
type Cell struct {
	Header string
	Value  string
}

// Amounts are an order's money columns. Which column feeds which field is
// listed on each layout.
type Amounts struct {
	Items      Amount // 商品合計金額 / 合計 / 商品計
	Tax        Amount // 消費税合計 / 税金
	Shipping   Amount // 送料合計 / 発送料 / ShipCharge
	COD        Amount // 代引料合計 (cash-on-delivery fee)
	PaymentFee Amount // 決済手数料 / 手数料 / PayCharge / payment-method-fee
	Points     Amount // ポイント利用額 / ポイント / UsePoint
	Coupon     Amount // クーポン利用総額 / クーポン利用額
	Discount   Amount // Yahoo Discount
	Other      Amount // Next Engine その他費用 / Yahoo GiftWrapCharge
	Total      Amount // 合計金額 / TotalPrice
	Billed     Amount // 請求金額 (what the buyer pays after points and coupons)
}

// ReadOrders reads an order CSV whose layout it detects from the header row
// (see Detect) and yields one Order per order number, in file order.
//
// It streams: an order is yielded as soon as a row with another order number
// starts, and only the current order is held in memory, plus the numbers of
// the most recent orders (DefaultSplitOrderWindow of them; see
// WithSplitOrderWindow), needed to reject an order whose rows are not
// adjacent, which would otherwise be silently split in two. Memory therefore
// does not grow with the file.
//
// Errors. A problem confined to one order (a bad number or date, a
// non-adjacent order number) is yielded together with that order, as far as
// it could be read, and the sequence goes on; callers that want to stop at
// the first error just return. Errors that make the rest of the file
// unreadable (no known layout, a CSV syntax or encoding error) end the
// sequence; the order being assembled at that point is yielded with the
// error. Errors are *LayoutError, *FieldError, *SplitOrderError, or the
// reader's *ParseError / *DecodeError, possibly joined (errors.Join) when one
// order has several bad fields.
func ReadOrders(r io.Reader) iter.Seq2[Order, error] {
	return ReadOrdersAs(r, LayoutAuto)
}

// ReadOrdersAs is ReadOrders with the layout forced instead of detected
// (LayoutAuto detects), and with options. A forced layout still requires its
// key columns; their absence is a *LayoutError.
func ReadOrdersAs(r io.Reader, layout Layout, opts ...OrderOption) iter.Seq2[Order, error] {
	cfg := newOrderConfig(opts)
	return func(yield func(Order, error) bool) {
		src, err := openLayout(r, layout, cfg)
		if err != nil {
			yield(Order{}, err)
			return
		}
		groupOrders(src, yield)
	}
}
