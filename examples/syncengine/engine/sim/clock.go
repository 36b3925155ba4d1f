package sim

import (
	"container/heap"
	"context"
	"fmt"
	"time"
)

// Clock is the simulation's virtual time: a queue of events run in time
// order by one goroutine, and tasks (engine jobs) that run as coroutines on
// it. Exactly one of the runner and the tasks executes at any moment; a task
// gives the turn back only when it waits (Sleep: a rate-limit slot, network
// latency) or finishes, and it never waits inside a database transaction
// (the engine never calls a mall inside one), so tasks interleave where
// River's concurrent workers would, and no real time is ever slept.
type Clock struct {
	now    time.Time
	queue  events
	seq    uint64
	turn   chan struct{} // a task hands the turn back to the runner
	onMove func(time.Time)
	tasks  int // tasks started and not finished
}

// event is one thing due at a time. Events due at the same time run in
// the order they were added.
type event struct {
	at  time.Time
	seq uint64
	run func()
}

type events []*event

func (q events) Len() int { return len(q) }
func (q events) Less(i, j int) bool {
	if !q[i].at.Equal(q[j].at) {
		return q[i].at.Before(q[j].at)
	}
	return q[i].seq < q[j].seq
}
func (q events) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *events) Push(x any)   { *q = append(*q, x.(*event)) }
func (q *events) Pop() any {
	old := *q
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*q = old[:len(old)-1]
	return e
}

// NewClock returns a clock at start. onMove, when set, is called every time
// the clock moves forward, before the events of the new instant run (the
// fake malls' business clocks follow it).
func NewClock(start time.Time, onMove func(time.Time)) *Clock {
	return &Clock{now: start, turn: make(chan struct{}), onMove: onMove}
}

// Now returns the virtual time.
func (c *Clock) Now() time.Time { return c.now }

// At runs f at t (at once, after the events already due, when t is not
// after now). f runs on the runner: it must not Sleep.
func (c *Clock) At(t time.Time, f func()) {
	if t.Before(c.now) {
		t = c.now
	}
	c.seq++
	heap.Push(&c.queue, &event{at: t, seq: c.seq, run: f})
}

// Next returns when the next event is due, and false when none is.
func (c *Clock) Next() (time.Time, bool) {
	if len(c.queue) == 0 {
		return time.Time{}, false
	}
	return c.queue[0].at, true
}

// Step runs the next event, moving the clock to its time. It returns false
// when no event is left.
func (c *Clock) Step() bool {
	if len(c.queue) == 0 {
		return false
	}
	e := heap.Pop(&c.queue).(*event)
	if e.at.After(c.now) {
		c.now = e.at
		if c.onMove != nil {
			c.onMove(c.now)
		}
	}
	e.run()
	return true
}

// RunUntil runs every event due up to and including t, then moves the
// clock to t.
func (c *Clock) RunUntil(t time.Time) {
	for {
		at, ok := c.Next()
		if !ok || at.After(t) {
			break
		}
		c.Step()
	}
	if t.After(c.now) {
		c.now = t
		if c.onMove != nil {
			c.onMove(c.now)
		}
	}
}

// task is one coroutine's handle, carried in its context.
type task struct {
	wake chan struct{}
	// planAt is when the task last read a stock plan (the tracker's).
	planAt time.Time
}

type taskKey struct{}

// Go starts f as a task now: it runs on its own goroutine while the
// runner waits, until it sleeps or returns; done runs on the runner once f
// has returned. Go must be called from the runner (an event).
func (c *Clock) Go(ctx context.Context, f func(ctx context.Context), done func()) {
	t := &task{wake: make(chan struct{})}
	tctx := context.WithValue(ctx, taskKey{}, t)
	c.tasks++
	go func() {
		<-t.wake
		f(tctx)
		c.tasks--
		if done != nil {
			c.At(c.now, done)
		}
		c.turn <- struct{}{}
	}()
	c.resume(t)
}

// resume gives the turn to t and waits until t gives it back.
func (c *Clock) resume(t *task) {
	t.wake <- struct{}{}
	<-c.turn
}

// Sleep waits d of virtual time in the task that ctx belongs to: the
// runner goes on with the events due meanwhile, then wakes the task. It
// fails when ctx belongs to no task (a wait on the runner would stop the
// world) or is done.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	t, ok := ctx.Value(taskKey{}).(*task)
	if !ok {
		return fmt.Errorf("sim: Sleep(%v) outside a task", d)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if d <= 0 {
		return nil
	}
	c.At(c.now.Add(d), func() { c.resume(t) })
	c.turn <- struct{}{}
	<-t.wake
	return ctx.Err()
}

// Busy reports how many tasks have started and not finished.
func (c *Clock) Busy() int { return c.tasks }
