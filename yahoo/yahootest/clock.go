package yahootest

import "time"

// jst is Japan Standard Time, fixed so that no tzdata is needed.
var jst = time.FixedZone("JST", 9*60*60)

// DefaultNow is where the fake's clock starts unless WithStartTime says
// otherwise: Monday 2026-01-05 10:00 JST.
var DefaultNow = time.Date(2026, time.January, 5, 10, 0, 0, 0, jst)

// WithStartTime starts the fake's clock at t instead of DefaultNow. The
// clock only moves when a test calls SetNow or Advance: token and code
// lifetimes, signature timestamps, key expiry, order times and the daily
// request cap are all judged against it, so a client under test should sign
// with the same clock (Server.Now).
func WithStartTime(t time.Time) Option {
	return func(c *config) { c.start = t.In(jst) }
}

// WithClock starts the fake's clock at now.
//
// Deprecated: use WithStartTime.
func WithClock(now time.Time) Option { return WithStartTime(now) }

// Now returns the fake's current time in JST.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

// SetNow moves the fake's clock to t (backwards too).
func (s *Server) SetNow(t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = t.In(jst)
}

// Advance moves the fake's clock forward by d.
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = s.now.Add(d)
}
