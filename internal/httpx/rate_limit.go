package httpx

import (
	"errors"
	"fmt"
	"math"

	"golang.org/x/time/rate"
)

// RateLimit checks the arguments of a client's WithRateLimit option and
// returns them as a rate.Limiter's limit and burst: perSecond requests per
// second with bursts of burst, or rate.Inf (no limit) and 1 when perSecond
// <= 0 or +Inf, in which case burst is ignored. Callers put their package name in
// front of the error.
func RateLimit(perSecond float64, burst int) (rate.Limit, int, error) {
	switch {
	case math.IsNaN(perSecond):
		return 0, 0, errors.New("rate limit NaN requests per second")
	case perSecond <= 0, math.IsInf(perSecond, 1):
		return rate.Inf, 1, nil
	case burst < 1:
		return 0, 0, fmt.Errorf("rate limit burst %d, want >= 1", burst)
	}
	return rate.Limit(perSecond), burst, nil
}

// NewLimiter is RateLimit as a limiter for Options.Limiter: nil, meaning no
// limit, when perSecond <= 0.
func NewLimiter(perSecond float64, burst int) (*rate.Limiter, error) {
	limit, b, err := RateLimit(perSecond, burst)
	if err != nil || limit == rate.Inf {
		return nil, err
	}
	return rate.NewLimiter(limit, b), nil
}
