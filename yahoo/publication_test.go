package yahoo_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/yahoo"
	"github.com/mallkit/mallkit/yahoo/yahootest"
)

// A poller that follows order time never sees an order held for fraud
// screening: it appears after its order-time window has been polled. The
// documented publication-time watermark with overlap sees it.
func TestPublicationWatermarkSeesFraudHeldOrders(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, fakeOptions{authorize: true})
	start := f.srv.Now()
	held := yahootest.NewOrder(testSeller, orderID("10000001"), start.Add(-30*time.Minute), yahootest.Item{ItemID: "a", UnitPrice: 100})
	held.PublicationTime, held.FraudHoldStatus = start.Add(40*time.Minute), 1
	f.srv.AddOrder(held)
	f.srv.AddOrder(yahootest.NewOrder(testSeller, orderID("10000002"), start.Add(-10*time.Minute), yahootest.Item{ItemID: "a", UnitPrice: 100}))

	poll := func(q yahoo.OrderQuery) []yahoo.OrderSummary {
		var out []yahoo.OrderSummary
		for o, err := range f.cli.SearchOrders(ctx, q) {
			require.NoError(t, err)
			out = append(out, o)
		}
		return out
	}
	const overlap = 5 * time.Minute
	watermark := start.Add(-time.Hour)
	seen := map[string]yahoo.OrderSummary{}
	byOrderTime := map[string]bool{}
	for range 4 { // every 20 minutes
		now := f.srv.Now()
		for _, o := range poll(yahoo.OrderQuery{PublicationStart: watermark.Add(-overlap), PublicationEnd: now}) {
			seen[o.ID] = o
		}
		for _, o := range poll(yahoo.OrderQuery{Start: now.Add(-20 * time.Minute), End: now}) {
			byOrderTime[o.ID] = true
		}
		watermark = now
		f.srv.Advance(20 * time.Minute)
	}
	assert.False(t, byOrderTime[orderID("10000001")], "an order-time poller misses the held order")
	require.Contains(t, seen, orderID("10000001"), "the publication watermark finds it")
	assert.Contains(t, seen, orderID("10000002"))
	got := seen[orderID("10000001")]
	assert.Equal(t, 1, got.FraudHoldStatus)
	assert.True(t, got.PublishedAt.Equal(start.Add(40*time.Minute)), "%v", got.PublishedAt)
	assert.True(t, got.OrderedAt.Before(got.PublishedAt))

	_, err := f.cli.SearchOrdersPage(ctx, yahoo.OrderQuery{PublicationStart: start, PublicationEnd: start.Add(-time.Second)}, 1)
	assert.ErrorIs(t, err, yahoo.ErrInvalidInput, "end before start")
	found := false
	for _, r := range f.srv.Requests() {
		found = found || strings.Contains(string(r.Body), "<PublicationTimeFrom>20260105")
	}
	assert.True(t, found, "the window is sent as PublicationTimeFrom/To")
}

// orderInfo gives ReleaseDate per <Item> (a hand-written answer in the
// documented shape).
func TestReleaseDateIsReadPerItem(t *testing.T) {
	t.Parallel()
	cli := hostileClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>
<ResultSet totalResultsAvailable="1" totalResultsReturned="1" firstResultPosition="1"><Result><Status>OK</Status><OrderInfo>
<OrderId>store-10000001</OrderId><FraudHoldStatus>1</FraudHoldStatus><PublicationTime>2026-01-05T12:00:00+09:00</PublicationTime>
<Item><LineId>1</LineId><ItemId>now</ItemId><ReleaseDate/></Item>
<Item><LineId>2</LineId><ItemId>later</ItemId><ReleaseDate>2026-03-01</ReleaseDate></Item>
<Item><LineId>3</LineId><ItemId>soon</ItemId><ReleaseDate>2026-02-01</ReleaseDate></Item>
</OrderInfo></Result></ResultSet>`)
	})
	o, err := cli.GetOrder(context.Background(), "store-10000001")
	require.NoError(t, err)
	require.Len(t, o.Items, 3)
	assert.True(t, o.Items[0].ReleaseDate.IsZero())
	assert.Equal(t, "2026-03-01", o.Items[1].ReleaseDate.Format(time.DateOnly))
	assert.Equal(t, "2026-02-01", o.Items[2].ReleaseDate.Format(time.DateOnly))
	assert.Equal(t, "2026-03-01", o.ReleaseDate.Format(time.DateOnly), "the deprecated order-level date is the latest line's")
	assert.Empty(t, o.Items[1].Extra, "ReleaseDate is mapped, not left in Extra")
	assert.Equal(t, 1, o.FraudHoldStatus)
	assert.Equal(t, "2026-01-05T12:00:00+09:00", o.PublishedAt.Format(time.RFC3339))
}
