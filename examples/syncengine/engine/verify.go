package engine

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"github.com/mallkit/mallkit/stock"
)

// verifyEvery is how often, with Options.CheckShownBeforePush, the sweep
// reads what every mall shows for all its listings (one bulk read per
// channel).
const verifyEvery = 5 * time.Minute

// drift is a difference seen between what a mall shows and what the
// engine last confirmed for one listing.
type drift struct {
	at         time.Time
	shown, was int
}

// verifyShown repairs listings whose mall quantity drifted from the one
// the engine confirmed: an absolute push that landed just after a buyer
// ordered on that mall overwrote the mall's own decrement, and the poll
// then lowered the confirmed quantity by the order's units, so the engine
// believes the mall shows less than it does and never pushes again. Every
// verifyEvery it reads each channel's listings; a difference seen twice
// unchanged, with a poll of that channel completed between the two reads
// (so no unpolled order explains it), is drift: the engine records what
// the mall really shows, Plan lists the listing again, and the push that
// follows corrects the mall. It runs from Sweep and only with
// CheckShownBeforePush.
func (e *Engine) verifyShown(ctx context.Context) error {
	if !e.check.on {
		return nil
	}
	now := e.now()
	e.check.mu.Lock()
	due := now.Sub(e.check.verified) >= verifyEvery
	if due {
		e.check.verified = now
	}
	e.check.mu.Unlock()
	if !due {
		return nil
	}
	confirmed, err := e.state.Shown(ctx)
	if err != nil {
		return err
	}
	for _, name := range e.order {
		sh, ok := e.channels[name].(Shower)
		if !ok || e.channels[name].MaxPush() == 0 || len(confirmed[name]) == 0 {
			continue
		}
		items := make([]string, 0, len(confirmed[name]))
		for item := range confirmed[name] {
			items = append(items, item)
		}
		sort.Strings(items)
		shown, err := sh.Shown(ctx, items)
		if err != nil {
			return &TaskError{Task: "verify", Channel: name, Err: err}
		}
		polled, err := e.state.Watermark(ctx, name, orderWatermark)
		if err != nil {
			return err
		}
		fix := e.drifted(name, items, shown, confirmed[name], polled, now)
		if len(fix) == 0 {
			continue
		}
		if !e.txLedger {
			if err := e.ledger.Confirm(ctx, fix...); err != nil {
				return err
			}
		}
		err = e.inTx(ctx, func(tx *sql.Tx) error {
			if l := e.ledgerIn(tx); l != nil {
				if err := l.Confirm(ctx, fix...); err != nil {
					return err
				}
			}
			return setShown(ctx, tx, fix, now)
		})
		if err != nil {
			return err
		}
		e.metrics.add(name, func(c *ChannelMetrics) { c.Repaired += len(fix) })
		e.log.Warn("mall quantities drifted from the confirmed ones; pushing again", "channel", name, "listings", len(fix))
		if err := e.sched.Push(ctx, nil, name); err != nil {
			return err
		}
	}
	return nil
}

// drifted compares one channel's read with its confirmed quantities and
// returns the listings to record as the mall shows them.
func (e *Engine) drifted(channel string, items []string, shown, confirmed map[string]int, polled, now time.Time) []stock.Push {
	e.check.mu.Lock()
	defer e.check.mu.Unlock()
	if e.check.drifts == nil {
		e.check.drifts = map[string]drift{}
	}
	notified := e.check.notified[channel]
	var fix []stock.Push
	for _, item := range items {
		key := channel + "\x00" + item
		cur, read := shown[item]
		was := confirmed[item]
		if !read || cur == was {
			delete(e.check.drifts, key)
			continue
		}
		d, seen := e.check.drifts[key]
		if seen && d.shown == cur && d.was == was && polled.After(d.at) && !notified.After(d.at) {
			fix = append(fix, stock.Push{Channel: channel, Item: item, Units: cur})
			delete(e.check.drifts, key)
			continue
		}
		e.check.drifts[key] = drift{at: now, shown: cur, was: was}
	}
	return fix
}
