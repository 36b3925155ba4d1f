package tempostar

import (
	"crypto/tls"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/mallkit/mallkit/internal/ftpx"
	"github.com/mallkit/mallkit/internal/redact"
)

// TLSMode selects how the FTP connection is protected. The zero value is
// ExplicitTLS, so a Config that does not say otherwise never sends the
// password in clear; plain FTP is used only when asked for by name (NoTLS).
// Its values are those of the shared FTP transport, to which it converts
// directly.
type TLSMode int

const (
	// ExplicitTLS is FTPS with AUTH TLS on the ordinary FTP port (21 by
	// default); data connections are protected with PROT P. TEMPOSTAR's FTPS
	// area is reached this way. It is the zero value.
	ExplicitTLS TLSMode = iota
	// ImplicitTLS is FTPS where TLS starts before the FTP greeting, on port
	// 990 by default.
	ImplicitTLS
	// NoTLS is plain FTP: the password and every file cross the network in
	// clear text. Use it only on loopback or in tests.
	NoTLS
)

// String returns "none", "explicit" or "implicit".
func (m TLSMode) String() string { return ftpx.TLSMode(m).String() }

// Environment names one of a shop's TEMPOSTAR environments. Demo and
// production have separate FTP accounts (and may have separate hosts).
type Environment string

const (
	// Demo is TEMPOSTAR's demo (test) environment.
	Demo Environment = "demo"
	// Production is the live environment.
	Production Environment = "production"
)

// Endpoint is one environment's FTP account. Empty fields keep the value of
// the surrounding Config.
type Endpoint struct {
	Host     string
	Port     int
	User     string
	Password string
	ShopCode string
}

// String shows the endpoint with the password redacted.
func (e Endpoint) String() string {
	return fmt.Sprintf("{Host:%s Port:%d User:%s Password:%s ShopCode:%s}",
		e.Host, e.Port, e.User, redact.Secret(e.Password), e.ShopCode)
}

// GoString keeps %#v from printing the password.
func (e Endpoint) GoString() string { return "tempostar.Endpoint" + e.String() }

// Format keeps every fmt verb (%v, %+v, %s, %q, %d, %t, %x, ...) from
// printing the password.
func (e Endpoint) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, e.GoString())
		return
	}
	fmt.Fprint(f, e.String())
}

// MarshalJSON writes the endpoint with the password redacted (decoding is
// unaffected).
func (e Endpoint) MarshalJSON() ([]byte, error) {
	type plain Endpoint
	p := plain(e)
	p.Password = redact.Secret(e.Password).String()
	return json.Marshal(p)
}

// LogValue keeps slog from printing the password.
func (e Endpoint) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("host", e.Host), slog.Int("port", e.Port), slog.String("user", e.User),
		slog.String("password", redact.Secret(e.Password).String()), slog.String("shop_code", e.ShopCode))
}

// Dirs are the remote folders, relative to the FTP login directory unless
// they start with "/". TEMPOSTAR does not publish its folder layout (partners
// receive it with the 連携申請), so every folder is configurable and the
// defaults below are this SDK's choice, unverified against a live account:
//
//	Orders      "order"        cart → TEMPOSTAR new orders (UploadOrders)
//	Stock       "stock"        TEMPOSTAR → cart stock files
//	Shipments   "ordership"    TEMPOSTAR → cart shipped-order (物流連携) files
//	Products    "product"      TEMPOSTAR → cart product files
//	OrderStatus "orderstatus"  TEMPOSTAR → cart order status files
//	Archive     "archive"      sub-folder of each folder that Receive moves handled files into
//	Log         "log"          sub-folder TEMPOSTAR writes processing logs into; never read
type Dirs struct {
	Orders, Stock, Shipments, Products string
	OrderStatus                        string
	Archive                            string
	Log                                string
}

