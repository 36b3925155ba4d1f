package engine

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/mallkit/mallkit/stock"
)

// PushPacer is a channel whose pushes share a small rate budget with its
// polls (Rakuten: one license key for everything): after a push, the next
// one to the channel waits PushPace, and the changes in between go out
// together.
type PushPacer interface {
	PushPace() time.Duration
}

// Pushable says whether channel takes stock pushes.
func (e *Engine) Pushable(channel string) bool {
	ch := e.channels[channel]
	return ch != nil && ch.MaxPush() > 0
}

// PushPace is how long the next push of channel waits after one that sent
// something (0: none).
func (e *Engine) PushPace(channel string) time.Duration {
	if p, ok := e.channels[channel].(PushPacer); ok {
		return p.PushPace()
	}
	return 0
}

// PushReport is what one push of a channel did.
type PushReport struct {
	Channel string
	Planned int // listings whose quantity differs from what the channel shows
	Sent    int // items sent in this call
	Pushed  int // items the mall accepted (confirmed in the ledger)
	Refused int // items the mall refused (still planned; retried later)
	// Held counts items not sent because a read found the mall had changed
	// them by itself since the last confirmation (sales not polled yet).
	Held int
	// More says planned items are left beyond this batch: the caller runs
	// the push again at once (River: JobSnooze(0)).
	More bool
}

// Push sends one batch of the channel's planned quantities (at most the
// mall's batch maximum, items closest to selling out first: when the rate
// budget is short they matter most), then confirms what the mall accepted.
// A refused row stays planned and is retried by a later push or sweep; the
// others go through. Quantities are absolute, so repeating a push after a
// crash is harmless.
func (e *Engine) Push(ctx context.Context, channel string) (PushReport, error) {
	rep := PushReport{Channel: channel}
	ch, ok := e.channels[channel]
	if !ok {
		return rep, fmt.Errorf("%w: %s", ErrUnknownChannel, channel)
	}
	if ch.MaxPush() == 0 {
		return rep, nil // the channel takes no stock pushes
	}
	if err := e.reconcile(ctx, channel, ch); err != nil {
		return rep, err
	}
	if wait, err := e.awaitPoll(ctx, channel); wait || err != nil {
		return rep, err
	}
	plan, err := e.ledger.Plan(ctx, channel)
	if err != nil {
		return rep, &TaskError{Task: "push", Channel: channel, Err: err}
	}
	held, read, err := e.readBeforePush(ctx, channel, ch, firstToPush(plan, ch.MaxPush()))
	if err != nil {
		return rep, err
	}
	if read > 0 {
		// Plan against what the mall was just read showing.
		if plan, err = e.ledger.Plan(ctx, channel); err != nil {
			return rep, &TaskError{Task: "push", Channel: channel, Err: err}
		}
	}
	rep.Planned = len(plan)
	rep.Held = len(held)
	plan = slices.DeleteFunc(plan, func(p stock.Push) bool { return held[p.Item] })
	batch := firstToPush(plan, ch.MaxPush())
	rep.More = len(batch) < len(plan)
	if len(batch) == 0 {
		return rep, nil
	}
	_, canRead := ch.(Shower)
	batch, later, err := e.markInFlight(ctx, batch, canRead)
	if err != nil {
		return rep, &TaskError{Task: "push", Channel: channel, Err: err}
	}
	rep.More = rep.More || len(later) > 0
	if len(batch) == 0 {
		return rep, nil
	}
	rep.Sent = len(batch)
	accepted, perr := ch.Push(ctx, batch)
	e.metrics.add(channel, func(c *ChannelMetrics) { c.PushCalls++ })
	if len(accepted) > 0 {
		if err := e.confirmPushed(ctx, accepted); err != nil {
			return rep, &TaskError{Task: "push", Channel: channel, Err: err}
		}
	}
	rep.Pushed = len(accepted)
	rep.Refused = len(batch) - len(accepted)
	e.metrics.add(channel, func(c *ChannelMetrics) {
		c.Pushed += rep.Pushed
		c.Refused += rep.Refused
	})
	if perr != nil && len(accepted) == 0 {
		e.metrics.add(channel, func(c *ChannelMetrics) { c.Failed++ })
		return rep, &TaskError{Task: "push", Channel: channel, Err: perr}
	}
	if perr != nil {
		e.log.Warn("push refused rows", "channel", channel, "refused", rep.Refused, "err", perr)
	}
	e.log.Info("push", "channel", channel, "planned", rep.Planned, "pushed", rep.Pushed, "refused", rep.Refused, "more", rep.More)
	return rep, nil
}

// firstToPush sorts plan, items closest to selling out first, and returns
// the first batch of at most max items.
func firstToPush(plan []stock.Push, max int) []stock.Push {
	sort.SliceStable(plan, func(i, j int) bool {
		if plan[i].Units != plan[j].Units {
			return plan[i].Units < plan[j].Units
		}
		return plan[i].Item < plan[j].Item
	})
	return plan[:min(len(plan), max)]
}

