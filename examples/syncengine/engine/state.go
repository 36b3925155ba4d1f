package engine

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mallkit/mallkit/stock"
)

// State is the engine's own durable state (watermarks, orders applied,
// confirmed quantities, credential health) in the ledger's database.
type State struct{ db *sql.DB }

// querier is a *sql.DB or a *sql.Tx.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// NewState creates the engine's tables in db when missing.
func NewState(ctx context.Context, db *sql.DB) (*State, error) {
	if err := migrateState(ctx, db); err != nil {
		return nil, err
	}
	return &State{db: db}, nil
}

// DB is the database the state lives in.
func (s *State) DB() *sql.DB { return s.db }

func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}

// Watermark returns where the next fetch of kind name on channel starts
// (zero when none was recorded).
func (s *State) Watermark(ctx context.Context, channel, name string) (time.Time, error) {
	var at int64
	err := s.db.QueryRowContext(ctx,
		`SELECT at FROM engine_watermark WHERE channel = ? AND name = ?`, channel, name).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("engine: read watermark %s %s: %w", channel, name, err)
	}
	return fromNanos(at), nil
}

// SetWatermark records where the next fetch starts. Call it only after
// everything the old watermark covered is committed.
func (s *State) SetWatermark(ctx context.Context, channel, name string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO engine_watermark (channel, name, at) VALUES (?, ?, ?)
		ON CONFLICT (channel, name) DO UPDATE SET at = excluded.at`, channel, name, nanos(at))
	if err != nil {
		return fmt.Errorf("engine: write watermark %s %s: %w", channel, name, err)
	}
	return nil
}

const orderColumns = `channel, number, version, status, placed, lines, imported, shipping, uploaded`

func scanOrder(sc interface{ Scan(...any) error }) (KnownOrder, error) {
	var (
		k        KnownOrder
		status   int
		placed   int64
		lines    string
		imported int
		uploaded int64
	)
	if err := sc.Scan(&k.Channel, &k.Number, &k.Version, &status, &placed, &lines, &imported, &k.Shipping, &uploaded); err != nil {
		return KnownOrder{}, err
	}
	k.Status = stock.OrderStatus(status)
	k.Placed = fromNanos(placed)
	k.Imported = imported != 0
	k.Uploaded = fromNanos(uploaded)
	if err := json.Unmarshal([]byte(lines), &k.Lines); err != nil {
		return KnownOrder{}, fmt.Errorf("engine: order %s %s: lines: %w", k.Channel, k.Number, err)
	}
	return k, nil
}

// Order returns the engine's record of one order.
func (s *State) Order(ctx context.Context, channel, number string) (KnownOrder, bool, error) {
	k, err := scanOrder(s.db.QueryRowContext(ctx,
		`SELECT `+orderColumns+` FROM engine_order WHERE channel = ? AND number = ?`, channel, number))
	if errors.Is(err, sql.ErrNoRows) {
		return KnownOrder{}, false, nil
	}
	if err != nil {
		return KnownOrder{}, false, fmt.Errorf("engine: read order %s %s: %w", channel, number, err)
	}
	return k, true, nil
}

// FindOrder looks an order number up over every channel (TEMPOSTAR
// shipment files name the order without its channel).
func (s *State) FindOrder(ctx context.Context, number string) (KnownOrder, bool, error) {
	k, err := scanOrder(s.db.QueryRowContext(ctx,
		`SELECT `+orderColumns+` FROM engine_order WHERE number = ? ORDER BY channel LIMIT 1`, number))
	if errors.Is(err, sql.ErrNoRows) {
		return KnownOrder{}, false, nil
	}
	if err != nil {
		return KnownOrder{}, false, fmt.Errorf("engine: find order %s: %w", number, err)
	}
	return k, true, nil
}

// Orders lists the orders of channel (every channel when "") in status
// (any when 0), oldest first.
func (s *State) Orders(ctx context.Context, channel string, status stock.OrderStatus) ([]KnownOrder, error) {
	q := `SELECT ` + orderColumns + ` FROM engine_order WHERE (? = '' OR channel = ?) AND (? = 0 OR status = ?) ORDER BY placed, number`
	rows, err := s.db.QueryContext(ctx, q, channel, channel, int(status), int(status))
	if err != nil {
		return nil, fmt.Errorf("engine: list orders: %w", err)
	}
	defer rows.Close()
	var out []KnownOrder
	for rows.Next() {
		k, err := scanOrder(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// putOrder records the state of an order that was applied to the ledger.
func putOrder(ctx context.Context, q querier, channel string, o RemoteOrder, unmatched []string, now time.Time) error {
	lines, err := json.Marshal(o.Lines)
	if err != nil {
		return err
	}
	imported := 0
	if o.Imported {
		imported = 1
	}
	_, err = q.ExecContext(ctx, `INSERT INTO engine_order
		(channel, number, version, status, placed, lines, imported, shipping, unmatched, first_seen, applied)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (channel, number) DO UPDATE SET version = excluded.version, status = excluded.status,
			lines = excluded.lines, imported = CASE WHEN excluded.imported > engine_order.imported THEN excluded.imported ELSE engine_order.imported END,
			shipping = CASE WHEN excluded.shipping = '' THEN engine_order.shipping ELSE excluded.shipping END,
			unmatched = excluded.unmatched, applied = excluded.applied`,
		channel, o.Number, o.Version, int(o.Status), nanos(o.Placed), string(lines), imported, o.Shipping,
		strings.Join(unmatched, "\n"), nanos(now), nanos(now))
	if err != nil {
		return fmt.Errorf("engine: record order %s %s: %w", channel, o.Number, err)
	}
	return nil
}

// setOrderFlag sets one of the per-order progress flags (imported,
// uploaded, shipment_reported) to value (a time in nanoseconds or 1).
func (s *State) setOrderFlag(ctx context.Context, q querier, column, channel, number string, value int64) error {
	switch column {
	case "imported", "uploaded", "shipment_reported":
	default:
		return fmt.Errorf("engine: unknown order flag %q", column)
	}
	_, err := q.ExecContext(ctx, `UPDATE engine_order SET `+column+` = ? WHERE channel = ? AND number = ?`,
		value, channel, number)
	if err != nil {
		return fmt.Errorf("engine: mark order %s %s %s: %w", channel, number, column, err)
	}
	return nil
}

// Unmatched lists order lines whose item has no listing.
func (s *State) Unmatched(ctx context.Context) ([]UnmatchedLine, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT channel, number, unmatched FROM engine_order WHERE unmatched <> '' ORDER BY channel, number`)
	if err != nil {
		return nil, fmt.Errorf("engine: list unmatched: %w", err)
	}
	defer rows.Close()
	out := []UnmatchedLine{}
	for rows.Next() {
		var ch, num, items string
		if err := rows.Scan(&ch, &num, &items); err != nil {
			return nil, err
		}
		for _, it := range strings.Split(items, "\n") {
			out = append(out, UnmatchedLine{Channel: ch, Order: num, Item: it})
		}
	}
	return out, rows.Err()
}