// DefaultDirs returns the default folder layout described on Dirs.
func DefaultDirs() Dirs {
	return Dirs{
		Orders: "order", Stock: "stock", Shipments: "ordership", Products: "product",
		OrderStatus: "orderstatus", Archive: "archive", Log: "log",
	}
}

// withDefaults fills empty folders from DefaultDirs.
func (d Dirs) withDefaults() Dirs {
	def := DefaultDirs()
	for _, p := range []struct{ v, def *string }{
		{&d.Orders, &def.Orders}, {&d.Stock, &def.Stock}, {&d.Shipments, &def.Shipments},
		{&d.Products, &def.Products}, {&d.OrderStatus, &def.OrderStatus},
		{&d.Archive, &def.Archive}, {&d.Log, &def.Log},
	} {
		if *p.v == "" {
			*p.v = *p.def
		}
	}
	return d
}

// For returns the folder that holds files of kind k.
func (d Dirs) For(k Kind) string {
	switch k {
	case KindStock:
		return d.Stock
	case KindShipments:
		return d.Shipments
	case KindProducts:
		return d.Products
	case KindOrderStatus:
		return d.OrderStatus
	case KindOrders:
		return d.Orders
	}
	return ""
}

// Intervals are how often TEMPOSTAR produces each kind of file, used by
// NextRun to pace polling. Public sources give no official figures (the
// manual only documents its own 5-minute stock push to malls), so these are
// integration settings; zero fields take the defaults: stock every 10 minutes,
// shipments, products and order status once a day.
type Intervals struct {
	Stock, Shipments, Products, OrderStatus time.Duration
}

// Default batch intervals (see Intervals).
const (
	DefaultStockInterval       = 10 * time.Minute
	DefaultShipmentsInterval   = 24 * time.Hour
	DefaultProductsInterval    = 24 * time.Hour
	DefaultOrderStatusInterval = 24 * time.Hour
)

// For returns the interval for kind k, applying the defaults.
func (iv Intervals) For(k Kind) time.Duration {
	pick := func(v, def time.Duration) time.Duration {
		if v > 0 {
			return v
		}
		return def
	}
	switch k {
	case KindStock:
		return pick(iv.Stock, DefaultStockInterval)
	case KindShipments:
		return pick(iv.Shipments, DefaultShipmentsInterval)
	case KindProducts:
		return pick(iv.Products, DefaultProductsInterval)
	case KindOrderStatus:
		return pick(iv.OrderStatus, DefaultOrderStatusInterval)
	}
	return DefaultStockInterval
}

