package stock

import (
	"context"
	"database/sql"
	"encoding/json"
	"hash/fnv"
	"slices"
	"strings"
	"time"
)

// sqlTxn is one transaction of the SQL store. Rows are locked by upserts that touch them in the
// caller's sorted order (PostgreSQL locks each row as it goes; SQLite holds the database's write
// lock from the first statement).
type sqlTxn struct {
	s  *sqlStore
	q  querier
	tx *sql.Tx // q as a transaction, for prepared statements
}

func (t sqlTxn) exec(ctx context.Context, q string, args ...any) error {
	q = t.s.rebind(q)
	if st := t.s.prepared(ctx, t.tx, q); st != nil {
		_, err := st.ExecContext(ctx, args...)
		return err
	}
	_, err := t.q.ExecContext(ctx, q, args...)
	return err
}

func (t sqlTxn) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = t.s.rebind(q)
	if st := t.s.prepared(ctx, t.tx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.q.QueryContext(ctx, q, args...)
}

// itemLock is the PostgreSQL advisory lock key of one listing key.
func itemLock(k listingKey) int64 {
	h := fnv.New64a()
	h.Write([]byte("stock\x00"))
	h.Write([]byte(k.Channel))
	h.Write([]byte{0})
	h.Write([]byte(k.Item))
	return int64(h.Sum64())
}

