package sim

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"

	"github.com/jackc/pgx/v5"

	"github.com/mallkit/mallkit/examples/syncengine/engine"
)

// openPostgres opens a run's state on PostgreSQL as the engine does
// (engine.OpenPostgres), in a schema of its own created in the database
// dsn names, so that runs (the engine's and the baseline's, or runs of
// several programs) never see each other's tables, as a run on SQLite
// gets a new file. Commits do not wait for the disk unless the DSN sets
// synchronous_commit. drop closes the state and drops the schema.
func openPostgres(ctx context.Context, dsn string) (db *sql.DB, drop func() error, err error) {
	u, err := url.Parse(dsn)
	if err != nil {
		// url's error quotes the DSN, password and all.
		return nil, nil, fmt.Errorf("sim: state: the PostgreSQL DSN is not a URL")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "mallkit_sim_" + hex.EncodeToString(b)
	if err := execPostgres(ctx, dsn, "CREATE SCHEMA "+schema); err != nil {
		return nil, nil, err
	}
	dropSchema := func() error {
		return execPostgres(context.WithoutCancel(ctx), dsn, "DROP SCHEMA "+schema+" CASCADE")
	}
	q := u.Query()
	q.Set("search_path", schema)
	if !q.Has("synchronous_commit") {
		// As the SQLite state's synchronous(NORMAL): a commit does not wait
		// for its WAL to reach the disk. Virtual time is the same either
		// way; the run takes less real time.
		q.Set("synchronous_commit", "off")
	}
	u.RawQuery = q.Encode()
	if db, err = engine.OpenPostgres(ctx, u.String(), engine.PostgresOptions{}); err != nil {
		return nil, nil, errors.Join(fmt.Errorf("sim: state: %w", err), dropSchema())
	}
	return db, func() error {
		engine.CloseDatabase(db)
		return dropSchema()
	}, nil
}

// execPostgres runs one statement on a connection of its own.
func execPostgres(ctx context.Context, dsn, stmt string) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return fmt.Errorf("sim: state: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, stmt); err != nil {
		return fmt.Errorf("sim: state: %s: %w", stmt, err)
	}
	return nil
}
