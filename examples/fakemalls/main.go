// Command fakemalls serves every fake mall of mallkit and an FTP server on
// loopback, seeded from a JSON file, so that programs in any language can be
// pointed at faithful fakes of 楽天 RMS, Yahoo!ショッピング, ポンパレモール and a
// TEMPOSTAR-style FTP area.
//
//	go run ./examples/fakemalls                      # the embedded demo seed
//	go run ./examples/fakemalls -seed seed.json      # your own data
//	go run ./examples/fakemalls -print-seed > seed.json
//	go run ./examples/fakemalls -for 30s -ftp-tls none -ftp-port 2121
//	go run ./examples/fakemalls -admin -buyers 5 -for 10m   # a marketplace with buyers
//
// The marketplace itself is package market (examples/fakemalls/market), so
// that other programs (examples/syncengine -demo) run the very same one in
// process; this command is its flags and its endpoints line.
//
// On start-up it prints one JSON line on stdout with every endpoint and test
// credential (fake ones: printing them is the point), then serves until
// SIGINT or SIGTERM, or for the -for duration:
//
//	{"seed_version":1,"now":"…","clock":"follow",
//	 "rakuten":{"shops":[{"name":…,"channel":"rakuten/…","shop_id":…,"base_url":…,
//	          "licenses":[{"service_secret":…,"license_key":…,"expiry":…}],"notification_auth_key":…}]},
//	 "yahoo":{"store_url":…,"auth_url":…,"sellers":[{"id":…,"channel":"yahoo/…","client_id":…,"client_secret":…,
//	          "redirect_url":…,"key_version":1,"public_key_pem":…,"authorization_code":…}]},
//	 "ponpare":{"endpoint":…,"stock_path":"/item.csv","accounts":[{"shop_url":…,"channel":"ponpare/…","user_id":…,"password":…}]},
//	 "ftp":{"addr":"127.0.0.1:…","user":…,"password":…,"tls":"explicit","root":…,"ca_pem":…},
//	 "tempostar":{"channel":"tempostar/sakuragama","shop_code":…,"stock_every":"10m0s"},
//	 "admin":"http://127.0.0.1:…/"}
//
// Every HTTP fake listens on its own random 127.0.0.1 port (the fakes are
// httptest servers and offer no fixed port); read the URLs from that line.
// The FTP server listens on 127.0.0.1, on -ftp-port or a free port.
//
// # Admin API and buyers
//
// -admin serves the admin API of package market (Market.Admin) on a
// loopback port, named "admin" in the endpoints line: POST /buy, /cancel,
// /ship, /paid, /postage, /release, /notification, GET /stock, /orders,
// /stats. -buyers RATE starts the buyer
// generator (orders per second across channels, -buyers-seed for repeatable
// runs, -hot SKU,... for a flash sale); -for stops everything after that
// long. With a catalog naming a TEMPOSTAR shop (the demo seed does), the
// FTP area is a TEMPOSTAR hub that takes the order files uploaded to it,
// writes stock files every -tempostar-stock-every and a shipments file per
// POST /ship.
//
// # Seed
//
// The seed is a versioned JSON document ("version": 1), described on the
// seed type in market/seed.go: Rakuten shops with license keys, orders and
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
// With -limits on (the default) the fakes throttle as the live malls do:
// Rakuten 1 request/s per license key, Yahoo 1 request/s per application and
// operation, with the malls' own throttle answers. -limits off serves
// programs that only want answers.
//
// # Errors
//
// The fakes answer with the malls' own error bodies (see the packages
// rakutentest, yahootest and ponparetest). A seed that cannot be used stops
// the program with exit status 1 and one line per problem on stderr.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/mallkit/mallkit/examples/fakemalls/market"
	"github.com/mallkit/mallkit/examples/syncengine/fakeconfig"
)

// config is what run needs; main fills it from flags.
type config struct {
	seed    []byte         // seed JSON; nil means the demo seed
	ftpRoot string         // served folder; "" means a new temporary one, removed at exit
	ftpPort int            // 0 means a free port
	ftpTLS  market.FTPMode // market.FTPExplicit (also when empty) or market.FTPPlain
	follow  bool           // the fakes' clocks advance with the wall clock
	// tick is how often the marketplace steps; 0 means one second.
	tick time.Duration
	// wall is the wall clock; nil means time.Now.
	wall func() time.Time

	admin      bool
	limits     bool
	buyers     float64
	buyersSeed int64
	hot        []string
	forBuyers  time.Duration
	stockEvery time.Duration
	stockAll   bool
	// engineConfig is where to write a syncengine config ("" none).
	engineConfig string
}

