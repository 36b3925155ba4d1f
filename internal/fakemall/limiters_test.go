package fakemall_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/mallkit/mallkit/internal/fakemall"
)

var t0 = time.Date(2026, time.January, 5, 10, 0, 0, 0, time.UTC)

func TestLimitersGiveEachKeyItsOwnBudget(t *testing.T) {
	t.Parallel()
	l := fakemall.NewLimiters(0.5) // one request every 2 s
	_, ok := l.AllowAt("SL_a", t0)
	assert.True(t, ok, "the first request is within the burst")

	wait, ok := l.AllowAt("SL_a", t0)
	assert.False(t, ok)
	assert.Equal(t, 2*time.Second, wait)

	_, ok = l.AllowAt("SL_b", t0)
	assert.True(t, ok, "another key is not held back by SL_a")
}

func TestLimitersDoNotChargeRefusedRequests(t *testing.T) {
	t.Parallel()
	l := fakemall.NewLimiters(0.5)
	_, ok := l.AllowAt("k", t0)
	assert.True(t, ok)
	for range 3 {
		_, ok = l.AllowAt("k", t0.Add(time.Second))
		assert.False(t, ok)
	}
	wait, ok := l.AllowAt("k", t0.Add(1500*time.Millisecond))
	assert.False(t, ok)
	assert.Equal(t, 500*time.Millisecond, wait, "refusals did not push the next slot back")
	_, ok = l.AllowAt("k", t0.Add(2*time.Second))
	assert.True(t, ok)
}

func TestLimitersWithoutARateAllowEverything(t *testing.T) {
	t.Parallel()
	for _, perSecond := range []float64{0, -1} {
		l := fakemall.NewLimiters(perSecond)
		for range 100 {
			wait, ok := l.Allow("k")
			assert.True(t, ok)
			assert.Zero(t, wait)
		}
	}
}

func TestLimitersAllowOnTheWallClock(t *testing.T) {
	t.Parallel()
	l := fakemall.NewLimiters(1.0 / 3600)
	_, ok := l.Allow("k")
	assert.True(t, ok)
	wait, ok := l.Allow("k")
	assert.False(t, ok)
	assert.InDelta(t, time.Hour.Seconds(), wait.Seconds(), 60)
}

func TestLimitersAreSafeForConcurrentKeys(t *testing.T) {
	t.Parallel()
	l := fakemall.NewLimiters(1.0 / 3600)
	var wg sync.WaitGroup
	allowed := make([]int, 8)
	for i := range allowed {
		wg.Go(func() {
			for range 10 {
				if _, ok := l.AllowAt(string(rune('a'+i)), t0); ok {
					allowed[i]++
				}
			}
		})
	}
	wg.Wait()
	for i, n := range allowed {
		assert.Equal(t, 1, n, "key %c", 'a'+i)
	}
}
