package tempostar_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/ordercsv"
	"github.com/mallkit/mallkit/tempostar"
)

var jst = time.FixedZone("JST", 9*3600)

func openTestdata(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	require.NoError(t, err)
	t.Cleanup(func() { _ = f.Close() })
	return f
}

func TestReadStock(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		want []tempostar.StockRecord
	}{
		{"stock_header.csv", []tempostar.StockRecord{
			{Code: "ソファ-001-ﾚｯﾄﾞ", Quantity: 12, Reserved: 2, Mode: "1", Target: "1", Line: 2},
			{Code: "髙橋-表-002", Quantity: 0, Mode: "1", Target: "1", Line: 3},
			{Code: "①-003", Quantity: -3, Mode: "1", Target: "1", Line: 4},
		}},
		{"stock_headerless.csv", []tempostar.StockRecord{
			{Code: "A-001", Quantity: 5, Line: 1},
			{Code: "B-002", Quantity: 0, Line: 2},
		}},
		{"stock_headerless_utf8.csv", []tempostar.StockRecord{
			{Code: "カラー-赤", Quantity: 7, Line: 1},
			{Code: "サイズ-Ｍ", Quantity: 8, Line: 2},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			got, err := tempostar.ReadStockWith(openTestdata(t, tt.file), tempostar.WithFileName(tt.file))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestFormatErrorsNameFileLineColumnAndField(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file       string
		read       func(f *os.File, name string) error
		line, col  int
		field      string
		msgPart    string
		parseError bool
	}{
		{"stock_bad_byte.csv", readStockErr, 3, 4, "商品コード", "0xFF", true},
		{"stock_bad_quantity.csv", readStockErr, 3, 5, "想定在庫数", `invalid integer "十"`, false},
		{"stock_short_row.csv", readStockErr, 2, 1, "想定在庫数", "missing required field", false},
		{"ordership_bad_date.csv", func(f *os.File, name string) error {
			_, err := tempostar.ReadShipments(f, tempostar.WithFileName(name))
			return err
		}, 3, 12, "出荷日", `invalid date "11/23"`, false},
		{"orderstatus_bad_byte.csv", func(f *os.File, name string) error {
			_, err := tempostar.ReadOrderStatus(f, tempostar.WithFileName(name))
			return err
		}, 2, 11, "受注進捗コード", "0xFF", true},
		{"product_free51.csv", func(f *os.File, name string) error {
			_, err := tempostar.ReadProducts(f, tempostar.WithFileName(name))
			return err
		}, 1, 12, "自由項目51", "out of range", false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			err := tt.read(openTestdata(t, tt.file), tt.file)
			var fe *tempostar.FormatError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.file, fe.File)
			assert.Equal(t, tt.line, fe.Line)
			assert.Equal(t, tt.col, fe.Column)
			assert.Equal(t, tt.field, fe.Field)
			assert.ErrorIs(t, err, tempostar.ErrFormat)
			assert.Contains(t, err.Error(), tt.file)
			assert.Contains(t, err.Error(), tt.msgPart)
			var pe *ordercsv.ParseError
			assert.Equal(t, tt.parseError, errorsAs(err, &pe))
		})
	}
}

func readStockErr(f *os.File, name string) error {
	_, err := tempostar.ReadStockWith(f, tempostar.WithFileName(name))
	return err
}

func TestStockRoundTripInBothEncodings(t *testing.T) {
	t.Parallel()
	recs := []tempostar.StockRecord{
		{Code: "ソファ-001", Quantity: 10, Reserved: 1},
		{Code: "0012", Quantity: 0, Mode: "2", Target: "2"},
	}
	for _, enc := range []tempostar.Encoding{tempostar.EncodingCP932, tempostar.EncodingUTF8} {
		t.Run(enc.String(), func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			require.NoError(t, tempostar.WriteStock(&buf, recs, enc))
			assert.Equal(t, enc == tempostar.EncodingUTF8, utf8.Valid(buf.Bytes()))
			assert.True(t, bytes.HasSuffix(buf.Bytes(), []byte("\"\r\n")), "quoted fields, CRLF")
			got, err := tempostar.ReadStockWith(&buf, tempostar.WithEncoding(enc))
			require.NoError(t, err)
			require.Len(t, got, 2)
			assert.Equal(t, tempostar.StockRecord{Code: "ソファ-001", Quantity: 10, Reserved: 1,
				Mode: tempostar.StockModeOverwrite, Target: tempostar.StockTargetExpected, Line: 2}, got[0])
			assert.Equal(t, "0012", got[1].Code, "codes keep their leading zeros")
			assert.Equal(t, "2", got[1].Mode)
		})
	}
	var buf bytes.Buffer
	require.NoError(t, tempostar.WriteStock(&buf, recs[:1], tempostar.EncodingCP932))
	head, err := ordercsv.Decode(buf.Bytes())
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(head, `"商品コード","想定在庫数","保留在庫数","更新モード","更新対象"`+"\r\n"), head)
}

