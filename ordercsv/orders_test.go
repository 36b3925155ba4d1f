package ordercsv

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/jst"
)

// readOrderFixture returns the raw bytes of testdata/orders/name and checks that
// they are CP932, not UTF-8: the fixtures must exercise the decoder.
func readOrderFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "orders", name))
	require.NoError(t, err)
	_, err = Decode(b)
	require.NoError(t, err, "fixture %s must be valid CP932", name)
	return b
}

// collectOrders reads every order of seq, failing the test on any error.
func collectOrders(t testing.TB, seq func(func(Order, error) bool)) []Order {
	t.Helper()
	var out []Order
	for o, err := range seq {
		require.NoError(t, err)
		out = append(out, o)
	}
	return out
}

// rawCell returns the value of the Raw cell with header h.
func rawCell(cells []Cell, h string) (string, bool) {
	for _, c := range cells {
		if c.Header == h {
			return c.Value, true
		}
	}
	return "", false
}

func jstAt(y int, m time.Month, d, hh, mm, ss int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, 0, jst.Location)
}

func TestReadOrdersRakutenPay(t *testing.T) {
	t.Parallel()
	orders := collectOrders(t, ReadOrders(bytes.NewReader(readOrderFixture(t, "rakutenpay.csv"))))
	require.Len(t, orders, 3)

	a := orders[0]
	assert.Equal(t, "rakuten", a.Mall)
	assert.Equal(t, LayoutRakutenPay, a.Layout)
	assert.Equal(t, "123456-20240102-0000001", a.Number)
	assert.True(t, a.OrderedAt.Equal(jstAt(2024, 1, 2, 3, 4, 5)))
	assert.Equal(t, "JST", a.OrderedAt.Location().String())
	assert.Equal(t, "発送待ち", a.Status)
	assert.Equal(t, Contact{
		Name: "髙橋 一郎", Kana: "タカハシ イチロウ", Zip: "060-0001", Prefecture: "北海道", City: "札幌市中央区",
		Address: "北一条西２－１", Phone: "011-234-5678", Email: "ichiro@example.jp",
	}, a.Buyer, "full-width header 注文者郵便番号１ maps like 注文者郵便番号1; leading zeros kept")
	assert.Equal(t, "[配送日時指定:]\r\n1月5日 午前中\r\n[備考欄:]\r\n「のし」不要です～よろしく", a.Comment)
	assert.Equal(t, "要確認", a.Memo)
	assert.Equal(t, Amounts{
		Items: Yen(5500), Tax: Yen(500), Shipping: Yen(0), COD: Yen(0), PaymentFee: Yen(0),
		Points: Yen(200), Coupon: Yen(0), Total: Yen(5500), Billed: Yen(5300),
	}, a.Amounts)
	require.Len(t, a.Lines, 2)
	l := a.Lines[0]
	assert.Equal(t, "towel", l.ItemCode)
	assert.Equal(t, "towel-white", l.SKU)
	assert.Equal(t, "今治タオル①フェイス", l.Name)
	assert.Equal(t, 3, l.Quantity)
	assert.Equal(t, int64(1100), l.UnitPrice)
	assert.Equal(t, Yen(1100), l.Price)
	assert.Equal(t, "カラー:白\nサイズ:F", l.Options)
	assert.Equal(t, "カラー:白", l.SKUInfo)
	assert.Equal(t, "4900000000011", l.SystemSKU)
	assert.Equal(t, "towel-f", l.ItemNumber)
	assert.Equal(t, "11", l.LineID)
	assert.Equal(t, 2, l.Line)
	assert.Equal(t, 7, a.Lines[1].Line, "the multi-line コメント makes row 2 start on line 7")
	assert.Equal(t, "", a.Lines[1].SKU)
	assert.Equal(t, "bath", a.Lines[1].StockCode(), "no SKU: stock is kept under the item code")
	v, ok := rawCell(l.Raw, "お届け日指定")
	assert.True(t, ok, "unmapped columns are kept per row")
	assert.Equal(t, "2024-01-05", v)
	v, ok = rawCell(l.Raw, "メール差込文 (お客様へのメッセージ)")
	assert.True(t, ok)
	assert.Equal(t, "ありがとうございます", v)
	_, ok = rawCell(l.Raw, "単価")
	assert.False(t, ok, "mapped columns are not repeated in Raw")
	assert.Equal(t, 2, a.Rows)

	b := orders[1]
	assert.True(t, b.OrderedAt.Equal(jstAt(2024, 1, 2, 3, 4, 0)), "2024/01/02 3:04 reads as JST")
	require.Len(t, b.Recipients, 2, "複数送付先: one recipient per 送付先ID")
	assert.Equal(t, "101", b.Recipients[0].ID)
	assert.Equal(t, "佐藤 花子", b.Recipients[0].Name)
	assert.Equal(t, "102", b.Recipients[1].ID)
	assert.Equal(t, "比嘉 太郎", b.Recipients[1].Name)
	assert.Equal(t, "900-0001", b.Recipients[1].Zip)
	assert.Equal(t, "098-000-0001", b.Recipients[1].Phone)
	assert.Equal(t, Yen(600), b.Recipients[1].Shipping)
	require.Len(t, b.Lines, 3)
	assert.Equal(t, []int{0, 1, 1}, []int{b.Lines[0].RecipientIndex, b.Lines[1].RecipientIndex, b.Lines[2].RecipientIndex})
	assert.Equal(t, "towel-white", b.Lines[0].SKU)
	assert.Equal(t, "towel-white", b.Lines[1].SKU, "the same SKU to two recipients stays two lines")

	c := orders[2]
	pending := Amount{Pending: true}
	assert.Equal(t, pending, c.Amounts.Shipping, "-9999 is 未確定, not a number")
	assert.Equal(t, pending, c.Amounts.Billed)
	assert.Equal(t, pending, c.Amounts.Total)
	assert.Equal(t, pending, c.Amounts.PaymentFee)
	assert.Equal(t, pending, c.Recipients[0].Shipping)
	assert.Equal(t, Yen(1100), c.Amounts.Items)
	assert.Equal(t, "001-0010", c.Buyer.Zip)
	assert.Equal(t, "090-0000-0000", c.Buyer.Phone)
}

