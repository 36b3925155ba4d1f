package engine

import (
	"context"
	"time"
)

// awaitPoll says whether a push of channel waits for the channel's poll:
// the mall sent an event notification (a sale, a cancel) after the last
// poll started, so the mall has changed quantities the engine has not
// applied yet, and an absolute push computed now would repeat or overwrite
// them. The notification already asked for the poll at once; the poll,
// when it completes, asks for the push again (pollDone), which then goes
// out without waiting again. Without the read
// of CheckShownBeforePush this costs no call of the rate budget, only the
// poll's time. A push waits at most maxHold, so failing polls do not stop
// pushes.
func (e *Engine) awaitPoll(ctx context.Context, channel string) (bool, error) {
	if e.check.on {
		return false, nil // the push reads the mall instead
	}
	if pending, err := e.notificationPending(ctx, channel); err != nil || !pending {
		return false, err
	}
	now := e.now()
	e.check.mu.Lock()
	defer e.check.mu.Unlock()
	if e.check.awaiting == nil {
		e.check.awaiting, e.check.released = map[string]time.Time{}, map[string]bool{}
	}
	if e.check.released[channel] {
		// A poll completed since this push first waited: in a flash sale a
		// new notification is always pending, and waiting again would
		// starve the push.
		delete(e.check.released, channel)
		return false, nil
	}
	since, waiting := e.check.awaiting[channel]
	if !waiting {
		e.check.awaiting[channel] = now
		return true, nil
	}
	return now.Sub(since) < maxHold, nil
}

// notificationPending says whether channel had an event notification
// (Notified) since its last poll started: a sale may be waiting to be
// polled.
func (e *Engine) notificationPending(ctx context.Context, channel string) (bool, error) {
	e.check.mu.Lock()
	notified, notifies := e.check.notified[channel]
	e.check.mu.Unlock()
	if !notifies {
		return false, nil
	}
	polled, err := e.state.Watermark(ctx, channel, orderWatermark)
	return err == nil && !polled.After(notified), err
}

// pollDone asks for the push that waited for this poll of channel.
func (e *Engine) pollDone(ctx context.Context, channel string) error {
	e.check.mu.Lock()
	_, waiting := e.check.awaiting[channel]
	if waiting {
		delete(e.check.awaiting, channel)
		e.check.released[channel] = true
	}
	e.check.mu.Unlock()
	if !waiting {
		return nil
	}
	return e.sched.Push(ctx, nil, channel)
}
