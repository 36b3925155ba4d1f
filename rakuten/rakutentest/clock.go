package rakutentest

import "time"

// WithClock starts the fake's clock at now instead of DefaultNow. The clock
// only moves when a test calls SetNow or Advance: the fake never reads the
// wall clock for business time (order dates, key expiry, async results).
func WithClock(now time.Time) Option {
	return func(c *config) { c.start = now.In(jst) }
}

// Now returns the fake's current time in JST.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

// SetNow moves the fake's clock to t (backwards too) and lets time-driven
// transitions (order processing, auto-cancel, async shipping results) catch up.
func (s *Server) SetNow(t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = t.In(jst)
	s.tickLocked()
}

// Advance moves the fake's clock forward by d.
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = s.now.Add(d)
	s.tickLocked()
}

// tickLocked applies every transition that is due at s.now. Transitions are
// evaluated lazily, here and before each request, so no goroutine runs.
func (s *Server) tickLocked() {
	s.advanceOrdersLocked()
	s.runAsyncShippingLocked()
}
