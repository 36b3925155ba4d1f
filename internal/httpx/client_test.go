package httpx_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/mallkit/mallkit/internal/httpx"
)

// scripted answers each request with the next status in its script and
// counts the requests.
func scripted(t *testing.T, statuses ...int) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		status := statuses[min(i, len(statuses)-1)]
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(status)
		w.Write(append([]byte("attempt body="), body...))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func fastClient(o httpx.Options) *httpx.Client {
	o.MinWait, o.MaxWait = time.Millisecond, 5*time.Millisecond
	return httpx.New(o)
}

func post(t *testing.T, url, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, url, strings.NewReader(body))
	require.NoError(t, err)
	return req
}

func TestPoliciesDecideWhatIsResent(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		policy   httpx.Policy
		statuses []int
		attempts int32
		final    int
	}{
		{"safe retries 429 until success", httpx.RetrySafe, []int{429, 429, 200}, 3, 200},
		{"safe retries 503", httpx.RetrySafe, []int{503, 200}, 2, 200},
		{"safe retries 500", httpx.RetrySafe, []int{500, 200}, 2, 200},
		{"safe retries 502", httpx.RetrySafe, []int{502, 200}, 2, 200},
		{"safe retries 504", httpx.RetrySafe, []int{504, 200}, 2, 200},
		{"safe does not retry 501", httpx.RetrySafe, []int{501, 200}, 1, 501},
		{"rejected never retries 500", httpx.RetryRejected, []int{500, 200}, 1, 500},
		{"rejected never retries 502", httpx.RetryRejected, []int{502, 200}, 1, 502},
		{"rejected never retries 504", httpx.RetryRejected, []int{504, 200}, 1, 504},
		{"no retry never retries 502", httpx.NoRetry, []int{502, 200}, 1, 502},
		{"safe does not retry 400", httpx.RetrySafe, []int{400, 200}, 1, 400},
		{"rejected retries 429: the write was refused", httpx.RetryRejected, []int{429, 200}, 2, 200},
		{"rejected never retries 503: the write may have happened", httpx.RetryRejected, []int{503, 200}, 1, 503},
		{"no retry sends once", httpx.NoRetry, []int{429, 200}, 1, 429},
		{"exhausted retries return the last response", httpx.RetrySafe, []int{429}, 4, 429},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, n := scripted(t, tc.statuses...)
			resp, err := fastClient(httpx.Options{}).Do(post(t, srv.URL, "payload"), tc.policy)
			require.NoError(t, err)
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			assert.Equal(t, tc.final, resp.StatusCode)
			assert.Equal(t, tc.attempts, n.Load())
			assert.Equal(t, "attempt body=payload", string(body), "the body is resent intact")
		})
	}
}

func TestThrottledSeesTheBodyAndLeavesItReadable(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"errors":[{"code":"QPSLimit"}]}`)
			return
		}
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"errors":[{"code":"Forbidden"}]}`)
	}))
	defer srv.Close()
	c := fastClient(httpx.Options{Throttled: func(status int, _ http.Header, body []byte) bool {
		return status == http.StatusForbidden && bytes.Contains(body, []byte("QPSLimit"))
	}})
	resp, err := c.Do(post(t, srv.URL, ""), httpx.RetrySafe)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	assert.Equal(t, int32(2), n.Load(), "QPSLimit is retried, a plain 403 is not")
	assert.Equal(t, `{"errors":[{"code":"Forbidden"}]}`, string(body))
}

func TestConnectionErrorsAreRetriedOnlyWhenSafe(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	var attempts atomic.Int32
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		attempts.Add(1)
		return http.DefaultTransport.RoundTrip(r)
	})}
	_, err := fastClient(httpx.Options{HTTPClient: hc, MaxRetries: 2}).Do(post(t, url, ""), httpx.RetryRejected)
	require.Error(t, err)
	assert.Equal(t, int32(1), attempts.Load())
	attempts.Store(0)
	_, err = fastClient(httpx.Options{HTTPClient: hc, MaxRetries: 2}).Do(post(t, url, ""), httpx.RetrySafe)
	require.Error(t, err)
	assert.Equal(t, int32(3), attempts.Load())
}

func TestLimiterWaitEndsWithTheContext(t *testing.T) {
	t.Parallel()
	srv, n := scripted(t, 200)
	lim := rate.NewLimiter(rate.Every(time.Hour), 1)
	c := httpx.New(httpx.Options{Limiter: lim})
	resp, err := c.Do(post(t, srv.URL, ""), httpx.RetrySafe)
	require.NoError(t, err)
	resp.Body.Close()

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := post(t, srv.URL, "").WithContext(ctx)
	_, err = c.Do(req, httpx.RetrySafe)
	require.Error(t, err)
	assert.True(t, errors.Is(err, context.Canceled), "got %v", err)
	assert.Equal(t, int32(1), n.Load(), "the second request never left")
}

func TestLogsNeverCarryTheQuery(t *testing.T) {
	t.Parallel()
	srv, _ := scripted(t, 200)
	var logged bytes.Buffer
	c := httpx.New(httpx.Options{Logger: slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	resp, err := c.Do(post(t, srv.URL+"/es/1.0/license?licenseKey=SL_secret", ""), httpx.RetrySafe)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Contains(t, logged.String(), "/es/1.0/license")
	assert.NotContains(t, logged.String(), "SL_secret")
}

func TestHTTPClientIsCopiedNotModified(t *testing.T) {
	t.Parallel()
	hc := &http.Client{}
	httpx.New(httpx.Options{HTTPClient: hc, Limiter: rate.NewLimiter(1, 1)})
	assert.Nil(t, hc.Transport)
	assert.Zero(t, hc.Timeout)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestALimiterWaitPastTheDeadlineFailsAtOnce(t *testing.T) {
	t.Parallel()
	srv, n := scripted(t, 200)
	lim := rate.NewLimiter(rate.Every(time.Hour), 1)
	c := httpx.New(httpx.Options{Limiter: lim, MinWait: time.Hour, MaxWait: time.Hour})
	resp, err := c.Do(post(t, srv.URL, ""), httpx.RetrySafe)
	require.NoError(t, err)
	resp.Body.Close()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err = c.Do(post(t, srv.URL, "").WithContext(ctx), httpx.RetrySafe)
	var limitErr *httpx.LimitError
	require.ErrorAs(t, err, &limitErr, "the wait would pass the deadline, so it is refused, not retried")
	assert.Equal(t, int32(1), n.Load())
}
