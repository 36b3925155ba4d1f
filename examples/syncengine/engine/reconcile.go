package engine

import (
	"context"
	"database/sql"

	"github.com/mallkit/mallkit/stock"
)

// Shower is a channel that can read the quantities its mall shows. The
// engine reads them once, before its first push to the channel, so that it
// sends only what differs (a push of the quantity a mall already shows is a
// wasted call of the rate budget).
type Shower interface {
	Shown(ctx context.Context, items []string) (map[string]int, error)
}

// reconciledWatermark marks a channel whose shown quantities were read.
const reconciledWatermark = "reconciled"

// reconcile records, for the listings of channel never confirmed, what the
// mall shows now. It runs once per channel (and again after a crash before
// it finished: reading is harmless).
func (e *Engine) reconcile(ctx context.Context, channel string, ch Channel) error {
	sh, ok := ch.(Shower)
	if !ok {
		return nil
	}
	done, err := e.state.Watermark(ctx, channel, reconciledWatermark)
	if err != nil || !done.IsZero() {
		return err
	}
	plan, err := e.ledger.Plan(ctx, channel)
	if err != nil {
		return err
	}
	known, err := e.state.ShownFor(ctx, channel)
	if err != nil {
		return err
	}
	var items []string
	for _, p := range plan {
		if _, ok := known[p.Item]; !ok {
			items = append(items, p.Item)
		}
	}
	if len(items) > 0 {
		shown, err := sh.Shown(ctx, items)
		if err != nil {
			return &TaskError{Task: "reconcile", Channel: channel, Err: err}
		}
		ps := make([]stock.Push, 0, len(shown))
		for item, n := range shown {
			ps = append(ps, stock.Push{Channel: channel, Item: item, Units: n})
		}
		if len(ps) > 0 {
			if !e.txLedger {
				if err := e.ledger.Confirm(ctx, ps...); err != nil {
					return err
				}
			}
			err := e.inTx(ctx, func(tx *sql.Tx) error {
				if l := e.ledgerIn(tx); l != nil {
					if err := l.Confirm(ctx, ps...); err != nil {
						return err
					}
				}
				return setShown(ctx, tx, ps, e.now())
			})
			if err != nil {
				return err
			}
		}
	}
	return e.state.SetWatermark(ctx, channel, reconciledWatermark, e.now())
}