// markInFlight records, before a batch is sent, that what the mall shows
// for its items is unknown until the mall answers: the ledger forgets their
// confirmed quantities (Plan lists them again) and the engine its shown
// rows (no guess is made from them), and each item's window opens (see
// shownWindow). A process killed after the mall took the push but before
// confirmPushed thus pushes the items again after its restart instead of
// trusting a quantity the mall no longer shows.
//
// Where the channel can read its mall (canRead), an item a poll marked for
// a recheck after this push read the mall is left out and returned in
// later: pushing it blind could repeat what the mall shows; the next push
// reads it first.
func (e *Engine) markInFlight(ctx context.Context, batch []stock.Push, canRead bool) (send, later []stock.Push, err error) {
	if !e.txLedger {
		e.shownMu.Lock()
		defer e.shownMu.Unlock()
	}
	err = e.inTx(ctx, func(tx *sql.Tx) error {
		send, later = nil, nil
		// The window rows first, as a poll's guess locks them: the same
		// order of locks on PostgreSQL, so the two seldom deadlock.
		for _, p := range byItem(batch) {
			if canRead {
				w, err := e.state.windowIn(ctx, tx, p.Channel, p.Item)
				if err != nil {
					return err
				}
				if w.recheck && !w.inFlight {
					later = append(later, p)
					continue
				}
			}
			send = append(send, p)
		}
		if err := forgetShown(ctx, tx, send); err != nil {
			return err
		}
		if err := markSent(ctx, tx, send, e.now()); err != nil {
			return err
		}
		if l := e.ledgerIn(tx); l != nil {
			return l.Unconfirm(ctx, send...)
		}
		return nil
	})
	if err == nil && !e.txLedger {
		err = e.ledger.Unconfirm(ctx, send...)
	}
	return send, later, err
}

// confirmPushed records what the mall accepted as shown. A listing that a
// sale stamped while the push was in flight marked for a recheck stays
// unconfirmed in the ledger: the mall may show the pushed quantity or one
// lowered by that sale, and the next push reads it first.
func (e *Engine) confirmPushed(ctx context.Context, accepted []stock.Push) error {
	if !e.txLedger {
		e.shownMu.Lock()
		defer e.shownMu.Unlock()
		if err := e.ledger.Confirm(ctx, accepted...); err != nil {
			return err
		}
	}
	var recheck []stock.Push
	err := e.inTx(ctx, func(tx *sql.Tx) error {
		if err := setShown(ctx, tx, accepted, e.now()); err != nil {
			return err
		}
		var err error
		_, canRead := e.channels[accepted[0].Channel].(Shower)
		if recheck, err = markAnswered(ctx, tx, accepted, canRead); err != nil {
			return err
		}
		if l := e.ledgerIn(tx); l != nil {
			if err := l.Confirm(ctx, accepted...); err != nil {
				return err
			}
			return l.Unconfirm(ctx, recheck...)
		}
		return nil
	})
	if err == nil && !e.txLedger {
		err = e.ledger.Unconfirm(ctx, recheck...)
	}
	return err
}

// Sweep applies the quotas of the sale windows active now (see
// SaleWindow), then asks for a push of every channel that has planned
// quantities left (after a crash, a refused row, a change that arrived
// while that channel's push was running, or a sale starting or ending). It
// returns those channels.
func (e *Engine) Sweep(ctx context.Context) ([]string, error) {
	if err := e.applySale(ctx, e.now()); err != nil {
		return nil, &TaskError{Task: "sweep", Err: err}
	}
	if err := e.verifyShown(ctx); err != nil {
		e.log.Warn("verify shown quantities", "err", err)
	}
	plan, err := e.ledger.Plan(ctx, e.order...)
	if err != nil {
		return nil, &TaskError{Task: "sweep", Err: err}
	}
	seen := map[string]bool{}
	var chans []string
	for _, p := range plan {
		if ch := e.channels[p.Channel]; !seen[p.Channel] && ch != nil && ch.MaxPush() > 0 {
			seen[p.Channel] = true
			chans = append(chans, p.Channel)
		}
	}
	sort.Strings(chans)
	if len(chans) == 0 {
		return nil, nil
	}
	if err := e.sched.Push(ctx, nil, chans...); err != nil {
		return nil, &TaskError{Task: "sweep", Err: err}
	}
	return chans, nil
}

// confirmedBy splits pushes by whether failed(key) says the mall refused
// them.
func confirmedBy(ps []stock.Push, failed func(item string) bool) []stock.Push {
	var ok []stock.Push
	for _, p := range ps {
		if !failed(p.Item) {
			ok = append(ok, p)
		}
	}
	return ok
}
