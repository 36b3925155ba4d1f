package engine

import (
	"context"
	"database/sql"
	"sync"
	"time"

	"github.com/mallkit/mallkit/stock"
)

// maxHold is the longest an item (or a channel's push) is held back
// waiting for a poll when the channel's polls keep failing.
const maxHold = 2 * time.Minute

// shownCheck is what the engine keeps in memory to learn what a mall shows
// before pushing to it: whether Options.CheckShownBeforePush is on, since
// when each item ("<channel>\x00<item>") has been held back, the
// notifications, the drift checks and the pushes waiting for a poll. A
// restart only holds an item, or waits for a poll, once more.
type shownCheck struct {
	on    bool
	mu    sync.Mutex
	since map[string]time.Time
	// notified is when each channel last had an event notification
	// (Notified): a push waits for the poll it asked for (awaitPoll), or,
	// with CheckShownBeforePush, reads the mall while one is pending.
	notified map[string]time.Time
	// verified is when verifyShown last read the malls; drifts are the
	// differences it saw, by "<channel>\x00<item>".
	verified time.Time
	drifts   map[string]drift
	// awaiting is since when a push of each channel waits for its poll,
	// released the channels whose poll completed since (awaitPoll).
	awaiting map[string]time.Time
	released map[string]bool
}

// Notified records that the mall sent an event notification for channel
// (楽天's System Event Notification: an order, a cancel) and asks for the
// channel's poll at once (or, when the poll is running, again as soon as
// it ends: PollAgain). While a notification is newer than the
// channel's last poll (a sale may be waiting to be polled), a push to the
// channel waits for that poll (awaitPoll), or, with CheckShownBeforePush,
// reads the mall first; otherwise it pushes without reading, saving a call
// of its rate budget.
func (e *Engine) Notified(ctx context.Context, channel string) error {
	e.check.mu.Lock()
	if e.check.notified == nil {
		e.check.notified = map[string]time.Time{}
	}
	now := e.now()
	e.check.notified[channel] = now
	e.check.mu.Unlock()
	if err := e.state.SetWatermark(ctx, channel, notifiedWatermark, now); err != nil {
		return err
	}
	return e.sched.PollNow(ctx, channel)
}

