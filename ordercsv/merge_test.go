package ordercsv

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMergeFieldRules(t *testing.T) {
	t.Parallel()
	t1 := jstAt(2024, 1, 2, 3, 4, 5)
	t2 := jstAt(2024, 1, 3, 0, 0, 0)
	pending := Amount{Pending: true}
	tests := []struct {
		name      string
		old, new  Order
		update    Order // want with MergeUpdate
		overwrite Order // want with MergeOverwrite
	}{
		{
			name:      "blank text",
			old:       Order{Number: "A", Status: "新規受付", Comment: "old"},
			new:       Order{Number: "A", Status: "", Comment: ""},
			update:    Order{Number: "A", Status: "新規受付", Comment: "old"},
			overwrite: Order{Number: "A"},
		},
		{
			name:      "changed text",
			old:       Order{Number: "A", Status: "新規受付"},
			new:       Order{Number: "A", Status: "発送済"},
			update:    Order{Number: "A", Status: "発送済"},
			overwrite: Order{Number: "A", Status: "発送済"},
		},
		{
			name:      "zero time is blank",
			old:       Order{OrderedAt: t1},
			new:       Order{},
			update:    Order{OrderedAt: t1},
			overwrite: Order{},
		},
		{
			name:      "new time",
			old:       Order{OrderedAt: t1},
			new:       Order{OrderedAt: t2},
			update:    Order{OrderedAt: t2},
			overwrite: Order{OrderedAt: t2},
		},
		{
			name:      "contact fields one by one",
			old:       Order{Buyer: Contact{Name: "山田 太郎", Zip: "060-0001", Phone: "011-000-0000"}},
			new:       Order{Buyer: Contact{Name: "山田 太郎", Zip: "", Phone: "011-111-1111"}},
			update:    Order{Buyer: Contact{Name: "山田 太郎", Zip: "060-0001", Phone: "011-111-1111"}},
			overwrite: Order{Buyer: Contact{Name: "山田 太郎", Phone: "011-111-1111"}},
		},
		{
			name:      "blank amount",
			old:       Order{Amounts: Amounts{Total: Yen(5500)}},
			new:       Order{Amounts: Amounts{}},
			update:    Order{Amounts: Amounts{Total: Yen(5500)}},
			overwrite: Order{},
		},
		{
			name:      "pending amount replaces a known one",
			old:       Order{Amounts: Amounts{Shipping: Yen(600)}},
			new:       Order{Amounts: Amounts{Shipping: pending}},
			update:    Order{Amounts: Amounts{Shipping: pending}},
			overwrite: Order{Amounts: Amounts{Shipping: pending}},
		},
		{
			name:      "known amount replaces pending",
			old:       Order{Amounts: Amounts{Shipping: pending}},
			new:       Order{Amounts: Amounts{Shipping: Yen(0)}},
			update:    Order{Amounts: Amounts{Shipping: Yen(0)}},
			overwrite: Order{Amounts: Amounts{Shipping: Yen(0)}},
		},
		{
			name:      "raw cells by header",
			old:       Order{Raw: []Cell{{"a", "1"}, {"b", "2"}}},
			new:       Order{Raw: []Cell{{"b", ""}, {"c", "3"}}},
			update:    Order{Raw: []Cell{{"a", "1"}, {"b", "2"}, {"c", "3"}}},
			overwrite: Order{Raw: []Cell{{"a", "1"}, {"b", ""}, {"c", "3"}}}, // a: no such column in the new file
		},
		{
			name:      "repeated headers matched occurrence by occurrence",
			old:       Order{Raw: []Cell{{"予備", "1"}, {"予備", "2"}}},
			new:       Order{Raw: []Cell{{"予備", "x"}, {"予備", ""}, {"予備", "z"}}},
			update:    Order{Raw: []Cell{{"予備", "x"}, {"予備", "2"}, {"予備", "z"}}},
			overwrite: Order{Raw: []Cell{{"予備", "x"}, {"予備", ""}, {"予備", "z"}}},
		},
		{
			name: "lines matched by LineID, others kept or appended",
			old: Order{Lines: []Line{
				{LineID: "1", ItemCode: "a", SKU: "a-s", Quantity: 1, UnitPrice: 100, Price: Yen(100), Options: "色:赤"},
				{LineID: "2", ItemCode: "b", Quantity: 1},
			}},
			new: Order{Lines: []Line{
				{LineID: "1", ItemCode: "a", Quantity: 2},
				{LineID: "3", ItemCode: "c", Quantity: 5},
			}},
			update: Order{Lines: []Line{
				{LineID: "1", ItemCode: "a", SKU: "a-s", Quantity: 2, UnitPrice: 100, Price: Yen(100), Options: "色:赤"},
				{LineID: "2", ItemCode: "b", Quantity: 1},
				{LineID: "3", ItemCode: "c", Quantity: 5},
			}},
			overwrite: Order{Lines: []Line{
				{LineID: "1", ItemCode: "a", Quantity: 2},
				{LineID: "3", ItemCode: "c", Quantity: 5},
			}},
		},
		{
			name: "lines without ids matched by item, SKU, options and recipient",
			old: Order{
				Recipients: []Recipient{{ID: "1"}, {ID: "2"}},
				Lines:      []Line{{SKU: "x", Quantity: 1, RecipientIndex: 0}, {SKU: "x", Quantity: 1, RecipientIndex: 1}},
			},
			new: Order{
				Recipients: []Recipient{{ID: "2", Contact: Contact{Name: "比嘉 太郎"}}},
				Lines:      []Line{{SKU: "x", Quantity: 3, RecipientIndex: 0}},
			},
			update: Order{
				Recipients: []Recipient{{ID: "1"}, {ID: "2", Contact: Contact{Name: "比嘉 太郎"}}},
				Lines:      []Line{{SKU: "x", Quantity: 1, RecipientIndex: 0}, {SKU: "x", Quantity: 3, RecipientIndex: 1}},
			},
			overwrite: Order{
				Recipients: []Recipient{{ID: "2", Contact: Contact{Name: "比嘉 太郎"}}},
				Lines:      []Line{{SKU: "x", Quantity: 3, RecipientIndex: 0}},
			},
		},
		{
			name:      "line price: blank keeps, pending replaces",
			old:       Order{Lines: []Line{{LineID: "1", UnitPrice: 100, Price: Yen(100), Total: Yen(300)}}},
			new:       Order{Lines: []Line{{LineID: "1", Total: pending}}},
			update:    Order{Lines: []Line{{LineID: "1", UnitPrice: 100, Price: Yen(100), Total: pending}}},
			overwrite: Order{Lines: []Line{{LineID: "1", Total: pending}}},
		},
		{
			name:      "rows and first line follow the last read",
			old:       Order{Rows: 2, FirstLine: 10},
			new:       Order{Rows: 3, FirstLine: 2},
			update:    Order{Rows: 3, FirstLine: 2},
			overwrite: Order{Rows: 3, FirstLine: 2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for mode, want := range map[MergeMode]Order{MergeUpdate: tt.update, MergeOverwrite: tt.overwrite} {
				got := Merge(tt.old, tt.new, mode)
				assert.Equal(t, want, got, mode.String())
				assert.Equal(t, got, Merge(got, tt.new, mode), "%s: merging twice changes nothing", mode)
			}
		})
	}
}