func main() {
	var (
		seedPath   = flag.String("seed", "", "seed JSON file (default: the demo seed)")
		printSeed  = flag.Bool("print-seed", false, "print the demo seed and exit")
		ftpRoot    = flag.String("ftp-root", "", "folder the FTP server serves (default: a new temporary folder, removed at exit)")
		ftpPort    = flag.Int("ftp-port", 0, "FTP control port on 127.0.0.1 (default: a free port)")
		ftpTLS     = flag.String("ftp-tls", string(market.FTPExplicit), `FTP security: "explicit" (FTPS, AUTH TLS, self-signed certificate) or "none"`)
		clockMode  = flag.String("clock", "follow", `fake business clock: "follow" the wall clock or stay "frozen" at the seed's now`)
		runFor     = flag.Duration("for", 0, "stop after this long, buyers included (default: run until SIGINT or SIGTERM)")
		admin      = flag.Bool("admin", false, "serve the admin API on a loopback port (\"admin\" in the endpoints line)")
		limits     = flag.String("limits", "on", `mall rate limits in the fakes: "on" or "off"`)
		buyers     = flag.Float64("buyers", 0, "orders per second from the built-in buyer generator (0: none)")
		buyersSeed = flag.Int64("buyers-seed", 1, "seed of the buyer generator, for repeatable runs")
		hot        = flag.String("hot", "", "flash sale: comma-separated SKUs whose listings get half of the buyers' orders on the channels that list them")
		stockEvery = flag.Duration("tempostar-stock-every", 10*time.Minute, "how often the TEMPOSTAR hub writes a stock file (marketplace time)")
		stockAll   = flag.Bool("tempostar-stock-all", false, "every TEMPOSTAR stock file lists every SKU (default: the SKUs that changed)")
		engineCfg  = flag.String("engine-config", "", "write a syncengine config for these fakes to FILE (listings, on-hand and secrets next to it)")
	)
	flag.Parse()
	if *printSeed {
		b, err := json.MarshalIndent(market.DemoSeed(), "", "  ")
		if err != nil {
			fail(err)
		}
		_, _ = os.Stdout.Write(append(b, '\n'))
		return
	}
	cfg := config{ftpRoot: *ftpRoot, ftpPort: *ftpPort, ftpTLS: market.FTPMode(*ftpTLS), admin: *admin,
		buyers: *buyers, buyersSeed: *buyersSeed, forBuyers: *runFor, stockEvery: *stockEvery, stockAll: *stockAll,
		engineConfig: *engineCfg}
	if cfg.ftpTLS != market.FTPExplicit && cfg.ftpTLS != market.FTPPlain {
		fail(fmt.Errorf("-ftp-tls: want %s or %s, got %q", market.FTPExplicit, market.FTPPlain, *ftpTLS))
	}
	switch *clockMode {
	case "follow":
		cfg.follow = true
	case "frozen":
	default:
		fail(fmt.Errorf("-clock: want follow or frozen, got %q", *clockMode))
	}
	switch *limits {
	case "on":
		cfg.limits = true
	case "off":
	default:
		fail(fmt.Errorf("-limits: want on or off, got %q", *limits))
	}
	if *buyers < 0 {
		fail(fmt.Errorf("-buyers: want a rate of 0 or more orders per second, got %v", *buyers))
	}
	if *stockEvery <= 0 {
		fail(fmt.Errorf("-tempostar-stock-every: want a positive duration, got %v", *stockEvery))
	}
	if *hot != "" {
		cfg.hot = strings.Split(*hot, ",")
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

// run starts the marketplace, prints the endpoints line on stdout and
// serves until ctx ends. It returns nil after a normal stop.
func run(ctx context.Context, cfg config, stdout io.Writer) (err error) {
	mc := market.Config{
		Limits: cfg.limits, BuyersRate: cfg.buyers, BuyersSeed: cfg.buyersSeed,
		HotItems: market.HotItems{SKUs: cfg.hot}, For: cfg.forBuyers, StockEvery: cfg.stockEvery, StockAll: cfg.stockAll,
		Now: cfg.wall, Frozen: !cfg.follow, Tick: cfg.tick, Admin: cfg.admin,
		FTPRoot: cfg.ftpRoot, FTPPort: cfg.ftpPort, FTPTLS: cfg.ftpTLS,
	}
	if cfg.seed != nil {
		if mc.Seed, err = market.ParseSeed(cfg.seed); err != nil {
			return err
		}
	}
	m, err := market.Start(ctx, mc)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, m.Close()) }()
	if cfg.engineConfig != "" {
		if err := fakeconfig.Write(cfg.engineConfig, m.Endpoints(), m.Catalog(), nil); err != nil {
			return fmt.Errorf("-engine-config: %w", err)
		}
	}
	line, err := json.Marshal(m.Endpoints())
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(stdout, "%s\n", line); err != nil {
		return err
	}
	<-ctx.Done()
	return nil
}
