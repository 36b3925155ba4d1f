package yahootest

import "time"

// WithLimitsOnFakeClock makes the rate limit (WithRateLimit,
// WithPublishedLimits) count requests on the fake's own clock instead of
// the wall clock, for a simulation that drives that clock with SetNow or
// Advance: two requests one simulated second apart are one second apart
// for the limit, however fast they arrive in real time. The clock must not
// move backwards while requests are made.
func WithLimitsOnFakeClock() Option {
	return func(c *config) { c.limitsOnFakeClock = true }
}

// allowRequest asks the rate limit whether key may send a request now, on
// the clock WithLimitsOnFakeClock chose.
func (s *Server) allowRequest(key string) (time.Duration, bool) {
	if s.cfg.limitsOnFakeClock {
		return s.limits.AllowAt(key, s.Now())
	}
	return s.limits.Allow(key)
}
