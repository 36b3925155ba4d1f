package ordercsv

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// orderResult is one yield of ReadOrders.
type orderResult struct {
	order Order
	err   error
}

func readOrdersAll(in string) []orderResult {
	var out []orderResult
	for o, err := range ReadOrders(strings.NewReader(in)) {
		out = append(out, orderResult{o, err})
	}
	return out
}

const neHeader = "店舗伝票番号,受注日,商品コード,受注数量,商品価格\r\n"

func TestReadOrdersGroupsAdjacentRows(t *testing.T) {
	t.Parallel()
	got := readOrdersAll(neHeader + "A,2024/01/01,x,1,100\r\nA,2024/01/01,y,2,200\r\nB,2024/01/02,x,3,100\r\n")
	require.Len(t, got, 2)
	assert.Equal(t, "A", got[0].order.Number)
	assert.Len(t, got[0].order.Lines, 2)
	assert.Equal(t, 2, got[0].order.FirstLine)
	assert.Equal(t, "B", got[1].order.Number)
	assert.Equal(t, 4, got[1].order.FirstLine)
}

func TestReadOrdersSplitOrderIsAnError(t *testing.T) {
	t.Parallel()
	got := readOrdersAll(neHeader + "A,2024/01/01,x,1,100\r\nB,2024/01/01,y,1,100\r\nA,2024/01/01,z,1,100\r\nC,2024/01/01,x,1,100\r\n")
	require.Len(t, got, 4, "the reappearing rows are neither merged into A nor dropped")
	assert.NoError(t, got[0].err)
	assert.NoError(t, got[1].err)
	var se *SplitOrderError
	require.ErrorAs(t, got[2].err, &se)
	assert.ErrorIs(t, got[2].err, ErrSplitOrder)
	assert.Equal(t, SplitOrderError{Order: "A", FirstLine: 2, Line: 4}, *se)
	assert.Contains(t, se.Error(), "line 2")
	assert.Contains(t, se.Error(), "line 4")
	assert.Equal(t, "z", got[2].order.Lines[0].ItemCode)
	assert.Len(t, got[0].order.Lines, 1)
	assert.NoError(t, got[3].err, "the sequence goes on")
}

func TestReadOrdersSplitOrderWindow(t *testing.T) {
	t.Parallel()
	// A comes back after two other orders.
	file := neHeader + "A,2024/01/01,x,1,100\r\nB,2024/01/01,x,1,100\r\nC,2024/01/01,x,1,100\r\nA,2024/01/01,y,1,100\r\n"
	tests := []struct {
		name   string
		opts   []OrderOption
		caught bool
	}{
		{"default window", nil, true},
		{"window just large enough", []OrderOption{WithSplitOrderWindow(3)}, true},
		{"A already forgotten", []OrderOption{WithSplitOrderWindow(2)}, false},
		{"every number remembered", []OrderOption{WithSplitOrderWindow(-1)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []orderResult
			for o, err := range ReadOrdersAs(strings.NewReader(file), LayoutAuto, tt.opts...) {
				got = append(got, orderResult{o, err})
			}
			require.Len(t, got, 4, "no row is dropped or merged either way")
			for _, r := range got[:3] {
				assert.NoError(t, r.err)
			}
			assert.Equal(t, "A", got[3].order.Number)
			if tt.caught {
				assert.ErrorIs(t, got[3].err, ErrSplitOrder)
			} else {
				assert.NoError(t, got[3].err)
			}
		})
	}
}

func TestReadOrdersFieldErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		row    string
		column string
		value  string
		sku    string // the line's code for a line cell, "" for an order-level cell
		cause  error
	}{
		{"bad quantity", "A,2024/01/01,x,1x,100", "受注数量", "1x", "x", strconv.ErrSyntax},
		{"blank quantity", "A,2024/01/01,x,,100", "受注数量", "", "x", ErrBlankQuantity},
		{"negative quantity", "A,2024/01/01,x,-1,100", "受注数量", "-1", "x", ErrNegativeQuantity},
		{"bad price", "A,2024/01/01,x,1,1.980", "商品価格", "1.980", "x", ErrFraction},
		{"thousands separator", "A,2024/01/01,x,1,\"1,980\"", "商品価格", "1,980", "x", strconv.ErrSyntax},
		{"overflow", "A,2024/01/01,x,1,99999999999999999999", "商品価格", "99999999999999999999", "x", strconv.ErrRange},
		{"bad date", "A,2024/13/01,x,1,100", "受注日", "2024/13/01", "", ErrBadTime},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := readOrdersAll(neHeader + "Z,2024/01/01,x,1,100\r\n" + tt.row + "\r\nB,2024/01/01,x,1,100\r\n")
			require.Len(t, got, 3, "the bad order is yielded and the sequence goes on")
			assert.NoError(t, got[0].err)
			var fe *FieldError
			require.ErrorAs(t, got[1].err, &fe)
			assert.Equal(t, FieldError{Line: 3, Column: tt.column, Value: tt.value, Order: "A", SKU: tt.sku, Err: tt.cause}, *fe)
			assert.ErrorIs(t, got[1].err, tt.cause)
			assert.Contains(t, fe.Error(), "line 3")
			assert.Contains(t, fe.Error(), "order A")
			assert.Len(t, got[1].order.Lines, 1, "the row is not dropped")
			assert.NoError(t, got[2].err)
		})
	}
}

// TestFieldErrorsNameTheLineSKU reads a bad cell in every layout: a cell of
// the line item names the line's SKU (or item code), an order-level or
// recipient cell names none.
func TestFieldErrorsNameTheLineSKU(t *testing.T) {
	t.Parallel()
	const pay = "注文番号,注文日時,商品管理番号,SKU管理番号,個数,単価,送付先送料\r\n"
	tests := []struct {
		name, file, column, sku string
	}{
		{"楽天ペイ quantity", pay + "A,2024-01-01,towel,towel-w,x,100,0\r\n", "個数", "towel-w"},
		{"楽天ペイ price, no SKU", pay + "A,2024-01-01,towel,,1,1x,0\r\n", "単価", "towel"},
		{"楽天ペイ recipient shipping", pay + "A,2024-01-01,towel,towel-w,1,100,x\r\n", "送付先送料", ""},
		{"楽天ペイ order time", pay + "A,x,towel,towel-w,1,100,0\r\n", "注文日時", ""},
		{"old RMS price", "受注番号,受注ステータス,注文日時,商品番号,個数,単価\r\nA,新規受付,2024-01-01,plate,1,1x\r\n", "単価", "plate"},
		{"Yahoo Items quantity", "OrderId,LineId,ItemId,SubCode,Quantity\r\nA,1,mug,mug-red,x\r\n", "Quantity", "mug-red"},
		{"Amazon item price", "order-id\torder-item-id\tpurchase-date\tsku\tquantity-purchased\titem-price\r\nA\t1\t2024-01-02T03:04:05+09:00\tMON-27\t1\t3.5\r\n", "item-price", "MON-27"},
		{"Next Engine quantity", neHeader + "A,2024/01/01,towel-w,x,100\r\n", "受注数量", "towel-w"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := readOrdersAll(tt.file)
			require.Len(t, got, 1)
			var fe *FieldError
			require.ErrorAs(t, got[0].err, &fe)
			assert.Equal(t, [3]string{tt.column, "A", tt.sku}, [3]string{fe.Column, fe.Order, fe.SKU})
			if tt.sku != "" {
				assert.Contains(t, fe.Error(), ", SKU "+tt.sku+":")
			} else {
				assert.NotContains(t, fe.Error(), "SKU")
			}
		})
	}
}

func TestReadOrdersSeveralFieldErrorsAreJoined(t *testing.T) {
	t.Parallel()
	got := readOrdersAll(neHeader + "A,yesterday,x,one,100\r\n")
	require.Len(t, got, 1)
	var fe *FieldError
	require.ErrorAs(t, got[0].err, &fe)
	assert.ErrorIs(t, got[0].err, ErrBadTime)
	assert.ErrorIs(t, got[0].err, strconv.ErrSyntax)
}

