package yahoo_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/yahoo"
	"github.com/mallkit/mallkit/yahoo/yahootest"
)

// The documented loop: list the unseen orders and mark each one seen. Marking
// shrinks the live result set while the iterator pages through it; no order
// may be skipped.
func TestSearchOrdersYieldsEveryOrderWhileTheLoopMarksThemSeen(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, fakeOptions{authorize: true})
	start := f.srv.Now().Add(-24 * time.Hour)
	const n = 150
	for i := range n {
		f.srv.AddOrder(yahootest.NewOrder(testSeller, orderID(fmt.Sprintf("%08d", 10000001+i)), start.Add(time.Duration(i)*time.Minute), yahootest.Item{ItemID: "a", UnitPrice: 100}))
	}
	unseen := false
	got := map[string]bool{}
	for o, err := range f.cli.SearchOrders(ctx, yahoo.OrderQuery{Start: start, End: f.srv.Now(), IsSeen: &unseen, PageSize: 10}) {
		require.NoError(t, err)
		require.False(t, got[o.ID], "yielded twice: %s", o.ID)
		got[o.ID] = true
		_, err := f.cli.OrderChange(ctx, yahoo.OrderUpdate{OrderID: o.ID, IsSeen: new(true)})
		require.NoError(t, err)
	}
	assert.Len(t, got, n, "every unseen order was yielded")
	for i := range n {
		o, _ := f.srv.Order(orderID(fmt.Sprintf("%08d", 10000001+i)))
		assert.True(t, o.IsSeen, o.ID)
	}
}

func TestSearchOrdersMarkSeenHelperLoop(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, fakeOptions{authorize: true})
	start := f.srv.Now().Add(-time.Hour)
	for i := range 25 {
		f.srv.AddOrder(yahootest.NewOrder(testSeller, orderID(fmt.Sprintf("%08d", 20000001+i)), start.Add(time.Duration(i)*time.Second), yahootest.Item{ItemID: "a", UnitPrice: 100}))
	}
	unseen := false
	count := 0
	for o, err := range f.cli.SearchOrders(ctx, yahoo.OrderQuery{Start: start, End: f.srv.Now(), IsSeen: &unseen, PageSize: 10}) {
		require.NoError(t, err)
		_, err := f.cli.MarkSeen(ctx, o.ID)
		require.NoError(t, err)
		count++
	}
	assert.Equal(t, 25, count)
	_, err := f.cli.MarkSeen(ctx, "bad id!")
	assert.ErrorIs(t, err, yahoo.ErrInvalidInput)
}

// Another process marks orders seen while SearchOrders reads the pages: the
// set shrinks under the offset and the rows read fall short of the first
// TotalCount, so the iterator reads the set once more.
func TestSearchOrdersRereadsASetThatShrankWhileReading(t *testing.T) {
	t.Parallel()
	live := []string{"s-1", "s-2", "s-3", "s-4"}
	calls := 0
	var mu sync.Mutex
	cli := hostileClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls++
		mu.Lock()
		defer mu.Unlock()
		var req struct {
			Start int `xml:"Search>Start"`
		}
		body, _ := io.ReadAll(r.Body)
		_ = xml.Unmarshal(body, &req)
		var page []string
		for i := req.Start - 1; i >= 0 && i < len(live) && i < req.Start-1+2; i++ {
			page = append(page, live[i])
		}
		total := len(live)
		if calls == 1 {
			live = live[2:] // someone else marks s-1 and s-2 seen
		}
		var b strings.Builder
		fmt.Fprintf(&b, `<Result><Status>OK</Status><Search><TotalCount>%d</TotalCount>`, total)
		for _, id := range page {
			fmt.Fprintf(&b, `<OrderInfo><OrderId>%s</OrderId></OrderInfo>`, id)
		}
		b.WriteString(`</Search></Result>`)
		_, _ = io.WriteString(w, b.String())
	})
	var got []string
	for o, err := range cli.SearchOrders(context.Background(), yahoo.OrderQuery{OrderID: "s-1", PageSize: 2}) {
		require.NoError(t, err)
		got = append(got, o.ID)
	}
	assert.Equal(t, []string{"s-1", "s-2", "s-3", "s-4"}, got)
}

// A server that repeats the same page under a huge TotalCount cannot make
// the iterator loop.
func TestSearchOrdersStopsOnAPageWithNothingNew(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	cli := hostileClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		_, _ = io.WriteString(w, `<Result><Status>OK</Status><Search><TotalCount>2000000000</TotalCount><OrderInfo><OrderId>s-1</OrderId></OrderInfo></Search></Result>`)
	})
	n := 0
	for _, err := range cli.SearchOrders(context.Background(), yahoo.OrderQuery{OrderID: "s-1"}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 1, n)
	assert.LessOrEqual(t, calls.Load(), int32(5))
}
