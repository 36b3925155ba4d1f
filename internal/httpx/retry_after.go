package httpx

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxDelaySeconds is the largest delay-seconds a time.Duration holds.
const maxDelaySeconds = int64(math.MaxInt64 / time.Second)

// RetryAfter parses a Retry-After header given as delay-seconds or as an
// HTTP date, relative to now. A delay too large for a time.Duration is
// clamped to the largest one, never wrapped into a short or negative wait.
func RetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if isDigits(v) {
		secs, err := strconv.ParseInt(v, 10, 64)
		if err != nil || secs > maxDelaySeconds {
			return time.Duration(math.MaxInt64), true
		}
		return time.Duration(secs) * time.Second, true
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(at.Sub(now), 0), true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