// Config describes one TEMPOSTAR FTP account. Host, User and Password are
// required (directly or through Endpoints[Env]); every other field has a
// documented default. A Config prints with its passwords redacted.
type Config struct {
	Host     string
	Port     int // 0 means 21, or 990 with ImplicitTLS
	User     string
	Password string

	// TLS selects explicit FTPS (the zero value), implicit FTPS or, by name
	// only, plain FTP.
	TLS TLSMode
	// TLSConfig is cloned and completed (see Dial's "FTPS session reuse"):
	// ServerName defaults to Host, ClientSessionCache to a fresh cache per
	// connection, MaxVersion and MinVersion to TLS 1.2. Nil means the system
	// roots.
	TLSConfig *tls.Config

	// ShopCode is the ショップコード TEMPOSTAR assigned to the shop. It
	// prefixes ショップ受注番号 ("{ShopCode}-{order number}").
	ShopCode string
	// Dirs are the remote folders; empty fields take DefaultDirs.
	Dirs Dirs

	// Env selects an entry of Endpoints, whose non-empty fields replace
	// Host, Port, User, Password and ShopCode. Empty Env uses the fields as
	// they are.
	Env       Environment
	Endpoints map[Environment]Endpoint

	// Intervals pace polling (NextRun); zero fields take the defaults.
	Intervals Intervals

	// Timeout bounds dialing and every network read or write (30 s if zero).
	Timeout time.Duration
	// ServerLocation is the time zone of times in the server's LIST output.
	// TEMPOSTAR runs on Japan time, so the default is JST; set time.UTC for
	// servers that list in UTC (vsftpd's default). MLSD and MDTM times are
	// UTC by standard and are used whenever the server offers them.
	ServerLocation *time.Location
	// DisableEPSV makes data connections use PASV only.
	DisableEPSV bool

	// Encoding of uploaded files: CP932 (the default) or UTF8, in which case
	// the file name carries "_utf8" as TEMPOSTAR's connectors do (whether
	// TEMPOSTAR reads the token is unverified).
	Encoding Encoding
	// LockMarker uploads an empty "<name>.lock" after each file, the
	// completion marker some connectors write (unverified whether TEMPOSTAR
	// needs it).
	LockMarker bool
	// RequireLock makes Receive skip files whose "<name>.lock" marker has not
	// appeared yet, for producers that write one (unverified for TEMPOSTAR).
	RequireLock bool
	// DeleteAfterReceive deletes handled files instead of moving them into
	// the archive folder (the w2 connector deletes).
	DeleteAfterReceive bool
	// SpoolDir holds downloads while handle runs (os.TempDir() if empty).
	SpoolDir string
	// MaxFileSize is the largest file Receive downloads (DefaultMaxFileSize
	// if zero); larger ones are skipped and reported, and a download that
	// runs past the listed size is cut off there.
	MaxFileSize int64
	// MaxFilesPerRun is how many of the oldest pending files one Pending or
	// Receive call takes (DefaultMaxFilesPerRun if zero); the rest wait for
	// the next call. It bounds the memory and time of a run over a folder
	// with very many files.
	MaxFilesPerRun int

	// Clock returns the current time; it names uploaded files and paces
	// NextRun. Nil means time.Now.
	Clock func() time.Time
	// Logger receives debug records of FTP operations; nil is silent.
	Logger *slog.Logger
}

// DefaultTimeout is Config.Timeout's default.
const DefaultTimeout = ftpx.DefaultTimeout

// Defaults of Config.MaxFileSize and Config.MaxFilesPerRun.
const (
	DefaultMaxFileSize    = 1 << 30
	DefaultMaxFilesPerRun = 1000
)

// ErrInvalidConfig is matched by configuration errors from Dial; they match
// ErrInvalidInput too.
var ErrInvalidConfig error = invalidConfig{}

type invalidConfig struct{}

func (invalidConfig) Error() string { return "tempostar: invalid config" }

// Is matches ErrInvalidInput.
func (invalidConfig) Is(target error) bool { return target == ErrInvalidInput }

