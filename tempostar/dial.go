package tempostar

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/textproto"
	"strconv"
	"sync"
	"time"

	"github.com/jlaffaye/ftp"
)

// session is one logged-in FTP control connection plus the raw TCP
// connections (control and data) it has opened, so that a cancelled context
// can cut them all.
type session struct {
	conn *ftp.ServerConn

	mu      sync.Mutex
	raw     map[net.Conn]struct{}
	aborted bool
}

// abort closes every network connection of the session; the operation in
// progress then fails and the session is discarded.
func (s *session) abort() {
	s.mu.Lock()
	s.aborted = true
	conns := make([]net.Conn, 0, len(s.raw))
	for c := range s.raw {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		_ = c.Close() // deadlineConn.Close untracks, so not under s.mu
	}
}

// track records a raw connection (and forgets closed ones).
func (s *session) track(c net.Conn) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.aborted {
		_ = c.Close()
		return net.ErrClosed
	}
	s.raw[c] = struct{}{}
	return nil
}

// untrack forgets a raw connection that was closed.
func (s *session) untrack(c net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.raw, c)
}

// close logs out politely and closes everything.
func (s *session) close() error {
	err := s.conn.Quit()
	s.abort()
	return err
}

// tlsConfig completes the caller's TLS configuration for FTPS.
//
// FTPS session reuse: servers such as vsftpd (require_ssl_reuse=YES, its
// default), FileZilla Server, ProFTPD and Bitvise refuse a data connection
// whose TLS session is not resumed from the control connection. Go can resume
// only with session tickets, from the ClientSessionCache, under the key
// ServerName (or the address with its port when ServerName is empty, which
// differs for every data port and so never hits). Hence:
//   - ServerName defaults to Host, which also serves certificate checks;
//   - ClientSessionCache defaults to a fresh cache per connection, so data
//     connections resume exactly the control connection's session;
//   - MaxVersion defaults to TLS 1.2: TLS 1.3 tickets arrive after the
//     handshake, several servers reject TLS 1.3 resumption on data
//     connections (curl #4654), and with Debian 12's vsftpd 3.0.3 a
//     multi-megabyte upload under TLS 1.3 intermittently ends in "426 Failure
//     reading network stream" (measured; the unread post-handshake ticket
//     turns the client's close into a reset). Set MaxVersion to
//     tls.VersionTLS13 to allow it anyway.
func tlsConfig(cfg Config) *tls.Config {
	t := &tls.Config{}
	if cfg.TLSConfig != nil {
		t = cfg.TLSConfig.Clone()
	}
	if t.ServerName == "" {
		t.ServerName = cfg.Host
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

// dial opens and logs in a new session.
func dial(ctx context.Context, cfg Config) (*session, error) {
	s := &session{raw: make(map[net.Conn]struct{})}
	stop := context.AfterFunc(ctx, s.abort)
	defer stop()

	addr := net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
	var tcfg *tls.Config
	if cfg.TLS != NoTLS {
		tcfg = tlsConfig(cfg)
	}
	control := true
	dialFunc := func(network, address string) (net.Conn, error) {
		// Only the control connection's dial belongs to ctx; data connections
		// are opened by later operations, whose contexts abort the session.
		dctx := context.Background()
		if control {
			dctx = ctx
		}
		d := net.Dialer{Timeout: cfg.Timeout}
		c, err := d.DialContext(dctx, network, address)
		if err != nil {
			return nil, err
		}
		raw := &deadlineConn{Conn: c, timeout: cfg.Timeout, s: s}
		if err := s.track(raw); err != nil {
			return nil, err
		}
		isControl := control
		control = false
		switch {
		case tcfg == nil:
			return raw, nil
		case isControl && cfg.TLS == ImplicitTLS:
			tc := tls.Client(raw, tcfg)
			if err := tc.HandshakeContext(ctx); err != nil {
				_ = raw.Close()
				return nil, err
			}
			return tc, nil
		case isControl:
			return raw, nil // explicit TLS: the library upgrades it after AUTH TLS
		}
		// A data connection: the handshake happens on first use and resumes
		// the control connection's session from the shared cache.
		return tls.Client(raw, tcfg), nil
	}
	opts := []ftp.DialOption{
		ftp.DialWithDialFunc(dialFunc),
		ftp.DialWithLocation(cfg.ServerLocation),
		ftp.DialWithDisabledEPSV(cfg.DisableEPSV),
	}
	switch cfg.TLS {
	case ExplicitTLS:
		opts = append(opts, ftp.DialWithExplicitTLS(tcfg))
	case ImplicitTLS:
		opts = append(opts, ftp.DialWithTLS(tcfg))
	}
	conn, err := ftp.Dial(addr, opts...)
	if err != nil {
		s.abort()
		return nil, dialError(ctx, addr, err)
	}
	s.conn = conn
	if err := conn.Login(cfg.User, cfg.Password); err != nil {
		_ = s.close()
		return nil, dialError(ctx, addr, ftpError("login as "+cfg.User+" on", addr, err))
	}
	return s, nil
}

// dialError prefers the context's error when the context ended the dial.
func dialError(ctx context.Context, addr string, err error) error {
	if ctx.Err() != nil {
		return errors.Join(ctx.Err(), err)
	}
	var tp *textproto.Error
	if errors.As(err, &tp) {
		return ftpError("connect to", addr, err)
	}
	return err
}

// deadlineConn gives every Read and Write a fresh deadline of timeout, so a
// stalled server fails the operation instead of hanging it, however long a
// healthy transfer takes.
type deadlineConn struct {
	net.Conn
	timeout time.Duration
	s       *session
}

func (c *deadlineConn) Read(p []byte) (int, error) {
	if err := c.Conn.SetReadDeadline(time.Now().Add(c.timeout)); err != nil {
		return 0, err
	}
	return c.Conn.Read(p)
}

func (c *deadlineConn) Write(p []byte) (int, error) {
	if err := c.Conn.SetWriteDeadline(time.Now().Add(c.timeout)); err != nil {
		return 0, err
	}
	return c.Conn.Write(p)
}

func (c *deadlineConn) Close() error {
	c.s.untrack(c)
	return c.Conn.Close()
}

// brokenConn reports whether the session must be discarded after err. Only a
// plain FTP refusal (other than 421, service closing) or a refused overwrite
// leaves the control connection known to be in step; after anything else
// (network or TLS failure, truncated transfer, TLS session reuse refusal,
// which vsftpd follows by hanging up) a fresh connection is cheaper than
// doubt.
func brokenConn(err error) bool {
	if err == nil {
		return false
	}
	var fe *FTPError
	if errors.As(err, &fe) {
		return fe.Code == 421
	}
	return !errors.Is(err, ErrExists)
}
