package engine

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// StateFile is the SQLite file OpenState creates under the state folder.
const StateFile = "syncengine.db"

// OpenState opens (creating when needed) the engine's SQLite state under
// dir: one file that holds the stock ledger, the engine's own tables and
// River's jobs. The pool has exactly one connection (SQLite allows one
// writer; River's SQLite driver expects it), WAL journaling so that a
// -status process can read while the engine runs, and a busy timeout so
// that such a reader waits instead of failing.
//
// With one connection, any query made while a transaction is open waits
// for that transaction: keep transactions short and never call a mall
// inside one.
func OpenState(dir string) (*sql.DB, error) {
	if strings.HasPrefix(dir, "postgres://") || strings.HasPrefix(dir, "postgresql://") {
		return nil, fmt.Errorf("engine: %w: a PostgreSQL state is not implemented yet; give a folder", ErrInvalidInput)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("engine: state folder: %w", err)
	}
	return openSQLite(filepath.Join(dir, StateFile))
}

// openStateReader opens the state for a reader such as -status: its
// transactions start deferred, so that they take no write lock and never
// hold up the running engine (WAL lets readers and the writer proceed
// together).
func openStateReader(dir string) (*sql.DB, error) {
	return openSQLiteLock(filepath.Join(dir, StateFile), "deferred")
}

func openSQLite(path string) (*sql.DB, error) { return openSQLiteLock(path, "immediate") }

// openSQLiteLock opens path; txlock is how transactions begin: "immediate"
// takes the write lock at once, so that a writer never fails upgrading a
// read lock.
func openSQLiteLock(path, txlock string) (*sql.DB, error) {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_txlock", txlock)
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("engine: open state %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	if err := db.PingContext(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("engine: open state %s: %w", path, err)
	}
	return db, nil
}
