package httpx

import (
	"errors"
	"time"
)

// CheckWaits checks the backoff bounds of a client's WithRetry option:
// neither may be negative (zero means the default, see Options). Callers put
// their package name in front of the error.
func CheckWaits(minWait, maxWait time.Duration) error {
	if minWait < 0 || maxWait < 0 {
		return errors.New("negative retry wait")
	}
	return nil
}
