package market

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestClockFollowerKeepsTheSeedOffset(t *testing.T) {
	t.Parallel()
	wall := &steppedClock{t: time.Date(2026, 11, 23, 20, 0, 0, 0, time.UTC)}
	var got []time.Time
	cf := &clockFollower{
		setNow:    func(t time.Time) { got = append(got, t) },
		start:     time.Date(2026, 1, 5, 10, 0, 0, 0, jst),
		wallStart: wall.now(),
		wall:      wall.now,
	}
	cf.step()
	wall.advance(90 * time.Second)
	cf.step()
	assert.Equal(t, []time.Time{
		time.Date(2026, 1, 5, 10, 0, 0, 0, jst),
		time.Date(2026, 1, 5, 10, 1, 30, 0, jst),
	}, got)
}

func TestClockFollowerStepsOnEveryTickUntilCancelled(t *testing.T) {
	t.Parallel()
	wall := &steppedClock{t: testWall}
	steps := make(chan time.Time)
	cf := &clockFollower{
		setNow: func(t time.Time) { steps <- t }, start: testWall, wallStart: testWall, wall: wall.now,
	}
	ctx, cancel := context.WithCancel(t.Context())
	ticks := make(chan time.Time)
	done := make(chan struct{})
	go func() { defer close(done); cf.run(ctx, ticks) }()

	wall.advance(time.Minute)
	ticks <- time.Time{}
	assert.Equal(t, testWall.Add(time.Minute), <-steps)
	wall.advance(time.Minute)
	ticks <- time.Time{}
	assert.Equal(t, testWall.Add(2*time.Minute), <-steps)
	cancel()
	<-done
}
