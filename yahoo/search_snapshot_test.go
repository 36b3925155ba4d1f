package yahoo_test

import (
	"context"
	"fmt"
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
