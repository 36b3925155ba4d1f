package tempostar

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/mallkit/mallkit/internal/ftpx"
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
	cfg *Config // a pointer, so that printing a Client value shows no password
	ftp *ftpx.Client

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
	fc, err := ftpx.Dial(ctx, cfg.transport())
	if err != nil {
		return nil, err
	}
	cfg.Logger.Debug("tempostar: connected", "config", cfg)
	return &Client{cfg: &cfg, ftp: fc}, nil
}

// Config returns the resolved configuration (defaults applied).
func (c *Client) Config() Config { return *c.cfg }

// Close logs out and closes the connection. Later calls fail with ErrClosed.
func (c *Client) Close() error { return c.ftp.Close() }

// String describes the client by its configuration, passwords redacted:
// without it, printing a *Client with %v would print the password held in
// its unexported configuration.
func (c *Client) String() string { return "tempostar.Client" + c.cfg.String() }

// GoString keeps %#v from printing the password.
func (c *Client) GoString() string { return c.String() }

// Format keeps every fmt verb from printing the password.
func (c *Client) Format(f fmt.State, _ rune) { fmt.Fprint(f, c.String()) }

// MarshalJSON writes the configuration with its passwords redacted.
func (c *Client) MarshalJSON() ([]byte, error) { return c.cfg.MarshalJSON() }

// LogValue keeps slog from printing the password.
func (c *Client) LogValue() slog.Value { return c.cfg.LogValue() }
