package ponpare

import (
	"crypto/tls"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mallkit/mallkit/internal/ftpx"
)

// DefaultStockFTPHost is the stock FTPS host a public client used. The mall
// is closed and the host could not be checked (unverified): set
// StockFTPConfig.Host to what ポンパレモールManager showed.
const DefaultStockFTPHost = "ftps.ponparemall.com"

// DefaultStockPath is where the mall picks the stock quantity file up.
const DefaultStockPath = "/item.csv"

// TLSMode selects how the stock FTP connection is protected. The zero value
// is ExplicitTLS.
type TLSMode int

const (
	// ExplicitTLS is FTPS with AUTH TLS on port 21 (the default). The public
	// client spoke FTPS; whether explicit or implicit is unverified.
	ExplicitTLS TLSMode = iota
	// ImplicitTLS is FTPS where TLS starts before the greeting, on port 990.
	ImplicitTLS
	// NoTLS is plain FTP, for tests on loopback only: the password would
	// cross the network in clear text.
	NoTLS
)

// String returns "explicit", "implicit" or "none".
func (m TLSMode) String() string {
	if t, ok := m.transport(); ok {
		return t.String()
	}
	return fmt.Sprintf("TLSMode(%d)", int(m))
}

// transport maps the mode onto the FTP layer's; ok is false for unknown
// modes.
func (m TLSMode) transport() (t ftpx.TLSMode, ok bool) {
	switch m {
	case ExplicitTLS:
		return ftpx.ExplicitTLS, true
	case ImplicitTLS:
		return ftpx.ImplicitTLS, true
	case NoTLS:
		return ftpx.NoTLS, true
	}
	return 0, false
}

// StockFTPConfig says where the stock quantity file goes. Every field has a
// default.
type StockFTPConfig struct {
	// Host is the FTPS server; DefaultStockFTPHost if empty (unverified).
	Host string
	// Port is 0 for the mode's default (21, or 990 with ImplicitTLS).
	Port int
	// TLS is ExplicitTLS unless set.
	TLS TLSMode
	// TLSConfig is cloned and completed for FTPS session reuse (ServerName
	// defaults to Host, a per-connection session cache, TLS 1.2). Nil means
	// the system roots. Certificates are always verified unless this config
	// sets InsecureSkipVerify: the public client disabled verification, this
	// SDK does so only when told.
	TLSConfig *tls.Config
	// Path is the remote file the mall consumes; DefaultStockPath if empty.
	// The upload is first written to Path+".tmp" in the same folder.
	Path string
	// Timeout bounds dialing and every network read or write (30 s if zero).
	Timeout time.Duration
	// Clock returns the current time; it decides whether a refused login is
	// past Credentials.ExpiresAt. Nil means time.Now.
	Clock func() time.Time
}

// resolve applies the defaults and validates.
func (c StockFTPConfig) resolve() (StockFTPConfig, error) {
	if c.Host == "" {
		c.Host = DefaultStockFTPHost
	}
	if c.Path == "" {
		c.Path = DefaultStockPath
	}
	if c.Clock == nil {
		c.Clock = time.Now
	}
	_, known := c.TLS.transport()
	switch {
	case !known:
		return c, fmt.Errorf("ponpare: StockFTPConfig: unknown TLS mode %d", int(c.TLS))
	case c.Port < 0 || c.Port > 65535:
		return c, fmt.Errorf("ponpare: StockFTPConfig: port %d out of range", c.Port)
	case strings.HasSuffix(c.Path, "/") || strings.ContainsAny(c.Path, "\r\n"):
		return c, fmt.Errorf("ponpare: StockFTPConfig: Path %q is not a file path", c.Path)
	case strings.ContainsAny(c.Host, "/\r\n"):
		return c, errors.New("ponpare: StockFTPConfig: Host must be a bare host name")
	}
	return c, nil
}

// transport returns the FTP settings for a resolved config and the stock
// API's credentials. Data connections use PASV, as the public client did.
func (c StockFTPConfig) transport(creds Credentials) ftpx.Config {
	mode, _ := c.TLS.transport()
	return ftpx.Config{
		Host: c.Host, Port: c.Port, User: creds.UserID, Password: creds.Password,
		TLS: mode, TLSConfig: c.TLSConfig, Timeout: c.Timeout, DisableEPSV: true,
	}
}
