package fakemall_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/fakemall"
)

func TestFaultsComeOutInTheOrderTheyWerePushed(t *testing.T) {
	t.Parallel()
	var q fakemall.Faults
	q.Push("getOrder", http.StatusServiceUnavailable, 2, time.Second)
	q.Push("getOrder", http.StatusTooManyRequests, 1, 0)
	want := []fakemall.Fault{
		{Status: http.StatusServiceUnavailable, RetryAfter: time.Second},
		{Status: http.StatusServiceUnavailable, RetryAfter: time.Second},
		{Status: http.StatusTooManyRequests},
	}
	for i, w := range want {
		f, ok := q.Take("getOrder")
		require.True(t, ok, "fault %d", i)
		assert.Equal(t, w, f, "fault %d", i)
	}
	_, ok := q.Take("getOrder")
	assert.False(t, ok, "the queue is used up")
}

func TestFaultsServeTheOperationBeforeAnyOperation(t *testing.T) {
	t.Parallel()
	var q fakemall.Faults
	q.Push(fakemall.AnyOperation, http.StatusInternalServerError, 1, 0)
	q.Push("searchOrder", http.StatusServiceUnavailable, 1, 0)

	f, ok := q.Take("getOrder")
	require.True(t, ok)
	assert.Equal(t, http.StatusInternalServerError, f.Status, "another operation takes the wildcard fault")

	q.Push(fakemall.AnyOperation, http.StatusInternalServerError, 1, 0)
	f, ok = q.Take("searchOrder")
	require.True(t, ok)
	assert.Equal(t, http.StatusServiceUnavailable, f.Status, "the operation's own queue goes first")
	f, ok = q.Take("searchOrder")
	require.True(t, ok)
	assert.Equal(t, http.StatusInternalServerError, f.Status, "then the wildcard")
	_, ok = q.Take("searchOrder")
	assert.False(t, ok)
}

func TestFaultsPushNothingForNonPositiveCounts(t *testing.T) {
	t.Parallel()
	var q fakemall.Faults
	q.Push("getOrder", http.StatusServiceUnavailable, 0, 0)
	q.Push("getOrder", http.StatusServiceUnavailable, -1, 0)
	_, ok := q.Take("getOrder")
	assert.False(t, ok)
}

func TestFaultWritesRetryAfterOnlyWhenItHasOne(t *testing.T) {
	t.Parallel()
	h := http.Header{}
	fakemall.Fault{Status: http.StatusTooManyRequests}.WriteRetryAfter(h)
	assert.NotContains(t, h, "Retry-After")
	fakemall.Fault{Status: http.StatusTooManyRequests, RetryAfter: 1500 * time.Millisecond}.WriteRetryAfter(h)
	assert.Equal(t, "2", h.Get("Retry-After"))
}
