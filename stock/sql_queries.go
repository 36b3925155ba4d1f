package stock

import (
	"context"
	"database/sql"
	"strings"
)

// The statements of the write path, for n rows. NewSQLStore prepares them for small n so that a
// transaction of one order does not parse SQL again.

// qLockOrders locks and reads order rows on PostgreSQL. Touching each row locks it, in order; a
// placeholder (status 0) stands for an order never seen so that two writers of one new order
// meet on the same row.
func qLockOrders(n int) string {
	return `INSERT INTO stock_order (channel, number, status, updated, closed, state) VALUES ` +
		strings.Repeat("(?, ?, 0, 0, 0, '{}'),", n-1) + `(?, ?, 0, 0, 0, '{}')` +
		` ON CONFLICT (channel, number) DO UPDATE SET status = stock_order.status RETURNING channel, number, status, updated, closed, state`
}

// qReadOrders reads order rows on SQLite.
func qReadOrders(n int) string {
	return `SELECT channel, number, status, updated, closed, state FROM stock_order WHERE ` +
		strings.Repeat("(channel = ? AND number = ?) OR ", n-1) + `(channel = ? AND number = ?)`
}

func qParts(n int) string {
	return `SELECT channel, item, sku, units FROM stock_part WHERE ` +
		strings.Repeat("(channel = ? AND item = ?) OR ", n-1) + `(channel = ? AND item = ?) ORDER BY channel, item, pos`
}

// qLockSKUs locks and reads SKU rows on PostgreSQL, creating missing ones so that writers of a
// new SKU meet on one row.
func qLockSKUs(n int) string {
	return `INSERT INTO stock_sku (sku, on_hand, allocated, as_of) VALUES ` +
		strings.Repeat("(?, 0, 0, 0),", n-1) + `(?, 0, 0, 0)` +
		` ON CONFLICT (sku) DO UPDATE SET on_hand = stock_sku.on_hand RETURNING sku, on_hand, allocated, as_of`
}

// qReadSKUs reads SKU rows on SQLite, where the transaction already holds the write lock.
func qReadSKUs(n int) string {
	return `SELECT sku, on_hand, allocated, as_of FROM stock_sku WHERE sku IN (` + strings.Repeat("?, ", n-1) + `?)`
}

func qSaveOrders(n int) string {
	return `INSERT INTO stock_order (channel, number, status, updated, closed, state) VALUES ` + tuples(n, 6) +
		` ON CONFLICT (channel, number) DO UPDATE SET status = excluded.status, updated = excluded.updated, closed = excluded.closed, state = excluded.state`
}

func qSaveSKUs(n int) string {
	return `INSERT INTO stock_sku (sku, on_hand, allocated, as_of) VALUES ` + tuples(n, 4) +
		` ON CONFLICT (sku) DO UPDATE SET on_hand = excluded.on_hand, allocated = excluded.allocated, as_of = excluded.as_of`
}

func qAddShipments(n int) string {
	return `INSERT INTO stock_shipment (sku, at, units, channel, number) VALUES ` + tuples(n, 5)
}

func qAddHistory(n int) string {
	return `INSERT INTO stock_history (sku, at, cause, channel, number, status, as_of, d_on_hand, d_allocated, on_hand, allocated) VALUES ` + tuples(n, 11)
}

// dirtyUpsert marks listings for Plan; seq changes with every mark so that Plan forgets a
// listing only if nothing marked it again since Plan read it.
const dirtyUpsert = ` ON CONFLICT (channel, item) DO UPDATE SET seq = stock_dirty.seq + 1`

func qMarkDirty(n int) string {
	return `INSERT INTO stock_dirty (channel, item, seq) SELECT DISTINCT channel, item, 1 FROM stock_part WHERE sku IN (` +
		strings.Repeat("?, ", n-1) + `?) ORDER BY channel, item` + dirtyUpsert
}

// preparedRows is the largest n whose statements are prepared.
const preparedRows = 8

func (s *sqlStore) prepare(ctx context.Context) error {
	s.stmts = map[string]*sql.Stmt{}
	for _, q := range []func(int) string{qLockOrders, qReadOrders, qParts, qLockSKUs, qReadSKUs, qSaveOrders, qSaveSKUs, qAddShipments, qAddHistory, qMarkDirty} {
		for n := 1; n <= preparedRows; n++ {
			text := s.rebind(q(n))
			st, err := s.db.PrepareContext(ctx, text)
			if err != nil {
				return err
			}
			s.stmts[text] = st
		}
	}
	return nil
}

// prepared returns the prepared statement of query q bound to tx, nil when q is not prepared.
// (Preparing anew inside a transaction would wait for a second connection under
// SetMaxOpenConns(1).)
func (s *sqlStore) prepared(ctx context.Context, tx *sql.Tx, q string) *sql.Stmt {
	st := s.stmts[q]
	if st == nil || tx == nil {
		return nil
	}
	return tx.StmtContext(ctx, st)
}