// resolve applies Env and the defaults and validates the result.
func (c Config) resolve() (Config, error) {
	if c.Env != "" {
		ep, ok := c.Endpoints[c.Env]
		if !ok {
			return c, fmt.Errorf("%w: no endpoint for environment %q", ErrInvalidConfig, c.Env)
		}
		c.Host = firstNonEmpty(ep.Host, c.Host)
		c.User = firstNonEmpty(ep.User, c.User)
		c.Password = firstNonEmpty(ep.Password, c.Password)
		c.ShopCode = firstNonEmpty(ep.ShopCode, c.ShopCode)
		if ep.Port != 0 {
			c.Port = ep.Port
		}
	}
	switch {
	case c.Host == "":
		return c, fmt.Errorf("%w: Host is empty", ErrInvalidConfig)
	case c.User == "":
		return c, fmt.Errorf("%w: User is empty", ErrInvalidConfig)
	case !ftpx.TLSMode(c.TLS).Valid():
		return c, fmt.Errorf("%w: unknown TLS mode %d", ErrInvalidConfig, int(c.TLS))
	case c.Port < 0 || c.Port > 65535:
		return c, fmt.Errorf("%w: port %d out of range", ErrInvalidConfig, c.Port)
	case c.Encoding != EncodingCP932 && c.Encoding != EncodingUTF8:
		return c, fmt.Errorf("%w: unknown encoding %d", ErrInvalidConfig, int(c.Encoding))
	case c.MaxFileSize < 0 || c.MaxFilesPerRun < 0:
		return c, fmt.Errorf("%w: negative MaxFileSize or MaxFilesPerRun", ErrInvalidConfig)
	case strings.ContainsAny(c.ShopCode, "/\r\n"):
		return c, fmt.Errorf("%w: ShopCode %q contains a path or line separator", ErrInvalidConfig, c.ShopCode)
	}
	if c.Port == 0 {
		c.Port = ftpx.TLSMode(c.TLS).DefaultPort()
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxFileSize == 0 {
		c.MaxFileSize = DefaultMaxFileSize
	}
	if c.MaxFilesPerRun == 0 {
		c.MaxFilesPerRun = DefaultMaxFilesPerRun
	}
	if c.ServerLocation == nil {
		c.ServerLocation = jstLocation
	}
	if c.Clock == nil {
		c.Clock = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	c.Dirs = c.Dirs.withDefaults()
	return c, nil
}

// transport returns the FTP settings of a resolved configuration.
func (c Config) transport() ftpx.Config {
	return ftpx.Config{
		Host: c.Host, Port: c.Port, User: c.User, Password: c.Password,
		TLS: ftpx.TLSMode(c.TLS), TLSConfig: c.TLSConfig, Timeout: c.Timeout,
		ServerLocation: c.ServerLocation, DisableEPSV: c.DisableEPSV, Logger: c.Logger,
	}
}

// NextRun returns when files of kind k are next due, given the time of the
// last successful run (zero: due now), using Intervals.
func (c Config) NextRun(k Kind, last time.Time) time.Time {
	if last.IsZero() {
		if c.Clock != nil {
			return c.Clock()
		}
		return time.Now()
	}
	return last.Add(c.Intervals.For(k))
}

// String shows the configuration with every password redacted.
func (c Config) String() string {
	var eps []string
	for _, env := range []Environment{Demo, Production} {
		if ep, ok := c.Endpoints[env]; ok {
			eps = append(eps, string(env)+":"+ep.String())
		}
	}
	for env, ep := range c.Endpoints {
		if env != Demo && env != Production {
			eps = append(eps, string(env)+":"+ep.String())
		}
	}
	return fmt.Sprintf("{Host:%s Port:%d User:%s Password:%s TLS:%s ShopCode:%s Env:%s Endpoints:[%s]}",
		c.Host, c.Port, c.User, redact.Secret(c.Password), c.TLS, c.ShopCode, c.Env, strings.Join(eps, " "))
}

// GoString keeps %#v from printing passwords.
func (c Config) GoString() string { return "tempostar.Config" + c.String() }

// Format keeps every fmt verb (%v, %+v, %s, %q, %d, %t, %x, ...) from
// printing passwords.
func (c Config) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, c.GoString())
		return
	}
	fmt.Fprint(f, c.String())
}

// MarshalJSON writes the configuration's plain settings with every password
// redacted; TLSConfig, Clock and Logger are left out (decoding is
// unaffected).
func (c Config) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Host, User, Password string
		Port                 int
		TLS                  string
		ShopCode             string
		Dirs                 Dirs
		Env                  Environment
		Endpoints            map[Environment]Endpoint `json:",omitempty"`
	}{c.Host, c.User, redact.Secret(c.Password).String(), c.Port, c.TLS.String(), c.ShopCode, c.Dirs, c.Env, c.Endpoints})
}

// LogValue keeps slog from printing passwords.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("host", c.Host), slog.Int("port", c.Port), slog.String("user", c.User),
		slog.String("password", redact.Secret(c.Password).String()),
		slog.String("tls", c.TLS.String()), slog.String("shop_code", c.ShopCode), slog.String("env", string(c.Env)))
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
