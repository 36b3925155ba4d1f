package yahootest

import (
	"net/http"
	"time"

	"github.com/mallkit/mallkit/internal/fakemall"
)

// DefaultRatePerSecond is the fake's request rate per application and
// operation: the order API page asks for "1クエリ/秒" to the same URL.
const DefaultRatePerSecond = 1.0

// DailyRequestCap is Yahoo's documented cap of requests per application ID
// and day; WithDailyCap(DailyRequestCap) models it.
const DailyRequestCap = 50_000

// jitterTolerance is how much sooner than 1/rate a request may arrive and
// still pass: a client that paces itself at exactly the mall's rate sends
// its requests at least 1/rate apart, but the network can bring two of them
// a little closer together.
const jitterTolerance = 50 * time.Millisecond

// WithRateLimit throttles each application (YConnect client ID) to
// perSecond requests per store operation (burst 1; default
// DefaultRatePerSecond, as the mall documents for the order APIs).
// perSecond <= 0 turns the limit off. It runs on the wall clock, not the
// fake clock, because it exists to exercise a client's real pacing, and lets
// a request through up to 50 ms early to absorb network jitter. Requests
// over the limit get HTTP 403 with the throttling body (see WithThrottleCode)
// and a Retry-After in whole seconds; Yahoo's real throttling body and
// whether it sends Retry-After are unverified.
func WithRateLimit(perSecond float64) Option {
	return func(c *config) { c.ratePerSecond = perSecond }
}

// WithDailyCap refuses an application's requests beyond n per JST day of
// the fake's clock with 403 "Your Request was Forbidden" and no Code, as
// Yahoo answers over its cap of 50,000 (DailyRequestCap). n <= 0, the
// default, sets no cap. Refused requests do not count.
func WithDailyCap(n int) Option {
	return func(c *config) { c.dailyCap = n }
}

// WithLimits(false) turns off every request limit (the per-second rate
// and the daily cap), for tests that call faster than the mall allows;
// WithLimits(true) restores the defaults (1 request/s, no daily cap). Later
// WithRateLimit and WithDailyCap options still apply.
func WithLimits(on bool) Option {
	return func(c *config) {
		c.ratePerSecond, c.dailyCap = 0, 0
		if on {
			c.ratePerSecond = DefaultRatePerSecond
		}
	}
}

// WithThrottleCode sets the Code element of the 403 throttling answer. By
// default the answer has none: <Error><Message>Your Request was
// Forbidden</Message></Error> (the daily-cap wording from the mall's help),
// the same answer as over the daily cap. The live body of per-second
// throttling is unverified.
func WithThrottleCode(code string) Option {
	return func(c *config) { c.throttleCode = code }
}

// tolerantRate is the limiter rate that lets requests through jitterTolerance
// early (perSecond <= 0: no limit).
func tolerantRate(perSecond float64) float64 {
	if perSecond <= 0 {
		return 0
	}
	interval := time.Duration(float64(time.Second) / perSecond)
	return float64(time.Second) / float64(interval-min(jitterTolerance, interval/10))
}

// dayCount is one application's requests on one JST day.
type dayCount struct {
	day   string
	calls int
}

// overLimit answers and returns true when c's application is over the
// per-second rate of c's operation or over the daily cap.
func (s *Server) overLimit(c *call) bool {
	app := c.sess.clientID
	if wait, ok := s.allowRequest(c.op + " " + app); !ok {
		fakemall.SetRetryAfter(c.w.Header(), wait)
		s.writeThrottled(c, s.cfg.throttleCode)
		return true
	}
	if s.cfg.dailyCap <= 0 {
		return false
	}
	s.mu.Lock()
	day := s.now.Format(time.DateOnly)
	dc := s.daily[app]
	if dc.day != day {
		dc = dayCount{day: day}
	}
	over := dc.calls >= s.cfg.dailyCap
	if !over {
		dc.calls++
	}
	s.daily[app] = dc
	s.mu.Unlock()
	if over {
		s.writeThrottled(c, "")
	}
	return over
}

// writeThrottled answers the 403 "slow down" error with code (none for
// the daily cap) and counts the call as throttled in Stats.
func (s *Server) writeThrottled(c *call, code string) {
	s.market.stats.Throttle(s.statsKey(c.r))
	s.writeError(c, http.StatusForbidden, code, msgThrottled, "")
}
