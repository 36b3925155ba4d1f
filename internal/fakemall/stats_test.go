package fakemall

import (
	"encoding/json"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCounterCountsPerKey(t *testing.T) {
	var c Counter
	c.Call("shop-a", "getOrder")
	c.Call("shop-a", "getOrder")
	c.Call("shop-a", "searchOrder")
	c.Call("shop-b", "setStock")
	c.Throttle("shop-b")
	c.NoopPush("shop-a", 3)
	c.NoopPush("shop-a", 0)

	c.ReadOrder("shop-a", "o1", 1) // first read
	c.ReadOrder("shop-a", "o1", 1) // unchanged
	c.ReadOrder("shop-a", "o1", 2) // changed
	c.ReadOrder("shop-a", "o1", 2) // unchanged
	c.ReadOrder("shop-b", "o1", 2) // another credential's first read

	got := c.Snapshot()
	assert.Equal(t, Stats{Calls: map[string]int{"getOrder": 2, "searchOrder": 1}, NoopPushes: 3, RefetchedUnchanged: 2}, got["shop-a"])
	assert.Equal(t, Stats{Calls: map[string]int{"setStock": 1}, Throttled: 1}, got["shop-b"])
}

func TestCounterSnapshotIsACopy(t *testing.T) {
	var c Counter
	c.Call("k", "op")
	snap := c.Snapshot()
	snap["k"].Calls["op"] = 99
	assert.Equal(t, 1, c.Snapshot()["k"].Calls["op"])
}

func TestCounterCallsNeverNil(t *testing.T) {
	var c Counter
	c.Throttle("k")
	b, err := json.Marshal(c.Snapshot())
	require.NoError(t, err)
	assert.JSONEq(t, `{"k":{"calls":{},"noop_pushes":0,"throttled":1,"refetched_unchanged":0}}`, string(b))
	assert.Empty(t, (&Counter{}).Snapshot())
}

func TestCounterConcurrent(t *testing.T) {
	var c Counter
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				c.Call("k", "op")
				c.ReadOrder("k", "o", 1)
			}
		})
	}
	wg.Wait()
	st := c.Snapshot()["k"]
	assert.Equal(t, 800, st.Calls["op"])
	assert.Equal(t, 799, st.RefetchedUnchanged)
}
