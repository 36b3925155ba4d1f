package stock

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/mallkit/mallkit/internal/jst"
)

// MinRetention is the shortest time a closed order's key is kept: malls re-deliver orders for a
// week or more, and a forgotten key would let a late re-delivery allocate again.
const MinRetention = 90 * 24 * time.Hour

// Ledger is the allocation ledger (在庫引当) over a Store. A Ledger is safe for concurrent use.
//
// Every write (ApplyOrder, ApplyOrders, SetOnHand, PutListings, Confirm) is one short
// transaction of the store, or runs inside the caller's transaction on a Ledger from WithTx.
type Ledger struct {
	store     Store
	tx        *sql.Tx // the caller's transaction, when joined
	joined    bool
	now       func() time.Time
	retention time.Duration
	scratch   *sync.Pool // of *scratch
}

// Option configures Open.
type Option func(*Ledger) error

// WithClock sets the clock of the ledger's own timestamps (history entries, when an order
// closed, the time of a shipment whose Order.Updated is zero). Default time.Now.
func WithClock(now func() time.Time) Option {
	return func(l *Ledger) error {
		if now == nil {
			return &InputError{Key: "option", Field: "WithClock", Reason: "nil clock"}
		}
		l.now = now
		return nil
	}
}

// WithRetention sets how long PruneOrders keeps a closed order's key; at least MinRetention,
// which is the default.
func WithRetention(d time.Duration) Option {
	return func(l *Ledger) error {
		if d < MinRetention {
			return &InputError{Key: "option", Field: "WithRetention", Reason: fmt.Sprintf("%v is shorter than the minimum %v", d, MinRetention)}
		}
		l.retention = d
		return nil
	}
}