// TestMergeOverwriteLeavesColumnsTheFileLacks imports a file, then one with
// fewer columns: MergeOverwrite clears what the second file has as a blank
// cell, and leaves alone what it has no column for.
func TestMergeOverwriteLeavesColumnsTheFileLacks(t *testing.T) {
	t.Parallel()
	first := "店舗伝票番号,受注日,受注名,商品コード,商品名,受注数量,商品価格,備考\r\nA,2024/01/01,山田 太郎,x,タオル,1,100,午前中\r\n"
	second := "店舗伝票番号,受注日,商品コード,受注数量,備考\r\nA,2024/01/02,x,3,\r\n"
	for _, tt := range []struct {
		mode    MergeMode
		comment string
	}{
		{MergeUpdate, "午前中"},
		{MergeOverwrite, ""},
	} {
		book := NewOrderBook(tt.mode)
		for _, file := range []string{first, second, second} {
			_, err := book.Import(ReadOrders(bytes.NewBufferString(file)))
			require.NoError(t, err)
		}
		a, ok := book.Get("nextengine", "A")
		require.True(t, ok)
		assert.Equal(t, tt.comment, a.Comment, "%s: 備考 is a blank cell in the second file", tt.mode)
		assert.Equal(t, "山田 太郎", a.Buyer.Name, "%s: the second file has no 受注名 column", tt.mode)
		assert.True(t, a.OrderedAt.Equal(jstAt(2024, 1, 2, 0, 0, 0)), tt.mode.String())
		require.Len(t, a.Lines, 1, tt.mode.String())
		assert.Equal(t, 3, a.Lines[0].Quantity, tt.mode.String())
		assert.Equal(t, "タオル", a.Lines[0].Name, "%s: no 商品名 column", tt.mode)
		assert.Equal(t, Yen(100), a.Lines[0].Price, "%s: no 商品価格 column", tt.mode)
	}
}

