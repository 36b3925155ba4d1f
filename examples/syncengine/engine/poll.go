package engine

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/mallkit/mallkit/stock"
)

// PollReport is what one poll of a channel did.
type PollReport struct {
	Channel   string
	Seen      int // orders the fetch returned
	New       int // first states applied
	Changed   int // later states applied (cancels, shipments, edits)
	Unchanged int // states already recorded, not applied again
	Imported  int // orders confirmed on the mall
	Unmatched int // lines without a listing
	Watermark time.Time
	// More says orders are left that this poll did not read (FetchResult.More).
	More bool
}

// importEvery spaces the import calls of a channel: importing is not
// urgent (stock is allocated at once), and one call confirms many orders.
const importEvery = 15 * time.Second

// importDue says whether channel may import now, and if so notes it.
func (e *Engine) importDue(channel string, now time.Time) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if now.Before(e.lastImport[channel].Add(importEvery)) {
		return false
	}
	e.lastImport[channel] = now
	return true
}

// maxImportsPerPoll bounds the orders one poll imports, so that a backlog
// of confirmations never holds the channel's poll for long; the rest are
// imported by the next polls.
const maxImportsPerPoll = 100

// ImportCapper is a channel whose import costs one call per order
// (Yahoo's mark-seen): MaxImport bounds the orders one poll imports.
type ImportCapper interface {
	MaxImport() int
}

func importCap(ch Channel) int {
	if c, ok := ch.(ImportCapper); ok {
		return c.MaxImport()
	}
	return maxImportsPerPoll
}

// orderWatermark names the watermark of a channel's order fetch.
const orderWatermark = "orders"

// Poll fetches the orders of channel that are new or changed since its
// watermark, applies each to the ledger, records it, asks for pushes of
// the channels whose quantities it changed, imports the orders that pass
// the import rules, and only then moves the watermark. Every step is
// idempotent: a poll repeated after a crash at any point reapplies states
// the ledger already has (no effect) and moves the watermark again.
func (e *Engine) Poll(ctx context.Context, channel string) (PollReport, error) {
	rep := PollReport{Channel: channel}
	ch, ok := e.channels[channel]
	if !ok {
		return rep, fmt.Errorf("%w: %s", ErrUnknownChannel, channel)
	}
	now := e.now()
	wm, err := e.state.Watermark(ctx, channel, orderWatermark)
	if err != nil {
		return rep, err
	}
	since := now.Add(-e.rules.FirstStart)
	if !wm.IsZero() {
		since = wm.Add(-e.rules.Overlap)
	}
	// Open orders are loaded; any other order is looked up when the fetch
	// asks, so a poll's cost follows the open orders, not the history.
	open, err := e.state.Orders(ctx, channel, stock.OrderOpen)
	if err != nil {
		return rep, err
	}
	known := make(map[string]KnownOrder, len(open))
	for _, k := range open {
		known[k.Number] = k
	}
	var lookupErr error
	lookup := func(n string) (KnownOrder, bool) {
		if k, ok := known[n]; ok {
			return k, true
		}
		k, ok, err := e.state.Order(ctx, channel, n)
		if err != nil {
			lookupErr = err
		}
		if ok {
			known[n] = k
		}
		return k, ok
	}
	res, err := ch.Fetch(ctx, FetchRequest{Since: since, Now: now, Open: open, Known: lookup})
	if err == nil {
		err = lookupErr
	}
	e.metrics.add(channel, func(c *ChannelMetrics) { c.Polls++ })
	if err != nil {
		e.metrics.add(channel, func(c *ChannelMetrics) { c.Failed++ })
		return rep, &TaskError{Task: "poll", Channel: channel, Err: err}
	}
	rep.Seen = len(res.Orders)
	rep.More = res.More
	var toImport []RemoteOrder
	for _, o := range res.Orders {
		k, had := lookup(o.Number)
		if lookupErr != nil {
			return rep, &TaskError{Task: "poll", Channel: channel, Order: o.Number, Err: lookupErr}
		}
		if had && k.Version == o.Version && k.Status == o.Status {
			rep.Unchanged++
		} else {
			if err := e.applyOrder(ctx, channel, o, k, had, &rep); err != nil {
				return rep, err
			}
		}
		if o.Status == stock.OrderOpen && o.Importable && !o.Imported && !(had && k.Imported) {
			toImport = append(toImport, o)
		}
	}
	if n := importCap(ch); len(toImport) > n {
		toImport = toImport[:n]
	}
	if len(toImport) > 0 && e.rules.AutoConfirm && e.importDue(channel, now) {
		accepted, err := ch.Import(ctx, toImport)
		for _, n := range accepted {
			if err := e.state.setOrderFlag(ctx, e.state.db, "imported", channel, n, 1); err != nil {
				return rep, err
			}
		}
		rep.Imported = len(accepted)
		if err != nil {
			e.log.Warn("import refused", "channel", channel, "err", err)
		}
	}
	if !res.Watermark.IsZero() && res.Watermark.After(wm) {
		if err := e.state.SetWatermark(ctx, channel, orderWatermark, res.Watermark); err != nil {
			return rep, err
		}
		rep.Watermark = res.Watermark
		if err := e.pollDone(ctx, channel); err != nil {
			return rep, err
		}
	}
	e.metrics.add(channel, func(c *ChannelMetrics) {
		c.OrdersSeen += rep.Seen
		c.OrdersNew += rep.New
		c.OrdersChanged += rep.Changed
		c.Unchanged += rep.Unchanged
		c.Imported += rep.Imported
	})
	e.log.Info("poll", "channel", channel, "seen", rep.Seen, "new", rep.New, "changed", rep.Changed,
		"unchanged", rep.Unchanged, "imported", rep.Imported, "unmatched", rep.Unmatched)
	return rep, nil
}