// Open returns a Ledger over s.
func Open(ctx context.Context, s Store, opts ...Option) (*Ledger, error) {
	if s == nil {
		return nil, &InputError{Key: "store", Field: "s", Reason: "nil store"}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	l := &Ledger{store: s, now: time.Now, retention: MinRetention,
		scratch: &sync.Pool{New: func() any { return new(scratch) }}}
	for _, o := range opts {
		if err := o(l); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// WithTx returns a Ledger whose methods all work inside tx, a transaction the caller began on the
// SQL store's own *sql.DB, and never commit or roll it back: the caller commits the ledger's changes
// together with its own rows (a poller's watermark, a River job inserted with InsertTx), so a
// watermark moves only after what it covers is committed.
//
// Keep tx short and never call a mall inside it. While tx is open do not call the original
// Ledger on SQLite: with SetMaxOpenConns(1) it would wait for the connection tx holds. On
// PostgreSQL a serialization failure or deadlock (SQLSTATE 40001, 40P01) aborts tx and is
// returned as is: roll back and run the whole transaction again. The methods of a Ledger from
// WithTx on the memory store return ErrTxUnsupported.
func (l *Ledger) WithTx(tx *sql.Tx) *Ledger {
	c := *l
	c.tx, c.joined = tx, true
	return &c
}

func (l *Ledger) update(ctx context.Context, fn func(txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !l.joined {
		return l.store.update(ctx, fn)
	}
	t, _, err := l.store.join(l.tx)
	if err != nil {
		return err
	}
	return fn(t)
}

func (l *Ledger) reader() (reader, error) {
	if !l.joined {
		return l.store.read(), nil
	}
	_, r, err := l.store.join(l.tx)
	return r, err
}

// query runs q on the ledger's reader: the store's own, or the one inside the joined transaction.
func query[T any](l *Ledger, q func(reader) (T, error)) (T, error) {
	r, err := l.reader()
	if err != nil {
		var zero T
		return zero, err
	}
	return q(r)
}

// PutListings adds or replaces listings by (Channel, Item), in one transaction. Lines of orders
// that were unmatched for one of them allocate now (open orders) or consume on hand (shipped
// orders), once. Replacing a listing's parts does not move what existing orders allocated until
// such an order is applied again.
func (l *Ledger) PutListings(ctx context.Context, ls ...Listing) error {
	seen := make(map[listingKey]int, len(ls))
	cp := make([]Listing, len(ls))
	for i, x := range ls {
		if err := x.validate(); err != nil {
			return err
		}
		if j, dup := seen[x.key()]; dup {
			return &InputError{Key: "listing " + x.Channel + " " + x.Item, Field: fmt.Sprintf("ls[%d]", i), Reason: fmt.Sprintf("repeats ls[%d]", j)}
		}
		seen[x.key()] = i
		cp[i] = x.clone()
	}
	if len(cp) == 0 {
		return nil
	}
	return l.update(ctx, func(t txn) error { return putListings(ctx, t, l.clock(), cp) })
}

// SetOnHand records a physical count taken at asOf (棚卸, a master's stock file). Units of orders
// still unshipped at asOf are part of that count; shipments the ledger records with a time after
// asOf are deducted from it again. A count older than the last one recorded for sku is ignored.
// A zero asOf means now.
func (l *Ledger) SetOnHand(ctx context.Context, sku string, units int, asOf time.Time) error {
	if err := validCount(sku, units); err != nil {
		return err
	}
	now := l.clock()
	if asOf.IsZero() {
		asOf = now
	}
	asOf = asOf.Round(0)
	return l.update(ctx, func(t txn) error { return setOnHand(ctx, t, now, sku, units, asOf) })
}

// ApplyOrder makes the ledger agree with the order's current state. It is idempotent: applying the
// same state again changes nothing; a changed line applies only the difference; OrderCanceled
// releases; OrderShipped consumes (on-hand and allocation both drop). An equal Updated applies. A state whose Updated is older than the
// one recorded for that order is ignored. Lines whose Item has no listing are kept as unmatched and
// reported in a *UnmatchedError (errors.As) while the other lines apply; applying the order again
// after PutListings allocates them, once.
//
// Canceled and shipped are final: later states of that order are ignored, so a slow poll cannot
// reopen a canceled order. A cancellation of an order never seen is recorded the same way.
// A shipment happened at Updated (the ledger's clock when zero).
func (l *Ledger) ApplyOrder(ctx context.Context, o Order) error {
	return l.ApplyOrders(ctx, o)
}

// ApplyOrders applies order states in the given sequence as ApplyOrder does, all in one
// transaction: several thousand orders per call are fine. Any invalid order refuses the whole
// call. Orders with unmatched lines come back as *UnmatchedError values joined with errors.Join
// (one alone is returned as is); the rest of the call applied.
func (l *Ledger) ApplyOrders(ctx context.Context, os ...Order) error {
	for i, o := range os {
		if err := o.validate(); err != nil {
			if len(os) > 1 {
				var ie *InputError
				errors.As(err, &ie)
				ie.Field = fmt.Sprintf("os[%d].%s", i, ie.Field)
			}
			return err
		}
	}
	if len(os) == 0 {
		return nil
	}
	var unmatched []*UnmatchedError
	sc := l.scratch.Get().(*scratch)
	err := l.update(ctx, func(t txn) error {
		var err error
		unmatched, err = applyStates(ctx, t, sc, l.clock(), os, false)
		return err
	})
	sc.reset()
	l.scratch.Put(sc)
	if err != nil {
		return err
	}
	switch len(unmatched) {
	case 0:
		return nil
	case 1:
		return unmatched[0]
	}
	errs := make([]error, len(unmatched))
	for i, u := range unmatched {
		errs[i] = u
	}
	return errors.Join(errs...)
}

// Level returns one SKU's stock; an SKU the ledger never saw is all zero.
func (l *Ledger) Level(ctx context.Context, sku string) (Level, error) {
	if err := validSKU(sku); err != nil {
		return Level{}, err
	}
	r, err := l.reader()
	if err != nil {
		return Level{}, err
	}
	lv, err := r.levels(ctx, []string{sku})
	if err != nil {
		return Level{}, err
	}
	if len(lv) == 0 {
		return Level{SKU: sku}, nil
	}
	return lv[0], nil
}

// Levels returns every SKU the ledger knows, sorted by SKU.
func (l *Ledger) Levels(ctx context.Context) ([]Level, error) {
	return query(l, func(r reader) ([]Level, error) { return r.levels(ctx, nil) })
}

// Oversold returns the SKUs whose Available is below zero, sorted by SKU.
func (l *Ledger) Oversold(ctx context.Context) ([]Level, error) {
	return query(l, func(r reader) ([]Level, error) { return r.oversold(ctx) })
}

// Plan lists, for the given channels (none: all), every listing whose publishable quantity differs
// from the last one confirmed for it (or that was never confirmed). Publishable: for each part
// floor(Available(part.SKU) / part.Units), the minimum over the parts, minus Safety, clamped to
// [0, Max] (Max 0: no upper clamp).
//
// Its cost grows with the listings whose SKUs changed since they were last planned, not with the
// catalog: the ledger keeps the set of listings to look at again, and Plan forgets those it found
// equal to their confirmed quantity. The result is sorted by channel and item.
func (l *Ledger) Plan(ctx context.Context, channels ...string) ([]Push, error) {
	for i, c := range channels {
		if blank(c) {
			return nil, &InputError{Key: "plan", Field: fmt.Sprintf("channels[%d]", i), Reason: "empty"}
		}
	}
	return query(l, func(r reader) ([]Push, error) { return r.plan(ctx, channels) })
}

// Pending returns the channels, sorted, that have listings Plan must look at again: those whose
// SKUs moved, that were put, or whose push is not confirmed yet. After applying orders or a count
// an engine schedules a push for each of them (in the same transaction with WithTx); Plan on a
// pending channel may still find nothing to send.
func (l *Ledger) Pending(ctx context.Context) ([]string, error) {
	return query(l, func(r reader) ([]string, error) { return r.pending(ctx) })
}

// Confirm records that each channel now shows ps[i].Units for that item, in one transaction.
// A push for a listing the ledger does not have is refused (*NotFoundError) and nothing is written.
func (l *Ledger) Confirm(ctx context.Context, ps ...Push) error {
	return l.updatePushes(ctx, ps, confirm)
}

// Unconfirm forgets what each channel was confirmed to show for the items of ps (their Units are
// ignored), in one transaction: the listings become never confirmed, so Plan lists them again
// until a later Confirm. Call it before sending a push, in its own committed transaction: if the
// process dies after the mall took the push but before Confirm, the ledger does not go on
// believing the mall shows the old quantity (pushes are absolute, so pushing again is harmless).
// A listing the ledger does not have is refused (*NotFoundError) and nothing is written.
func (l *Ledger) Unconfirm(ctx context.Context, ps ...Push) error {
	return l.updatePushes(ctx, ps, unconfirm)
}

// updatePushes validates every push, then runs rule on a copy of ps in one transaction.
func (l *Ledger) updatePushes(ctx context.Context, ps []Push, rule func(context.Context, txn, []Push) error) error {
	for _, p := range ps {
		if err := p.validate(); err != nil {
			return err
		}
	}
	if len(ps) == 0 {
		return nil
	}
	ps = slices.Clone(ps)
	return l.update(ctx, func(t txn) error { return rule(ctx, t, ps) })
}

// Listings returns the listings of the given channels (none: all) with their planned and
// confirmed quantities, sorted by channel and item. It reads the whole catalog: for status pages.
func (l *Ledger) Listings(ctx context.Context, channels ...string) ([]ListingState, error) {
	return query(l, func(r reader) ([]ListingState, error) { return r.listings(ctx, channels) })
}

// Orders returns the orders of the given channels (none: all) the ledger keeps, sorted by
// channel and number.
func (l *Ledger) Orders(ctx context.Context, channels ...string) ([]OrderState, error) {
	return query(l, func(r reader) ([]OrderState, error) { return r.orders(ctx, channels) })
}

// Unmatched lists every line of an open or shipped order whose item has no listing yet, sorted
// by channel, number and item.
func (l *Ledger) Unmatched(ctx context.Context) ([]UnmatchedLine, error) {
	return query(l, func(r reader) ([]UnmatchedLine, error) { return r.unmatched(ctx) })
}

// History returns what changed sku, oldest first: each order state and count that moved it.
func (l *Ledger) History(ctx context.Context, sku string) ([]Change, error) {
	if err := validSKU(sku); err != nil {
		return nil, err
	}
	return query(l, func(r reader) ([]Change, error) { return r.history(ctx, sku) })
}

// PruneOrders forgets orders closed longer ago than the retention (WithRetention, at least 90
// days) and the shipments recorded before it, and reports how many orders it removed. History
// stays. Run it periodically; a forgotten order re-delivered later would be seen as new.
func (l *Ledger) PruneOrders(ctx context.Context) (int, error) {
	return query(l, func(r reader) (int, error) { return r.prune(ctx, l.clock().Add(-l.retention)) })
}

// clock is the ledger's time without a monotonic reading: every store compares wall clocks.
func (l *Ledger) clock() time.Time { return l.now().Round(0) }

func inJST(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return jst.In(t)
}
