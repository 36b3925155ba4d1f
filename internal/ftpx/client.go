package ftpx

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// CleanupTimeout bounds Client.Cleanup, which runs even when the caller's
// context has ended.
const CleanupTimeout = 10 * time.Second

// Client holds one FTP account's control connection and replaces it when it
// breaks.
//
// A Client is safe for concurrent use: FTP allows one transfer at a time per
// control connection, so operations are serialized on one connection. When
// that connection breaks (network error, server timeout, cancelled context),
// it is discarded and the next operation dials a new one; steps run with
// retry (listing, downloading) are run once more on a fresh connection when a
// reused one turns out to be dead.
type Client struct {
	cfg Config

	mu     sync.Mutex // guards sess and closed; held for the whole FTP exchange
	sess   *Conn
	closed bool
}

// Dial connects and logs in, failing fast on a bad address, certificate or
// password (a 530 reply matches ErrUnauthorized).
func Dial(ctx context.Context, cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	s, err := dial(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &Client{cfg: cfg, sess: s}, nil
}

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

// Run executes fn on a live connection under the client lock. It dials when
// there is no connection, discards the connection when fn leaves it unusable
// (Broken) or ctx is cancelled during fn, which cuts the connection (fn's nil
// result still stands then: its work was done), and,
// with retry, runs fn once more on a fresh connection when a reused one
// failed. Use retry only for steps that are safe to repeat.
func (c *Client) Run(ctx context.Context, retry bool, fn func(*Conn) error) error {
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
		err := fn(s)
		cancelled := !stop()
		if !cancelled && !Broken(err) {
			return err
		}
		c.sess = nil
		s.abort()
		if cancelled {
			if err == nil {
				// fn completed (an upload renamed into place, say) before the
				// cut; reporting the cancellation would invite a duplicate.
				return nil
			}
			return errors.Join(ctx.Err(), err)
		}
		c.cfg.Logger.Debug("ftp: connection discarded", "host", c.cfg.Host, "err", err)
		if !retry || fresh || attempt > 0 || errors.Is(err, ErrTLSSessionReuse) {
			return err
		}
	}
}

// Cleanup deletes p, tolerating its absence, on a working connection (a new
// one if the last broke). It runs even after ctx has ended, bounded by
// CleanupTimeout: it is for removing what a failed operation left behind.
func (c *Client) Cleanup(ctx context.Context, p string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), CleanupTimeout)
	defer cancel()
	return c.Run(ctx, true, func(conn *Conn) error {
		err := conn.Delete(p)
		if err == nil || NotFound(err) {
			return nil
		}
		return fmt.Errorf("removing %s after a failure: %w", p, err)
	})
}
