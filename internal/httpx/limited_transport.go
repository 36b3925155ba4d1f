package httpx

import (
	"net/http"

	"golang.org/x/time/rate"
)

// limitedTransport waits for the rate limiter before each attempt, so
// retries count against the limit too. The wait ends with the request's
// context.
type limitedTransport struct {
	base    http.RoundTripper
	limiter *rate.Limiter
}

func (t *limitedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.limiter.Wait(req.Context()); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, &LimitError{Err: err}
	}
	return t.base.RoundTrip(req)
}

// LimitError says the rate limiter could not grant a request before the
// context ends (cancelled, or a deadline the wait would pass). The request
// was never sent, and it is not retried: waiting longer cannot help.
type LimitError struct{ Err error }

func (e *LimitError) Error() string { return "rate limit wait: " + e.Err.Error() }

func (e *LimitError) Unwrap() error { return e.Err }
