package ftpx

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/textproto"
	"strconv"
	"sync"
	"time"

	"github.com/jlaffaye/ftp"
)

// Conn is one logged-in FTP control connection plus the raw TCP connections
// (control and data) it has opened, so that a cancelled context can cut them
// all. Its methods return this package's typed errors. A Conn is used by one
// goroutine at a time, inside Client.Run.
type Conn struct {
	sc *ftp.ServerConn
	// listSink, when set, consumes the next data connection (a listing)
	// itself; see ListEach.
	listSink func(io.Reader) error
	location *time.Location // of LIST times

	mu      sync.Mutex
	raw     map[net.Conn]struct{}
	aborted bool
}

// abort closes every network connection of the session; the operation in
// progress then fails and the session is discarded.
func (s *Conn) abort() {
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
func (s *Conn) track(c net.Conn) error {
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
func (s *Conn) untrack(c net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.raw, c)
}

// close logs out politely and closes everything.
func (s *Conn) close() error {
	err := s.sc.Quit()
	s.abort()
	return err
}

// dial opens and logs in a new session; cfg has its defaults applied.
func dial(ctx context.Context, cfg Config) (*Conn, error) {
	s := &Conn{raw: make(map[net.Conn]struct{}), location: cfg.ServerLocation}
	stop := context.AfterFunc(ctx, s.abort)
	defer stop()

	addr := net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
	var tcfg *tls.Config
	if cfg.TLS != NoTLS {
		tcfg = cfg.tlsConfig()
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
		case tcfg == nil && isControl:
			return raw, nil
		case tcfg == nil:
			return s.dataConn(raw), nil
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
		return s.dataConn(tls.Client(raw, tcfg)), nil
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
	sc, err := ftp.Dial(addr, opts...)
	if err != nil {
		s.abort()
		return nil, dialError(ctx, addr, err)
	}
	s.sc = sc
	if err := sc.Login(cfg.User, cfg.Password); err != nil {
		_ = s.close()
		return nil, dialError(ctx, addr, replyError("login as "+cfg.User+" on", addr, err))
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
		return replyError("connect to", addr, err)
	}
	return err
}

// deadlineConn gives every Read and Write a fresh deadline of timeout, so a
// stalled server fails the operation instead of hanging it, however long a
// healthy transfer takes.
type deadlineConn struct {
	net.Conn
	timeout time.Duration
	s       *Conn
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