func TestReadOrdersBlankOrderNumber(t *testing.T) {
	t.Parallel()
	got := readOrdersAll(neHeader + "A,2024/01/01,x,1,100\r\n,2024/01/01,y,1,100\r\nA,2024/01/01,z,1,100\r\n")
	require.Len(t, got, 3)
	assert.ErrorIs(t, got[1].err, ErrNoOrderNumber)
	var fe *FieldError
	require.ErrorAs(t, got[1].err, &fe)
	assert.Equal(t, 3, fe.Line)
	assert.Equal(t, "店舗伝票番号", fe.Column)
	assert.Equal(t, "y", got[1].order.Lines[0].ItemCode)
	assert.ErrorIs(t, got[2].err, ErrSplitOrder, "a blank-number row still separates A's rows")
}

func TestReadOrdersFieldCountIsPerRow(t *testing.T) {
	t.Parallel()
	got := readOrdersAll(neHeader + "A,2024/01/01,x,1\r\nB,2024/01/01,x,1,100\r\n")
	require.Len(t, got, 2)
	var pe *ParseError
	require.ErrorAs(t, got[0].err, &pe)
	assert.ErrorIs(t, got[0].err, ErrFieldCount)
	assert.Equal(t, 2, pe.Line)
	assert.Len(t, got[0].order.Lines, 1)
	assert.NoError(t, got[1].err)
}

func TestReadOrdersStopsAtUndecodableBytes(t *testing.T) {
	t.Parallel()
	in, err := Encode(neHeader + "A,2024/01/01,x,1,100\r\nA,2024/01/01,あ")
	require.NoError(t, err)
	in = append(in, 0xFF) // a byte CP932 never uses
	in = append(in, ",1,100\r\nB,2024/01/01,x,1,100\r\n"...)
	var got []orderResult
	for o, err := range ReadOrders(strings.NewReader(string(in))) {
		got = append(got, orderResult{o, err})
	}
	require.Len(t, got, 1, "nothing after an undecodable byte is trusted")
	assert.Equal(t, "A", got[0].order.Number, "the order in progress comes with the error")
	assert.Len(t, got[0].order.Lines, 1)
	var pe *ParseError
	require.ErrorAs(t, got[0].err, &pe)
	assert.Equal(t, 3, pe.Line)
	var de *DecodeError
	assert.ErrorAs(t, got[0].err, &de)
}

func TestReadOrdersConsumerMayStop(t *testing.T) {
	t.Parallel()
	n := 0
	for range ReadOrders(strings.NewReader(neHeader + "A,2024/01/01,x,1,100\r\nB,2024/01/01,x,1,100\r\n")) {
		n++
		break
	}
	assert.Equal(t, 1, n)
}

func TestAmountParsing(t *testing.T) {
	t.Parallel()
	sentinels := []int64{-9999, -99999}
	tests := []struct {
		in   string
		want Amount
		err  error
	}{
		{"", Amount{}, nil},
		{"0", Yen(0), nil},
		{"1980", Yen(1980), nil},
		{"-350", Yen(-350), nil},
		{"1980.00", Yen(1980), nil},
		{"-9999", Amount{Pending: true}, nil},
		{"-99999", Amount{Pending: true}, nil},
		{"-999", Yen(-999), nil},
		{"19.80", Amount{}, ErrFraction},
		{"1980.", Amount{}, strconv.ErrSyntax},
		{"1,980", Amount{}, strconv.ErrSyntax},
		{"１９８０", Amount{}, strconv.ErrSyntax},
		{" 1980", Amount{}, strconv.ErrSyntax},
	}
	for _, tt := range tests {
		got, err := parseAmount(tt.in, sentinels)
		assert.Equal(t, tt.want, got, "%q", tt.in)
		assert.True(t, errors.Is(err, tt.err) && (err == nil) == (tt.err == nil), "%q: %v", tt.in, err)
	}
	assert.Equal(t, "1980", Yen(1980).String())
	assert.Equal(t, "unknown", Amount{Pending: true}.String())
	assert.Equal(t, "", Amount{}.String())
	assert.True(t, Amount{}.IsBlank())
	assert.False(t, Amount{Pending: true}.IsBlank())
}

