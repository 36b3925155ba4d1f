package httpx

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/time/rate"
)

// Defaults used when Options leaves a field zero.
const (
	DefaultTimeout    = 60 * time.Second
	DefaultMaxRetries = 3
	DefaultMinWait    = 1 * time.Second
	DefaultMaxWait    = 60 * time.Second
	// DefaultCallTimeout bounds one call (every attempt, backoff and
	// rate-limit wait, and reading the answer) when Options.CallTimeout is 0.
	DefaultCallTimeout = 90 * time.Second
)

// maxPeek bounds how much of a retryable response body Throttled may inspect.
const maxPeek = 64 << 10

// Policy says after which failures a request may be sent again.
type Policy int

const (
	// RetrySafe is for idempotent requests (reads, absolute stock pushes):
	// connection errors, 429, 500, 502, 503, 504 and throttled responses are
	// retried.
	RetrySafe Policy = iota
	// RetryRejected is for non-idempotent writes (confirm, cancel, relative
	// stock, shipping): only answers that prove the mall refused the request
	// unprocessed (429 and throttled responses) are retried; never a
	// connection error or a 503, after which the write may have happened.
	RetryRejected
	// NoRetry sends the request exactly once.
	NoRetry
)

// Options configures a Client. The zero value is usable.
type Options struct {
	// HTTPClient is copied, never modified; nil means a pooled client with
	// DefaultTimeout.
	HTTPClient *http.Client
	// MaxRetries is the number of resends after the first attempt; 0 means
	// DefaultMaxRetries and a negative value means none.
	MaxRetries int
	// MinWait and MaxWait bound the exponential backoff. A Retry-After
	// header overrides the backoff but is capped at MaxWait.
	MinWait, MaxWait time.Duration
	// Limiter, when set, is waited on before every attempt, retries included.
	Limiter *rate.Limiter
	// Logger receives one debug line per attempt (method and path only: the
	// query may carry credentials). nil is silent.
	Logger *slog.Logger
	// Throttled reports whether a response other than 429 or 503 means
	// "slow down" for this mall. It sees at most 64 KiB of the body.
	Throttled func(status int, header http.Header, body []byte) bool
	// CallTimeout bounds one Do call as a whole: every attempt, every
	// backoff and rate-limit wait, and reading the returned body. 0 means
	// DefaultCallTimeout and a negative value means no bound beyond the
	// request's context. Without it a mall that never answers holds a call
	// for (MaxRetries+1) × HTTPClient.Timeout plus the waits.
	CallTimeout time.Duration
}

// Client sends requests with rate limiting and policy-driven retries. It is
// safe for concurrent use.
type Client struct {
	retrying *retryablehttp.Client
	once     *retryablehttp.Client
	safe     *retryablehttp.Client
	timeout  time.Duration // <= 0: none
}

// New builds a Client from o.
func New(o Options) *Client {
	hc := copyClient(o.HTTPClient)
	if o.Limiter != nil {
		hc.Transport = &limitedTransport{base: hc.Transport, limiter: o.Limiter}
	}
	maxRetries := o.MaxRetries
	switch {
	case maxRetries == 0:
		maxRetries = DefaultMaxRetries
	case maxRetries < 0:
		maxRetries = 0
	}
	minWait, maxWait := o.MinWait, o.MaxWait
	if minWait <= 0 {
		minWait = DefaultMinWait
	}
	if maxWait <= 0 {
		maxWait = DefaultMaxWait
	}
	if maxWait < minWait {
		maxWait = minWait
	}
	logger := o.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	build := func(retries int, check retryablehttp.CheckRetry) *retryablehttp.Client {
		return &retryablehttp.Client{
			HTTPClient:   hc,
			RetryWaitMin: minWait,
			RetryWaitMax: maxWait,
			RetryMax:     retries,
			CheckRetry:   check,
			Backoff:      backoff,
			ErrorHandler: retryablehttp.PassthroughErrorHandler,
			RequestLogHook: func(_ retryablehttp.Logger, req *http.Request, attempt int) {
				logger.LogAttrs(req.Context(), slog.LevelDebug, "http request",
					slog.String("method", req.Method), slog.String("path", req.URL.Path), slog.Int("attempt", attempt+1))
			},
		}
	}
	timeout := o.CallTimeout
	if timeout == 0 {
		timeout = DefaultCallTimeout
	}
	return &Client{
		timeout:  timeout,
		safe:     build(maxRetries, checkRetry(true, o.Throttled)),
		retrying: build(maxRetries, checkRetry(false, o.Throttled)),
		once:     build(0, checkRetry(false, nil)),
	}
}

