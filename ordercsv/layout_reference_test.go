package ordercsv

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"
)

// referenceHeader reads testdata/headers/name.txt: a layout's complete column
// list in file order, one header per line, copied from the team reference
// (§3.1 old RMS 126 columns, §3.2 楽天ペイ 158 columns).
func referenceHeader(t *testing.T, name string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "headers", name+".txt"))
	require.NoError(t, err)
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// TestRakutenLayoutsReadReferenceHeaders checks the 楽天 layouts against the
// reference column lists: every header a layout reads is spelled as in the
// list, and the full list is detected as that layout.
func TestRakutenLayoutsReadReferenceHeaders(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		layout Layout
		file   string
		cols   int
	}{
		{LayoutRakutenPay, "rakutenpay_158", 158},
		{LayoutRMS, "rms_126", 126},
	} {
		t.Run(tt.layout.String(), func(t *testing.T) {
			t.Parallel()
			header := referenceHeader(t, tt.file)
			require.Len(t, header, tt.cols)
			known := normalizedSet(header, nil)
			for _, name := range specFor(tt.layout).names {
				assert.True(t, known[NormalizeHeader(name)], "%s reads %q, which the reference list lacks", tt.layout, name)
			}
			got, err := Detect(header)
			require.NoError(t, err)
			assert.Equal(t, tt.layout, got)
		})
	}
}

// rakutenRow is one line item of the generated 楽天 files, by header name.
type rakutenRow map[string]string

// writeRakutenFile writes header and one CP932 row per entry of rows; cells
// of columns a row does not name are blank.
func writeRakutenFile(t *testing.T, header []string, rows []rakutenRow) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf)
	require.NoError(t, w.Write(header))
	for _, row := range rows {
		rec := make([]string, len(header))
		for i, h := range header {
			rec[i] = row[h]
		}
		require.NoError(t, w.Write(rec))
	}
	require.NoError(t, w.Flush())
	return buf.Bytes()
}

// TestReadOrdersRakutenExportVariants reads the reference layouts as real
// exports vary them: every column, an older export lacking コメント and the
// later columns, only the columns detection requires, an unknown column
// appended, and half-width header spellings. Each must parse, mapping what
// is there and leaving the rest blank.
func TestReadOrdersRakutenExportVariants(t *testing.T) {
	t.Parallel()
	pay := referenceHeader(t, "rakutenpay_158")
	rms := referenceHeader(t, "rms_126")
	payRows := []rakutenRow{
		{"注文番号": "100-20240501-0001", "注文日時": "2024-05-01 10:00:00", "商品管理番号": "towel", "SKU管理番号": "towel-w", "個数": "2", "単価": "1100",
			"注文者郵便番号1": "060", "注文者郵便番号2": "0001", "合計金額": "-9999", "コメント": "備考\r\n2行目", "送付先ID": "1"},
		{"注文番号": "100-20240501-0001", "注文日時": "2024-05-01 10:00:00", "商品管理番号": "bath", "個数": "1", "単価": "2200", "送付先ID": "1"},
	}
	rmsRows := []rakutenRow{
		{"受注番号": "100-20240501-0001", "受注ステータス": "新規受付", "注文日時": "2024-05-01 10:00:00", "商品番号": "towel", "個数": "2", "単価": "1100",
			"注文者郵便番号１": "060", "注文者郵便番号２": "0001", "合計金額(-99999=無効値)": "-99999", "コメント": "備考\r\n2行目"},
		{"受注番号": "100-20240501-0001", "受注ステータス": "新規受付", "注文日時": "2024-05-01 10:00:00", "商品番号": "bath", "個数": "1", "単価": "2200"},
	}
	without := func(header []string, drop ...string) []string {
		return slices.DeleteFunc(slices.Clone(header), func(h string) bool { return slices.Contains(drop, h) })
	}
	halfWidth := func(header []string) []string {
		out := make([]string, len(header))
		for i, h := range header {
			out[i] = norm.NFKC.String(h)
		}
		return out
	}
	halfRMSRows := make([]rakutenRow, len(rmsRows))
	for i, row := range rmsRows {
		halfRMSRows[i] = rakutenRow{}
		for h, v := range row {
			halfRMSRows[i][norm.NFKC.String(h)] = v
		}
	}
	tests := []struct {
		name   string
		layout Layout
		header []string
		rows   []rakutenRow
		// which optional columns the variant has
		zip, total, comment bool
		extra               string // an appended column expected in Line.Raw
	}{
		{"楽天ペイ, all 158 columns", LayoutRakutenPay, pay, payRows, true, true, true, ""},
		{"楽天ペイ, older export: no コメント, nothing after column 106", LayoutRakutenPay, without(pay[:107], "コメント"), payRows, true, true, false, ""},
		{"楽天ペイ, only the required columns", LayoutRakutenPay, specFor(LayoutRakutenPay).required, payRows, false, false, false, ""},
		{"楽天ペイ, a newer unknown column", LayoutRakutenPay, append(slices.Clone(pay), "新しい列"), payRows, true, true, true, "新しい列"},
		{"old RMS, all 126 columns", LayoutRMS, rms, rmsRows, true, true, true, ""},
		{"old RMS, half-width headers", LayoutRMS, halfWidth(rms), halfRMSRows, true, true, true, ""},
		{"old RMS, without the optional columns", LayoutRMS, without(rms, "注文者郵便番号１", "注文者郵便番号２", "合計金額(-99999=無効値)", "コメント"), rmsRows, false, false, false, ""},
		{"old RMS, only the required columns", LayoutRMS, specFor(LayoutRMS).required, rmsRows, false, false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rows := tt.rows
			if tt.extra != "" {
				rows = []rakutenRow{{tt.extra: "x"}, {}}
				for k, v := range tt.rows[0] {
					rows[0][k] = v
				}
				for k, v := range tt.rows[1] {
					rows[1][k] = v
				}
			}
			orders := collectOrders(t, ReadOrders(bytes.NewReader(writeRakutenFile(t, tt.header, rows))))
			require.Len(t, orders, 1)
			o := orders[0]
			assert.Equal(t, tt.layout, o.Layout)
			assert.Equal(t, "100-20240501-0001", o.Number)
			assert.True(t, o.OrderedAt.Equal(jstAt(2024, 5, 1, 10, 0, 0)))
			require.Len(t, o.Lines, 2)
			assert.Equal(t, [2]string{"towel", "bath"}, [2]string{o.Lines[0].ItemCode, o.Lines[1].ItemCode})
			assert.Equal(t, [2]int{2, 1}, [2]int{o.Lines[0].Quantity, o.Lines[1].Quantity})
			assert.Equal(t, [2]int64{1100, 2200}, [2]int64{o.Lines[0].UnitPrice, o.Lines[1].UnitPrice})
			if tt.zip {
				assert.Equal(t, "060-0001", o.Buyer.Zip)
			} else {
				assert.Zero(t, o.Buyer.Zip)
			}
			if tt.total {
				assert.Equal(t, Amount{Pending: true}, o.Amounts.Total, "the unknown sentinel is never a number")
			} else {
				assert.True(t, o.Amounts.Total.IsBlank(), "a missing column is blank, not zero")
			}
			if tt.comment {
				assert.Equal(t, "備考\r\n2行目", o.Comment)
			} else {
				assert.Empty(t, o.Comment)
			}
			if tt.extra != "" {
				v, ok := rawCell(o.Lines[0].Raw, tt.extra)
				assert.True(t, ok)
				assert.Equal(t, "x", v)
			}
		})
	}
}