func (t sqlTxn) lockItems(ctx context.Context, keys []listingKey, exclusive bool) error {
	if t.s.d != Postgres || len(keys) == 0 {
		return nil
	}
	ids := make([]int64, len(keys))
	for i, k := range keys {
		ids[i] = itemLock(k)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	fn := "pg_advisory_xact_lock_shared(?)"
	if exclusive {
		fn = "pg_advisory_xact_lock(?)"
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return chunksOf(args, 1, maxSelectList, func(n int, a []any) error {
		// PostgreSQL evaluates the select list left to right: the locks are taken in id order.
		return t.exec(ctx, "SELECT "+strings.Repeat(fn+", ", n-1)+fn, a...)
	})
}

func (t sqlTxn) lockOrders(ctx context.Context, keys []orderKey) ([]*orderRec, error) {
	byKey := make(map[orderKey]*orderRec, len(keys))
	args := make([]any, 0, 2*len(keys))
	for _, k := range keys {
		args = append(args, k.Channel, k.Number)
	}
	each, q := chunks, qLockOrders
	if t.s.d == SQLite {
		// One writer at a time: reading is enough.
		each, q = orChunks, qReadOrders
	}
	err := each(args, 2, func(n int, a []any) error {
		rows, err := t.query(ctx, q(n), a...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k orderKey
			var r orderRec
			var updated, closed int64
			var state string
			if err := rows.Scan(&k.Channel, &k.Number, &r.Status, &updated, &closed, &state); err != nil {
				return err
			}
			if r.Status == 0 {
				continue
			}
			if err := json.Unmarshal([]byte(state), &r); err != nil {
				return err
			}
			r.Updated, r.Closed = fromNanos(updated), fromNanos(closed)
			byKey[k] = &r
		}
		return rows.Err()
	})
	out := make([]*orderRec, len(keys))
	for i, k := range keys {
		out[i] = byKey[k]
	}
	return out, err
}

func (t sqlTxn) parts(ctx context.Context, keys []listingKey) ([][]Part, error) {
	byKey := make(map[listingKey][]Part, len(keys))
	args := make([]any, 0, 2*len(keys))
	for _, k := range keys {
		args = append(args, k.Channel, k.Item)
	}
	err := orChunks(args, 2, func(n int, a []any) error {
		rows, err := t.query(ctx, qParts(n), a...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k listingKey
			var p Part
			if err := rows.Scan(&k.Channel, &k.Item, &p.SKU, &p.Units); err != nil {
				return err
			}
			byKey[k] = append(byKey[k], p)
		}
		return rows.Err()
	})
	out := make([][]Part, len(keys))
	for i, k := range keys {
		out[i] = byKey[k]
	}
	return out, err
}

func (t sqlTxn) lockSKUs(ctx context.Context, skus []string) ([]skuRec, error) {
	byKey := make(map[string]skuRec, len(skus))
	args := make([]any, len(skus))
	for i, s := range skus {
		args[i] = s
	}
	err := chunks(args, 1, func(n int, a []any) error {
		q := qLockSKUs(n)
		if t.s.d == SQLite {
			q = qReadSKUs(n)
		}
		rows, err := t.query(ctx, q, a...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var sku string
			var r skuRec
			var asOf int64
			if err := rows.Scan(&sku, &r.OnHand, &r.Allocated, &asOf); err != nil {
				return err
			}
			r.AsOf = fromNanos(asOf)
			byKey[sku] = r
		}
		return rows.Err()
	})
	out := make([]skuRec, len(skus))
	for i, s := range skus {
		out[i] = byKey[s]
	}
	return out, err
}

func (t sqlTxn) shippedAfter(ctx context.Context, sku string, at time.Time) (int, error) {
	var n int
	err := t.q.QueryRowContext(ctx, t.s.rebind(`SELECT COALESCE(SUM(units), 0) FROM stock_shipment WHERE sku = ? AND at > ?`), sku, nanos(at)).Scan(&n)
	return n, err
}

func (t sqlTxn) unmatchedOrders(ctx context.Context, keys []listingKey) ([]orderKey, error) {
	set := map[orderKey]struct{}{}
	args := make([]any, 0, 2*len(keys))
	for _, k := range keys {
		args = append(args, k.Channel, k.Item)
	}
	err := orChunks(args, 2, func(n int, a []any) error {
		rows, err := t.q.QueryContext(ctx, t.s.rebind(`SELECT channel, number FROM stock_unmatched WHERE `+
			strings.Repeat("(channel = ? AND item = ?) OR ", n-1)+`(channel = ? AND item = ?)`), a...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k orderKey
			if err := rows.Scan(&k.Channel, &k.Number); err != nil {
				return err
			}
			set[k] = struct{}{}
		}
		return rows.Err()
	})
	return sortedKeys(set, cmpOrderKey), err
}

func (t sqlTxn) saveOrders(ctx context.Context, cs []orderChange) error {
	if len(cs) == 0 {
		return nil
	}
	args := make([]any, 0, 6*len(cs))
	var drop, add []any
	for _, c := range cs {
		state, err := json.Marshal(c.new)
		if err != nil {
			return err
		}
		args = append(args, c.key.Channel, c.key.Number, int(c.new.Status), nanos(c.new.Updated), nanos(c.new.Closed), string(state))
		if c.old != nil && len(c.old.Unmatched) > 0 {
			drop = append(drop, c.key.Channel, c.key.Number)
		}
		for _, it := range c.new.Unmatched {
			i := slices.IndexFunc(c.new.Lines, func(l Line) bool { return l.Item == it })
			add = append(add, c.key.Channel, c.key.Number, it, c.new.Lines[i].Units)
		}
	}
	err := chunks(args, 6, func(n int, a []any) error {
		return t.exec(ctx, qSaveOrders(n), a...)
	})
	if err != nil {
		return err
	}
	err = orChunks(drop, 2, func(n int, a []any) error {
		return t.exec(ctx, `DELETE FROM stock_unmatched WHERE `+strings.Repeat("(channel = ? AND number = ?) OR ", n-1)+`(channel = ? AND number = ?)`, a...)
	})
	if err != nil {
		return err
	}
	return chunks(add, 4, func(n int, a []any) error {
		return t.exec(ctx, `INSERT INTO stock_unmatched (channel, number, item, units) VALUES `+tuples(n, 4), a...)
	})
}

func (t sqlTxn) saveSKUs(ctx context.Context, skus []string, recs []skuRec) error {
	args := make([]any, 0, 4*len(skus))
	for i, s := range skus {
		r := recs[i]
		args = append(args, s, r.OnHand, r.Allocated, nanos(r.AsOf))
	}
	return chunks(args, 4, func(n int, a []any) error {
		return t.exec(ctx, qSaveSKUs(n), a...)
	})
}

func (t sqlTxn) addShipments(ctx context.Context, ss []shipment) error {
	args := make([]any, 0, 5*len(ss))
	for _, s := range ss {
		args = append(args, s.SKU, nanos(s.At), s.Units, s.Order.Channel, s.Order.Number)
	}
	return chunks(args, 5, func(n int, a []any) error {
		return t.exec(ctx, qAddShipments(n), a...)
	})
}

func (t sqlTxn) dropShipments(ctx context.Context, sku string, upTo time.Time) error {
	return t.exec(ctx, `DELETE FROM stock_shipment WHERE sku = ? AND at <= ?`, sku, nanos(upTo))
}

func (t sqlTxn) addHistory(ctx context.Context, cs []Change) error {
	args := make([]any, 0, 11*len(cs))
	for _, c := range cs {
		args = append(args, c.SKU, nanos(c.At), int(c.Cause), c.Channel, c.Number, int(c.Status), nanos(c.AsOf),
			c.OnHandDelta, c.AllocatedDelta, c.OnHand, c.Allocated)
	}
	return chunks(args, 11, func(n int, a []any) error {
		return t.exec(ctx, qAddHistory(n), a...)
	})
}

func (t sqlTxn) markDirty(ctx context.Context, skus []string) error {
	args := make([]any, len(skus))
	for i, s := range skus {
		args[i] = s
	}
	return chunks(args, 1, func(n int, a []any) error {
		return t.exec(ctx, qMarkDirty(n), a...)
	})
}

func (t sqlTxn) markListings(ctx context.Context, keys []listingKey) error {
	args := make([]any, 0, 2*len(keys))
	for _, k := range keys {
		args = append(args, k.Channel, k.Item)
	}
	return chunks(args, 2, func(n int, a []any) error {
		return t.exec(ctx, `INSERT INTO stock_dirty (channel, item, seq) VALUES `+strings.Repeat("(?, ?, 1),", n-1)+`(?, ?, 1)`+dirtyUpsert, a...)
	})
}

func (t sqlTxn) putListings(ctx context.Context, ls []Listing) error {
	ls = slices.Clone(ls)
	slices.SortFunc(ls, func(a, b Listing) int {
		if c := cmpString(a.Channel, b.Channel); c != 0 {
			return c
		}
		return cmpString(a.Item, b.Item)
	})
	var head, keyArgs, parts []any
	keys := make([]listingKey, len(ls))
	for i, l := range ls {
		keys[i] = l.key()
		head = append(head, l.Channel, l.Item, l.Safety, l.Max)
		keyArgs = append(keyArgs, l.Channel, l.Item)
		for j, p := range l.Parts {
			parts = append(parts, l.Channel, l.Item, p.SKU, p.Units, j)
		}
	}
	err := chunks(head, 4, func(n int, a []any) error {
		return t.exec(ctx, `INSERT INTO stock_listing (channel, item, safety, max_units) VALUES `+tuples(n, 4)+
			` ON CONFLICT (channel, item) DO UPDATE SET safety = excluded.safety, max_units = excluded.max_units`, a...)
	})
	if err != nil {
		return err
	}
	err = orChunks(keyArgs, 2, func(n int, a []any) error {
		return t.exec(ctx, `DELETE FROM stock_part WHERE `+strings.Repeat("(channel = ? AND item = ?) OR ", n-1)+`(channel = ? AND item = ?)`, a...)
	})
	if err != nil {
		return err
	}
	err = chunks(parts, 5, func(n int, a []any) error {
		return t.exec(ctx, `INSERT INTO stock_part (channel, item, sku, units, pos) VALUES `+tuples(n, 5), a...)
	})
	if err != nil {
		return err
	}
	return t.markListings(ctx, keys)
}

func (t sqlTxn) confirm(ctx context.Context, ps []Push) error {
	last := map[listingKey]int{}
	set := map[listingKey]struct{}{}
	for _, p := range ps {
		k := listingKey{p.Channel, p.Item}
		last[k] = p.Units
		set[k] = struct{}{}
	}
	keys := sortedKeys(set, cmpListingKey)
	args := make([]any, 0, 3*len(keys))
	for _, k := range keys {
		args = append(args, k.Channel, k.Item, last[k])
	}
	// Every listing exists (confirm checked): the upsert only updates, one statement per chunk.
	err := chunks(args, 3, func(n int, a []any) error {
		return t.exec(ctx, `INSERT INTO stock_listing (channel, item, safety, max_units, confirmed) VALUES `+
			strings.Repeat("(?, ?, 0, 0, ?),", n-1)+`(?, ?, 0, 0, ?)`+
			` ON CONFLICT (channel, item) DO UPDATE SET confirmed = excluded.confirmed`, a...)
	})
	if err != nil {
		return err
	}
	return t.markListings(ctx, keys)
}

func (t sqlTxn) unconfirm(ctx context.Context, keys []listingKey) error {
	args := make([]any, 0, 2*len(keys))
	for _, k := range keys {
		args = append(args, k.Channel, k.Item)
	}
	err := orChunks(args, 2, func(n int, a []any) error {
		return t.exec(ctx, `UPDATE stock_listing SET confirmed = NULL WHERE `+
			strings.Repeat("(channel = ? AND item = ?) OR ", n-1)+`(channel = ? AND item = ?)`, a...)
	})
	if err != nil {
		return err
	}
	return t.markListings(ctx, keys)
}