func TestParseJST(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string // RFC 3339 in JST; "" for the zero time
		err  error
	}{
		{"", "", nil},
		{"2024-01-02 03:04:05", "2024-01-02T03:04:05+09:00", nil},
		{"2024/01/02 03:04:05", "2024-01-02T03:04:05+09:00", nil},
		{"2024/01/02 3:04", "2024-01-02T03:04:00+09:00", nil},
		{"2024/1/2 3:04", "2024-01-02T03:04:00+09:00", nil},
		{"2024-01-02T03:04:05+09:00", "2024-01-02T03:04:05+09:00", nil},
		{"2024-01-02T03:04:05+00:00", "2024-01-02T12:04:05+09:00", nil},
		{"2024-01-02T03:04:05Z", "2024-01-02T12:04:05+09:00", nil},
		{"2024-01-02T03:04:05+0900", "2024-01-02T03:04:05+09:00", nil},
		{"2024-01-02", "2024-01-02T00:00:00+09:00", nil},
		{"2024/01/02", "2024-01-02T00:00:00+09:00", nil},
		{"20240102", "2024-01-02T00:00:00+09:00", nil},
		{"20240102030405", "2024-01-02T03:04:05+09:00", nil},
		{"2024-02-30", "", ErrBadTime},
		{"令和6年1月2日", "", ErrBadTime},
	}
	for _, tt := range tests {
		got, err := parseJST(tt.in)
		require.ErrorIs(t, err, tt.err, tt.in)
		if tt.want == "" {
			assert.True(t, got.IsZero(), tt.in)
			continue
		}
		assert.Equal(t, tt.want, got.Format("2006-01-02T15:04:05-07:00"), tt.in)
		assert.Equal(t, "JST", got.Location().String(), tt.in)
	}
}

func TestReadOrdersRecipientPerRow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    string
		names []string // recipients, in order
		index []int    // each line's RecipientIndex
	}{
		{
			"楽天ペイ: by 送付先ID, back and forth",
			"注文番号,注文日時,商品管理番号,個数,単価,送付先ID,送付先姓\r\n" +
				"A,2024-01-02,x,1,100,1,佐藤\r\nA,2024-01-02,y,1,100,2,比嘉\r\nA,2024-01-02,z,1,100,2,比嘉\r\nA,2024-01-02,w,1,100,1,佐藤\r\n",
			[]string{"佐藤", "比嘉"}, []int{0, 1, 1, 0},
		},
		{
			"old RMS: no ID, told apart by contact",
			"受注番号,受注ステータス,注文日時,商品番号,個数,単価,送付先名字,送付先郵便番号１\r\n" +
				"A,新規,2024-01-02,x,1,100,佐藤,100\r\nA,新規,2024-01-02,y,1,100,佐藤,900\r\nA,新規,2024-01-02,z,1,100,佐藤,100\r\n",
			[]string{"佐藤", "佐藤"}, []int{0, 1, 0},
		},
		{
			"one recipient per order: later rows' ship-to cells are not read",
			"店舗伝票番号,受注日,商品コード,受注数量,発送先名\r\nA,2024/01/01,x,1,佐藤\r\nA,2024/01/01,y,1,比嘉\r\n",
			[]string{"佐藤"}, []int{0, 0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := readOrdersAll(tt.in)
			require.Len(t, got, 1)
			require.NoError(t, got[0].err)
			o := got[0].order
			var names []string
			for _, r := range o.Recipients {
				names = append(names, r.Name)
			}
			assert.Equal(t, tt.names, names)
			var index []int
			for _, l := range o.Lines {
				index = append(index, l.RecipientIndex)
			}
			assert.Equal(t, tt.index, index)
		})
	}
}

func TestReadOrdersReportsACellReadTwiceOnce(t *testing.T) {
	t.Parallel()
	var errs []error
	for _, err := range ReadOrders(strings.NewReader("OrderId,OrderTime,ShipCharge\r\nA,2024-02-01 10:00:00,x\r\n")) {
		errs = append(errs, errorList(err)...)
	}
	require.Len(t, errs, 1, "ShipCharge feeds the order and the recipient but is one cell")
	var fe *FieldError
	require.ErrorAs(t, errs[0], &fe)
	assert.Equal(t, "ShipCharge", fe.Column)
}