// TestMergeMatchesLinesOnTheColumnsTheFileHas re-imports a 楽天ペイ order
// from an export without SKU管理番号: its lines match the registered ones
// (in order) instead of being added again without SKUs.
func TestMergeMatchesLinesOnTheColumnsTheFileHas(t *testing.T) {
	t.Parallel()
	first := "注文番号,注文日時,商品管理番号,SKU管理番号,個数,単価\r\n" +
		"R-1,2024-05-01 10:00:00,towel,towel-w,2,1100\r\nR-1,2024-05-01 10:00:00,towel,towel-p,1,1100\r\n"
	second := "注文番号,注文日時,商品管理番号,個数,単価\r\n" +
		"R-1,2024-05-01 10:00:00,towel,3,1100\r\nR-1,2024-05-01 10:00:00,towel,1,1100\r\n"
	for _, mode := range []MergeMode{MergeUpdate, MergeOverwrite} {
		book := NewOrderBook(mode)
		for _, file := range []string{first, second} {
			_, err := book.Import(ReadOrders(bytes.NewBufferString(file)))
			require.NoError(t, err)
		}
		o, _ := book.Get("rakuten", "R-1")
		require.Len(t, o.Lines, 2, mode.String())
		assert.Equal(t, [2]string{"towel-w", "towel-p"}, [2]string{o.Lines[0].SKU, o.Lines[1].SKU}, mode.String())
		assert.Equal(t, [2]int{3, 1}, [2]int{o.Lines[0].Quantity, o.Lines[1].Quantity}, mode.String())
	}
}

// TestMergeOverwriteYahooFilesOneByOne registers a joined Yahoo order, then
// overwrites it with an Items file alone (no buyer, ship-to or order-level
// columns) and with an Orders file alone (no line columns).
func TestMergeOverwriteYahooFilesOneByOne(t *testing.T) {
	t.Parallel()
	orders := "OrderId,OrderTime,BillLastName,BillFirstName,ShipLastName,ShipFirstName,TotalPrice\r\nS-1,2024-02-01T10:00:00+09:00,山田,太郎,佐藤,花子,3100\r\n"
	items := "OrderId,LineId,ItemId,SubCode,Quantity,UnitPrice\r\nS-1,1,mug,mug-red,2,1000\r\n"
	book := NewOrderBook(MergeOverwrite)
	_, err := book.Import(ReadYahooOrders(bytes.NewBufferString(orders), bytes.NewBufferString(items)))
	require.NoError(t, err)
	joined, _ := book.Get("yahoo", "S-1")
	_, err = book.Import(ReadYahooOrders(bytes.NewBufferString(orders), bytes.NewBufferString(items)))
	require.NoError(t, err)
	again, _ := book.Get("yahoo", "S-1")
	assert.Equal(t, joined, again, "re-importing the joined files changes nothing")

	blankTotal := strings.Replace(orders, ",3100\r\n", ",\r\n", 1)
	_, err = book.Import(ReadYahooOrders(bytes.NewBufferString(blankTotal), bytes.NewBufferString(items)))
	require.NoError(t, err)
	cleared, _ := book.Get("yahoo", "S-1")
	assert.True(t, cleared.Amounts.Total.IsBlank(), "the joined files have a blank TotalPrice cell")
	_, err = book.Import(ReadYahooOrders(bytes.NewBufferString(orders), bytes.NewBufferString(items)))
	require.NoError(t, err)

	_, err = book.Import(ReadOrders(bytes.NewBufferString("OrderId,LineId,ItemId,SubCode,Quantity,UnitPrice\r\nS-1,1,mug,mug-red,3,\r\n")))
	require.NoError(t, err)
	o, _ := book.Get("yahoo", "S-1")
	assert.Equal(t, "山田 太郎", o.Buyer.Name, "the Items file has no Bill columns")
	require.Len(t, o.Recipients, 1, "the Items file has no Ship columns")
	assert.Equal(t, "佐藤 花子", o.Recipients[0].Name)
	assert.Equal(t, Yen(3100), o.Amounts.Total)
	assert.True(t, o.OrderedAt.Equal(jstAt(2024, 2, 1, 10, 0, 0)))
	require.Len(t, o.Lines, 1)
	assert.Equal(t, 3, o.Lines[0].Quantity)
	assert.True(t, o.Lines[0].Price.IsBlank(), "UnitPrice is a blank cell: overwrite clears it")

	_, err = book.Import(ReadOrders(bytes.NewBufferString("OrderId,OrderTime,TotalPrice\r\nS-1,2024-02-01T10:00:00+09:00,3300\r\n")))
	require.NoError(t, err)
	o, _ = book.Get("yahoo", "S-1")
	assert.Equal(t, Yen(3300), o.Amounts.Total)
	assert.Equal(t, "山田 太郎", o.Buyer.Name)
	require.Len(t, o.Lines, 1, "the Orders file has no line columns: the lines stay")
	assert.Equal(t, 3, o.Lines[0].Quantity)
}

