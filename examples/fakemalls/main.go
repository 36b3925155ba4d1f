// Command fakemalls serves every fake mall of mallkit and an FTP server on
// loopback, seeded from a JSON file, so that programs in any language can be
// pointed at faithful fakes of 楽天 RMS, Yahoo!ショッピング, ポンパレモール and a
// TEMPOSTAR-style FTP area.
//
//	go run ./examples/fakemalls                      # the embedded demo seed
//	go run ./examples/fakemalls -seed seed.json      # your own data
//	go run ./examples/fakemalls -print-seed > seed.json
//	go run ./examples/fakemalls -for 30s -ftp-tls none -ftp-port 2121
//
// On start-up it prints one JSON line on stdout with every endpoint and test
// credential (fake ones: printing them is the point), then serves until
// SIGINT or SIGTERM, or for the -for duration:
//
//	{"seed_version":1,"now":"…","clock":"follow",
//	 "rakuten":{"shops":[{"name":…,"base_url":…,"licenses":[{"service_secret":…,"license_key":…,"expiry":…}]}]},
//	 "yahoo":{"store_url":…,"auth_url":…,"sellers":[{"id":…,"client_id":…,"client_secret":…,
//	          "redirect_url":…,"key_version":1,"public_key_pem":…,"authorization_code":…}]},
//	 "ponpare":{"endpoint":…,"accounts":[{"shop_url":…,"user_id":…,"password":…}]},
//	 "ftp":{"addr":"127.0.0.1:…","user":…,"password":…,"tls":"explicit","root":…,"ca_pem":…}}
//
// Every HTTP fake listens on its own random 127.0.0.1 port (the fakes are
// httptest servers and offer no fixed port); read the URLs from that line.
// The FTP server listens on 127.0.0.1, on -ftp-port or a free port.
//
// # Seed
//
// The seed is a versioned JSON document ("version": 1), described on the
// seed type in seed.go: Rakuten shops with license keys, orders and
// inventory (one fake RMS per shop), Yahoo sellers with orders and stock,
// ポンパレ accounts and archive orders, and the FTP account with files to
// pre-place, such as a TEMPOSTAR stock CSV written in CP932. It is read
// strictly: unknown fields, trailing data, an unknown version and bad values
// are errors naming the JSON path (or the line and column for syntax errors),
// all of them at once, before any server starts. Times may be relative to the
// start ("now-3h"), so a seed stays current.
//
// # Authentication
//
// Rakuten: ESA with the printed service_secret and license_key. Yahoo:
// YConnect with the printed client credentials; either exchange the printed
// authorization_code or open <auth_url>authorization (the fake user
// consents at once and redirects to redirect_url with a code), and sign with
// the printed public_key_pem (公開鍵認証). ポンパレ: userAuthBean with the printed
// account. FTP: the seed's user and password; with -ftp-tls explicit (the
// default) only after AUTH TLS, trusting the printed ca_pem, a certificate
// generated at start-up.
//
// # Clock
//
// The fakes judge business time (order ages, token and key lifetimes,
// signature timestamps) on their own clock, which starts at the seed's "now"
// (default: the wall clock). With -clock follow (the default) it advances with
// the wall clock, so confirmed orders progress and tokens expire as on the
// live malls; -clock frozen keeps it still. When the seed sets "now" or the
// clock is frozen, the Yahoo fake accepts any signature timestamp unless the
// seed sets yahoo.signature_window, because programs sign with the wall clock.
//
// # Rate limits
//
// None are imposed: the fakes throttle only when a test asks them to, and
// this program does not.
//
// # Errors
//
// The fakes answer with the malls' own error bodies (see the packages
// rakutentest, yahootest and ponparetest). A seed that cannot be used stops
// the program with exit status 1 and one line per problem on stderr.
package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// defaultSeed is the demo data served when no -seed is given.
//
//go:embed seed.json
var defaultSeed []byte

// defaultTick is how often a following clock is advanced.
const defaultTick = time.Second

// config is what run needs; main fills it from flags.
type config struct {
	seed    []byte  // seed JSON; nil means the embedded default
	ftpRoot string  // served folder; "" means a new temporary one, removed at exit
	ftpPort int     // 0 means a free port
	ftpTLS  ftpMode // ftpExplicit (also when empty) or ftpPlain
	follow  bool    // the fakes' clocks advance with the wall clock
	// tick is how often a following clock is advanced; 0 means defaultTick.
	tick time.Duration
	// wall is the wall clock; nil means time.Now.
	wall func() time.Time
}

