package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/mallkit/mallkit/examples/syncengine/engine"
)

// scaleFlags are the flags of running several engine processes on one
// PostgreSQL state (they work on SQLite too).
type scaleFlags struct {
	migrate *bool
	workers *int
	ui      *string
}

func addScaleFlags(fs *flag.FlagSet) *scaleFlags {
	return &scaleFlags{
		migrate: fs.Bool("migrate", false, "migrate the state's schemas (ledger, River, engine) and exit"),
		workers: fs.Int("workers", 0, "jobs this process works at once (default: the config's postgres.workers, or 4 + 2 per channel); with -simulate, tasks the simulated runner works at once (default: no limit)"),
		ui:      fs.String("ui", "", "serve River's UI on this address (login from the config's \"ui\")"),
	}
}

// runnerOptions are the runner options the flags set.
func (f *scaleFlags) runnerOptions() []engine.RunnerOption {
	if *f.workers > 0 {
		return []engine.RunnerOption{engine.WithWorkers(*f.workers)}
	}
	return nil
}

// check refuses flag values that cannot work before anything starts.
func (f *scaleFlags) check() error {
	if *f.workers < 0 {
		return fmt.Errorf("-workers %d: want at least 1", *f.workers)
	}
	return nil
}

// runMigrate is -migrate: it brings every schema of the state up to date,
// refusing one newer than this program, and says what it did.
func runMigrate(ctx context.Context, w io.Writer, configPath, stateDir string) error {
	cfg, err := engine.LoadConfig(configPath)
	if err != nil {
		return err
	}
	loc := stateDir
	if loc == "" {
		loc = cfg.StateLocation()
	}
	pg, err := cfg.PostgresOptions()
	if err != nil {
		return err
	}
	db, err := engine.OpenDatabase(ctx, loc, pg)
	if err != nil {
		return err
	}
	defer engine.CloseDatabase(db)
	if err := engine.Migrate(ctx, db); err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "state migrated (%s): stock, river and engine schemas are current\n", engine.DialectOf(db))
	return err
}

// serveUI serves River's UI on addr behind the config's login until the
// returned stop is called.
func (f *scaleFlags) serveUI(ctx context.Context, cfg *engine.Config, r *engine.Runner, log *slog.Logger) (stop func(), err error) {
	if *f.ui == "" {
		return func() {}, nil
	}
	login, err := cfg.UILogin()
	if err != nil {
		return nil, err
	}
	h, err := engine.NewUIHandler(ctx, r, login, log)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", *f.ui)
	if err != nil {
		return nil, fmt.Errorf("-ui: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	log.Info("River UI", "addr", ln.Addr().String())
	return func() { srv.Close() }, nil
}
