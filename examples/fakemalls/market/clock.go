package market

import (
	"context"
	"time"
)

// clockFollower keeps the fakes' business clocks moving with the wall
// clock. The fakes' clocks only move when told (so that tests never sleep);
// a long-running server for integrators needs them to move by themselves, or
// confirmed Rakuten orders would stay 200 and tokens would never expire.
// Fake time is start plus the wall time elapsed since wallStart, measured on
// the monotonic clock, so it keeps any offset the seed chose with "now".
type clockFollower struct {
	setNow    func(time.Time)
	start     time.Time
	wallStart time.Time
	wall      func() time.Time
}

// step sets the fakes' clocks once.
func (c *clockFollower) step() {
	c.setNow(c.start.Add(c.wall().Sub(c.wallStart)).In(jst))
}

// run steps on every tick until ctx is done.
func (c *clockFollower) run(ctx context.Context, ticks <-chan time.Time) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticks:
			c.step()
		}
	}
}
