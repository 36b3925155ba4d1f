package yahootest

import (
	"net/http"

	"github.com/mallkit/mallkit/internal/fakemall"
)

// WithRateLimit throttles each access token to perSecond requests per
// operation (burst 1); the mall documents 1 query per second per URL for the
// order APIs. It runs on the wall clock, not the fake clock, because it
// exists to exercise a client's real pacing. Requests over the limit get
// HTTP 403 with the throttling body (see WithThrottleCode) and a Retry-After
// in whole seconds; Yahoo's real throttling body and whether it sends
// Retry-After are unverified.
func WithRateLimit(perSecond float64) Option {
	return func(c *config) { c.ratePerSecond = perSecond }
}

// WithThrottleCode sets the Code element of the 403 throttling answer. By
// default the answer has none: <Error><Message>Your Request was
// Forbidden</Message></Error> (the daily-cap wording from the mall's help),
// which is how a client tells throttling from the permission 403s
// (px-04303, px-04307) that always carry a code. The live body is unverified.
func WithThrottleCode(code string) Option {
	return func(c *config) { c.throttleCode = code }
}

// throttled answers and returns true when the caller is over the limit.
func (s *Server) throttled(c *call) bool {
	wait, ok := s.allowRequest(c.op + " " + bearerToken(c.r.Header.Get("Authorization")))
	if ok {
		return false
	}
	fakemall.SetRetryAfter(c.w.Header(), wait)
	s.writeThrottled(c)
	return true
}

// writeThrottled answers the 403 "slow down" error.
func (s *Server) writeThrottled(c *call) {
	s.writeError(c, http.StatusForbidden, s.cfg.throttleCode, msgThrottled, "")
}