// UnmatchedLine is an order line whose item has no listing.
type UnmatchedLine struct {
	Channel string `json:"channel"`
	Order   string `json:"order"`
	Item    string `json:"item"`
}

// byItem returns ps sorted by channel and item: every writer of the shown
// rows locks them in that order, so PostgreSQL seldom has to break a
// deadlock between processes.
func byItem(ps []stock.Push) []stock.Push {
	return slices.SortedFunc(slices.Values(ps), func(a, b stock.Push) int {
		return cmp.Or(strings.Compare(a.Channel, b.Channel), strings.Compare(a.Item, b.Item))
	})
}

// setShown records what a channel was confirmed to show.
func setShown(ctx context.Context, q querier, ps []stock.Push, now time.Time) error {
	for _, p := range byItem(ps) {
		if _, err := q.ExecContext(ctx, `INSERT INTO engine_shown (channel, item, units, at) VALUES (?, ?, ?, ?)
			ON CONFLICT (channel, item) DO UPDATE SET units = excluded.units, at = excluded.at`,
			p.Channel, p.Item, p.Units, nanos(now)); err != nil {
			return fmt.Errorf("engine: record shown %s %s: %w", p.Channel, p.Item, err)
		}
	}
	return nil
}

// forgetShown marks what the channels show for the items of ps unknown (a
// push of them is in flight: the mall may show either quantity), so that
// no guess is made from the old one until the push is confirmed.
func forgetShown(ctx context.Context, q querier, ps []stock.Push) error {
	for _, p := range byItem(ps) {
		if _, err := q.ExecContext(ctx, `DELETE FROM engine_shown WHERE channel = ? AND item = ?`, p.Channel, p.Item); err != nil {
			return fmt.Errorf("engine: forget shown %s %s: %w", p.Channel, p.Item, err)
		}
	}
	return nil
}

// Shown returns what every channel was last confirmed to show, by channel
// and item.
func (s *State) Shown(ctx context.Context) (map[string]map[string]int, error) {
	return s.shownWhere(ctx, ``)
}

// ShownFor returns what channel was last confirmed to show, by item: a
// push reads one channel's rows, not every channel's.
func (s *State) ShownFor(ctx context.Context, channel string) (map[string]int, error) {
	all, err := s.shownWhere(ctx, ` WHERE channel = ?`, channel)
	return all[channel], err
}

