package tempostar

import (
	"context"
	"errors"
	"sync"

	"github.com/jlaffaye/ftp"
)

// Client exchanges files with one TEMPOSTAR FTP account.
//
// A Client is safe for concurrent use: FTP allows one transfer at a time per
// control connection, so operations are serialized on one connection. When
// that connection breaks (network error, server timeout, cancelled context),
// it is discarded and the next operation dials a new one; read-only steps
// (listing, downloading) are retried once on a fresh connection when a reused
// one turns out to be dead.
type Client struct {
	cfg Config

	mu     sync.Mutex // guards sess and closed; held for the whole FTP exchange
	sess   *session
	closed bool

	receiveMu sync.Mutex // one Receive at a time, so no file is handled twice concurrently
}

// Dial connects and logs in, failing fast on a bad address, certificate or
// password. See the package documentation for TLS and time-zone behaviour.
//
// FTPS session reuse: the TLS configuration is completed so that data
// connections resume the control connection's TLS session (ServerName,
// ClientSessionCache, TLS 1.2 cap; see TLSSessionReuseError).
func Dial(ctx context.Context, cfg Config) (*Client, error) {
	cfg, err := cfg.resolve()
	if err != nil {
		return nil, err
	}
	s, err := dial(ctx, cfg)
	if err != nil {
		return nil, err
	}
	cfg.Logger.Debug("tempostar: connected", "config", cfg)
	return &Client{cfg: cfg, sess: s}, nil
}

// Config returns the resolved configuration (defaults applied).
func (c *Client) Config() Config { return c.cfg }

// Close logs out and closes the connection. Later calls fail with ErrClosed.
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	if c.sess == nil {
		return nil
	}
	s := c.sess
	c.sess = nil
	return s.close()
}

// run executes fn on a live session under the client lock. It dials when
// there is no session, discards the session when fn leaves it unusable or ctx
// is cancelled during fn, and, with retry, runs fn once more on a fresh
// session when a reused one failed.
func (c *Client) run(ctx context.Context, retry bool, fn func(*ftp.ServerConn) error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for attempt := 0; ; attempt++ {
		if c.closed {
			return ErrClosed
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		fresh := false
		if c.sess == nil {
			s, err := dial(ctx, c.cfg)
			if err != nil {
				return err
			}
			c.sess, fresh = s, true
		}
		s := c.sess
		stop := context.AfterFunc(ctx, s.abort)
		err := fn(s.conn)
		cancelled := !stop()
		if !cancelled && !brokenConn(err) {
			return err
		}
		c.sess = nil
		s.abort()
		if cancelled {
			return errors.Join(ctx.Err(), err)
		}
		c.cfg.Logger.Debug("tempostar: connection discarded", "err", err)
		if !retry || fresh || attempt > 0 || errors.Is(err, ErrTLSSessionReuse) {
			return err
		}
	}
}
