package stock

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Dialect is the SQL database behind a SQL store.
type Dialect int

const (
	SQLite   Dialect = iota + 1 // modernc.org/sqlite, driver "sqlite"; WAL and a busy timeout in the DSN
	Postgres                    // github.com/jackc/pgx/v5/stdlib, driver "pgx"
)

func (d Dialect) String() string {
	switch d {
	case SQLite:
		return "sqlite"
	case Postgres:
		return "postgres"
	}
	return "Dialect(" + strconv.Itoa(int(d)) + ")"
}

// sqlStore keeps the ledger in stock_* tables. SQLite and PostgreSQL share the schema and the
// queries; only placeholders, row locks and the identity column differ.
type sqlStore struct {
	db    *sql.DB
	d     Dialect
	stmts map[string]*sql.Stmt // the hot statements, prepared once by NewSQLStore; read-only after
}

// NewSQLStore returns a Store in db (SQLite or PostgreSQL, see Dialect), creating or migrating
// its tables first. A database whose stock schema is newer than this code is refused with a
// *SchemaVersionError (ErrSchemaTooNew). On PostgreSQL several processes may call it at once.
func NewSQLStore(ctx context.Context, db *sql.DB, d Dialect) (Store, error) {
	if db == nil {
		return nil, &InputError{Key: "store", Field: "db", Reason: "nil *sql.DB"}
	}
	if d != SQLite && d != Postgres {
		return nil, &InputError{Key: "store", Field: "d", Reason: fmt.Sprintf("unknown dialect %d", int(d))}
	}
	s := &sqlStore{db: db, d: d}
	if err := s.migrate(ctx); err != nil {
		return nil, err
	}
	if err := s.prepare(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// maxTries bounds the attempts of a transaction that fails to serialize.
const maxTries = 20

func (s *sqlStore) update(ctx context.Context, fn func(txn) error) error {
	for try := 1; ; try++ {
		err := s.updateOnce(ctx, fn)
		if err == nil || !retryable(err) || try == maxTries {
			return err
		}
		// Back off a little, longer each time, so the winner can commit.
		t := time.NewTimer(time.Duration(try) * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

func (s *sqlStore) updateOnce(ctx context.Context, fn func(txn) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(sqlTxn{s: s, q: tx, tx: tx}); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// retryable reports a PostgreSQL serialization failure or deadlock, or SQLite's SQLITE_BUSY
// (another connection wrote since this transaction first read).
func retryable(err error) bool {
	var st interface{ SQLState() string }
	if errors.As(err, &st) {
		switch st.SQLState() {
		case "40001", "40P01":
			return true
		}
		return false
	}
	var lite interface{ Code() int }
	return errors.As(err, &lite) && lite.Code()&0xff == 5
}

func (s *sqlStore) join(tx *sql.Tx) (txn, reader, error) {
	if tx == nil {
		return nil, nil, &InputError{Key: "WithTx", Field: "tx", Reason: "nil *sql.Tx"}
	}
	return sqlTxn{s: s, q: tx, tx: tx}, sqlReader{s: s, q: tx, inTx: true}, nil
}

func (s *sqlStore) read() reader { return sqlReader{s: s, q: s.db} }

// rebind turns ? placeholders into PostgreSQL's $n.
func (s *sqlStore) rebind(q string) string {
	if s.d != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// maxParams bounds the parameters of one statement (SQLite allows 32766, PostgreSQL 65535).
const maxParams = 6000

// tuples returns "(?,?),(?,?)" for n rows of cols columns.
func tuples(n, cols int) string {
	one := "(" + strings.Repeat("?,", cols-1) + "?)"
	return strings.Repeat(one+",", n-1) + one
}

// maxSelectList bounds the expressions of one select list: PostgreSQL refuses more than 1664.
const maxSelectList = 1000

// maxOrTerms bounds the terms of one "(a AND b) OR ..." condition: SQLite refuses expression
// trees deeper than 1000.
const maxOrTerms = 200

// chunks calls fn with consecutive groups of args, each a whole number of rows of cols columns.
func chunks(args []any, cols int, fn func(rows int, args []any) error) error {
	return chunksOf(args, cols, maxParams/cols, fn)
}

// orChunks is chunks for statements whose rows become OR terms.
func orChunks(args []any, cols int, fn func(rows int, args []any) error) error {
	return chunksOf(args, cols, maxOrTerms, fn)
}

func chunksOf(args []any, cols, rows int, fn func(rows int, args []any) error) error {
	per := rows * cols
	for len(args) > 0 {
		n := min(per, len(args))
		if err := fn(n/cols, args[:n]); err != nil {
			return err
		}
		args = args[n:]
	}
	return nil
}

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
