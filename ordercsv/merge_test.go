package ordercsv

import (
	"bytes"
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
			overwrite: Order{Raw: []Cell{{"b", ""}, {"c", "3"}}},
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