func TestReadOrderStatus(t *testing.T) {
	t.Parallel()
	got, err := tempostar.ReadOrderStatus(openTestdata(t, "orderstatus.csv"), tempostar.WithFileName("orderstatus.csv"))
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, tempostar.OrderStatusRecord{
		ShopOrderNumber: "demo01-100-20261123-0001", ProgressCode: tempostar.ProgressShipped,
		PaidAt: time.Date(2026, 11, 23, 10, 15, 0, 0, jst), Line: 1,
	}, withLocation(got[0]))
	assert.True(t, got[1].PaidAt.IsZero())
	assert.Equal(t, tempostar.ProgressCancelled, got[1].ProgressCode)
	num, ok := got[0].OrderNumber("demo01")
	assert.True(t, ok)
	assert.Equal(t, "100-20261123-0001", num)
	assert.Equal(t, "demo01-100-20261123-0001", tempostar.ShopOrderNumber("demo01", num))

	var buf bytes.Buffer
	require.NoError(t, tempostar.WriteOrderStatus(&buf, got, tempostar.EncodingCP932))
	again, err := tempostar.ReadOrderStatus(&buf)
	require.NoError(t, err)
	assert.Equal(t, got[0].PaidAt.Unix(), again[0].PaidAt.Unix())
}

// withLocation normalises PaidAt to the test's JST zone for comparison.
func withLocation(r tempostar.OrderStatusRecord) tempostar.OrderStatusRecord {
	r.PaidAt = r.PaidAt.In(jst)
	return r
}

func TestShipmentsRoundTrip(t *testing.T) {
	t.Parallel()
	got, err := tempostar.ReadShipments(openTestdata(t, "ordership.csv"))
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, "12345_1", got[0].SystemOrderNumber)
	assert.Equal(t, "01", got[0].DeliveryMethodCode)
	assert.True(t, got[0].ShippedAt.Equal(time.Date(2026, 11, 23, 9, 30, 0, 0, jst)))
	assert.True(t, got[0].ShipConfirmedAt.Equal(time.Date(2026, 11, 23, 18, 5, 0, 0, jst)), "24-hour clock")
	assert.True(t, got[0].DeliveryDate.Equal(time.Date(2026, 11, 25, 0, 0, 0, 0, jst)))
	assert.Equal(t, "1234-5678-9012", got[0].TrackingNumber)
	assert.True(t, got[1].ShippedAt.IsZero())

	var buf bytes.Buffer
	require.NoError(t, tempostar.WriteShipments(&buf, got, tempostar.EncodingCP932))
	text, err := ordercsv.Decode(buf.Bytes())
	require.NoError(t, err)
	assert.Equal(t, `"システム受注番号","配送方法コード","出荷日","出荷確定日","配送日","荷物番号"`+"\r\n"+
		`"12345_1","01","2026/11/23 09:30","2026/11/23 18:05","2026/11/25","1234-5678-9012"`+"\r\n"+
		`"12346_1","02","","","",""`+"\r\n", text)
}

func TestShipmentsNeedTheirHeader(t *testing.T) {
	t.Parallel()
	_, err := tempostar.ReadShipments(strings.NewReader("12345_1,01\r\n"), tempostar.WithFileName("ordership1.csv"))
	var fe *tempostar.FormatError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, 1, fe.Line)
	assert.Contains(t, err.Error(), "missing header")
}

