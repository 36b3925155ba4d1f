package engine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mallkit/mallkit/stock"
)

// orderTimePrecision is how precisely the malls stamp an order's time
// (Rakuten orderDatetime, Yahoo OrderTime: whole seconds). A sale stamped
// t happened in [t, t+orderTimePrecision).
const orderTimePrecision = time.Second

// shownWindow is when the engine last sent a write (a push) or a read of
// one listing to its mall, and what it still has to find out about it.
// The mall applied the write at some moment between sent and the
// confirmation (engine_shown.at), so a sale on that mall is:
//   - before the write when it was stamped at least orderTimePrecision
//     before sent: a push overwrote it (the confirmed quantity is what
//     the mall shows), a read counted it;
//   - after the write when stamped at or after the confirmation: the mall
//     lowered the confirmed quantity by itself;
//   - otherwise in the window, and the mall may show either: the listing
//     is marked for a recheck, a read before its next push.
type shownWindow struct {
	sent     time.Time
	inFlight bool // a push was sent and not answered (or its answer lost)
	recheck  bool
	found    bool
}

// saleMoment is where a sale of the mall stamped t falls against the
// listing's last write.
type saleMoment int

const (
	saleBefore   saleMoment = iota // counted in what the engine confirmed
	saleAfter                      // the mall changed the confirmed quantity by itself
	saleInWindow                   // unknown: the listing is rechecked
)

// DefaultClockSkew is how far a mall's order stamps may be off the
// engine's clock by default (Options.ClockSkew). Unverified: the malls do
// not publish how their clocks are kept; a server kept by NTP is within
// milliseconds, and the margin also covers the time a sale takes to be
// stamped.
const DefaultClockSkew = 2 * time.Second

// momentOf places a sale stamped t against the window w and the
// confirmation at, allowing the mall's clock to be skew off the engine's.
// A zero t (the mall did not say) counts as after.
func (w shownWindow) momentOf(t, at time.Time, skew time.Duration) saleMoment {
	sent := at
	if w.found {
		sent = w.sent
	}
	before := !t.IsZero() && !t.Add(orderTimePrecision+skew).After(sent)
	switch {
	case w.inFlight:
		if before {
			return saleBefore
		}
		return saleInWindow
	case t.IsZero() || !t.Before(at.Add(skew)):
		return saleAfter
	case before:
		return saleBefore
	default:
		return saleInWindow
	}
}

// windowIn reads the window of one listing in tx (locking it on
// PostgreSQL, as shownIn does).
func (s *State) windowIn(ctx context.Context, tx *sql.Tx, channel, item string) (shownWindow, error) {
	q := `SELECT sent, in_flight, recheck FROM engine_shown_window WHERE channel = ? AND item = ?`
	if DialectOf(s.db) == stock.Postgres {
		q += ` FOR UPDATE`
	}
	var sent, inFlight, recheck int64
	err := tx.QueryRowContext(ctx, q, channel, item).Scan(&sent, &inFlight, &recheck)
	if errors.Is(err, sql.ErrNoRows) {
		return shownWindow{}, nil
	}
	if err != nil {
		return shownWindow{}, fmt.Errorf("engine: read shown window %s %s: %w", channel, item, err)
	}
	return shownWindow{sent: fromNanos(sent), inFlight: inFlight != 0, recheck: recheck != 0, found: true}, nil
}

// markSent records that a push of ps was sent at t and is unanswered.
func markSent(ctx context.Context, q querier, ps []stock.Push, t time.Time) error {
	for _, p := range byItem(ps) {
		if _, err := q.ExecContext(ctx, `INSERT INTO engine_shown_window (channel, item, sent, in_flight) VALUES (?, ?, ?, 1)
			ON CONFLICT (channel, item) DO UPDATE SET sent = excluded.sent, in_flight = 1`,
			p.Channel, p.Item, nanos(t)); err != nil {
			return fmt.Errorf("engine: record push sent %s %s: %w", p.Channel, p.Item, err)
		}
	}
	return nil
}

// markAnswered records that the mall answered the push of ps, and returns
// those of ps that a sale in its window marked for a recheck. Where the
// channel cannot read its mall (!canRead) the mark is cleared: the caller
// pushes those items once more, blind.
func markAnswered(ctx context.Context, q querier, ps []stock.Push, canRead bool) (recheck []stock.Push, err error) {
	keep := 0
	if canRead {
		keep = 1
	}
	for _, p := range byItem(ps) {
		var r int64
		err := q.QueryRowContext(ctx, `SELECT recheck FROM engine_shown_window WHERE channel = ? AND item = ?`, p.Channel, p.Item).Scan(&r)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("engine: read shown window %s %s: %w", p.Channel, p.Item, err)
		}
		if _, err := q.ExecContext(ctx, `UPDATE engine_shown_window SET in_flight = 0, recheck = recheck * ? WHERE channel = ? AND item = ?`,
			keep, p.Channel, p.Item); err != nil {
			return nil, fmt.Errorf("engine: record push answered %s %s: %w", p.Channel, p.Item, err)
		}
		if r != 0 {
			recheck = append(recheck, p)
		}
	}
	return recheck, nil
}

// clearRecheck drops the recheck mark of ps (the mall did not say what it
// shows for them: they are pushed once more, blind).
func clearRecheck(ctx context.Context, q querier, ps []stock.Push) error {
	for _, p := range byItem(ps) {
		if _, err := q.ExecContext(ctx, `UPDATE engine_shown_window SET recheck = 0 WHERE channel = ? AND item = ?`, p.Channel, p.Item); err != nil {
			return fmt.Errorf("engine: clear recheck %s %s: %w", p.Channel, p.Item, err)
		}
	}
	return nil
}

// markRecheck marks ps for a read before their next push.
func markRecheck(ctx context.Context, q querier, ps []stock.Push, now time.Time) error {
	for _, p := range byItem(ps) {
		if _, err := q.ExecContext(ctx, `INSERT INTO engine_shown_window (channel, item, sent, recheck) VALUES (?, ?, ?, 1)
			ON CONFLICT (channel, item) DO UPDATE SET recheck = 1`,
			p.Channel, p.Item, nanos(now)); err != nil {
			return fmt.Errorf("engine: mark recheck %s %s: %w", p.Channel, p.Item, err)
		}
	}
	return nil
}

// markRead records that ps are what the mall showed in a read sent at
// sent: a sale stamped before it is counted, and nothing is left to
// recheck.
func markRead(ctx context.Context, q querier, ps []stock.Push, sent time.Time) error {
	for _, p := range byItem(ps) {
		if _, err := q.ExecContext(ctx, `INSERT INTO engine_shown_window (channel, item, sent) VALUES (?, ?, ?)
			ON CONFLICT (channel, item) DO UPDATE SET sent = excluded.sent, in_flight = 0, recheck = 0`,
			p.Channel, p.Item, nanos(sent)); err != nil {
			return fmt.Errorf("engine: record read %s %s: %w", p.Channel, p.Item, err)
		}
	}
	return nil
}

// Rechecks lists the items of channel marked for a read before their next
// push.
func (s *State) Rechecks(ctx context.Context, channel string) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT item FROM engine_shown_window WHERE channel = ? AND recheck = 1 AND in_flight = 0`, channel)
	if err != nil {
		return nil, fmt.Errorf("engine: read rechecks %s: %w", channel, err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var item string
		if err := rows.Scan(&item); err != nil {
			return nil, err
		}
		out[item] = true
	}
	return out, rows.Err()
}
