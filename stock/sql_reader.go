package stock

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// sqlReader answers queries on the SQL store, inside the caller's transaction when inTx.
type sqlReader struct {
	s    *sqlStore
	q    querier
	inTx bool
}

func (r sqlReader) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return r.q.QueryContext(ctx, r.s.rebind(q), args...)
}

// in returns " AND col IN (?, ...)" for vals, or "" when vals is empty, and the arguments.
func in(col string, vals []string) (string, []any) {
	if len(vals) == 0 {
		return "", nil
	}
	args := make([]any, len(vals))
	for i, v := range vals {
		args[i] = v
	}
	return " AND " + col + " IN (" + strings.Repeat("?, ", len(vals)-1) + "?)", args
}

// planRow is one part of a listing with its SKU's level, as Plan and Listings read them.
type planRow struct {
	key               listingKey
	seq               int64
	safety, max       int
	confirmed         sql.NullInt64
	part              Part
	onHand, allocated int
}

// collectListings groups rows ordered by listing into listings with their planned quantity.
func collectListings(rows *sql.Rows, withSeq bool, fn func(l Listing, seq int64, confirmed sql.NullInt64, planned int)) error {
	defer rows.Close()
	var cur *planRow
	var l Listing
	avail := map[string]int{}
	flush := func() {
		if cur != nil {
			fn(l, cur.seq, cur.confirmed, publishable(l, func(s string) int { return avail[s] }))
		}
	}
	for rows.Next() {
		var p planRow
		dest := []any{&p.key.Channel, &p.key.Item}
		if withSeq {
			dest = append(dest, &p.seq)
		}
		dest = append(dest, &p.safety, &p.max, &p.confirmed, &p.part.SKU, &p.part.Units, &p.onHand, &p.allocated)
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if cur == nil || cur.key != p.key {
			flush()
			cur = &p
			l = Listing{Channel: p.key.Channel, Item: p.key.Item, Safety: p.safety, Max: p.max}
			clear(avail)
		}
		l.Parts = append(l.Parts, p.part)
		avail[p.part.SKU] = p.onHand - p.allocated
	}
	if err := rows.Err(); err != nil {
		return err
	}
	flush()
	return nil
}

func (r sqlReader) plan(ctx context.Context, channels []string) ([]Push, error) {
	cond, args := in("d.channel", channels)
	// CROSS JOIN keeps SQLite's planner on the marked listings first: the cost follows them,
	// not the catalog.
	rows, err := r.query(ctx, `SELECT d.channel, d.item, d.seq, l.safety, l.max_units, l.confirmed, p.sku, p.units,
		COALESCE(s.on_hand, 0), COALESCE(s.allocated, 0)
		FROM stock_dirty d
		CROSS JOIN stock_listing l
		CROSS JOIN stock_part p
		LEFT JOIN stock_sku s ON s.sku = p.sku
		WHERE l.channel = d.channel AND l.item = d.item AND p.channel = d.channel AND p.item = d.item`+cond+`
		ORDER BY d.channel, d.item, p.pos`, args...)
	if err != nil {
		return nil, err
	}
	var out []Push
	var settled []any
	err = collectListings(rows, true, func(l Listing, seq int64, confirmed sql.NullInt64, q int) {
		if confirmed.Valid && int(confirmed.Int64) == q {
			settled = append(settled, l.Channel, l.Item, seq)
			return
		}
		out = append(out, Push{Channel: l.Channel, Item: l.Item, Units: q})
	})
	if err != nil {
		return nil, err
	}
	// Forget the listings found equal to what their channel shows, unless marked again since.
	// Outside a caller's transaction this only saves later work: a PostgreSQL deadlock with a
	// concurrent writer leaves the marks for the next Plan.
	err = orChunks(settled, 3, func(n int, a []any) error {
		_, err := r.q.ExecContext(ctx, r.s.rebind(`DELETE FROM stock_dirty WHERE `+
			strings.Repeat("(channel = ? AND item = ? AND seq = ?) OR ", n-1)+`(channel = ? AND item = ? AND seq = ?)`), a...)
		return err
	})
	if err != nil && (r.inTx || !retryable(err)) {
		return nil, err
	}
	sortPushes(out)
	return out, nil
}