// applyOrder makes the ledger agree with one order state, records the
// state and asks for the pushes it makes necessary, in that order: the
// ledger is idempotent, so a crash between the two steps only applies the
// same state again on the next poll.
func (e *Engine) applyOrder(ctx context.Context, channel string, o RemoteOrder, k KnownOrder, had bool, rep *PollReport) error {
	var unmatched []string
	so := stock.Order{Channel: channel, Number: o.Number, Status: o.Status, Updated: o.Updated, Lines: o.Lines}
	apply := func(l Ledger) error {
		err := l.ApplyOrder(ctx, so)
		if um, ok := asUnmatched(err); ok {
			unmatched = um.Items
			return nil
		}
		return err
	}
	if !e.txLedger {
		if err := apply(e.ledger); err != nil {
			return &TaskError{Task: "poll", Channel: channel, Order: o.Number, Err: err}
		}
		// The guess below and its Confirm must not interleave with a push
		// confirming the same items (see shownMu).
		e.shownMu.Lock()
		defer e.shownMu.Unlock()
	}
	now := e.now()
	var guessed, recheck, unknown []stock.Push
	err := e.inTx(ctx, func(tx *sql.Tx) error {
		l := e.ledgerIn(tx)
		if l != nil {
			if err := apply(l); err != nil {
				return err
			}
		}
		// Read in the transaction that writes the guess: a push confirmed
		// meanwhile is then either seen or waits for this transaction.
		var err error
		if guessed, recheck, unknown, err = e.mallShown(ctx, tx, channel, o, k, had); err != nil {
			return err
		}
		if err := setShown(ctx, tx, guessed, now); err != nil {
			return err
		}
		if err := markRecheck(ctx, tx, recheck, now); err != nil {
			return err
		}
		if l != nil {
			if err := l.Confirm(ctx, guessed...); err != nil {
				return err
			}
			if err := l.Unconfirm(ctx, append(recheck, unknown...)...); err != nil {
				return err
			}
		}
		if err := putOrder(ctx, tx, channel, o, unmatched, now); err != nil {
			return err
		}
		return e.sched.Push(ctx, tx, e.channelsSharing(channel, o, k)...)
	})
	if err == nil && !e.txLedger {
		// A ledger outside the state's database (memory, in a simulation)
		// follows the state once it is committed.
		if err = e.ledger.Unconfirm(ctx, append(recheck, unknown...)...); err == nil {
			err = e.ledger.Confirm(ctx, guessed...)
		}
	}
	if err != nil {
		return &TaskError{Task: "poll", Channel: channel, Order: o.Number, Err: err}
	}
	rep.Unmatched += len(unmatched)
	if had {
		rep.Changed++
	} else {
		rep.New++
	}
	if e.onApplied != nil {
		e.onApplied(channel, o, now)
	}
	return nil
}

