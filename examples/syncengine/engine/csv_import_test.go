package engine

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/ordercsv"
	"github.com/mallkit/mallkit/rakuten/rakutentest"
	"github.com/mallkit/mallkit/stock"
)

// rakutenPayCSV is a 楽天ペイ受注 export in CP932, as RMS writes it: three
// orders, 0000001 (towel-white ×3, bath ×1), 0000002 (towel-white ×2 twice,
// bath-navy ×1), 0000003 (towel-pink ×1).
func rakutenPayCSV(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/rakutenpay_cp932.csv")
	require.NoError(t, err)
	require.False(t, utf8.Valid(b), "the sample must be CP932")
	return string(b)
}

// csvShop is a fake 楽天 shop whose API holds the first two orders of the
// CSV, with the engine selling its towels.
func csvShop(t *testing.T, rules ImportRules) (*shop, *harness) {
	t.Helper()
	a := newShop(t, "shopa", rules)
	placed := a.srv.Now().Add(-time.Hour)
	a.srv.AddOrder(rakutentest.NewOrder("123456-20240102-0000001", placed,
		rakutentest.Item{ItemID: 1, ManageNumber: "towel", Name: "towel", Price: 1100, Units: 3, VariantID: "towel-white"}))
	a.srv.AddOrder(rakutentest.NewOrder("123456-20240102-0000002", placed,
		rakutentest.Item{ItemID: 1, ManageNumber: "towel", Name: "towel", Price: 1100, Units: 4, VariantID: "towel-white"},
		rakutentest.Item{ItemID: 2, ManageNumber: "bath", Name: "bath", Price: 3300, Units: 1, VariantID: "bath-navy"}))
	h := newHarness(t, harnessOpts{channels: []Channel{a.ch},
		listings: []stock.Listing{listing("rakuten/shopa", "towel/towel-white", "TOWEL-W"),
			listing("rakuten/shopa", "towel/towel-pink", "TOWEL-P"), listing("rakuten/shopa", "bath/bath-navy", "BATH-N")},
		onHand: map[string]int{"TOWEL-W": 20, "TOWEL-P": 5, "BATH-N": 5}, rules: rules, now: a.srv.Now})
	return a, h
}

func importCSV(t *testing.T, h *harness, file string, mode ordercsv.MergeMode) CSVImportReport {
	t.Helper()
	rep, err := h.eng.ImportCSV(context.Background(), "rakuten/https://www.rakuten.co.jp/shopa/", stringsReader(file), mode)
	require.NoError(t, err)
	require.Equal(t, "rakuten/shopa", rep.Channel)
	require.Equal(t, 3, rep.Read)
	return rep
}

// By default orders taken in by CSV are registered (merged with the same
// orders by channel and number) but move no stock: re-importing the file in
// either mode registers nothing again, and the API's copy allocates once.
func TestCSVOrdersRegisterOnceAndMoveNoStockByDefault(t *testing.T) {
	ctx := context.Background()
	_, h := csvShop(t, DefaultImportRules())
	file := rakutenPayCSV(t)

	rep := importCSV(t, h, file, ordercsv.MergeUpdate)
	require.Equal(t, CSVImportReport{Channel: "rakuten/shopa", Read: 3, Registered: 3}, rep)
	require.Equal(t, 0, level(t, h.ledger, "TOWEL-W").Allocated, "CSV orders moved stock with the setting off")

	rep = importCSV(t, h, file, ordercsv.MergeOverwrite)
	require.Equal(t, CSVImportReport{Channel: "rakuten/shopa", Read: 3, Merged: 3}, rep)

	require.Equal(t, 2, must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa")).New)
	require.Equal(t, 7, level(t, h.ledger, "TOWEL-W").Allocated)
	rep = importCSV(t, h, file, ordercsv.MergeUpdate)
	require.Equal(t, 3, rep.Merged)
	require.Equal(t, 0, rep.Allocated)
	require.Equal(t, 7, level(t, h.ledger, "TOWEL-W").Allocated)
	require.Equal(t, 1, level(t, h.ledger, "BATH-N").Allocated)
	require.Equal(t, 0, level(t, h.ledger, "TOWEL-P").Allocated)
}

// With csv_moves_stock on, a CSV order the API has not delivered allocates
// at once; importing the file again and then polling the same orders from
// the API never allocates a unit twice, and a CSV imported after the poll
// leaves the API's state alone.
func TestCSVOrdersThatMoveStockAllocateOnce(t *testing.T) {
	ctx := context.Background()
	rules := DefaultImportRules()
	rules.CSVMovesStock = true
	_, h := csvShop(t, rules)
	file := rakutenPayCSV(t)

	rep := importCSV(t, h, file, ordercsv.MergeUpdate)
	require.Equal(t, 3, rep.Registered)
	require.Equal(t, 3, rep.Allocated)
	require.Equal(t, 1, rep.Unmatched, "order 0000001's bath has no SKU and no listing")
	want := map[string]int{"TOWEL-W": 7, "TOWEL-P": 1, "BATH-N": 1}
	check := func(when string) {
		t.Helper()
		for sku, n := range want {
			require.Equal(t, n, level(t, h.ledger, sku).Allocated, "%s: %s", when, sku)
		}
	}
	check("first import")

	for _, mode := range []ordercsv.MergeMode{ordercsv.MergeUpdate, ordercsv.MergeOverwrite} {
		rep = importCSV(t, h, file, mode)
		require.Equal(t, 3, rep.Merged)
		require.Equal(t, 0, rep.Allocated, "the same file applied again (%v)", mode)
		check("re-import " + mode.String())
	}

	poll := must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa"))
	require.Equal(t, 0, poll.New, "the API's orders are the CSV's, not new ones")
	check("poll")
	must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa"))
	rep = importCSV(t, h, file, ordercsv.MergeOverwrite)
	require.Equal(t, 0, rep.Allocated, "the API's orders are the API's; 0000003's CSV state is applied already")
	check("import after poll")
}

// A file of another mall, or a bad merge mode, is refused before anything
// is written.
func TestCSVImportRefusesAnotherMallsFile(t *testing.T) {
	ctx := context.Background()
	_, h := csvShop(t, DefaultImportRules())
	yahoo, err := os.ReadFile("../../../ordercsv/testdata/orders/yahoo_items.csv")
	require.NoError(t, err)
	_, err = h.eng.ImportCSV(ctx, "rakuten/shopa", stringsReader(string(yahoo)), ordercsv.MergeUpdate)
	var fe *OrderFileError
	require.ErrorAs(t, err, &fe)
	require.ErrorIs(t, err, ErrInvalidInput)
	require.Positive(t, fe.Line)
	_, err = ParseMergeMode("replace")
	require.ErrorIs(t, err, ErrInvalidInput)
}

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }
