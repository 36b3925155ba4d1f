package engine

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"golang.org/x/time/rate"

	//lint:ignore SA1019 ポンパレ channels stay working for shops that still run them (issue 12).
	"github.com/mallkit/mallkit/ponpare"
	"github.com/mallkit/mallkit/rakuten"
	"github.com/mallkit/mallkit/stock"
	"github.com/mallkit/mallkit/tempostar"
	"github.com/mallkit/mallkit/yahoo"
)

// Service is an engine assembled from a Config: the state database, the
// ledger in it, the channels and hubs with their clients, the River runner
// and the notification handler.
type Service struct {
	Engine   *Engine
	Runner   *Runner
	DB       *sql.DB
	Ledger   *stock.Ledger
	Schedule Schedule
	// Notifications is the 楽天 System Event Notification handler (nil
	// when the config has none); it triggers the shop's poll at once.
	Notifications http.Handler
	closers       []func() error
}

// ServiceOptions are the parts of a Service that do not come from the
// config file.
type ServiceOptions struct {
	Logger *slog.Logger
	Now    func() time.Time // nil: time.Now
	// StateDir overrides the config's state folder or DSN (the -state flag).
	StateDir string
	// Runner adds to (and overrides) the runner options of the config's
	// "postgres" object (the -workers flag).
	Runner    []RunnerOption
	OnApplied func(channel string, o RemoteOrder, at time.Time)
}