func TestProductsWithFreeFields(t *testing.T) {
	t.Parallel()
	got, err := tempostar.ReadProducts(openTestdata(t, "product.csv"))
	require.NoError(t, err)
	require.Len(t, got, 1)
	p := got[0]
	assert.Equal(t, "P-001", p.Code)
	assert.Equal(t, `ソファ "特大"`, p.Name)
	assert.Equal(t, "素材:革", p.Free[0])
	assert.Equal(t, "色:赤\r\n青", p.Free[1], "full-width 自由項目２ is free field 2; multi-line values keep their CRLF")
	assert.Equal(t, "末尾", p.Free[49])
	assert.Equal(t, map[string]string{"販売価格": "19800"}, p.Extra)

	var buf bytes.Buffer
	require.NoError(t, tempostar.WriteProducts(&buf, got, tempostar.EncodingUTF8))
	head, _, _ := strings.Cut(buf.String(), "\r\n")
	assert.True(t, strings.HasPrefix(head, `"商品コード","商品名","自由項目1","自由項目2","自由項目3",`))
	assert.True(t, strings.HasSuffix(head, `"自由項目50","販売価格"`))
	again, err := tempostar.ReadProducts(&buf, tempostar.WithFileName("product_utf8.csv"))
	require.NoError(t, err)
	again[0].Line = p.Line
	assert.Equal(t, p, again[0])
}

func sampleOrderRows() []tempostar.OrderRow {
	base := tempostar.OrderRow{
		ShopOrderNumber: tempostar.ShopOrderNumber("demo01", "20261123-0001"),
		OrderedAt:       time.Date(2026, 11, 23, 9, 5, 0, 0, jst),
		OrdererName:     "山田 太郎", OrdererKana: "ヤマダ タロウ", OrdererZip: "0600001",
		OrdererAddress: "北海道 札幌市中央区 北一条西１－２", OrdererPhone: "011-000-0000",
		OrdererEmail: "taro@example.invalid", PaymentMethod: "クレジットカード", Installments: "一括払い",
		DeviceType: "S", Points: 100, SubtotalExclTax: 10000, Tax: 1000, SubtotalInclTax: 11000,
		ShippingFee: 500, Total: 11400, Remarks: "[配送日時指定:]\n11/25 午前中", ShipToName: "山田 花子",
		ShipToZip: "0600001", ShipToAddress: "北海道 札幌市 〜 髙島屋前", DeliveryMethod: "宅配便",
		DeliveryTime: "指定無し", DeliveryShippingFee: 500, DeliveryTotal: 11400, GiftFlag: "0",
		DeliveryDate: time.Date(2026, 11, 25, 0, 0, 0, 0, jst),
	}
	l1, l2 := base, base
	l1.ItemCode, l1.ItemName, l1.ItemOptions, l1.Quantity = "SOFA-001-RED", "ソファ①", "カラー:赤 サイズ:M", 1
	l1.UnitPriceExclTax, l1.UnitTax, l1.UnitPriceInclTax = 8000, 800, 8800
	l2.ItemCode, l2.ItemName, l2.Quantity = "0042", "クッション", 2
	l2.UnitPriceExclTax, l2.UnitTax, l2.UnitPriceInclTax = 1000, 100, 1100
	return []tempostar.OrderRow{l1, l2}
}

func TestOrderRowsHaveFiftyColumnsAndRoundTrip(t *testing.T) {
	t.Parallel()
	cols := tempostar.OrderColumns()
	require.Len(t, cols, 50)
	assert.Equal(t, "ショップ受注番号", cols[0])
	assert.Equal(t, "配送先名", cols[24])
	assert.Equal(t, "数量", cols[45])
	assert.Equal(t, "商品連絡", cols[49])

	rows := sampleOrderRows()
	var buf bytes.Buffer
	require.NoError(t, tempostar.WriteOrderRows(&buf, rows, tempostar.EncodingCP932))
	require.False(t, utf8.Valid(buf.Bytes()), "CP932 by default")
	text, err := ordercsv.Decode(buf.Bytes())
	require.NoError(t, err)
	assert.Contains(t, text, `"2026/11/23 09:05"`)
	assert.Contains(t, text, "～ 髙島屋前", "〜 is written as CP932's ～")

	got, err := tempostar.ReadOrderRows(&buf)
	require.NoError(t, err)
	require.Len(t, got, 2)
	for i := range got {
		want := rows[i]
		want.ShipToAddress = strings.ReplaceAll(want.ShipToAddress, "〜", "～")
		want.Line = got[i].Line
		want.OrderedAt, got[i].OrderedAt = want.OrderedAt.UTC(), got[i].OrderedAt.UTC()
		want.DeliveryDate, got[i].DeliveryDate = want.DeliveryDate.UTC(), got[i].DeliveryDate.UTC()
		assert.Equal(t, want, got[i])
	}
	assert.Equal(t, 2, got[0].Line)
	assert.Equal(t, 4, got[1].Line, "the multi-line 受注備考 occupies two lines")
}