func (r sqlReader) pending(ctx context.Context) ([]string, error) {
	rows, err := r.query(ctx, `SELECT DISTINCT channel FROM stock_dirty`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var ch string
		if err := rows.Scan(&ch); err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	slices.Sort(out)
	return out, rows.Err()
}

func (r sqlReader) scanLevels(ctx context.Context, where string, args ...any) ([]Level, error) {
	rows, err := r.query(ctx, `SELECT sku, on_hand, allocated FROM stock_sku WHERE `+where+` ORDER BY sku`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Level
	for rows.Next() {
		var l Level
		if err := rows.Scan(&l.SKU, &l.OnHand, &l.Allocated); err != nil {
			return nil, err
		}
		l.Available = l.OnHand - l.Allocated
		out = append(out, l)
	}
	sortLevels(out)
	return out, rows.Err()
}

func (r sqlReader) levels(ctx context.Context, skus []string) ([]Level, error) {
	if skus == nil {
		return r.scanLevels(ctx, "1 = 1")
	}
	cond, args := in("sku", skus)
	return r.scanLevels(ctx, "1 = 1"+cond, args...)
}

func (r sqlReader) oversold(ctx context.Context) ([]Level, error) {
	return r.scanLevels(ctx, "on_hand - allocated < 0")
}

func (r sqlReader) listings(ctx context.Context, channels []string) ([]ListingState, error) {
	cond, args := in("l.channel", channels)
	rows, err := r.query(ctx, `SELECT l.channel, l.item, l.safety, l.max_units, l.confirmed, p.sku, p.units,
		COALESCE(s.on_hand, 0), COALESCE(s.allocated, 0)
		FROM stock_listing l
		JOIN stock_part p ON p.channel = l.channel AND p.item = l.item
		LEFT JOIN stock_sku s ON s.sku = p.sku
		WHERE 1 = 1`+cond+` ORDER BY l.channel, l.item, p.pos`, args...)
	if err != nil {
		return nil, err
	}
	var out []ListingState
	err = collectListings(rows, false, func(l Listing, _ int64, confirmed sql.NullInt64, q int) {
		s := ListingState{Listing: l, Planned: q}
		if confirmed.Valid {
			n := int(confirmed.Int64)
			s.Confirmed = &n
		}
		out = append(out, s)
	})
	sortListingStates(out)
	return out, err
}

func (r sqlReader) orders(ctx context.Context, channels []string) ([]OrderState, error) {
	cond, args := in("channel", channels)
	rows, err := r.query(ctx, `SELECT channel, number, status, updated, closed, state FROM stock_order WHERE status > 0`+cond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OrderState
	for rows.Next() {
		var k orderKey
		var rec orderRec
		var updated, closed int64
		var state string
		if err := rows.Scan(&k.Channel, &k.Number, &rec.Status, &updated, &closed, &state); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(state), &rec); err != nil {
			return nil, err
		}
		rec.Updated, rec.Closed = fromNanos(updated), fromNanos(closed)
		s := rec.state(k)
		s.Updated, s.Closed = inJST(s.Updated), inJST(s.Closed)
		out = append(out, s)
	}
	sortOrders(out)
	return out, rows.Err()
}

func (r sqlReader) unmatched(ctx context.Context) ([]UnmatchedLine, error) {
	rows, err := r.query(ctx, `SELECT channel, number, item, units FROM stock_unmatched`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []UnmatchedLine
	for rows.Next() {
		var u UnmatchedLine
		if err := rows.Scan(&u.Channel, &u.Number, &u.Item, &u.Units); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	sortUnmatched(out)
	return out, rows.Err()
}

func (r sqlReader) history(ctx context.Context, sku string) ([]Change, error) {
	rows, err := r.query(ctx, `SELECT at, cause, channel, number, status, as_of, d_on_hand, d_allocated, on_hand, allocated
		FROM stock_history WHERE sku = ? ORDER BY id`, sku)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		c := Change{SKU: sku}
		var at, asOf int64
		if err := rows.Scan(&at, &c.Cause, &c.Channel, &c.Number, &c.Status, &asOf, &c.OnHandDelta, &c.AllocatedDelta, &c.OnHand, &c.Allocated); err != nil {
			return nil, err
		}
		c.At, c.AsOf = inJST(fromNanos(at)), inJST(fromNanos(asOf))
		out = append(out, c)
	}
	return out, rows.Err()
}

func (r sqlReader) prune(ctx context.Context, before time.Time) (int, error) {
	n := 0
	work := func(q querier) error {
		b := nanos(before)
		if _, err := q.ExecContext(ctx, r.s.rebind(`DELETE FROM stock_unmatched WHERE EXISTS (SELECT 1 FROM stock_order o
			WHERE o.channel = stock_unmatched.channel AND o.number = stock_unmatched.number AND o.status IN (2, 3) AND o.closed < ?)`), b); err != nil {
			return err
		}
		res, err := q.ExecContext(ctx, r.s.rebind(`DELETE FROM stock_order WHERE status IN (2, 3) AND closed < ?`), b)
		if err != nil {
			return err
		}
		m, err := res.RowsAffected()
		if err != nil {
			return err
		}
		n = int(m)
		_, err = q.ExecContext(ctx, r.s.rebind(`DELETE FROM stock_shipment WHERE at < ?`), b)
		return err
	}
	if r.inTx {
		return n, work(r.q)
	}
	err := r.s.update(ctx, func(t txn) error { return work(t.(sqlTxn).q) })
	return n, err
}
