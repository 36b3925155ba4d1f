package engine

import (
	"context"
	"sync"
	"time"

	"github.com/mallkit/mallkit/stock"
)

// maxHold is the longest an item is held back by CheckShownBeforePush
// when the channel's polls keep failing.
const maxHold = 2 * time.Minute

// shownCheck is the state of Options.CheckShownBeforePush: since when each
// item ("<channel>\x00<item>") has been held back. It is kept in memory: a
// restart only holds an item once more.
type shownCheck struct {
	on    bool
	mu    sync.Mutex
	since map[string]time.Time
	// notified is when each channel last had an event notification
	// (Notified); a channel that sends them is not read before a push.
	notified map[string]time.Time
	// verified is when verifyShown last read the malls; drifts are the
	// differences it saw, by "<channel>\x00<item>".
	verified time.Time
	drifts   map[string]drift
}

// Notified records that the mall sent an event notification for channel
// (楽天's System Event Notification: an order, a cancel) and asks for the
// channel's poll at once. With CheckShownBeforePush, a channel that sends
// notifications is read before a push only while a notification is newer
// than its last completed poll (a sale may be waiting to be polled);
// otherwise it pushes without reading, saving a call of its rate budget.
func (e *Engine) Notified(ctx context.Context, channel string) error {
	e.check.mu.Lock()
	if e.check.notified == nil {
		e.check.notified = map[string]time.Time{}
	}
	e.check.notified[channel] = e.now()
	e.check.mu.Unlock()
	return e.sched.PollNow(ctx, channel)
}

// holdChanged reads what the mall shows for the batch's items (when the
// channel is a Shower and Options.CheckShownBeforePush is set) and holds
// back every item whose mall quantity differs from the one the engine last
// confirmed. Such a mall has changed it by itself: it sold units (or took
// back a cancel) that the engine has not polled yet. An absolute push
// computed without them would either repeat what the mall already shows (a
// no-op push) or, worse, overwrite the mall's own decrement and show units
// that are gone. A held item stays planned and the channel's poll is asked
// for at once: it records the mall's change (a poll lowers the confirmed
// quantity by a new order's units), and the push that follows sends the
// right quantity. An item still different after a poll that fetched
// orders since it was first held (or after maxHold) is sent: its
// difference has another cause (a push that landed while a buyer
// ordered), and the mall must be corrected.
func (e *Engine) holdChanged(ctx context.Context, channel string, ch Channel, batch []stock.Push) (send []stock.Push, held int, err error) {
	sh, ok := ch.(Shower)
	if !ok || !e.check.on || len(batch) == 0 {
		return batch, 0, nil
	}
	e.check.mu.Lock()
	notified, notifies := e.check.notified[channel]
	e.check.mu.Unlock()
	if notifies {
		polled, err := e.state.Watermark(ctx, channel, orderWatermark)
		if err != nil || polled.After(notified) {
			// No notification since the last poll fetched: no sale is
			// waiting to be polled, push without reading.
			return batch, 0, err
		}
	}
	items := make([]string, len(batch))
	for i, p := range batch {
		items[i] = p.Item
	}
	shown, err := sh.Shown(ctx, items)
	if err != nil {
		return nil, 0, &TaskError{Task: "push", Channel: channel, Err: err}
	}
	confirmed, err := e.state.Shown(ctx)
	if err != nil {
		return nil, 0, err
	}
	polled, err := e.state.Watermark(ctx, channel, orderWatermark)
	if err != nil {
		return nil, 0, err
	}
	now := e.now()
	e.check.mu.Lock()
	if e.check.since == nil {
		e.check.since = map[string]time.Time{}
	}
	for _, p := range batch {
		key := channel + "\x00" + p.Item
		cur, read := shown[p.Item]
		last, known := confirmed[channel][p.Item]
		since, wasHeld := e.check.since[key]
		if read && known && cur != last && (!wasHeld || (!polled.After(since) && now.Sub(since) < maxHold)) {
			if !wasHeld {
				e.check.since[key] = now
			}
			held++
			continue
		}
		delete(e.check.since, key)
		send = append(send, p)
	}
	e.check.mu.Unlock()
	if held > 0 {
		e.metrics.add(channel, func(c *ChannelMetrics) { c.Held += held })
		if err := e.sched.PollNow(ctx, channel); err != nil {
			return nil, 0, err
		}
	}
	return send, held, nil
}