// readBeforePush reads what the mall shows for some items of the batch
// (when the channel is a Shower) and records it: the items a sale in a
// push's window left unknown (recheck), and every item of the batch for a
// channel with a separate read budget or with
// Options.CheckShownBeforePush (see readAllBeforePush). A read is
// recorded as confirmed, so the plan read after it leaves out every item
// the mall already shows: no push repeats a quantity the mall shows.
//
// An item the mall changed by itself since the engine last confirmed it,
// to a quantity other than the plan's, has sold units, or taken back a
// cancel, that the engine has not polled yet; an absolute push computed
// without them would overwrite the mall's own decrement and show units
// that are gone. Such an item is held: it stays planned and the channel's
// poll is asked for at once; the push that follows the poll sends the
// right quantity. An item still held after a poll that fetched orders
// since it was first held (or after maxHold) is sent: its difference has
// another cause (a push that landed while a buyer ordered), and the mall
// must be corrected.
func (e *Engine) readBeforePush(ctx context.Context, channel string, ch Channel, batch []stock.Push) (held map[string]bool, read int, err error) {
	sh, ok := ch.(Shower)
	if !ok || len(batch) == 0 {
		return nil, 0, nil
	}
	rechecks, err := e.state.Rechecks(ctx, channel)
	if err != nil {
		return nil, 0, err
	}
	all, err := e.readAllBeforePush(ctx, channel, ch)
	if err != nil {
		return nil, 0, err
	}
	var items []string
	planned := make(map[string]int, len(batch))
	for _, p := range batch {
		if all || rechecks[p.Item] {
			items = append(items, p.Item)
			planned[p.Item] = p.Units
		}
	}
	if len(items) == 0 {
		return nil, 0, nil
	}
	confirmed, err := e.state.ShownFor(ctx, channel)
	if err != nil {
		return nil, 0, err
	}
	sent := e.now()
	shown, err := sh.Shown(ctx, items)
	if err != nil {
		return nil, 0, &TaskError{Task: "push", Channel: channel, Err: err}
	}
	polled, err := e.state.Watermark(ctx, channel, orderWatermark)
	if err != nil {
		return nil, 0, err
	}
	now := e.now()
	var record, unread []stock.Push
	e.check.mu.Lock()
	if e.check.since == nil {
		e.check.since = map[string]time.Time{}
	}
	for _, item := range items {
		cur, ok := shown[item]
		if !ok {
			unread = append(unread, stock.Push{Channel: channel, Item: item})
			continue
		}
		record = append(record, stock.Push{Channel: channel, Item: item, Units: cur})
		key := channel + "\x00" + item
		last, known := confirmed[item]
		since, wasHeld := e.check.since[key]
		if !rechecks[item] && known && cur != last && cur != planned[item] && (!wasHeld || (!polled.After(since) && now.Sub(since) < maxHold)) {
			if !wasHeld {
				e.check.since[key] = now
			}
			if held == nil {
				held = map[string]bool{}
			}
			held[item] = true
			continue
		}
		delete(e.check.since, key)
	}
	e.check.mu.Unlock()
	if err := e.recordRead(ctx, record, unread, sent, now); err != nil {
		return nil, 0, &TaskError{Task: "push", Channel: channel, Err: err}
	}
	if len(held) > 0 {
		e.metrics.add(channel, func(c *ChannelMetrics) { c.Held += len(held) })
		if err := e.sched.PollNow(ctx, channel); err != nil {
			return nil, 0, err
		}
	}
	return held, len(record), nil
}

// SeparateReadBudget is a Shower whose reads have a rate budget of their
// own (Yahoo: one query a second per URL). The engine reads such a channel
// before every push: the read costs no push or poll, leaves out every row
// the mall already shows, and finds sales not polled yet (it holds those
// items and polls at once).
type SeparateReadBudget interface {
	SeparateReadBudget() bool
}

// readAllBeforePush says whether a push of ch reads every item of its batch
// first: a channel with a separate read budget always; with
// Options.CheckShownBeforePush every channel, except one that sends
// notifications and had none since its last completed poll (no sale is
// waiting to be polled, so the read would only spend its rate budget).
func (e *Engine) readAllBeforePush(ctx context.Context, channel string, ch Channel) (bool, error) {
	if s, ok := ch.(SeparateReadBudget); ok && s.SeparateReadBudget() {
		return true, nil
	}
	if !e.check.on {
		return false, nil
	}
	e.check.mu.Lock()
	_, notifies := e.check.notified[channel]
	e.check.mu.Unlock()
	if !notifies {
		return true, nil
	}
	return e.notificationPending(ctx, channel)
}

// recordRead records what a read sent at sent and answered at answered
// found the mall showing (ps), as confirmed quantities. The mall did not
// say what it shows for unread (no such listing on it yet): their recheck
// is dropped, so they are pushed once more, blind.
func (e *Engine) recordRead(ctx context.Context, ps, unread []stock.Push, sent, answered time.Time) error {
	if len(ps) == 0 && len(unread) == 0 {
		return nil
	}
	if !e.txLedger {
		e.shownMu.Lock()
		defer e.shownMu.Unlock()
		if err := e.ledger.Confirm(ctx, ps...); err != nil {
			return err
		}
	}
	return e.inTx(ctx, func(tx *sql.Tx) error {
		if err := setShown(ctx, tx, ps, answered); err != nil {
			return err
		}
		if err := markRead(ctx, tx, ps, sent); err != nil {
			return err
		}
		if err := clearRecheck(ctx, tx, unread); err != nil {
			return err
		}
		if l := e.ledgerIn(tx); l != nil {
			return l.Confirm(ctx, ps...)
		}
		return nil
	})
}