func TestReadOrdersRMS(t *testing.T) {
	t.Parallel()
	orders := collectOrders(t, ReadOrders(bytes.NewReader(readOrderFixture(t, "rms.csv"))))
	require.Len(t, orders, 1)
	o := orders[0]
	assert.Equal(t, LayoutRMS, o.Layout)
	assert.Equal(t, "rakuten", o.Mall)
	assert.Equal(t, "200001-20230401-00000001", o.Number)
	assert.Equal(t, "新規受付", o.Status)
	assert.True(t, o.OrderedAt.Equal(jstAt(2023, 4, 1, 9, 30, 0)))
	assert.Equal(t, Contact{
		Name: "能登 ソラ", Kana: "ノト ソラ", Zip: "012-0001", Prefecture: "秋田県", City: "湯沢市", Address: "表町１－１",
		Phone: "0183-00-0000", Email: "sora@example.jp",
	}, o.Buyer, "full-width １ and ： headers")
	assert.Equal(t, Yen(3000), o.Amounts.Items)
	for name, a := range map[string]Amount{"tax": o.Amounts.Tax, "shipping": o.Amounts.Shipping, "billed": o.Amounts.Billed, "total": o.Amounts.Total} {
		assert.True(t, a.Pending, "%s: -99999 is 無効値", name)
		assert.False(t, a.Known, name)
	}
	assert.Equal(t, "銀行振込", o.PaymentMethod)
	assert.Equal(t, "表書き：御祝\n名入れ：能登", o.Comment)
	require.Len(t, o.Recipients, 1, "identical 送付先 on every row is one recipient")
	require.Len(t, o.Lines, 2)
	assert.Equal(t, "plate-01", o.Lines[0].ItemCode)
	assert.Equal(t, "plate-01", o.Lines[0].StockCode())
	assert.Equal(t, "表札 ソ能表", o.Lines[0].Name, "0x5C trail bytes (ソ能表) survive")
	assert.Equal(t, "書体:楷書\n色:黒", o.Lines[0].Options)
	assert.Equal(t, 2, o.Lines[1].Quantity)
	assert.Equal(t, int64(500), o.Lines[1].UnitPrice)
}

func TestReadOrdersYahooItemsAlone(t *testing.T) {
	t.Parallel()
	orders := collectOrders(t, ReadOrders(bytes.NewReader(readOrderFixture(t, "yahoo_items.csv"))))
	require.Len(t, orders, 2)
	o := orders[0]
	assert.Equal(t, LayoutYahooItems, o.Layout)
	assert.Equal(t, "yahoo", o.Mall)
	assert.Equal(t, "mystore-10000001", o.Number)
	assert.True(t, o.OrderedAt.IsZero(), "the Items file has no order time")
	assert.Empty(t, o.Recipients)
	require.Len(t, o.Lines, 2)
	assert.Equal(t, "mug", o.Lines[0].ItemCode)
	assert.Equal(t, "mug-red", o.Lines[0].SKU)
	assert.Equal(t, "0490000000012", o.Lines[0].JAN, "JAN keeps its leading zero")
	assert.Equal(t, "色:赤", o.Lines[0].SKUInfo)
	assert.Equal(t, "coaster", o.Lines[1].SKU, "blank SubCode: SKU is the ItemId")
	assert.Equal(t, "ギフト包装:あり", o.Lines[1].Options)
	v, _ := rawCell(o.Lines[0].Raw, "ItemTaxRatio")
	assert.Equal(t, "10", v)
}

