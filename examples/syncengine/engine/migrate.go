package engine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/riverqueue/river/rivermigrate"

	"github.com/mallkit/mallkit/stock"
)

// StateSchemaVersion is the version of the engine's own tables (engine_*)
// this code knows, recorded in engine_schema_version. Bump it with every
// change to stateSchema.
const StateSchemaVersion = 2

// ErrSchemaTooNew matches a *SchemaVersionError.
var ErrSchemaTooNew = errors.New("engine: database schema is newer than this program")

// SchemaVersionError refuses a database that a newer syncengine migrated:
// running older code on it could misread or damage what the newer code
// wrote. Upgrade the program (every process sharing the database), or
// restore a backup taken before the newer version ran.
type SchemaVersionError struct {
	Component string // "engine", "river" or "stock"
	Found     int    // the version in the database
	Known     int    // the newest version this program knows
}

func (e *SchemaVersionError) Error() string {
	return "engine: the " + e.Component + " schema of the state database is version " + strconv.Itoa(e.Found) +
		", newer than the " + strconv.Itoa(e.Known) + " this syncengine knows: upgrade syncengine on every process sharing the database"
}

func (e *SchemaVersionError) Is(target error) bool { return target == ErrSchemaTooNew }

// migrateLock is the PostgreSQL advisory lock key that serializes the
// engine's and River's migrations when several processes start at once
// (concurrent CREATE TABLE IF NOT EXISTS can fail on PostgreSQL).
const migrateLock = 0x73796e63656e67 // "syenceng"

// Migrate brings every schema in db up to date: the stock ledger's, River's
// and the engine's own tables. It is what `syncengine -migrate` runs and
// what every start runs (OpenService); a schema newer than this program's
// is refused with a *SchemaVersionError and nothing is changed.
func Migrate(ctx context.Context, db *sql.DB) error {
	if _, err := stock.NewSQLStore(ctx, db, DialectOf(db)); err != nil {
		var sv *stock.SchemaVersionError
		if errors.As(err, &sv) {
			return &SchemaVersionError{Component: "stock", Found: sv.Found, Known: sv.Known}
		}
		return fmt.Errorf("engine: migrate ledger: %w", err)
	}
	if err := migrateRiver(ctx, db); err != nil {
		return err
	}
	return migrateEngineTables(ctx, db)
}

// inMigrationTx runs fn in a transaction that, on PostgreSQL, holds the
// migration lock.
func inMigrationTx(ctx context.Context, db *sql.DB, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("engine: migrate: %w", err)
	}
	defer tx.Rollback()
	if DialectOf(db) == stock.Postgres {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrateLock)); err != nil {
			return fmt.Errorf("engine: migrate: lock: %w", err)
		}
	}
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("engine: migrate: commit: %w", err)
	}
	return nil
}

// migrateRiver applies River's migrations, refusing a database that a
// newer River migrated. River runs each migration in a transaction of its
// own (some cannot share one on PostgreSQL), so concurrent processes are
// serialized by a session advisory lock instead.
func migrateRiver(ctx context.Context, db *sql.DB) error {
	m, err := rivermigrate.New(riverDriver(db), &rivermigrate.Config{Schema: riverSchema(db)})
	if err != nil {
		return fmt.Errorf("engine: river migrator: %w", err)
	}
	known := 0
	for _, v := range m.AllVersions() {
		known = max(known, v.Version)
	}
	unlock, err := sessionLock(ctx, db, riverMigrateLock)
	if err != nil {
		return err
	}
	defer unlock()
	found := 0
	if has, err := riverTableExists(ctx, db); err != nil {
		return err
	} else if has {
		// Read the table itself: River's ExistingVersions fails on a
		// version it does not know, which is the case to report.
		table := "river_migration"
		if sc := riverSchema(db); sc != "" {
			table = sc + "." + table
		}
		if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM `+table+` WHERE line = 'main'`).Scan(&found); err != nil {
			return fmt.Errorf("engine: river schema version: %w", err)
		}
	}
	if found > known {
		return &SchemaVersionError{Component: "river", Found: found, Known: known}
	}
	if found == known {
		return nil
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("engine: migrate river: %w", err)
	}
	return nil
}

// riverMigrateLock is the advisory lock key of River's migrations.
const riverMigrateLock = migrateLock + 1

// sessionLock takes a PostgreSQL session advisory lock on a connection of
// its own and returns its release; on SQLite (one writer anyway) it does
// nothing.
func sessionLock(ctx context.Context, db *sql.DB, key int64) (func(), error) {
	if DialectOf(db) != stock.Postgres {
		return func() {}, nil
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("engine: migrate: lock: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, key); err != nil {
		conn.Close()
		return nil, fmt.Errorf("engine: migrate: lock: %w", err)
	}
	return func() {
		conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, key)
		conn.Close()
	}, nil
}

// riverTableExists reports whether River's migration table exists yet.
func riverTableExists(ctx context.Context, db *sql.DB) (bool, error) {
	var n int
	var err error
	if DialectOf(db) == stock.Postgres {
		err = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_tables WHERE tablename = 'river_migration'
			AND schemaname = COALESCE(NULLIF($1, ''), current_schema())`, riverSchema(db)).Scan(&n)
	} else {
		err = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'river_migration'`).Scan(&n)
	}
	if err != nil {
		return false, fmt.Errorf("engine: river schema version: %w", err)
	}
	return n > 0, nil
}

// migrateEngineTables creates the engine's tables and records their
// version, refusing a newer one.
func migrateEngineTables(ctx context.Context, db *sql.DB) error {
	return inMigrationTx(ctx, db, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS engine_schema_version (version INTEGER NOT NULL)`); err != nil {
			return fmt.Errorf("engine: create state tables: %w", err)
		}
		var found int
		err := tx.QueryRowContext(ctx, `SELECT version FROM engine_schema_version`).Scan(&found)
		if errors.Is(err, sql.ErrNoRows) {
			_, err = tx.ExecContext(ctx, `INSERT INTO engine_schema_version (version) VALUES (0)`)
		}
		if err != nil {
			return fmt.Errorf("engine: state schema version: %w", err)
		}
		if found > StateSchemaVersion {
			return &SchemaVersionError{Component: "engine", Found: found, Known: StateSchemaVersion}
		}
		// Every statement is CREATE ... IF NOT EXISTS: run them all, so a
		// table added without a version bump still appears.
		for _, s := range append(append([]string(nil), stateSchema...), pollRunSchema...) {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return fmt.Errorf("engine: create state tables: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE engine_schema_version SET version = ?`, StateSchemaVersion); err != nil {
			return fmt.Errorf("engine: state schema version: %w", err)
		}
		return nil
	})
}