func main() {
	var (
		seedPath  = flag.String("seed", "", "seed JSON file (default: the embedded demo seed)")
		printSeed = flag.Bool("print-seed", false, "print the embedded demo seed and exit")
		ftpRoot   = flag.String("ftp-root", "", "folder the FTP server serves (default: a new temporary folder, removed at exit)")
		ftpPort   = flag.Int("ftp-port", 0, "FTP control port on 127.0.0.1 (default: a free port)")
		ftpTLS    = flag.String("ftp-tls", string(ftpExplicit), `FTP security: "explicit" (FTPS, AUTH TLS, self-signed certificate) or "none"`)
		clockMode = flag.String("clock", "follow", `fake business clock: "follow" the wall clock or stay "frozen" at the seed's now`)
		runFor    = flag.Duration("for", 0, "stop after this long (default: run until SIGINT or SIGTERM)")
	)
	flag.Parse()
	if *printSeed {
		_, _ = os.Stdout.Write(defaultSeed)
		return
	}
	cfg := config{ftpRoot: *ftpRoot, ftpPort: *ftpPort, ftpTLS: ftpMode(*ftpTLS)}
	if cfg.ftpTLS != ftpExplicit && cfg.ftpTLS != ftpPlain {
		fail(fmt.Errorf("-ftp-tls: want %s or %s, got %q", ftpExplicit, ftpPlain, *ftpTLS))
	}
	switch *clockMode {
	case "follow":
		cfg.follow = true
	case "frozen":
	default:
		fail(fmt.Errorf("-clock: want follow or frozen, got %q", *clockMode))
	}
	if *seedPath != "" {
		b, err := os.ReadFile(*seedPath)
		if err != nil {
			fail(err)
		}
		cfg.seed = b
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// After the first signal the default handling returns, so a second
	// SIGINT or SIGTERM ends the process even if shutting down hangs.
	context.AfterFunc(ctx, stop)
	if *runFor > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *runFor)
		defer cancel()
	}
	if err := run(ctx, cfg, os.Stdout); err != nil {
		stop()
		fail(err)
	}
}

// fail prints err, one line per joined error, and exits with status 1.
func fail(err error) {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			fmt.Fprintln(os.Stderr, "fakemalls:", e)
		}
	} else {
		fmt.Fprintln(os.Stderr, "fakemalls:", err)
	}
	os.Exit(1)
}

// run loads and checks the seed, starts every fake and the FTP server,
// prints the endpoints line on stdout and serves until ctx ends. It returns
// nil after a normal stop.
func run(ctx context.Context, cfg config, stdout io.Writer) (err error) {
	wall := cfg.wall
	if wall == nil {
		wall = time.Now
	}
	data := cfg.seed
	if data == nil {
		data = defaultSeed
	}
	s, err := loadSeed(data)
	if err != nil {
		return err
	}
	wallStart := wall()
	p, err := compile(s, planOptions{wall: wallStart, follow: cfg.follow})
	if err != nil {
		return err
	}

	f := startFakes(p)
	defer f.close()

	var ftp *ftpServer
	var ftpOpts ftpOptions
	if p.ftp != nil {
		root := cfg.ftpRoot
		if root == "" {
			if root, err = os.MkdirTemp("", "fakemalls-ftp-"); err != nil {
				return err
			}
			defer func() { err = errors.Join(err, os.RemoveAll(root)) }()
		}
		if err := prepareFTPRoot(root, p.ftp.files); err != nil {
			return err
		}
		mode := cfg.ftpTLS
		if mode == "" {
			mode = ftpExplicit
		}
		ftpOpts = ftpOptions{
			root: root, port: cfg.ftpPort, mode: mode,
			user: p.ftp.user, password: p.ftp.password,
		}
		if ftp, err = startFTP(ftpOpts); err != nil {
			return err
		}
		defer func() { err = errors.Join(err, ftp.stop()) }()
	}

	line, err := json.Marshal(describe(p, f, ftp, ftpOpts, cfg.follow))
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(stdout, "%s\n", line); err != nil {
		return err
	}

	if cfg.follow {
		tick := cfg.tick
		if tick <= 0 {
			tick = defaultTick
		}
		ticker := time.NewTicker(tick)
		defer ticker.Stop()
		cf := &clockFollower{setNow: f.setNow, start: p.now, wallStart: wallStart, wall: wall}
		done := make(chan struct{})
		go func() { defer close(done); cf.run(ctx, ticker.C) }()
		defer func() { <-done }()
	}
	<-ctx.Done()
	return nil
}