func TestMergeDoesNotAlias(t *testing.T) {
	t.Parallel()
	old := Order{Lines: []Line{{LineID: "1", Raw: []Cell{{"a", "1"}}}}}
	got := Merge(old, Order{Lines: []Line{{LineID: "1", Raw: []Cell{{"a", "2"}}}}}, MergeUpdate)
	got.Lines[0].Raw[0].Value = "changed"
	assert.Equal(t, "1", old.Lines[0].Raw[0].Value)
}

func TestOrderBookImportIsIdempotent(t *testing.T) {
	t.Parallel()
	file := readOrderFixture(t, "rakutenpay.csv")
	for _, mode := range []MergeMode{MergeUpdate, MergeOverwrite} {
		book := NewOrderBook(mode)
		st, err := book.Import(ReadOrders(bytes.NewReader(file)))
		require.NoError(t, err)
		assert.Equal(t, ImportStats{Added: 3}, st)
		first := book.Orders()

		st, err = book.Import(ReadOrders(bytes.NewReader(file)))
		require.NoError(t, err)
		assert.Equal(t, ImportStats{Merged: 3}, st, mode.String())
		assert.Equal(t, 3, book.Len(), "the same order is never registered twice")
		assert.Equal(t, first, book.Orders(), "%s: importing the same file twice gives the same state", mode)
	}
}

func TestOrderBookMergesAcrossFiles(t *testing.T) {
	t.Parallel()
	book := NewOrderBook(MergeUpdate)
	_, err := book.Import(ReadOrders(bytes.NewBufferString("店舗伝票番号,受注日,商品コード,受注数量,備考\r\nA,2024/01/01,x,1,午前中\r\n")))
	require.NoError(t, err)
	_, err = book.Import(ReadOrders(bytes.NewBufferString("店舗伝票番号,受注日,商品コード,受注数量,備考\r\nA,,x,2,\r\nB,2024/01/02,y,1,\r\n")))
	require.NoError(t, err)
	require.Equal(t, 2, book.Len())
	a, ok := book.Get("nextengine", "A")
	require.True(t, ok)
	assert.Equal(t, "午前中", a.Comment, "a blank 備考 keeps the old value")
	assert.True(t, a.OrderedAt.Equal(jstAt(2024, 1, 1, 0, 0, 0)))
	require.Len(t, a.Lines, 1)
	assert.Equal(t, 2, a.Lines[0].Quantity)
	_, ok = book.Get("amazon", "A")
	assert.False(t, ok, "orders are keyed by mall and number")

	a.Lines[0].Quantity = 99
	again, _ := book.Get("nextengine", "A")
	assert.Equal(t, 2, again.Lines[0].Quantity, "Get returns a copy")
}

func TestOrderBookRefusesBlankNumbers(t *testing.T) {
	t.Parallel()
	book := NewOrderBook(MergeUpdate)
	_, err := book.Put(Order{FirstLine: 3})
	assert.ErrorIs(t, err, ErrNoOrderNumber)
	assert.Zero(t, book.Len())
}

func TestOrderBookImportStopsAtFirstError(t *testing.T) {
	t.Parallel()
	book := NewOrderBook(MergeUpdate)
	st, err := book.Import(ReadOrders(bytes.NewBufferString(neHeader + "A,2024/01/01,x,1,100\r\nB,bad,x,1,100\r\nC,2024/01/01,x,1,100\r\n")))
	assert.ErrorIs(t, err, ErrBadTime)
	assert.Equal(t, ImportStats{Added: 1}, st)
	_, ok := book.Get("nextengine", "B")
	assert.False(t, ok, "an order that came with an error is not registered")
}

func TestMergeModeString(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "update", MergeUpdate.String())
	assert.Equal(t, "overwrite", MergeOverwrite.String())
	assert.Equal(t, "MergeMode(7)", MergeMode(7).String())
}

func TestOrderBookConcurrentImports(t *testing.T) {
	t.Parallel()
	file := readOrderFixture(t, "rakutenpay.csv")
	book := NewOrderBook(MergeUpdate)
	done := make(chan error)
	for range 4 {
		go func() {
			_, err := book.Import(ReadOrders(bytes.NewReader(file)))
			done <- err
		}()
	}
	for range 4 {
		require.NoError(t, <-done)
	}
	assert.Equal(t, 3, book.Len())
}
