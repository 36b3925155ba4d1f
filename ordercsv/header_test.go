package ordercsv

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNormalizeHeader(t *testing.T) {
	t.Parallel()
	tests := []struct{ a, b string }{
		{"注文者郵便番号１", "注文者郵便番号1"},
		{"送付先住所：都道府県", "送付先住所:都道府県"},
		{"受注住所１", "受注住所1"},
		{"消費税率（%）", "消費税率(%)"},
		{"メール差込文 (お客様へのメッセージ)", "メール差込文(お客様へのメッセージ)"},
		{"\uFEFF注文番号", "注文番号"},
		{"　注文番号 ", "注文番号"},
		{"ｼｮｯﾌﾟ名", "ショップ名"},
		{"ＯｒｄｅｒＩｄ", "OrderId"},
	}
	for _, tt := range tests {
		assert.Equal(t, NormalizeHeader(tt.b), NormalizeHeader(tt.a), "%q vs %q", tt.a, tt.b)
	}
	assert.Equal(t, "注文者郵便番号1", NormalizeHeader("注文者郵便番号１"))
	assert.NotEqual(t, NormalizeHeader("OrderId"), NormalizeHeader("orderid"), "case is significant")
	assert.NotEqual(t, NormalizeHeader("送付先住所：都道府県"), NormalizeHeader("送付先住所都道府県"), "punctuation is kept")
}

func TestHeaderLookups(t *testing.T) {
	t.Parallel()
	h, err := NewHeader([]string{"\uFEFF受注番号", "注文者郵便番号１", "送付先住所：都道府県", "予備", "予備", "注文者郵便番号1"})
	require.NoError(t, err)
	rec := []string{"100001", "150", "東京都", "x", "y", "999"}

	i, ok := h.Index("受注番号")
	assert.True(t, ok)
	assert.Equal(t, 0, i)
	assert.Equal(t, "150", h.Get(rec, "注文者郵便番号1"), "first of the duplicates wins")
	assert.Equal(t, "東京都", h.Get(rec, "送付先住所:都道府県"))
	assert.Equal(t, "x", h.Get(rec, "予備"))
	assert.Equal(t, "", h.Get(rec, "存在しない"))
	assert.Equal(t, "", h.Get(rec[:2], "送付先住所：都道府県"), "short record")
	_, ok = h.Index("存在しない")
	assert.False(t, ok)

	assert.Equal(t, []int{4, 5}, h.Duplicates())
	assert.Equal(t, 6, h.Len())
	names := h.Names()
	assert.Equal(t, "注文者郵便番号１", names[1], "names as in the file")
	names[0] = "changed"
	assert.Equal(t, "\uFEFF受注番号", h.Names()[0], "Names returns a copy")
}

func TestNewHeaderRejectsEmpty(t *testing.T) {
	t.Parallel()
	_, err := NewHeader(nil)
	assert.ErrorIs(t, err, ErrEmptyHeader)
}

func ExampleHeader() {
	h, _ := NewHeader([]string{"受注番号", "注文者郵便番号１", "送付先住所：都道府県"})
	row := []string{"100001-20240501-0000001", "150", "東京都"}
	fmt.Println(h.Get(row, "注文者郵便番号1"), h.Get(row, "送付先住所:都道府県"))
	// Output: 150 東京都
}
