package rakuten_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten"
)

func TestOptionsAreValidatedByNewClient(t *testing.T) {
	t.Parallel()
	cases := map[string]rakuten.Option{
		"WithBaseURL without a host":      rakuten.WithBaseURL("https://"),
		"WithHTTPClient(nil)":             rakuten.WithHTTPClient(nil),
		"WithLogger(nil)":                 rakuten.WithLogger(nil),
		"WithRateLimit burst 0":           rakuten.WithRateLimit(1, 0),
		"WithLimiter(nil)":                rakuten.WithLimiter(nil),
		"WithRetry negative wait":         rakuten.WithRetry(3, -time.Second, time.Second),
		"WithClock(nil)":                  rakuten.WithClock(nil),
		"WithWait(nil)":                   rakuten.WithWait(nil),
		"WithGetOrderVersion(2), retired": rakuten.WithGetOrderVersion(2),
		"WithGetOrderVersion(11)":         rakuten.WithGetOrderVersion(11),
		"WithShippingPoll zero interval":  rakuten.WithShippingPoll(0, time.Minute),
		"WithLicenseWarning(-1)":          rakuten.WithLicenseWarning(-1),
	}
	for name, opt := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, err := rakuten.NewClient(testCreds, opt)
			require.Error(t, err)
			assert.Nil(t, c)
		})
	}
}

// countingTransport counts round trips and forwards them.
type countingTransport struct{ n atomic.Int32 }

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return http.DefaultTransport.RoundTrip(r)
}

func TestWithHTTPClientUsesACopy(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		jsonReply(w, 200, `{"expiryDate":"2026-03-31T23:59:59"}`)
	}))
	t.Cleanup(srv.Close)
	tr := &countingTransport{}
	hc := &http.Client{Transport: tr}
	c, err := rakuten.NewClient(testCreds, rakuten.WithBaseURL(srv.URL), rakuten.WithHTTPClient(hc), rakuten.WithRateLimit(0, 0))
	require.NoError(t, err)
	hc.Transport = http.DefaultTransport // changing the caller's client afterwards has no effect
	_, err = c.LicenseExpiry(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int32(1), tr.n.Load(), "requests go through the transport given at NewClient")
	assert.Zero(t, hc.Timeout, "the caller's client is not modified")
}

func TestLoggerSeesRequestsButNeverTheKey(t *testing.T) {
	t.Parallel()
	var logged bytes.Buffer
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		jsonReply(w, 200, `{"expiryDate":"2026-03-31T23:59:59"}`)
	},
		rakuten.WithLogger(slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	_, err := c.LicenseExpiry(context.Background())
	require.NoError(t, err)
	assert.Contains(t, logged.String(), "/es/1.0/license-management/license-key/expiry-date")
	assert.NotContains(t, logged.String(), "bbb", "the licenseKey travels in the query, which is not logged")
	assert.NotContains(t, logged.String(), "YWFhOmJiYg==")
}

// TestDefaultRateIsOneRequestPerSecond sends two requests with the default
// limiter: the second waits about a second.
func TestDefaultRateIsOneRequestPerSecond(t *testing.T) {
	t.Parallel()
	var (
		mu    sync.Mutex
		times []time.Time
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
		jsonReply(w, 200, `{"expiryDate":"2026-03-31T23:59:59"}`)
	}))
	t.Cleanup(srv.Close)
	c, err := rakuten.NewClient(testCreds, rakuten.WithBaseURL(srv.URL))
	require.NoError(t, err)
	for range 2 {
		_, err := c.LicenseExpiry(context.Background())
		require.NoError(t, err)
	}
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, times, 2)
	assert.GreaterOrEqual(t, times[1].Sub(times[0]), 900*time.Millisecond)
	assert.Equal(t, 1.0, rakuten.DefaultRatePerSecond)
}

func TestRateAndRetryErrorsNameThePackage(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		opt  rakuten.Option
		want string
	}{
		"burst 0":       {rakuten.WithRateLimit(1, 0), "rakuten: rate limit burst 0, want >= 1"},
		"negative wait": {rakuten.WithRetry(3, time.Second, -time.Second), "rakuten: negative retry wait"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := rakuten.NewClient(testCreds, tc.opt)
			require.EqualError(t, err, tc.want)
		})
	}
	_, err := rakuten.NewClient(testCreds, rakuten.WithRateLimit(0, 0), rakuten.WithRetry(-1, 0, 0))
	require.NoError(t, err, "perSecond <= 0 turns the limit off, whatever the burst")
}
