package fakemall

import (
	"net/http"
	"strconv"
	"time"
)

// SetRetryAfter sets h's Retry-After to d in whole seconds, rounded up
// (1.5 s becomes "2"), the only form the malls' gateways send. d <= 0 sets
// nothing, so a fault without a wait carries no header.
func SetRetryAfter(h http.Header, d time.Duration) {
	if d <= 0 {
		return
	}
	secs := (d + time.Second - 1) / time.Second
	h.Set("Retry-After", strconv.FormatInt(int64(secs), 10))
}
