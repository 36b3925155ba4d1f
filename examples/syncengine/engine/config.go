package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Config is the engine's configuration file (see the package doc for a
// complete example). It is read strictly: unknown fields and bad values are
// errors naming their JSON path. Secrets never appear in it: each is a
// Secret naming an environment variable or a file.
type Config struct {
	// State is the folder holding the engine's SQLite database (default
	// "state", relative to the config file), or a PostgreSQL DSN
	// ("postgres://user@host/db?search_path=mallkit") shared by several
	// processes; Postgres tunes the latter.
	State    string          `json:"state,omitzero"`
	Postgres *PostgresConfig `json:"postgres,omitzero"`
	// UI is the login of River's UI (syncengine -ui ADDR).
	UI *UIConfig `json:"ui,omitzero"`
	// Listings is a CSV file of listings: channel,item,parts,safety,max
	// (parts "SKU" or "SKU*2+OTHER*1"). Relative to the config file.
	Listings string `json:"listings"`
	// OnHand is an optional CSV file of initial counts: sku,units. Applied
	// once, when the database is created.
	OnHand        string               `json:"on_hand,omitzero"`
	Notifications *NotificationsConfig `json:"notifications,omitzero"`
	Intervals     IntervalsConfig      `json:"intervals,omitzero"`
	Import        ImportConfig         `json:"import,omitzero"`
	Calendar      CalendarConfig       `json:"calendar,omitzero"`
	Sale          []SaleConfig         `json:"sale,omitzero"`
	Rakuten       []RakutenConfig      `json:"rakuten,omitzero"`
	Yahoo         []YahooConfig        `json:"yahoo,omitzero"`
	Ponpare       []PonpareConfig      `json:"ponpare,omitzero"`
	Tempostar     []TempostarConfig    `json:"tempostar,omitzero"`

	dir string // the config file's folder
}

// Secret names where a secret comes from: exactly one of Env (an
// environment variable) or File (a file whose content, trimmed, is the
// secret; relative to the config file).
type Secret struct {
	Env  string `json:"env,omitzero"`
	File string `json:"file,omitzero"`
}

// NotificationsConfig is the HTTP listener for 楽天 System Event
// Notifications.
type NotificationsConfig struct {
	Listen  string `json:"listen"`   // e.g. "127.0.0.1:8090"
	AuthKey Secret `json:"auth_key"` // the authKey agreed when registering the URL
}

// IntervalsConfig overrides the schedule's defaults (DefaultSchedule).
type IntervalsConfig struct {
	Poll             Duration `json:"poll,omitzero"`
	Sweep            Duration `json:"sweep,omitzero"`
	ReceiveStock     Duration `json:"receive_stock,omitzero"`
	ReceiveShipments Duration `json:"receive_shipments,omitzero"`
	Upload           Duration `json:"upload,omitzero"`
	Health           Duration `json:"health,omitzero"`
}

// ImportConfig overrides the import rules' defaults (DefaultImportRules).
type ImportConfig struct {
	AutoConfirm   *bool    `json:"auto_confirm,omitzero"`
	ConfirmAfter  Duration `json:"confirm_after,omitzero"`
	AsurakuAtOnce *bool    `json:"asuraku_at_once,omitzero"`
	Reserve       bool     `json:"reserve,omitzero"`
	Drug          bool     `json:"drug,omitzero"`
	FirstStart    Duration `json:"first_start,omitzero"`
	Overlap       Duration `json:"overlap,omitzero"`
	OpenWindow    Duration `json:"open_window,omitzero"`
	// CSVMovesStock: see ImportRules.CSVMovesStock (default false).
	CSVMovesStock bool `json:"csv_moves_stock,omitzero"`
	// CarrierOther: see ImportRules.CarrierOtherOnImport (default false).
	CarrierOther bool `json:"carrier_other,omitzero"`
}

// SaleConfig is one sale period (楽天スーパーSALE) from From until Until
// (RFC 3339): a shorter poll interval, and optional quotas (channel → item
// → units, at least 1) that cap what those items show (see SaleWindow).
type SaleConfig struct {
	From   time.Time                 `json:"from"`
	Until  time.Time                 `json:"until"`
	Poll   Duration                  `json:"poll"`
	Quotas map[string]map[string]int `json:"quotas,omitzero"`
}

// RakutenConfig is one 楽天市場 shop.
type RakutenConfig struct {
	// Shop is the shop URL or its account; every spelling names the same
	// channel "rakuten/<account>".
	Shop          string `json:"shop"`
	BaseURL       string `json:"base_url,omitzero"`
	ServiceSecret Secret `json:"service_secret"`
	LicenseKey    Secret `json:"license_key"`
	// RatePerSecond is the license key's budget shared by every call
	// (default 0.9, a margin under the 1 request/s the fakes apply;
	// unverified against RMS).
	RatePerSecond float64 `json:"rate_per_second,omitzero"`
	// LookbackEvery spaces the search that finds cancels and changes of
	// open orders (default 30 s: one call of the license key's budget).
	LookbackEvery Duration `json:"lookback_every,omitzero"`
}

// YahooConfig is one Yahoo!ショッピング store.
type YahooConfig struct {
	SellerID     string `json:"seller_id"`
	ClientID     string `json:"client_id"`
	ClientSecret Secret `json:"client_secret"`
	RedirectURL  string `json:"redirect_url,omitzero"`
	// PublicKey is the PEM of the 公開鍵認証 key, with its version and issue
	// date (RFC 3339; the key lasts one year).
	PublicKey       *Secret    `json:"public_key,omitzero"`
	KeyVersion      int        `json:"key_version,omitzero"`
	PublicKeyIssued *time.Time `json:"public_key_issued,omitzero"`
	// TokenFile keeps the OAuth tokens (created 0600). AuthorizationCode, when
	// the file has no token yet, is exchanged for one at start.
	TokenFile         string  `json:"token_file"`
	AuthorizationCode *Secret `json:"authorization_code,omitzero"`
	BaseURL           string  `json:"base_url,omitzero"`
	AuthURL           string  `json:"auth_url,omitzero"`
	RatePerSecond     float64 `json:"rate_per_second,omitzero"`
}

// PonpareConfig is one ポンパレモール shop: the order API's login and,
// optionally, the stock API's FTPS login (without it the channel takes
// orders only).
type PonpareConfig struct {
	ShopURL  string `json:"shop_url"`
	Endpoint string `json:"endpoint"` // the orderWsvc SOAP endpoint
	UserID   string `json:"user_id"`
	Password Secret `json:"password"`
	// PasswordExpires is when the API password expires (RFC 3339), for the
	// credential check; the mall does not say it through the API.
	PasswordExpires *time.Time    `json:"password_expires,omitzero"`
	Stock           *PonpareStock `json:"stock,omitzero"`
}

// PonpareStock is the stock API's FTPS login and where the file goes
// (defaults: ponpare.DefaultStockFTPHost, ponpare.DefaultStockPath).
type PonpareStock struct {
	Host     string `json:"host,omitzero"`
	Port     int    `json:"port,omitzero"`
	UserID   string `json:"user_id"`
	Password Secret `json:"password"`
	// TLS is "explicit" (default), "implicit" or "none"; CAFile a PEM of
	// extra roots to trust.
	TLS    string `json:"tls,omitzero"`
	CAFile string `json:"ca_file,omitzero"`
	Path   string `json:"path,omitzero"`
}

// TempostarConfig is one TEMPOSTAR FTP account. With Env ("demo" or
// "production") the entry of Endpoints for it replaces host, port, user and
// password, so that one config switches between TEMPOSTAR's demo and
// production accounts.
type TempostarConfig struct {
	ShopCode  string                       `json:"shop_code"`
	Env       string                       `json:"env,omitzero"`
	Endpoints map[string]TempostarEndpoint `json:"endpoints,omitzero"`
	Host      string                       `json:"host,omitzero"`
	Port      int                          `json:"port,omitzero"`
	User      string                       `json:"user"`
	Password  Secret                       `json:"password"`
	// TLS is "explicit" (default), "implicit" or "none".
	TLS string `json:"tls,omitzero"`
	// CAFile is a PEM file of extra roots to trust (a test server's).
	CAFile string `json:"ca_file,omitzero"`
}

// TempostarEndpoint is one environment's FTP account.
type TempostarEndpoint struct {
	Host     string `json:"host"`
	Port     int    `json:"port,omitzero"`
	User     string `json:"user"`
	Password Secret `json:"password"`
}

// Duration is a time.Duration written as Go spells it ("90s", "10m").
type Duration time.Duration

// UnmarshalJSON implements json.Unmarshaler.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want a duration string like \"10m\"")
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return fmt.Errorf("bad duration %q", s)
	}
	*d = Duration(v)
	return nil
}

// MarshalJSON implements json.Marshaler.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// LoadConfig reads and checks the config file at path.
func LoadConfig(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("engine: read config: %w", err)
	}
	cfg, err := ParseConfig(b)
	if err != nil {
		return nil, err
	}
	cfg.dir = filepath.Dir(path)
	return cfg, nil
}

// ParseConfig decodes and checks a config; relative paths in it are
// relative to the working directory.
func ParseConfig(b []byte) (*Config, error) {
	var cfg Config
	if err := decodeStrict(b, &cfg); err != nil {
		return nil, err
	}
	if err := cfg.check(); err != nil {
		return nil, err
	}
	cfg.dir = "."
	return &cfg, nil
}

func (c *Config) check() error {
	bad := func(path, format string, args ...any) error {
		return &ConfigError{Path: path, Err: fmt.Errorf(format, args...)}
	}
	if c.Listings == "" {
		return bad("$.listings", "required: the listings CSV file")
	}
	if _, err := NewCalendar(c.Calendar); err != nil {
		return err
	}
	if n := c.Notifications; n != nil {
		if n.Listen == "" {
			return bad("$.notifications.listen", "required")
		}
		if err := n.AuthKey.check("$.notifications.auth_key"); err != nil {
			return err
		}
	}
	for i, s := range c.Sale {
		p := fmt.Sprintf("$.sale[%d]", i)
		if !s.Until.After(s.From) {
			return bad(p+".until", "must be after from")
		}
		if s.Poll <= 0 {
			return bad(p+".poll", "required")
		}
		for ch, items := range s.Quotas {
			if _, err := NormalizeChannel(ch); err != nil {
				return bad(p+".quotas."+ch, "%v", err)
			}
			for item, n := range items {
				if n < 1 {
					return bad(p+".quotas."+ch+"."+item, "a quota is at least 1 (remove the item from the mall to stop selling it)")
				}
			}
		}
	}
	for i, r := range c.Rakuten {
		p := fmt.Sprintf("$.rakuten[%d]", i)
		if r.Shop == "" {
			return bad(p+".shop", "required")
		}
		if err := r.ServiceSecret.check(p + ".service_secret"); err != nil {
			return err
		}
		if err := r.LicenseKey.check(p + ".license_key"); err != nil {
			return err
		}
		if r.RatePerSecond < 0 {
			return bad(p+".rate_per_second", "must not be negative")
		}
		if r.LookbackEvery < 0 {
			return bad(p+".lookback_every", "must not be negative")
		}
	}
	for i, y := range c.Yahoo {
		p := fmt.Sprintf("$.yahoo[%d]", i)
		switch {
		case y.SellerID == "":
			return bad(p+".seller_id", "required")
		case y.ClientID == "":
			return bad(p+".client_id", "required")
		case y.TokenFile == "":
			return bad(p+".token_file", "required")
		}
		if err := y.ClientSecret.check(p + ".client_secret"); err != nil {
			return err
		}
		if y.PublicKey != nil {
			if err := y.PublicKey.check(p + ".public_key"); err != nil {
				return err
			}
		}
		if y.AuthorizationCode != nil {
			if err := y.AuthorizationCode.check(p + ".authorization_code"); err != nil {
				return err
			}
		}
	}
	for i, pc := range c.Ponpare {
		p := fmt.Sprintf("$.ponpare[%d]", i)
		switch {
		case pc.ShopURL == "":
			return bad(p+".shop_url", "required")
		case pc.Endpoint == "":
			return bad(p+".endpoint", "required")
		case pc.UserID == "":
			return bad(p+".user_id", "required")
		}
		if err := pc.Password.check(p + ".password"); err != nil {
			return err
		}
		if pc.Stock != nil {
			if err := pc.Stock.Password.check(p + ".stock.password"); err != nil {
				return err
			}
			switch pc.Stock.TLS {
			case "", "explicit", "implicit", "none":
			default:
				return bad(p+".stock.tls", "want explicit, implicit or none, not %q", pc.Stock.TLS)
			}
		}
	}
	for i, t := range c.Tempostar {
		p := fmt.Sprintf("$.tempostar[%d]", i)
		for env, ep := range t.Endpoints {
			if env != "demo" && env != "production" {
				return bad(p+".endpoints."+env, "want demo or production")
			}
			switch {
			case ep.Host == "":
				return bad(p+".endpoints."+env+".host", "required")
			case ep.User == "":
				return bad(p+".endpoints."+env+".user", "required")
			}
			if err := ep.Password.check(p + ".endpoints." + env + ".password"); err != nil {
				return err
			}
		}
		if t.Env != "" {
			if _, ok := t.Endpoints[t.Env]; !ok {
				return bad(p+".env", "no endpoints entry for %q", t.Env)
			}
			t = t.selected()
		}
		switch {
		case t.ShopCode == "":
			return bad(p+".shop_code", "required")
		case t.Host == "":
			return bad(p+".host", "required")
		case t.User == "":
			return bad(p+".user", "required")
		}
		switch t.TLS {
		case "", "explicit", "implicit", "none":
		default:
			return bad(p+".tls", "want explicit, implicit or none, not %q", t.TLS)
		}
		if err := t.Password.check(p + ".password"); err != nil {
			return err
		}
	}
	if len(c.Rakuten)+len(c.Yahoo)+len(c.Ponpare) == 0 {
		return bad("$", "no sales channel: add a rakuten, yahoo or ponpare entry")
	}
	return nil
}

