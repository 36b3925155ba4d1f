package httpx_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/httpx"
)

// silent accepts requests and never answers until the test ends.
func silent(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}))
	t.Cleanup(func() { close(done); srv.Close() })
	return srv, &n
}

func TestCallTimeoutBoundsEveryAttemptAndWait(t *testing.T) {
	t.Parallel()
	srv, n := silent(t)
	// Each attempt alone may take an hour; the call as a whole may not.
	c := httpx.New(httpx.Options{
		HTTPClient:  &http.Client{Timeout: time.Hour},
		MinWait:     time.Millisecond,
		MaxWait:     time.Millisecond,
		CallTimeout: 200 * time.Millisecond,
	})
	start := time.Now()
	_, err := c.Do(post(t, srv.URL, ""), httpx.RetrySafe)
	var te *httpx.CallTimeoutError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, 200*time.Millisecond, te.Timeout)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "got %v", err)
	assert.Less(t, time.Since(start), 30*time.Second, "the call ends with its bound")
	assert.Equal(t, int32(1), n.Load())
}

func TestCallTimeoutCoversRetryAfterWaits(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	c := httpx.New(httpx.Options{MaxWait: time.Hour, CallTimeout: 100 * time.Millisecond})
	_, err := c.Do(post(t, srv.URL, ""), httpx.RetrySafe)
	var te *httpx.CallTimeoutError
	require.ErrorAs(t, err, &te, "an hour's Retry-After cannot outlive the call's bound")
	assert.Equal(t, int32(1), n.Load())
}

func TestDefaultCallTimeoutIsAtMost90Seconds(t *testing.T) {
	t.Parallel()
	assert.LessOrEqual(t, httpx.DefaultCallTimeout, 90*time.Second)
	// The default (CallTimeout 0) applies: a context deadline is on every
	// attempt even when the caller's context has none.
	var deadline atomic.Int64
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	hc := &http.Client{Timeout: time.Hour, Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if d, ok := r.Context().Deadline(); ok {
			deadline.Store(int64(time.Until(d)))
		}
		return http.DefaultTransport.RoundTrip(r)
	})}
	resp, err := httpx.New(httpx.Options{HTTPClient: hc}).Do(post(t, srv.URL, ""), httpx.RetrySafe)
	require.NoError(t, err)
	resp.Body.Close()
	left := time.Duration(deadline.Load())
	assert.Greater(t, left, 80*time.Second)
	assert.LessOrEqual(t, left, httpx.DefaultCallTimeout)
}

func TestNegativeCallTimeoutLeavesTheCallUnbounded(t *testing.T) {
	t.Parallel()
	var deadline atomic.Int64
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	hc := &http.Client{Timeout: time.Hour, Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if d, ok := r.Context().Deadline(); ok {
			deadline.Store(int64(time.Until(d)))
		}
		return http.DefaultTransport.RoundTrip(r)
	})}
	resp, err := httpx.New(httpx.Options{HTTPClient: hc, CallTimeout: -1}).Do(post(t, srv.URL, ""), httpx.RetrySafe)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Greater(t, time.Duration(deadline.Load()), 59*time.Minute, "only the per-attempt timeout applies")
}

func TestTheBodyStaysReadableUntilClosed(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "answer")
	}))
	defer srv.Close()
	resp, err := httpx.New(httpx.Options{CallTimeout: time.Minute}).Do(post(t, srv.URL, ""), httpx.RetrySafe)
	require.NoError(t, err)
	time.Sleep(10 * time.Millisecond)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, "answer", string(body))
	require.NoError(t, resp.Body.Close())
}

func TestCallerCancellationIsNotACallTimeout(t *testing.T) {
	t.Parallel()
	srv, _ := silent(t)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := httpx.New(httpx.Options{CallTimeout: time.Minute}).Do(post(t, srv.URL, "").WithContext(ctx), httpx.RetrySafe)
	require.Error(t, err)
	var te *httpx.CallTimeoutError
	assert.False(t, errors.As(err, &te), "the caller's own deadline ended it")
	assert.True(t, errors.Is(err, context.DeadlineExceeded))
}

func TestOverflowingRetryAfterIsNotAnImmediateRetry(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Retry-After", "9223372036854775807")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	c := httpx.New(httpx.Options{MinWait: time.Millisecond, MaxWait: time.Hour, CallTimeout: 300 * time.Millisecond})
	_, err := c.Do(post(t, srv.URL, ""), httpx.RetrySafe)
	var te *httpx.CallTimeoutError
	require.ErrorAs(t, err, &te, "the wait is clamped to MaxWait, which outlives the call")
	assert.Equal(t, int32(1), n.Load(), "no burst of immediate retries")
}