// Do sends req under policy p. When retries are exhausted the last response
// is returned as is (status and body intact) so callers can decode the
// mall's error; a transport error is returned as the error. The whole call,
// reading the returned body included, ends after Options.CallTimeout; when
// that bound (and not req's own context) ends it, the error is a
// *CallTimeoutError.
func (c *Client) Do(req *http.Request, p Policy) (*http.Response, error) {
	parent := req.Context()
	cancel := context.CancelFunc(func() {})
	if c.timeout > 0 {
		var ctx context.Context
		ctx, cancel = context.WithTimeout(parent, c.timeout)
		req = req.WithContext(ctx)
	}
	resp, err := c.do(req, p)
	if err != nil {
		cancel()
		if c.timeout > 0 && parent.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			return nil, &CallTimeoutError{Timeout: c.timeout, Err: err}
		}
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

func (c *Client) do(req *http.Request, p Policy) (*http.Response, error) {
	rreq, err := retryablehttp.FromRequest(req)
	if err != nil {
		return nil, err
	}
	switch p {
	case RetrySafe:
		return c.safe.Do(rreq)
	case RetryRejected:
		return c.retrying.Do(rreq)
	default:
		return c.once.Do(rreq)
	}
}

// newTransport is a private copy of the standard transport, so that no
// client shares connection pools or settings with http.DefaultTransport.
func newTransport() http.RoundTripper {
	return http.DefaultTransport.(*http.Transport).Clone()
}

func copyClient(in *http.Client) *http.Client {
	if in == nil {
		return &http.Client{Transport: newTransport(), Timeout: DefaultTimeout}
	}
	out := *in
	if out.Transport == nil {
		out.Transport = newTransport()
	}
	if out.Timeout == 0 {
		out.Timeout = DefaultTimeout
	}
	return &out
}

// checkRetry decides per attempt. connErrors says whether a transport error
// may be retried, which is only safe for idempotent requests.
func checkRetry(connErrors bool, throttled func(int, http.Header, []byte) bool) retryablehttp.CheckRetry {
	return func(ctx context.Context, resp *http.Response, err error) (bool, error) {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		if err != nil {
			var limitErr *LimitError
			if !connErrors || errors.As(err, &limitErr) {
				return false, err
			}
			return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
		}
		switch resp.StatusCode {
		case http.StatusTooManyRequests:
			return true, nil
		case http.StatusInternalServerError, http.StatusBadGateway,
			http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return connErrors, nil
		}
		if throttled == nil || resp.StatusCode < 400 {
			return false, nil
		}
		body, rerr := peekBody(resp)
		if rerr != nil {
			return false, rerr
		}
		return throttled(resp.StatusCode, resp.Header, body), nil
	}
}

// peekBody reads up to maxPeek bytes and puts them back in front of the rest.
func peekBody(resp *http.Response) ([]byte, error) {
	head, err := io.ReadAll(io.LimitReader(resp.Body, maxPeek))
	if err != nil {
		return nil, err
	}
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), resp.Body), resp.Body}
	return head, nil
}

// backoff honours Retry-After (capped at max), else doubles from min.
func backoff(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := RetryAfter(resp.Header, time.Now()); ok {
			return clamp(d, 0, max)
		}
	}
	d := min
	for i := 0; i < attempt && d < max; i++ {
		d *= 2
	}
	return clamp(d, min, max)
}

func clamp(d, lo, hi time.Duration) time.Duration {
	return max(lo, min(d, hi))
}
