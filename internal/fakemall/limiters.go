package fakemall

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiters gives each key (a license key, an access token and operation,
// ...) its own budget of perSecond requests with a burst of 1. They run on
// the wall clock, not a fake's business clock, because they exist to
// exercise a client's real pacing and retries.
type Limiters struct {
	perSecond float64
	mu        sync.Mutex
	byKey     map[string]*rate.Limiter
}

// NewLimiters returns per-key limits of perSecond requests per second;
// perSecond <= 0 allows every request.
func NewLimiters(perSecond float64) *Limiters {
	return &Limiters{perSecond: perSecond, byKey: map[string]*rate.Limiter{}}
}

// Allow reports whether key may send a request now. When it may not, the
// request does not count against the budget and retryAfter is how long
// until it may.
func (l *Limiters) Allow(key string) (retryAfter time.Duration, ok bool) {
	return l.AllowAt(key, time.Now())
}

// AllowAt is Allow at the instant now, which must not go backwards for a
// key; it lets tests drive the limits without waiting.
func (l *Limiters) AllowAt(key string, now time.Time) (retryAfter time.Duration, ok bool) {
	if l.perSecond <= 0 {
		return 0, true
	}
	l.mu.Lock()
	lim, found := l.byKey[key]
	if !found {
		lim = rate.NewLimiter(rate.Limit(l.perSecond), 1)
		l.byKey[key] = lim
	}
	l.mu.Unlock()
	r := lim.ReserveN(now, 1)
	wait := r.DelayFrom(now)
	if wait == 0 {
		return 0, true
	}
	r.CancelAt(now)
	return wait, false
}
