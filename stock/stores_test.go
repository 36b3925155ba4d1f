package stock

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/mallkit/mallkit/internal/pgtest"
)

// testT0 is the tests' reference instant.
var testT0 = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// storeKind opens a fresh, empty store of one kind.
type storeKind struct {
	name string
	open func(t testing.TB) Store
}

// storeKinds lists the stores every suite runs on: memory, a SQLite file and PostgreSQL (a fresh
// schema per test) when MALLKIT_TEST_POSTGRES is set.
func storeKinds() []storeKind {
	return []storeKind{
		{"memory", func(testing.TB) Store { return NewMemoryStore() }},
		{"sqlite", func(t testing.TB) Store {
			return mustSQLStore(t, openSQLite(t, filepath.Join(t.TempDir(), "stock.db")), SQLite)
		}},
		{"postgres", func(t testing.TB) Store { return mustSQLStore(t, openPostgres(t), Postgres) }},
	}
}

// forEachStore runs fn on every store kind as a subtest.
func forEachStore(t *testing.T, fn func(t *testing.T, k storeKind)) {
	for _, k := range storeKinds() {
		t.Run(k.name, func(t *testing.T) { fn(t, k) })
	}
}

func mustSQLStore(t testing.TB, db *sql.DB, d Dialect) Store {
	t.Helper()
	s, err := NewSQLStore(context.Background(), db, d)
	if err != nil {
		t.Fatalf("NewSQLStore: %v", err)
	}
	return s
}

func newLedger(t testing.TB, s Store, opts ...Option) *Ledger {
	t.Helper()
	l, err := Open(context.Background(), s, opts...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return l
}

// sqliteDSN is how the engine opens its SQLite file.
const sqliteDSN = "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)"

// openSQLite opens a SQLite file the way the engine does: WAL, a busy timeout, one connection;
// pragmas adds more.
func openSQLite(t testing.TB, path string, pragmas ...string) *sql.DB {
	t.Helper()
	dsn := "file:" + path + sqliteDSN
	for _, p := range pragmas {
		dsn += "&_pragma=" + p
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// openPostgres returns a database whose search_path is a fresh schema, dropped at the end of
// the test, so parallel runs never meet. Without MALLKIT_TEST_POSTGRES it skips (fails in CI).
func openPostgres(t testing.TB) *sql.DB {
	t.Helper()
	return openPostgresDSN(t, pgtest.Schema(t))
}

// openPostgresDSN opens dsn, closed at the end of the test (before its schema is dropped).
func openPostgresDSN(t testing.TB, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}
