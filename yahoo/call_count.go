package yahoo

import (
	"net/http"
	"sync"
	"time"

	"github.com/mallkit/mallkit/internal/jst"
)

// DailyRequestCap is how many store API requests Yahoo allows one
// application ID per day. Going over it answers 403 "Your Request was
// Forbidden" ([ErrRequestForbidden]) until the day ends; raising it is no
// longer offered.
const DailyRequestCap = 50_000

// CallCounter counts the store API requests (every attempt, retries
// included) of one application ID per JST day, the unit of Yahoo's daily
// cap. A Client has its own unless WithCallCounter gives it one to share
// with the other clients of the same application (several stores, several
// goroutines' clients). It is safe for concurrent use.
type CallCounter struct {
	mu    sync.Mutex
	day   time.Time // JST midnight of the day being counted
	calls int
}

// NewCallCounter returns a counter at zero.
func NewCallCounter() *CallCounter { return &CallCounter{} }

// add counts one request made at now.
func (cc *CallCounter) add(now time.Time) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	cc.rollLocked(now)
	cc.calls++
}

// Count returns the JST day now falls in (its midnight) and the requests
// counted on it.
func (cc *CallCounter) Count(now time.Time) (day time.Time, calls int) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	cc.rollLocked(now)
	return cc.day, cc.calls
}

func (cc *CallCounter) rollLocked(now time.Time) {
	t := jst.In(now)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	if !day.Equal(cc.day) {
		cc.day, cc.calls = day, 0
	}
}

// CallCount returns the store API requests the client's application made
// today (JST, on the client's clock) as far as this counter saw them, and
// the day's midnight. Compare it with DailyRequestCap.
func (c *Client) CallCount() (day time.Time, calls int) { return c.calls.Count(c.now()) }

// countingTransport counts every attempt that goes to the store API.
type countingTransport struct {
	base    http.RoundTripper
	counter *CallCounter
	now     func() time.Time
}

func (t *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.counter.add(t.now())
	return t.base.RoundTrip(req)
}
