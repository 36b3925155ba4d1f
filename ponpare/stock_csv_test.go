package ponpare_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/ordercsv"
	"github.com/mallkit/mallkit/ponpare"
)

func TestStockCSVIsWindows31JWithCRLF(t *testing.T) {
	t.Parallel()
	b, err := ponpare.MarshalStockCSV([]ponpare.StockRow{
		{Code: "tea-01", Quantity: 12},
		{Code: "tシャツ", SubCode: "色〜赤", Quantity: 0, AllowOverdraft: true},
	})
	require.NoError(t, err)
	want := "code,sub-code,quantity,allow-overdraft\r\ntea-01,,12,0\r\nt\x83V\x83\x83\x83c,\x90F\x81\x60\x90\xd4,0,1\r\n"
	assert.Equal(t, want, string(b), "〜 U+301C is written as 81 60, as Windows does")
}

func TestBadStockRowsAreNamedAndNothingIsWritten(t *testing.T) {
	t.Parallel()
	cases := []struct {
		rows   []ponpare.StockRow
		row    int
		column string
	}{
		{[]ponpare.StockRow{{Code: "a", Quantity: 1}, {Code: "", Quantity: 1}}, 2, "code"},
		{[]ponpare.StockRow{{Code: "a", Quantity: -1}}, 1, "quantity"},
		{[]ponpare.StockRow{{Code: "a", SubCode: "x", Quantity: 1}, {Code: "a", SubCode: "x", Quantity: 2}}, 2, "code"},
		{[]ponpare.StockRow{{Code: "a", Quantity: 1}, {Code: "b", SubCode: "😀", Quantity: 1}}, 2, "sub-code"},
	}
	for _, tc := range cases {
		b, err := ponpare.MarshalStockCSV(tc.rows)
		var rowErr *ponpare.StockRowError
		require.ErrorAs(t, err, &rowErr)
		assert.Equal(t, tc.row, rowErr.Row)
		assert.Equal(t, tc.column, rowErr.Column)
		assert.Nil(t, b)
	}
	_, err := ponpare.MarshalStockCSV([]ponpare.StockRow{{Code: "b", SubCode: "😀"}})
	var encErr *ordercsv.EncodeError
	assert.True(t, errors.As(err, &encErr), "the encoder's error stays reachable")
}
