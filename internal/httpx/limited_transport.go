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
		return nil, err
	}
	return t.base.RoundTrip(req)
}
