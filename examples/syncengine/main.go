// Command syncengine is the reference mallkit sync engine: it imports
// orders from 楽天市場, Yahoo!ショッピング and ポンパレモール, allocates stock in
// the stock ledger at once, shows every mall the right quantity within
// seconds, exchanges files with TEMPOSTAR, and warns before a credential
// expires. Jobs run on River over one SQLite file (see package engine for
// the job flow and the config file).
//
//	syncengine -demo                   no setup: fake malls, buyers and the engine in process; JSON summary last
//	syncengine -config FILE            run until SIGINT/SIGTERM (finishes the running job, then exits 0)
//	           [-state DIR|DSN]        where the state lives; overrides the config's "state"
//	syncengine -config FILE -once      run every task once for every channel, then exit (for cron)
//	syncengine -config FILE -status    print one JSON object and exit; works while another process runs
//	syncengine -config FILE -migrate   migrate the state's schemas and exit (every start also migrates)
//	           [-workers N]            jobs this process works at once
//	           [-ui ADDR]              serve River's UI behind the config's "ui" login
//	syncengine -config FILE -import-csv ORDERS.csv -channel CH [-mode update|overwrite]
//	                                   merge an order file (楽天ペイ, RMS, Yahoo) into the channel's orders
//	syncengine -simulate [flags]       virtual clock: the engine against a 15-minute polling baseline; JSON last
//
// With "state": "postgres://..." (or -state postgres://...) several
// processes with the same config share the work (see package engine,
// "Scale-out on PostgreSQL").
//
// Logs go to stderr as text, or JSON with -log-json: one line per task run
// per channel (orders seen, new, changed, imported; items pushed, refused).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/mallkit/mallkit/examples/syncengine/engine"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the program with its arguments and output streams; it returns
// the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("syncengine", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "the engine's JSON config file")
	stateDir := fs.String("state", "", "state folder or PostgreSQL DSN (overrides the config's \"state\"); with -simulate, a postgres:// DSN runs the simulation on PostgreSQL, in a schema of its own dropped at the end")
	once := fs.Bool("once", false, "run every task once for every channel, then exit")
	status := fs.Bool("status", false, "print the state as one JSON object and exit")
	demo := fs.Bool("demo", false, "run fake malls, buyers and the engine in process; JSON summary last")
	demoFor := fs.Duration("demo-for", 25*time.Second, "how long the demo's buyers order")
	demoRate := fs.Float64("demo-rate", 6, "the demo buyers' orders per second over all malls")
	logJSON := fs.Bool("log-json", false, "log JSON instead of text")
	verbose := fs.Bool("v", false, "log every task run (debug level for River)")
	sc := addScaleFlags(fs)
	simulate := addSimulateFlags(fs, stateDir, sc.workers)
	csvFile := fs.String("import-csv", "", "merge this order CSV into -channel's orders and exit")
	csvChannel := fs.String("channel", "", "the channel of -import-csv, e.g. rakuten/SHOP")
	csvMode := fs.String("mode", "update", "-import-csv merge mode: update (blank cells keep) or overwrite (blank cells clear)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := sc.check(); err != nil {
		fmt.Fprintln(stderr, "syncengine:", err)
		return 2
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	var h slog.Handler = slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})
	if *logJSON {
		h = slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level})
	}
	log := slog.New(h)

	var err error
	switch {
	case *simulate.on:
		var simLog *slog.Logger
		if *verbose {
			simLog = log
		}
		err = simulate.run(ctx, stdout, simLog)
	case *demo:
		err = runDemo(ctx, stdout, demoOptions{For: *demoFor, Rate: *demoRate, Log: log})
	case *configPath == "":
		fmt.Fprintln(stderr, "usage: syncengine -demo | -simulate | -config FILE [-state DIR|DSN] [-once | -status | -migrate | -import-csv FILE -channel CH [-mode update|overwrite]] [-workers N] [-ui ADDR]")
		return 2
	case *status:
		err = printStatus(ctx, stdout, *configPath, *stateDir)
	case *sc.migrate:
		err = runMigrate(ctx, stdout, *configPath, *stateDir)
	case *csvFile != "":
		err = importCSV(ctx, stdout, *configPath, *stateDir, *csvFile, *csvChannel, *csvMode, log)
	default:
		err = runEngine(ctx, *configPath, *stateDir, *once, log, sc)
	}
	if err != nil {
		fmt.Fprintln(stderr, "syncengine:", err)
		return 1
	}
	return 0
}

// runEngine runs the engine from a config until ctx ends (or once).
func runEngine(ctx context.Context, configPath, stateDir string, once bool, log *slog.Logger, sc *scaleFlags) error {
	cfg, err := engine.LoadConfig(configPath)
	if err != nil {
		return err
	}
	svc, err := engine.OpenService(ctx, cfg, engine.ServiceOptions{Logger: log, StateDir: stateDir,
		Runner: sc.runnerOptions()})
	if err != nil {
		return err
	}
	defer svc.Close()
	if once {
		return svc.Engine.RunOnce(ctx)
	}
	if svc.Notifications != nil {
		ln, err := net.Listen("tcp", cfg.Notifications.Listen)
		if err != nil {
			return fmt.Errorf("notifications: %w", err)
		}
		srv := &http.Server{Handler: svc.Notifications, ReadHeaderTimeout: 10 * time.Second}
		go srv.Serve(ln)
		defer srv.Close()
		log.Info("listening for 楽天 notifications", "addr", ln.Addr().String())
	}
	// River gets its own context: a signal stops fetching new jobs, and
	// Stop waits for the running ones to finish.
	if err := svc.Runner.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	stopUI, err := sc.serveUI(ctx, cfg, svc.Runner, log)
	if err != nil {
		return err
	}
	defer stopUI()
	log.Info("engine running", "channels", svc.Engine.Channels(), "hubs", svc.Engine.HubNames())
	<-ctx.Done()
	log.Info("stopping: finishing the running jobs")
	stopCtx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := svc.Runner.Stop(stopCtx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// printStatus prints the -status object.
func printStatus(ctx context.Context, w io.Writer, configPath, stateDir string) error {
	cfg, err := engine.LoadConfig(configPath)
	if err != nil {
		return err
	}
	st, err := engine.ReadStatusFrom(ctx, cfg, stateDir)
	if err != nil {
		return err
	}
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}
