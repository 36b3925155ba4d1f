package ordercsv

import (
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDetect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		header  string
		want    Layout
		missing []string // for unknown layouts: what the closest one lacks
	}{
		{"楽天ペイ", "注文番号,ステータス,注文日時,商品管理番号,単価,個数,SKU管理番号", LayoutRakutenPay, nil},
		{"楽天ペイ, any column order", "個数,単価,商品管理番号,注文日時,注文番号", LayoutRakutenPay, nil},
		{"old RMS, full-width", "受注番号,受注ステータス,注文日時,商品番号,単価,個数,注文者郵便番号１", LayoutRMS, nil},
		{"old RMS, spaces and half-width", " 受注番号 ,受注ステータス,注文日時,商品番号,単価,個数", LayoutRMS, nil},
		{"Yahoo Items", "OrderId,LineId,ItemId,Title,SubCode,Quantity,UnitPrice", LayoutYahooItems, nil},
		{"Yahoo Orders", "OrderId,OrderTime,OrderStatus,BillLastName", LayoutYahooOrders, nil},
		{"Yahoo combined is Items", "OrderId,OrderTime,LineId,ItemId,Quantity", LayoutYahooItems, nil},
		{"Amazon", "order-id,order-item-id,purchase-date,sku,quantity-purchased", LayoutAmazon, nil},
		{"Next Engine full-width", "店舗伝票番号,受注日,受注住所１,商品コード,受注数量", LayoutNextEngine, nil},
		{"BOM on first header", "\ufeff店舗伝票番号,受注日,商品コード,受注数量", LayoutNextEngine, nil},
		{"楽天ペイ without 個数", "注文番号,注文日時,商品管理番号,単価", LayoutAuto, []string{"個数"}},
		{"nothing known", "a,b,c", LayoutAuto, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Detect(strings.Split(tt.header, ","))
			if tt.want != LayoutAuto {
				require.NoError(t, err)
				assert.Equal(t, tt.want, got)
				return
			}
			var lerr *LayoutError
			require.ErrorAs(t, err, &lerr)
			assert.ErrorIs(t, err, ErrUnknownLayout)
			if tt.missing != nil {
				assert.Equal(t, LayoutRakutenPay, lerr.Closest)
				assert.Equal(t, tt.missing, lerr.Missing)
				assert.Contains(t, err.Error(), "個数")
			}
		})
	}
}

func TestLayoutNamesAndMalls(t *testing.T) {
	t.Parallel()
	want := map[Layout][2]string{
		LayoutRakutenPay:  {"rakuten-pay", "rakuten"},
		LayoutRMS:         {"rakuten-rms", "rakuten"},
		LayoutYahooItems:  {"yahoo-items", "yahoo"},
		LayoutYahooOrders: {"yahoo-orders", "yahoo"},
		LayoutAmazon:      {"amazon", "amazon"},
		LayoutNextEngine:  {"nextengine", "nextengine"},
	}
	assert.Len(t, Layouts(), len(want))
	for _, l := range Layouts() {
		assert.Equal(t, want[l], [2]string{l.String(), l.Mall()})
	}
	assert.Equal(t, "auto", LayoutAuto.String())
	assert.Equal(t, "Layout(99)", Layout(99).String())
}

func TestReadOrdersLayoutErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		input string
		is    error
	}{
		{"empty file", "", io.ErrUnexpectedEOF},
		{"unknown header", "a,b\r\n1,2\r\n", ErrUnknownLayout},
		{"Amazon headers but the file is tab-separated and lacks sku", "order-id\torder-item-id\tpurchase-date\tquantity-purchased\r\n", ErrUnknownLayout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n := 0
			for o, err := range ReadOrders(strings.NewReader(tt.input)) {
				n++
				assert.Zero(t, o.Number)
				assert.ErrorIs(t, err, tt.is)
			}
			assert.Equal(t, 1, n, "exactly one error, then the sequence ends")
		})
	}
}
