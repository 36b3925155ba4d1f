package rakuten

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"github.com/mallkit/mallkit/internal/httpx"
)

// DefaultBaseURL is the RMS WEB SERVICE host.
const DefaultBaseURL = "https://api.rms.rakuten.co.jp"

// DefaultRatePerSecond is the client-side request rate per license key.
// Rakuten publishes no number for the JSON APIs; one request per second is
// what practitioners use for the order API (unverified, hence configurable
// with WithRateLimit).
const DefaultRatePerSecond = 1.0

// DefaultGetOrderVersion is the getOrder response version requested:
// version 10 (social gift) is the newest documented one.
const DefaultGetOrderVersion = 10

// Option configures a Client. Options are validated by NewClient.
type Option func(*config) error

type config struct {
	baseURL         *url.URL
	httpClient      *http.Client
	logger          *slog.Logger
	limiter         *rate.Limiter
	maxRetries      int
	minWait         time.Duration
	maxWait         time.Duration
	now             func() time.Time
	wait            func(context.Context, time.Duration) error
	getOrderVersion int
	pollInterval    time.Duration
	pollTimeout     time.Duration
	warnDays        int
	maxBody         int64
	horizonMargin   time.Duration
	callTimeout     time.Duration
}

func defaultConfig() config {
	u, _ := url.Parse(DefaultBaseURL)
	return config{
		baseURL:         u,
		logger:          slog.New(slog.DiscardHandler),
		limiter:         rate.NewLimiter(rate.Limit(DefaultRatePerSecond), 1),
		now:             time.Now,
		wait:            waitTimer,
		getOrderVersion: DefaultGetOrderVersion,
		pollInterval:    10 * time.Second,
		pollTimeout:     10 * time.Minute,
		warnDays:        7,
		maxBody:         DefaultMaxResponseBytes,
		horizonMargin:   DefaultHorizonMargin,
	}
}

// WithBaseURL points the client at another host, such as the rakutentest
// fake (rakuten.WithBaseURL(srv.URL)). Paths (/es/...) are appended to it.
func WithBaseURL(u string) Option {
	return func(c *config) error {
		p, err := url.Parse(strings.TrimRight(u, "/"))
		if err != nil {
			return fmt.Errorf("rakuten: base URL %q: %w", u, err)
		}
		if p.Scheme != "http" && p.Scheme != "https" || p.Host == "" {
			return fmt.Errorf("rakuten: base URL %q: want http(s)://host", u)
		}
		c.baseURL = p
		return nil
	}
}

// WithHTTPClient sends requests through a copy of hc (its Transport, Jar and
// Timeout; a zero Timeout gets the default of 60 s). hc itself is never
// modified.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return errors.New("rakuten: WithHTTPClient(nil)")
		}
		cp := *hc
		c.httpClient = &cp
		return nil
	}
}

// WithLogger receives one debug line per HTTP attempt (method and path, never
// credentials). The default is silent.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("rakuten: WithLogger(nil)")
		}
		c.logger = l
		return nil
	}
}

// WithRateLimit sets the client-side limit: perSecond requests per second
// with bursts of burst. Every attempt, retries included, waits for it.
// Rakuten enforces limits per license key, so clients sharing one key should
// share one limiter (WithLimiter). perSecond <= 0 disables the limit.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(c *config) (err error) {
		if c.limiter, err = httpx.NewLimiter(perSecond, burst); err != nil {
			return fmt.Errorf("rakuten: %w", err)
		}
		return nil
	}
}

// WithLimiter shares l between clients that use the same license key.
func WithLimiter(l *rate.Limiter) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("rakuten: WithLimiter(nil)")
		}
		c.limiter = l
		return nil
	}
}

