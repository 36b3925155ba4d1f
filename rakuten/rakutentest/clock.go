package rakutentest

import "time"

// WithStartTime starts the fake's clock at t instead of DefaultNow. The
// clock only moves when a test calls SetNow or Advance (unless
// WithWallClock): the fake never reads the wall clock for business time
// (order dates, key expiry, async results).
func WithStartTime(t time.Time) Option {
	return func(c *config) { c.start = t.In(jst) }
}

// WithClock starts the fake's clock at now.
//
// Deprecated: use WithStartTime.
func WithClock(now time.Time) Option { return WithStartTime(now) }

// WithWallClock makes the fake's clock follow the wall clock, to the
// nanosecond, as the live servers' does: it starts at the real time now
// (WithStartTime is ignored), SetNow and Advance shift it, and every
// request sees the time it arrives. Races between a client's clock and the
// server's (a search start exactly 730 days back, truncated to the second)
// show with it.
func WithWallClock() Option {
	return func(c *config) { c.wallClock = true }
}

// Now returns the fake's current time in JST.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.syncClockLocked()
	return s.now
}

// SetNow moves the fake's clock to t (backwards too) and lets time-driven
// transitions (order processing, auto-cancel, async shipping results) catch up.
func (s *Server) SetNow(t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cfg.wallClock {
		s.wallOffset = t.Sub(time.Now())
	}
	s.now = t.In(jst)
	s.tickLocked()
}

// Advance moves the fake's clock forward by d.
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wallOffset += d
	s.now = s.now.Add(d)
	s.tickLocked()
}

// syncClockLocked sets s.now from the wall clock in wall-clock mode.
func (s *Server) syncClockLocked() {
	if s.cfg.wallClock {
		s.now = time.Now().Add(s.wallOffset).In(jst)
	}
}

// tickLocked applies every transition that is due at s.now. Transitions are
// evaluated lazily, here and before each request, so no goroutine runs.
func (s *Server) tickLocked() {
	s.syncClockLocked()
	s.advanceOrdersLocked()
	s.runAsyncShippingLocked()
}
