package ftpx

import (
	"crypto/tls"
	"fmt"
	"log/slog"
	"time"
)

// TLSMode selects how the FTP connection is protected. The zero value is
// ExplicitTLS: plain FTP happens only when asked for by name.
type TLSMode int

const (
	// ExplicitTLS is FTPS with AUTH TLS on the ordinary FTP port (21 by
	// default); data connections are protected with PROT P.
	ExplicitTLS TLSMode = iota
	// ImplicitTLS is FTPS where TLS starts before the FTP greeting, on port
	// 990 by default.
	ImplicitTLS
	// NoTLS is plain FTP: the password and every file cross the network in
	// clear text.
	NoTLS
)

// String returns "none", "explicit" or "implicit".
func (m TLSMode) String() string {
	switch m {
	case NoTLS:
		return "none"
	case ExplicitTLS:
		return "explicit"
	case ImplicitTLS:
		return "implicit"
	}
	return fmt.Sprintf("TLSMode(%d)", int(m))
}

// Valid reports whether m is one of the declared modes.
func (m TLSMode) Valid() bool { return m >= ExplicitTLS && m <= NoTLS }

// DefaultPort is 990 for ImplicitTLS and 21 otherwise.
func (m TLSMode) DefaultPort() int {
	if m == ImplicitTLS {
		return 990
	}
	return 21
}

// DefaultTimeout is Config.Timeout's default.
const DefaultTimeout = 30 * time.Second

// Config says how to reach and log in to one FTP account. Callers validate
// their own configuration; Dial applies the defaults noted on each field.
type Config struct {
	Host     string
	Port     int // 0 means TLS.DefaultPort()
	User     string
	Password string

	TLS TLSMode
	// TLSConfig is cloned and completed for FTPS session reuse: servers such
	// as vsftpd (require_ssl_reuse=YES, its default), FileZilla Server,
	// ProFTPD and Bitvise refuse a data connection whose TLS session is not
	// resumed from the control connection. Go resumes only with session
	// tickets, from the ClientSessionCache, under the key ServerName (or the
	// address with its port when ServerName is empty, which differs for every
	// data port and so never hits). Hence:
	//   - ServerName defaults to Host, which also serves certificate checks;
	//   - ClientSessionCache defaults to a fresh cache per connection, so data
	//     connections resume exactly the control connection's session;
	//   - MaxVersion defaults to TLS 1.2: TLS 1.3 tickets arrive after the
	//     handshake, several servers reject TLS 1.3 resumption on data
	//     connections (curl #4654), and with Debian 12's vsftpd 3.0.3 a
	//     multi-megabyte upload under TLS 1.3 intermittently ends in "426
	//     Failure reading network stream" (measured; the unread post-handshake
	//     ticket turns the client's close into a reset). Set MaxVersion to
	//     tls.VersionTLS13 to allow it anyway;
	//   - MinVersion defaults to TLS 1.2.
	// Nil means the system roots. Certificates are verified unless the
	// caller's TLSConfig sets InsecureSkipVerify.
	TLSConfig *tls.Config

	// Timeout bounds dialing and every network read or write (DefaultTimeout
	// if zero).
	Timeout time.Duration
	// ServerLocation is the time zone of times in the server's LIST output
	// (UTC if nil). MLSD and MDTM times are UTC by standard.
	ServerLocation *time.Location
	// DisableEPSV makes data connections use PASV only. Either way data
	// connections are passive, and a PASV reply's address is replaced by the
	// control connection's host (servers behind NAT announce private ones).
	DisableEPSV bool

	// Logger receives debug records of discarded connections and uploads;
	// nil is silent.
	Logger *slog.Logger
}

// withDefaults fills the zero fields documented on Config.
func (c Config) withDefaults() Config {
	if c.Port == 0 {
		c.Port = c.TLS.DefaultPort()
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.ServerLocation == nil {
		c.ServerLocation = time.UTC
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// tlsConfig completes the caller's TLS configuration as Config.TLSConfig
// describes.
func (c Config) tlsConfig() *tls.Config {
	t := &tls.Config{}
	if c.TLSConfig != nil {
		t = c.TLSConfig.Clone()
	}
	if t.ServerName == "" {
		t.ServerName = c.Host
	}
	if t.ClientSessionCache == nil {
		t.ClientSessionCache = tls.NewLRUClientSessionCache(4)
	}
	if t.MaxVersion == 0 {
		t.MaxVersion = tls.VersionTLS12
	}
	if t.MinVersion == 0 {
		t.MinVersion = tls.VersionTLS12
	}
	return t
}