func TestWritingAnUnencodableCharacterNamesTheRecord(t *testing.T) {
	t.Parallel()
	rows := sampleOrderRows()
	rows[1].ItemName = "クッション😀"
	err := tempostar.WriteOrderRows(&bytes.Buffer{}, rows, tempostar.EncodingCP932)
	var re *tempostar.RecordError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 1, re.Record)
	assert.Equal(t, "商品名", re.Column)
	assert.Equal(t, "ショップ受注番号 demo01-20261123-0001, 商品コード 0042", re.Key)
	assert.Contains(t, err.Error(), "商品コード 0042")
	assert.Contains(t, err.Error(), "column 商品名")
	var ee *ordercsv.EncodeError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, '😀', ee.Rune)
	require.NoError(t, tempostar.WriteOrderRows(&bytes.Buffer{}, rows, tempostar.EncodingUTF8), "UTF-8 files take any character")
}

func TestEncodingOfFollowsTheUTF8Token(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]tempostar.Encoding{
		"stock20261123120000_utf8.csv":       tempostar.EncodingUTF8,
		"order20261123120000_IDutf8.csv":     tempostar.EncodingUTF8,
		"ordership20261123120000UTF8.csv":    tempostar.EncodingUTF8,
		"stock20261123120000.csv":            tempostar.EncodingCP932,
		"utf8/stock20261123120000.csv":       tempostar.EncodingCP932,
		"stock/stock20261123120000_utf8.csv": tempostar.EncodingUTF8,
	} {
		assert.Equal(t, want, tempostar.EncodingOf(name), name)
	}
}

func TestFileNamesAreJSTTimestampedUniqueAndSortable(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 23, 15, 4, 5, 0, time.UTC) // 00:04:05 next day in JST
	a := tempostar.FileName(tempostar.KindOrders, at, tempostar.EncodingCP932)
	b := tempostar.FileName(tempostar.KindOrders, at, tempostar.EncodingCP932)
	assert.Regexp(t, `^order20261124000405_[0-9a-f]{8}\.csv$`, a)
	assert.NotEqual(t, a, b)
	assert.Regexp(t, `^stock20261124000405_[0-9a-f]{8}_utf8\.csv$`,
		tempostar.FileName(tempostar.KindStock, at, tempostar.EncodingUTF8))
	later := tempostar.FileName(tempostar.KindOrders, at.Add(time.Second), tempostar.EncodingCP932)
	assert.Less(t, a[:len("order20261124000405")], later[:len("order20261124000405")])
}

// errorsAs is errors.As returning only the verdict.
func errorsAs[T error](err error, target *T) bool { return errors.As(err, target) }

func TestWriteErrorsNameTheRecordKeyAndColumn(t *testing.T) {
	t.Parallel()
	var products [1]tempostar.ProductRecord
	products[0].Code = "P-9"
	products[0].Free[1] = "絵文字😀"
	tests := []struct {
		name        string
		write       func() error
		key, column string
	}{
		{"stock", func() error {
			return tempostar.WriteStock(&bytes.Buffer{}, []tempostar.StockRecord{{Code: "A-1"}, {Code: "B😀"}}, tempostar.EncodingCP932)
		}, "商品コード B😀", "商品コード"},
		{"shipments", func() error {
			return tempostar.WriteShipments(&bytes.Buffer{}, []tempostar.ShipmentRecord{{SystemOrderNumber: "9_1", TrackingNumber: "№😀"}}, tempostar.EncodingCP932)
		}, "システム受注番号 9_1", "荷物番号"},
		{"products", func() error {
			return tempostar.WriteProducts(&bytes.Buffer{}, products[:], tempostar.EncodingCP932)
		}, "商品コード P-9", "自由項目2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var re *tempostar.RecordError
			require.ErrorAs(t, tt.write(), &re)
			assert.Equal(t, tt.key, re.Key)
			assert.Equal(t, tt.column, re.Column)
			assert.Contains(t, re.Error(), tt.key)
		})
	}
}
