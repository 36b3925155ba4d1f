package engine

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/mallkit/mallkit/stock"
)

// IsPostgres reports whether a state location (the config's "state" or
// the -state flag) is a PostgreSQL DSN rather than a folder.
func IsPostgres(location string) bool {
	return strings.HasPrefix(location, "postgres://") || strings.HasPrefix(location, "postgresql://")
}

// PostgresOptions tune a PostgreSQL state (the config's "postgres" object).
type PostgresOptions struct {
	// PollOnly makes River poll for new jobs instead of using LISTEN/NOTIFY,
	// for a PgBouncer in transaction pooling mode (see the package doc).
	PollOnly bool
	// Password, when set, replaces the DSN's.
	Password string
}

// pgDriver is the driver.Driver of a state opened by OpenDatabase on
// PostgreSQL. It is never used to open connections (the connector does);
// it carries what the River client needs to know about the database.
type pgDriver struct {
	pool     *pgxpool.Pool
	schema   string
	pollOnly bool
}

func (*pgDriver) Open(string) (driver.Conn, error) {
	return nil, errors.New("engine: the PostgreSQL state opens connections through its connector")
}

// defaultPoolConns is the pool size when the DSN has no pool_max_conns:
// River's producer, completer and maintenance services plus the workers.
const defaultPoolConns = 24

// schemaName is what River accepts as a schema name.
var schemaName = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)

// OpenPostgres opens the engine's state in a PostgreSQL database: one
// pgxpool serves the ledger, the engine's tables and River (through
// database/sql, so that all three share *sql.Tx transactions) and River's
// LISTEN connection. A search_path parameter in the DSN names the schema
// that holds every table (River's Schema is set to it); pool_max_conns
// sizes the pool (default 24).
func OpenPostgres(ctx context.Context, dsn string, o PostgresOptions) (*sql.DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("engine: %w: state DSN: %v", ErrInvalidInput, err)
	}
	if o.Password != "" {
		cfg.ConnConfig.Password = o.Password
	}
	if !strings.Contains(dsn, "pool_max_conns") {
		cfg.MaxConns = defaultPoolConns
	}
	pg := &pgDriver{pollOnly: o.PollOnly}
	if sp := cfg.ConnConfig.RuntimeParams["search_path"]; sp != "" {
		pg.schema = strings.TrimSpace(strings.Split(sp, ",")[0])
		if !schemaName.MatchString(pg.schema) {
			return nil, fmt.Errorf("engine: %w: state DSN: search_path %q: the first schema must be a plain name", ErrInvalidInput, sp)
		}
	}
	if pg.pool, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
		return nil, fmt.Errorf("engine: open PostgreSQL state: %w", err)
	}
	db := sql.OpenDB(&rebindConnector{Connector: stdlib.GetPoolConnector(pg.pool), pg: pg})
	// River's LISTEN connection is taken out of the pool (it no longer
	// counts against MaxConns), so database/sql may use all of them.
	db.SetMaxOpenConns(int(cfg.MaxConns))
	db.SetMaxIdleConns(int(cfg.MaxConns))
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		pg.pool.Close()
		return nil, fmt.Errorf("engine: open PostgreSQL state: %w", err)
	}
	return db, nil
}

// OpenDatabase opens the state at location: a PostgreSQL DSN
// (OpenPostgres) or a folder holding the SQLite file (OpenState).
func OpenDatabase(ctx context.Context, location string, o PostgresOptions) (*sql.DB, error) {
	if IsPostgres(location) {
		return OpenPostgres(ctx, location, o)
	}
	return OpenState(location)
}

// CloseDatabase closes db and, on PostgreSQL, its pool.
func CloseDatabase(db *sql.DB) error {
	err := db.Close()
	if pg, ok := db.Driver().(*pgDriver); ok {
		pg.pool.Close()
	}
	return err
}

// DialectOf tells the stock ledger which SQL a state database speaks.
func DialectOf(db *sql.DB) stock.Dialect {
	if _, ok := db.Driver().(*pgDriver); ok {
		return stock.Postgres
	}
	return stock.SQLite
}

// riverDriver returns River's driver for db: riversqlite on the SQLite
// file, riverdatabasesql with a pgx listener on PostgreSQL (none when poll
// only). Both are River drivers over *sql.Tx, so the engine inserts its
// follow-up jobs in the transaction of the ledger write that caused them
// on either database.
func riverDriver(db *sql.DB) riverdriver.Driver[*sql.Tx] {
	pg, ok := db.Driver().(*pgDriver)
	switch {
	case !ok:
		return riversqlite.New(db)
	case pg.pollOnly:
		return riverdatabasesql.New(db)
	default:
		return riverdatabasesql.NewWithPgxListener(db, pg.pool)
	}
}

// riverSchema is the schema River's tables live in ("" on SQLite, or on
// PostgreSQL without a search_path in the DSN).
func riverSchema(db *sql.DB) string {
	if pg, ok := db.Driver().(*pgDriver); ok {
		return pg.schema
	}
	return ""
}

// riverPollOnly reports a PostgreSQL state configured poll only.
func riverPollOnly(db *sql.DB) bool {
	pg, ok := db.Driver().(*pgDriver)
	return ok && pg.pollOnly
}
