package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/ordercsv"
)

func TestRunDemoPrintsJSONSummaryLast(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	require.NoError(t, runDemo(&out))
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	var sum orderSummary
	require.NoError(t, json.Unmarshal([]byte(lines[len(lines)-1]), &sum), "the last line is the JSON summary")
	assert.Equal(t, 2, sum.Files)
	assert.Equal(t, 5, sum.Orders)
	assert.Equal(t, 9, sum.Lines)
	assert.Equal(t, 17, sum.Units)
	assert.Equal(t, 5, sum.UnknownAmounts, "the 楽天 order with -9999 amounts")
	assert.Equal(t, 11, sum.SKUs["towel-white"], "楽天 3+2+2 and Amazon 4")
	assert.Equal(t, 2, sum.SKUs["CBL-HDMI"])
	layouts := map[string]string{}
	for _, f := range sum.PerFile {
		layouts[f.File] = f.Layout
	}
	assert.Equal(t, map[string]string{"amazon_orders.txt": "amazon", "rakutenpay_orders.csv": "rakuten-pay"}, layouts)
	assert.Contains(t, out.String(), "rakuten order 123456-20240102-0000002 at 2024-01-02 03:04 JST: 3 lines, 5 units, 2 recipients")
}

func TestImportOrderFilesCountsAnOrderOnce(t *testing.T) {
	t.Parallel()
	raku, err := sampleOrders.ReadFile("samples/rakutenpay_orders.csv")
	require.NoError(t, err)
	fsys := fstest.MapFS{"in/a.csv": {Data: raku}, "in/b.csv": {Data: raku}}
	book := ordercsv.NewOrderBook(ordercsv.MergeUpdate)
	files, err := importOrderFiles(fsys, "in", book, &bytes.Buffer{})
	require.NoError(t, err)
	sum := summarizeOrders(book, files)
	assert.Equal(t, 2, sum.Files)
	assert.Equal(t, 3, sum.Orders, "the same export imported twice registers each order once")
	assert.Equal(t, 10, sum.Units)
}

func TestImportOrderFilesFailsOnABadFile(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{"in/bad.csv": {Data: []byte("a,b\r\n1,2\r\n")}}
	_, err := importOrderFiles(fsys, "in", ordercsv.NewOrderBook(ordercsv.MergeUpdate), &bytes.Buffer{})
	assert.ErrorIs(t, err, ordercsv.ErrUnknownLayout)
	assert.Contains(t, err.Error(), "bad.csv")
}