// selected is t with the fields of its Env's endpoint.
func (t TempostarConfig) selected() TempostarConfig {
	ep, ok := t.Endpoints[t.Env]
	if !ok {
		return t
	}
	t.Host, t.User, t.Password = ep.Host, ep.User, ep.Password
	if ep.Port != 0 {
		t.Port = ep.Port
	}
	return t
}

func (s Secret) check(path string) error {
	if (s.Env == "") == (s.File == "") {
		return &ConfigError{Path: path, Err: errors.New(`want exactly one of "env" or "file"`)}
	}
	return nil
}

// resolve returns the secret's value. Errors name the source, never the value.
func (s Secret) resolve(dir string) (string, error) {
	if s.Env != "" {
		v, ok := os.LookupEnv(s.Env)
		if !ok || strings.TrimSpace(v) == "" {
			return "", fmt.Errorf("environment variable %s is not set", s.Env)
		}
		return strings.TrimSpace(v), nil
	}
	b, err := os.ReadFile(resolvePath(dir, s.File))
	if err != nil {
		return "", fmt.Errorf("secret file: %w", err)
	}
	return strings.TrimSpace(string(b)), nil
}

// resolvePath makes p relative to dir unless it is absolute.
func resolvePath(dir, p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

// StateDir is where the state folder is (the config's state relative to
// its file, "state" by default).
func (c *Config) StateDir() string {
	if c.State == "" {
		return resolvePath(c.dir, "state")
	}
	return resolvePath(c.dir, c.State)
}

// Rules are the import rules with the config's overrides.
func (c *Config) Rules() ImportRules {
	r := DefaultImportRules()
	i := c.Import
	if i.AutoConfirm != nil {
		r.AutoConfirm = *i.AutoConfirm
	}
	if i.AsurakuAtOnce != nil {
		r.AsurakuAtOnce = *i.AsurakuAtOnce
	}
	setDur(&r.ConfirmAfter, i.ConfirmAfter)
	setDur(&r.FirstStart, i.FirstStart)
	setDur(&r.Overlap, i.Overlap)
	setDur(&r.OpenWindow, i.OpenWindow)
	r.Reserve, r.Drug = i.Reserve, i.Drug
	r.CSVMovesStock = i.CSVMovesStock
	r.CarrierOtherOnImport = i.CarrierOther
	r.Calendar, _ = NewCalendar(c.Calendar) // checked when the config was read
	return r
}

// Schedule is the schedule with the config's overrides and sale periods.
func (c *Config) Schedule() Schedule {
	s := DefaultSchedule()
	iv := c.Intervals
	setDur(&s.Poll, iv.Poll)
	setDur(&s.Sweep, iv.Sweep)
	setDur(&s.ReceiveStock, iv.ReceiveStock)
	setDur(&s.ReceiveShipments, iv.ReceiveShipments)
	setDur(&s.Upload, iv.Upload)
	setDur(&s.Health, iv.Health)
	for _, w := range c.Sale {
		q := map[string]map[string]int{}
		for ch, items := range w.Quotas {
			name, _ := NormalizeChannel(ch) // checked when the config was read
			q[name] = items
		}
		s.Sale = append(s.Sale, SaleWindow{From: w.From, Until: w.Until, Poll: time.Duration(w.Poll), Quotas: q})
	}
	return s
}

func setDur(dst *time.Duration, d Duration) {
	if d > 0 {
		*dst = time.Duration(d)
	}
}