func TestReadOrdersYahooOrdersAlone(t *testing.T) {
	t.Parallel()
	orders := collectOrders(t, ReadOrders(bytes.NewReader(readOrderFixture(t, "yahoo_orders.csv"))))
	require.Len(t, orders, 2)
	o := orders[0]
	assert.Equal(t, LayoutYahooOrders, o.Layout)
	assert.Empty(t, o.Lines)
	assert.Equal(t, "2", o.Status)
	assert.Equal(t, "0640941", o.Buyer.Zip)
	assert.Equal(t, "0111234567", o.Buyer.Phone)
	assert.Equal(t, Yen(-200), o.Amounts.Discount, "negative Yahoo amounts are real discounts")
	assert.Equal(t, "不在時は\n宅配ボックスへ", o.Comment)
	v, ok := rawCell(o.Raw, "IsSeen")
	assert.True(t, ok)
	assert.Equal(t, "true", v)
	assert.True(t, orders[1].OrderedAt.Equal(jstAt(2024, 2, 1, 11, 0, 0)), "ISO 8601 with offset")
}

func TestReadYahooOrdersJoins(t *testing.T) {
	t.Parallel()
	orders := collectOrders(t, ReadYahooOrders(bytes.NewReader(readOrderFixture(t, "yahoo_orders.csv")), bytes.NewReader(readOrderFixture(t, "yahoo_items.csv"))))
	require.Len(t, orders, 2)
	o := orders[0]
	assert.Equal(t, "mystore-10000001", o.Number)
	assert.True(t, o.OrderedAt.Equal(jstAt(2024, 2, 1, 10, 0, 0)))
	assert.Equal(t, "山田 太郎", o.Buyer.Name)
	assert.Equal(t, Yen(3550), o.Amounts.Total)
	require.Len(t, o.Recipients, 1)
	require.Len(t, o.Lines, 2)
	assert.Equal(t, "mug-red", o.Lines[0].SKU)
	assert.Equal(t, 3, o.Rows, "one Orders row and two Items rows")
	assert.Equal(t, "mug-blue", orders[1].Lines[0].SKU)
	assert.Equal(t, "PayPay", orders[1].PaymentMethod)
}

func TestReadYahooOrdersReportsUnmatched(t *testing.T) {
	t.Parallel()
	ordersCSV := "OrderId,OrderTime\r\nA,2024-02-01 10:00:00\r\nB,2024-02-01 11:00:00\r\n"
	itemsCSV := "OrderId,LineId,ItemId,Quantity\r\nA,1,x,1\r\nC,1,y,2\r\n"
	type got struct {
		number string
		lines  int
		err    error
	}
	var all []got
	for o, err := range ReadYahooOrders(bytes.NewBufferString(ordersCSV), bytes.NewBufferString(itemsCSV)) {
		all = append(all, got{o.Number, len(o.Lines), err})
	}
	require.Len(t, all, 3)
	assert.Equal(t, "A", all[0].number)
	assert.NoError(t, all[0].err)
	assert.Equal(t, "C", all[1].number)
	assert.Equal(t, 1, all[1].lines, "the Items rows are kept")
	assert.ErrorIs(t, all[1].err, ErrNoOrderRow)
	assert.Equal(t, "B", all[2].number)
	assert.ErrorIs(t, all[2].err, ErrNoItemRows)
}

func TestReadOrdersAmazon(t *testing.T) {
	t.Parallel()
	orders := collectOrders(t, ReadOrders(bytes.NewReader(readOrderFixture(t, "amazon.txt"))))
	require.Len(t, orders, 2)
	o := orders[0]
	assert.Equal(t, LayoutAmazon, o.Layout)
	assert.Equal(t, "amazon", o.Mall)
	assert.Equal(t, "503-1234567-1234567", o.Number)
	assert.True(t, o.OrderedAt.Equal(jstAt(2024, 1, 2, 3, 4, 5)))
	require.Len(t, o.Lines, 2)
	assert.Equal(t, `27" モニター ４Ｋ`, o.Lines[0].Name, `a raw " inside a field is data`)
	assert.Equal(t, `"Premium" HDMI ケーブル 2m`, o.Lines[1].Name, `a raw " at the start of a field is data`)
	assert.Equal(t, "MON-27", o.Lines[0].SKU)
	assert.Equal(t, 2, o.Lines[1].Quantity)
	assert.Equal(t, Yen(39800), o.Lines[0].Total)
	assert.False(t, o.Lines[0].Price.Known, "the report has no unit price")
	require.Len(t, o.Recipients, 1, "an Amazon order ships to one address")
	assert.Equal(t, "163-8001", o.Recipients[0].Zip)
	assert.Equal(t, "東京都", o.Recipients[0].Prefecture)
	assert.Equal(t, []int{0, 0}, []int{o.Lines[0].RecipientIndex, o.Lines[1].RecipientIndex})
	v, _ := rawCell(o.Lines[0].Raw, "verge-of-lateShipment")
	assert.Equal(t, "false", v)

	p := orders[1]
	assert.True(t, p.OrderedAt.Equal(jstAt(2024, 1, 3, 3, 0, 0)), "+00:00 converted to JST")
	assert.Equal(t, time.Duration(9*3600)*time.Second, jstOffset(p.OrderedAt))
	assert.Equal(t, "髙島ビル ３Ｆ", p.Recipients[0].Address2)
	assert.Equal(t, Yen(330), p.Amounts.PaymentFee)
	v, _ = rawCell(p.Lines[0].Raw, "shipping-price")
	assert.Equal(t, "-350", v)
}

