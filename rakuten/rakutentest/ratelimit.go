package rakutentest

import "github.com/mallkit/mallkit/internal/fakemall"

// WithRateLimit throttles each license key to perSecond requests (burst 1).
// It runs on the wall clock, not the fake clock, because it exists to
// exercise a client's real pacing and retries. Requests over the limit get
// the throttle status (429 unless WithThrottleStatus says 403) with
// {"errors":[{"code":"QPSLimit","message":"..."}]} and a Retry-After in whole
// seconds. Live limits and bodies for the JSON APIs are unverified.
func WithRateLimit(perSecond float64) Option {
	return func(c *config) { c.ratePerSecond = perSecond }
}

// WithThrottleStatus chooses the status of rate-limit answers: 429 (the
// default, seen on the 2.x APIs) or 403 (the legacy "QPSLimit" answer).
func WithThrottleStatus(status int) Option {
	return func(c *config) { c.throttleStatus = status }
}

// throttleBody is the answer to a request over the rate limit.
func throttleBody() object {
	return object{{"errors", []any{object{{"code", "QPSLimit"}, {"message", "QPSLimit: the request rate limit was exceeded."}}}}}
}

// throttled answers and returns true when the caller's key is over the limit.
func (s *Server) throttled(c *call) bool {
	_, key, _ := parseESA(c.r.Header.Get("Authorization"))
	wait, ok := s.allowRequest(key)
	if ok {
		return false
	}
	s.countThrottle(c)
	fakemall.SetRetryAfter(c.w.Header(), wait)
	s.writeJSON(c, s.cfg.throttleStatus, throttleBody())
	return true
}