// shownWhere reads the engine_shown rows that where (with args) selects.
func (s *State) shownWhere(ctx context.Context, where string, args ...any) (map[string]map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT channel, item, units FROM engine_shown`+where, args...)
	if err != nil {
		return nil, fmt.Errorf("engine: read shown: %w", err)
	}
	defer rows.Close()
	out := map[string]map[string]int{}
	for rows.Next() {
		var ch, item string
		var n int
		if err := rows.Scan(&ch, &item, &n); err != nil {
			return nil, err
		}
		if out[ch] == nil {
			out[ch] = map[string]int{}
		}
		out[ch][item] = n
	}
	return out, rows.Err()
}

// ShownOf returns what channel was last confirmed to show for item, and
// when.
func (s *State) ShownOf(ctx context.Context, channel, item string) (int, time.Time, bool, error) {
	return s.shownRow(ctx, s.db, false, channel, item)
}

// shownIn reads what channel was last confirmed to show for item inside
// tx, the transaction that will write the guess made from it; on
// PostgreSQL the row stays locked until tx ends, so a push confirmed by
// another process meanwhile is not overwritten with a stale guess.
func (s *State) shownIn(ctx context.Context, tx *sql.Tx, channel, item string) (int, time.Time, bool, error) {
	return s.shownRow(ctx, tx, DialectOf(s.db) == stock.Postgres, channel, item)
}

// shownRow reads one engine_shown row through q, locking it when lock.
func (s *State) shownRow(ctx context.Context, q querier, lock bool, channel, item string) (int, time.Time, bool, error) {
	query := `SELECT units, at FROM engine_shown WHERE channel = ? AND item = ?`
	if lock {
		query += ` FOR UPDATE`
	}
	var n int
	var at int64
	err := q.QueryRowContext(ctx, query, channel, item).Scan(&n, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, false, nil
	}
	if err != nil {
		return 0, time.Time{}, false, fmt.Errorf("engine: read shown %s %s: %w", channel, item, err)
	}
	return n, fromNanos(at), true, nil
}

// ShownChange is a confirmed quantity and when it was confirmed.
type ShownChange struct {
	Channel, Item string
	Units         int
	At            time.Time
}

// ShownSince lists the confirmations recorded after t.
func (s *State) ShownSince(ctx context.Context, t time.Time) ([]ShownChange, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT channel, item, units, at FROM engine_shown WHERE at > ? ORDER BY at`, nanos(t))
	if err != nil {
		return nil, fmt.Errorf("engine: read shown: %w", err)
	}
	defer rows.Close()
	var out []ShownChange
	for rows.Next() {
		var c ShownChange
		var at int64
		if err := rows.Scan(&c.Channel, &c.Item, &c.Units, &at); err != nil {
			return nil, err
		}
		c.At = fromNanos(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// PutCredentials records the latest health of credentials.
func (s *State) PutCredentials(ctx context.Context, cs []Credential, now time.Time) error {
	for _, c := range cs {
		w := 0
		if c.Warning {
			w = 1
		}
		if _, err := s.db.ExecContext(ctx, `INSERT INTO engine_credential
			(channel, kind, expires, days_left, warning, message, checked) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (channel, kind) DO UPDATE SET expires = excluded.expires, days_left = excluded.days_left,
				warning = excluded.warning, message = excluded.message, checked = excluded.checked`,
			c.Channel, c.Kind, nanos(c.Expires), c.DaysLeft, w, c.Message, nanos(now)); err != nil {
			return fmt.Errorf("engine: record credential %s %s: %w", c.Channel, c.Kind, err)
		}
	}
	return nil
}

// Credentials lists the recorded credential health, by channel and kind.
func (s *State) Credentials(ctx context.Context) ([]Credential, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT channel, kind, expires, days_left, warning, message FROM engine_credential ORDER BY channel, kind`)
	if err != nil {
		return nil, fmt.Errorf("engine: read credentials: %w", err)
	}
	defer rows.Close()
	out := []Credential{}
	for rows.Next() {
		var c Credential
		var exp int64
		var w int
		if err := rows.Scan(&c.Channel, &c.Kind, &exp, &c.DaysLeft, &w, &c.Message); err != nil {
			return nil, err
		}
		c.Expires = fromNanos(exp)
		c.Warning = w != 0
		out = append(out, c)
	}
	return out, rows.Err()
}

// fileDone reports whether a received file was already applied, and
// marks it applied when mark is set.
func fileDone(ctx context.Context, q querier, channel, name string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM engine_file WHERE channel = ? AND name = ?`, channel, name).Scan(&n)
	return n > 0, err
}

func markFile(ctx context.Context, q querier, channel, name string, now time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO engine_file (channel, name, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
		channel, name, nanos(now))
	return err
}