func jstOffset(t time.Time) time.Duration {
	_, off := t.Zone()
	return time.Duration(off) * time.Second
}

func TestReadOrdersNextEngine(t *testing.T) {
	t.Parallel()
	orders := collectOrders(t, ReadOrders(bytes.NewReader(readOrderFixture(t, "nextengine.csv"))))
	require.Len(t, orders, 1)
	o := orders[0]
	assert.Equal(t, LayoutNextEngine, o.Layout)
	assert.Equal(t, "NE-0001", o.Number)
	assert.True(t, o.OrderedAt.Equal(jstAt(2024, 3, 1, 12, 0, 0)))
	assert.Equal(t, "0600001", o.Buyer.Zip)
	assert.Equal(t, "北海道札幌市中央区北一条西", o.Buyer.Address, "受注住所１ (full-width digit)")
	assert.Equal(t, "２－１", o.Buyer.Address2)
	assert.Equal(t, "検品済", o.Memo)
	assert.Equal(t, "午前中希望\n置き配可", o.Comment)
	require.Len(t, o.Lines, 2)
	assert.Equal(t, "towel-white", o.Lines[0].ItemCode)
	assert.Equal(t, "towel-white", o.Lines[0].SKU)
	assert.Equal(t, "名入れ:なし", o.Lines[1].Options)
	v, _ := rawCell(o.Lines[0].Raw, "消費税率（%）")
	assert.Equal(t, "10", v)
}

func TestReadOrdersAsForcesLayout(t *testing.T) {
	t.Parallel()
	// A Yahoo file that has both Items and Orders headers is detected as
	// Items; forcing Orders reads one row per order instead.
	in := "OrderId,LineId,ItemId,Quantity,OrderTime\r\nA,1,x,1,2024-01-01\r\n"
	orders := collectOrders(t, ReadOrdersAs(bytes.NewBufferString(in), LayoutYahooOrders))
	require.Len(t, orders, 1)
	assert.Equal(t, LayoutYahooOrders, orders[0].Layout)
	assert.Empty(t, orders[0].Lines)

	var lerr *LayoutError
	for _, err := range ReadOrdersAs(bytes.NewReader(readOrderFixture(t, "nextengine.csv")), LayoutAmazon) {
		require.ErrorAs(t, err, &lerr)
	}
	assert.True(t, lerr.Forced)
	assert.Equal(t, LayoutAmazon, lerr.Closest)
	assert.Contains(t, lerr.Missing, "order-id")
}

func TestReadOrdersHeaderAlias(t *testing.T) {
	t.Parallel()
	in := "注文番号,注文日時,商品管理番号,個数,単価,SKU番号\r\nX-1,2024-01-01 00:00:00,item,1,100,item-s\r\n"
	orders := collectOrders(t, ReadOrders(bytes.NewBufferString(in)))
	require.Len(t, orders, 1)
	assert.Empty(t, orders[0].Lines[0].SKU, "an unknown spelling is not guessed")
	orders = collectOrders(t, ReadOrdersAs(bytes.NewBufferString(in), LayoutAuto, WithHeaderAlias("SKU番号", "SKU管理番号")))
	assert.Equal(t, "item-s", orders[0].Lines[0].SKU)
}

func TestReadOrdersUnknownAmountsOption(t *testing.T) {
	t.Parallel()
	in := "注文番号,注文日時,商品管理番号,個数,単価,送料合計\r\nX-1,2024-01-01,item,1,100,-9999\r\n"
	o := collectOrders(t, ReadOrders(bytes.NewBufferString(in)))[0]
	assert.True(t, o.Amounts.Shipping.Pending)
	o = collectOrders(t, ReadOrdersAs(bytes.NewBufferString(in), LayoutAuto, WithRakutenUnknownAmounts(-99999)))[0]
	assert.Equal(t, Yen(-9999), o.Amounts.Shipping, "with only -99999 as sentinel, -9999 is a number")
}