// WithRetry sets how often a retryable failure (connection error, 429, 503,
// 403 QPSLimit, 409 CE0001) is resent and the backoff bounds; a Retry-After header wins
// over the backoff but is capped at maxWait. max < 0 disables retries, 0
// keeps the default of 3.
func WithRetry(max int, minWait, maxWait time.Duration) Option {
	return func(c *config) error {
		if err := httpx.CheckWaits(minWait, maxWait); err != nil {
			return fmt.Errorf("rakuten: %w", err)
		}
		c.maxRetries, c.minWait, c.maxWait = max, minWait, maxWait
		return nil
	}
}

// DefaultCallTimeout bounds one call, every attempt and wait included
// (WithCallTimeout).
const DefaultCallTimeout = httpx.DefaultCallTimeout

// WithCallTimeout bounds one call as a whole: every attempt, backoff and
// rate-limit wait, and reading the answer, so a mall that never answers
// cannot hold a caller for minutes. 0 keeps DefaultCallTimeout (90 s); a
// negative d removes the bound (the context and the per-attempt timeout of
// the HTTP client still apply).
func WithCallTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			d = -1
		}
		c.callTimeout = d
		return nil
	}
}

// WithClock replaces time.Now: it decides the 730-day search horizon, the
// license warning and the async-shipping poll deadline.
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return errors.New("rakuten: WithClock(nil)")
		}
		c.now = now
		return nil
	}
}

// WithWait replaces how the client waits between the polls of
// WaitShippingAsync: wait must return after d, or earlier with ctx's error.
// Tests pair it with WithClock to poll on a fake clock, e.g. a wait that
// advances the rakutentest server's clock by d. HTTP retry backoff and the
// rate limiter keep real time.
func WithWait(wait func(ctx context.Context, d time.Duration) error) Option {
	return func(c *config) error {
		if wait == nil {
			return errors.New("rakuten: WithWait(nil)")
		}
		c.wait = wait
		return nil
	}
}

// waitTimer waits d of real time or until ctx is done.
func waitTimer(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// WithGetOrderVersion sets the getOrder "version" (3..10; default 10).
// Rakuten retires old versions, so only lower it when a caller depends on an
// older shape.
func WithGetOrderVersion(v int) Option {
	return func(c *config) error {
		if v < 3 || v > DefaultGetOrderVersion {
			return fmt.Errorf("rakuten: getOrder version %d, want 3..%d", v, DefaultGetOrderVersion)
		}
		c.getOrderVersion = v
		return nil
	}
}

// WithShippingPoll sets how often WaitShippingAsync asks for the result of an
// updateOrderShippingAsync request (default 10 s) and how long it keeps
// asking, measured on the client's clock (default 10 min).
func WithShippingPoll(interval, timeout time.Duration) Option {
	return func(c *config) error {
		if interval <= 0 || timeout <= 0 {
			return errors.New("rakuten: shipping poll interval and timeout must be positive")
		}
		c.pollInterval, c.pollTimeout = interval, timeout
		return nil
	}
}

// WithLicenseWarning sets how many days before expiry LicenseStatus starts to
// warn (default 7, when Rakuten sends its reminder email).
func WithLicenseWarning(days int) Option {
	return func(c *config) error {
		if days < 0 {
			return fmt.Errorf("rakuten: license warning %d days, want >= 0", days)
		}
		c.warnDays = days
		return nil
	}
}

// WithMaxResponseBytes sets how many bytes of an answer the client reads
// (default 64 MiB); a longer answer fails with a *ResponseTooLargeError.
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("rakuten: WithMaxResponseBytes(%d), want > 0", n)
		}
		c.maxBody = n
		return nil
	}
}

// WithHorizonMargin sets how far inside the 730-day search horizon
// SearchOrders moves a Start at or beyond it (default 10 minutes). RMS
// judges the horizon on its own clock when the request arrives; the margin
// covers the skew between the two clocks and the time a long search takes.
func WithHorizonMargin(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 || d > 24*time.Hour {
			return fmt.Errorf("rakuten: horizon margin %s, want 0..24h", d)
		}
		c.horizonMargin = d
		return nil
	}
}