// mallShown works out, in tx, what the order's own mall shows after this
// state: a mall lowers its shown quantity when it sells and raises it again
// on a cancel that restocks (RemoteOrder.Restocked), so the ledger's
// confirmed quantity follows, and no push is sent to set a quantity the
// mall already shows. Each sale or cancel is placed against the listing's
// last write (shownWindow.momentOf): one after it changes the confirmed
// quantity (guessed); one before it changes nothing, since the push
// overwrote it or the read counted it; one in the window leaves the mall
// showing either quantity (recheck): the listing is unconfirmed, so that
// the plan pushes it, and marked, so that the push reads the mall first
// and sends nothing when the mall already shows the plan. A listing never
// confirmed is left alone: the plan pushes its absolute quantity anyway.
func (e *Engine) mallShown(ctx context.Context, tx *sql.Tx, channel string, o RemoteOrder, k KnownOrder, had bool) (guessed, recheck, unknown []stock.Push, err error) {
	_, canRead := e.channels[channel].(Shower)
	type change struct {
		at    time.Time // when the mall changed its quantity itself; zero: unknown
		delta map[string]int
	}
	var changes []change
	if !had {
		// The engine first sees this order: the mall sold its units when
		// it was placed.
		sold := map[string]int{}
		for item, n := range o.units() {
			sold[item] = -n
		}
		changes = append(changes, change{o.Placed, sold})
	}
	if o.Status == stock.OrderCanceled && (!had || k.Status == stock.OrderOpen) {
		changes = append(changes, change{o.Canceled, lineUnits(o.Restocked)})
	}
	items := map[string]bool{}
	for _, c := range changes {
		for item, n := range c.delta {
			items[item] = items[item] || n != 0
		}
	}
	// Sorted, so that processes lock the shown rows in one order.
	for _, item := range slices.Sorted(maps.Keys(items)) {
		if !items[item] {
			continue
		}
		cur, at, ok, err := e.state.shownIn(ctx, tx, channel, item)
		if err != nil {
			return nil, nil, nil, err
		}
		w, err := e.state.windowIn(ctx, tx, channel, item)
		if err != nil {
			return nil, nil, nil, err
		}
		if !ok && !w.inFlight {
			continue
		}
		delta, unsure := 0, false
		for _, c := range changes {
			switch w.momentOf(c.at, at, e.clockSkew) {
			case saleAfter:
				delta += c.delta[item]
			case saleInWindow:
				unsure = unsure || c.delta[item] != 0
			}
		}
		p := stock.Push{Channel: channel, Item: item, Units: max(0, cur+delta)}
		switch {
		case unsure && !canRead && !w.inFlight:
			unknown = append(unknown, p)
		case unsure:
			recheck = append(recheck, p)
		case ok && delta != 0:
			guessed = append(guessed, p)
		}
	}
	return guessed, recheck, unknown, nil
}

// channelsSharing lists every sales channel with a listing that uses a SKU
// of the order's items (the old and the new lines).
func (e *Engine) channelsSharing(channel string, o RemoteOrder, k KnownOrder) []string {
	skus := map[string]bool{}
	for _, l := range slices.Concat(o.Lines, k.Lines) {
		for _, sku := range e.skus.skusOf(channel, l.Item) {
			skus[sku] = true
		}
	}
	return e.channelsUsing(skus)
}

// channelsUsing lists, sorted, the sales channels with a listing using
// any of skus.
func (e *Engine) channelsUsing(skus map[string]bool) []string { return e.skus.channelsUsing(skus) }

// TaskError is a task that failed for one channel (and order or file, when
// one is to blame). Other channels are not affected.
type TaskError struct {
	Task, Channel string
	Order, File   string
	Err           error
}

func (e *TaskError) Error() string {
	s := "engine: " + e.Task + " " + e.Channel
	if e.Order != "" {
		s += " order " + e.Order
	}
	if e.File != "" {
		s += " file " + e.File
	}
	return s + ": " + e.Err.Error()
}

func (e *TaskError) Unwrap() error { return e.Err }
