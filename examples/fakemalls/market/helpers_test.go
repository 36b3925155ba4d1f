package market

import (
	"sync"
	"time"
)

// testWall is the wall clock the tests' marketplaces see: the demo seed's
// relative times are computed from it.
var testWall = time.Date(2026, time.January, 5, 10, 0, 0, 0, jst)

// steppedClock is a wall clock that moves only when the test says so.
type steppedClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *steppedClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *steppedClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