// OpenService opens the state, builds every client and the engine, and
// prepares (without starting) the River runner.
func OpenService(ctx context.Context, cfg *Config, o ServiceOptions) (_ *Service, err error) {
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	now := o.Now
	if now == nil {
		now = time.Now
	}
	s := &Service{Schedule: cfg.Schedule()}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	loc := o.StateDir
	if loc == "" {
		loc = cfg.StateLocation()
	}
	pgOpts, err := cfg.PostgresOptions()
	if err != nil {
		return nil, err
	}
	runOpts, err := cfg.RunnerOptions()
	if err != nil {
		return nil, err
	}
	if s.DB, err = OpenDatabase(ctx, loc, pgOpts); err != nil {
		return nil, err
	}
	s.closers = append(s.closers, func() error { return CloseDatabase(s.DB) })
	if err := Migrate(ctx, s.DB); err != nil {
		return nil, err
	}
	store, err := stock.NewSQLStore(ctx, s.DB, DialectOf(s.DB))
	if err != nil {
		return nil, fmt.Errorf("engine: ledger: %w", err)
	}
	if s.Ledger, err = stock.Open(ctx, store, stock.WithClock(now)); err != nil {
		return nil, fmt.Errorf("engine: ledger: %w", err)
	}
	state, err := NewState(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	listings, err := readFileWith(resolvePath(cfg.dir, cfg.Listings), ReadListings)
	if err != nil {
		return nil, err
	}
	if err := s.loadOnHand(ctx, cfg, state, now()); err != nil {
		return nil, err
	}
	rules := cfg.Rules()
	var chans []Channel
	for i, rc := range cfg.Rakuten {
		ch, err := openRakuten(cfg.dir, rc, rules, now, log)
		if err != nil {
			return nil, &ConfigError{Path: fmt.Sprintf("$.rakuten[%d]", i), Err: err}
		}
		chans = append(chans, ch)
	}
	for i, yc := range cfg.Yahoo {
		ch, err := openYahoo(ctx, cfg.dir, yc, rules, now, log)
		if err != nil {
			return nil, &ConfigError{Path: fmt.Sprintf("$.yahoo[%d]", i), Err: err}
		}
		chans = append(chans, ch)
	}
	for i, pc := range cfg.Ponpare {
		ch, err := openPonpare(cfg.dir, pc, rules, now, log)
		if err != nil {
			return nil, &ConfigError{Path: fmt.Sprintf("$.ponpare[%d]", i), Err: err}
		}
		chans = append(chans, ch)
	}
	var hubs []Hub
	for i, tc := range cfg.Tempostar {
		h, err := openTempostar(ctx, cfg.dir, tc, now, log)
		if err != nil {
			return nil, &ConfigError{Path: fmt.Sprintf("$.tempostar[%d]", i), Err: err}
		}
		s.closers = append(s.closers, h.c.Close)
		hubs = append(hubs, h)
	}
	s.Engine, err = New(ctx, Options{Ledger: s.Ledger, State: state, Channels: chans, Hubs: hubs,
		Listings: listings, Now: now, Logger: log, Rules: rules, SharedTx: true, OnApplied: o.OnApplied,
		Sale: s.Schedule.Sale})
	if err != nil {
		return nil, err
	}
	if err := MigrateRiver(ctx, s.DB); err != nil {
		return nil, err
	}
	if s.Runner, err = NewRunner(s.Engine, s.DB, s.Schedule, log, append(runOpts, o.Runner...)...); err != nil {
		return nil, err
	}
	if n := cfg.Notifications; n != nil {
		key, err := n.AuthKey.resolve(cfg.dir)
		if err != nil {
			return nil, &ConfigError{Path: "$.notifications.auth_key", Err: err}
		}
		h, err := NewNotificationHandler(s.Engine, key, log)
		if err != nil {
			return nil, err
		}
		s.Notifications = h
	}
	return s, nil
}

// loadOnHand applies the on-hand CSV once, when the state is new.
func (s *Service) loadOnHand(ctx context.Context, cfg *Config, state *State, now time.Time) error {
	if cfg.OnHand == "" {
		return nil
	}
	done, err := state.Watermark(ctx, "", "on_hand_loaded")
	if err != nil || !done.IsZero() {
		return err
	}
	counts, err := readFileWith(resolvePath(cfg.dir, cfg.OnHand), ReadOnHand)
	if err != nil {
		return err
	}
	for sku, n := range counts {
		if err := s.Ledger.SetOnHand(ctx, sku, n, now); err != nil {
			return fmt.Errorf("engine: on-hand %s: %w", sku, err)
		}
	}
	return state.SetWatermark(ctx, "", "on_hand_loaded", now)
}

// Close releases the database and connections.
func (s *Service) Close() error {
	var errs []error
	for i := len(s.closers) - 1; i >= 0; i-- {
		errs = append(errs, s.closers[i]())
	}
	s.closers = nil
	return errors.Join(errs...)
}

// defaultYahooRate keeps a margin under Yahoo's published 1 request/s per
// operation (the client limits each operation on its own).
const defaultYahooRate = 0.9

// defaultRakutenRate keeps a margin under RMS's 1 request/s per license
// key, so that clock jitter between the engine and RMS does not turn into
// throttled calls.
const defaultRakutenRate = 0.9

func openRakuten(dir string, rc RakutenConfig, rules ImportRules, now func() time.Time, log *slog.Logger) (*RakutenChannel, error) {
	secret, err := rc.ServiceSecret.resolve(dir)
	if err != nil {
		return nil, fmt.Errorf("service_secret: %w", err)
	}
	key, err := rc.LicenseKey.resolve(dir)
	if err != nil {
		return nil, fmt.Errorf("license_key: %w", err)
	}
	perSecond := rc.RatePerSecond
	if perSecond == 0 {
		perSecond = defaultRakutenRate
	}
	opts := []rakuten.Option{rakuten.WithLimiter(rate.NewLimiter(rate.Limit(perSecond), 1)),
		rakuten.WithClock(now), rakuten.WithLogger(log)}
	if rc.BaseURL != "" {
		opts = append(opts, rakuten.WithBaseURL(rc.BaseURL))
	}
	c, err := rakuten.NewClient(rakuten.Credentials{ServiceSecret: secret, LicenseKey: key}, opts...)
	if err != nil {
		return nil, err
	}
	ch, err := NewRakutenChannel(rc.Shop, c, rules)
	if err == nil && rc.LookbackEvery > 0 {
		ch.SetLookbackEvery(time.Duration(rc.LookbackEvery))
	}
	return ch, err
}

func openYahoo(ctx context.Context, dir string, yc YahooConfig, rules ImportRules, now func() time.Time, log *slog.Logger) (*YahooChannel, error) {
	secret, err := yc.ClientSecret.resolve(dir)
	if err != nil {
		return nil, fmt.Errorf("client_secret: %w", err)
	}
	ycfg := yahoo.Config{SellerID: yc.SellerID, ClientID: yc.ClientID, ClientSecret: secret,
		RedirectURL: yc.RedirectURL, KeyVersion: yc.KeyVersion}
	if yc.PublicKey != nil {
		pem, err := yc.PublicKey.resolve(dir)
		if err != nil {
			return nil, fmt.Errorf("public_key: %w", err)
		}
		ycfg.PublicKeyPEM = []byte(pem + "\n")
	}
	if yc.PublicKeyIssued != nil {
		ycfg.PublicKeyIssued = *yc.PublicKeyIssued
	}
	perSecond := yc.RatePerSecond
	if perSecond == 0 {
		perSecond = defaultYahooRate
	}
	tokens := yahoo.NewFileTokenStore(resolvePath(dir, yc.TokenFile))
	opts := []yahoo.Option{yahoo.WithTokenStore(tokens), yahoo.WithRateLimit(perSecond, 1),
		yahoo.WithClock(now), yahoo.WithLogger(log)}
	if yc.BaseURL != "" {
		opts = append(opts, yahoo.WithBaseURL(yc.BaseURL))
	}
	if yc.AuthURL != "" {
		opts = append(opts, yahoo.WithAuthURL(yc.AuthURL))
	}
	c, err := yahoo.NewClient(ycfg, opts...)
	if err != nil {
		return nil, err
	}
	if tok, err := tokens.Load(ctx); (err != nil || tok == nil) && yc.AuthorizationCode != nil {
		code, err := yc.AuthorizationCode.resolve(dir)
		if err != nil {
			return nil, fmt.Errorf("authorization_code: %w", err)
		}
		if err := c.Exchange(ctx, code); err != nil && !tokenAppears(ctx, tokens, err) {
			return nil, fmt.Errorf("authorization_code: %w", err)
		}
	}
	return NewYahooChannel(c, rules), nil
}

// tokenWait is how long a process whose authorization code was refused
// waits for another process's token in the shared token file.
const tokenWait = 10 * time.Second

// tokenAppears says whether a refused exchange (exchangeErr) is one that
// another process won: YConnect accepts a code once, so processes started
// together with one config race to redeem it, and the winner writes the
// shared token file. It waits up to tokenWait for a token there.
func tokenAppears(ctx context.Context, tokens yahoo.TokenStore, exchangeErr error) bool {
	if !errors.Is(exchangeErr, yahoo.ErrReauthorizationRequired) {
		return false
	}
	deadline := time.Now().Add(tokenWait)
	for {
		if tok, err := tokens.Load(ctx); err == nil && tok != nil {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func openPonpare(dir string, pc PonpareConfig, rules ImportRules, now func() time.Time, log *slog.Logger) (*PonpareChannel, error) {
	pw, err := pc.Password.resolve(dir)
	if err != nil {
		return nil, fmt.Errorf("password: %w", err)
	}
	creds := ponpare.Credentials{ShopURL: pc.ShopURL, UserID: pc.UserID, Password: pw}
	if pc.PasswordExpires != nil {
		creds.ExpiresAt = *pc.PasswordExpires
	}
	c, err := ponpare.NewClient(creds, ponpare.WithEndpoint(pc.Endpoint), ponpare.WithClock(now), ponpare.WithLogger(log))
	if err != nil {
		return nil, err
	}
	var up *ponpare.StockUploader
	if st := pc.Stock; st != nil {
		spw, err := st.Password.resolve(dir)
		if err != nil {
			return nil, fmt.Errorf("stock.password: %w", err)
		}
		fc := ponpare.StockFTPConfig{Host: st.Host, Port: st.Port, Path: st.Path, Clock: now, TLS: ponpare.ExplicitTLS}
		switch st.TLS {
		case "implicit":
			fc.TLS = ponpare.ImplicitTLS
		case "none":
			fc.TLS = ponpare.NoTLS
		}
		if fc.TLSConfig, err = tlsConfig(dir, st.CAFile, st.Host); err != nil {
			return nil, err
		}
		up, err = ponpare.NewStockUploader(ponpare.Credentials{ShopURL: pc.ShopURL, UserID: st.UserID, Password: spw}, fc)
		if err != nil {
			return nil, err
		}
	}
	return NewPonpareChannel(c, creds, up, rules), nil
}

func openTempostar(ctx context.Context, dir string, tc TempostarConfig, now func() time.Time, log *slog.Logger) (*TempostarHub, error) {
	tc = tc.selected()
	pw, err := tc.Password.resolve(dir)
	if err != nil {
		return nil, fmt.Errorf("password: %w", err)
	}
	cfg := tempostar.Config{Host: tc.Host, Port: tc.Port, User: tc.User, Password: pw, ShopCode: tc.ShopCode,
		TLS: tempostar.ExplicitTLS, Clock: now, Logger: log}
	switch tc.TLS {
	case "implicit":
		cfg.TLS = tempostar.ImplicitTLS
	case "none":
		cfg.TLS = tempostar.NoTLS
	}
	if cfg.TLSConfig, err = tlsConfig(dir, tc.CAFile, tc.Host); err != nil {
		return nil, err
	}
	c, err := tempostar.Dial(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return NewTempostarHub(c, now), nil
}

// tlsConfig trusts the roots in caFile (nil when there is none).
func tlsConfig(dir, caFile, host string) (*tls.Config, error) {
	if caFile == "" {
		return nil, nil
	}
	pem, err := os.ReadFile(resolvePath(dir, caFile))
	if err != nil {
		return nil, fmt.Errorf("ca_file: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("ca_file: no PEM certificate in %s", caFile)
	}
	return &tls.Config{RootCAs: pool, ServerName: host, MinVersion: tls.VersionTLS12}, nil
}
