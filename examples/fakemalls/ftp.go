package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"goftp.io/server/v2"
	"goftp.io/server/v2/driver/file"

	"github.com/mallkit/mallkit/tempostar"
)

// ftpMode is how the FTP server protects sessions.
type ftpMode string

const (
	// ftpPlain is plain FTP: passwords and files travel in clear.
	ftpPlain ftpMode = "none"
	// ftpExplicit is explicit FTPS (AUTH TLS, RFC 4217), as TEMPOSTAR's
	// area uses. goftp (v2.0.3) loses its ForceTLS option when it copies its
	// options, so a client that skips AUTH TLS is still served in clear here,
	// where a live FTPS server would refuse it: check that your client
	// upgrades.
	ftpExplicit ftpMode = "explicit"
)

// ftpHost is the only address the FTP control connection listens on.
const ftpHost = "127.0.0.1"

// ftpStartTimeout bounds how long startFTP waits for the listener.
const ftpStartTimeout = 5 * time.Second

// ftpOptions configure the FTP server.
type ftpOptions struct {
	root           string  // served folder; must exist
	port           int     // 0 picks a free port
	mode           ftpMode // ftpPlain or ftpExplicit
	user, password string
	now            time.Time // wall clock, for the certificate's validity
}

// ftpServer is a running goftp server with its file driver on a folder.
type ftpServer struct {
	addr  string // 127.0.0.1:port
	caPEM []byte // the self-signed certificate (explicit mode only)
	srv   *server.Server
	done  chan error
}

// prepareFTPRoot creates TEMPOSTAR's default folders under root, so that a
// tempostar.Client finds the layout it expects, and writes the seed's files.
// Existing files of the same names are replaced; others are left alone.
func prepareFTPRoot(root string, files []ftpFile) error {
	d := tempostar.DefaultDirs()
	for _, dir := range []string{d.Orders, d.Stock, d.Shipments, d.Products, d.OrderStatus} {
		if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
			return err
		}
	}
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.data, 0o644); err != nil {
			return fmt.Errorf("ftp seed file %s: %w", f.path, err)
		}
	}
	return nil
}

// startFTP starts the server on 127.0.0.1 and returns once it accepts
// connections. goftp only upgrades sessions to TLS when it creates the
// listener itself, so with port 0 a free port is probed first and the probe
// is retried if another process takes it in between.
//
// goftp binds passive data ports on every interface (it has no option for
// the data listener's address); each accepts one connection for the
// transfer that asked for it.
func startFTP(ctx context.Context, o ftpOptions) (*ftpServer, error) {
	drv, err := file.NewDriver(o.root)
	if err != nil {
		return nil, err
	}
	s := &ftpServer{}
	var tlsConfig *tls.Config
	switch o.mode {
	case ftpPlain:
	case ftpExplicit:
		cert, certPEM, err := selfSignedCert(o.now)
		if err != nil {
			return nil, fmt.Errorf("ftp certificate: %w", err)
		}
		s.caPEM = certPEM
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	default:
		return nil, fmt.Errorf("ftp: unknown TLS mode %q (want %q or %q)", o.mode, ftpPlain, ftpExplicit)
	}
	attempts := 1
	if o.port == 0 {
		attempts = 5
	}
	var lastErr error
	for range attempts {
		port := o.port
		if port == 0 {
			if port, err = freePort(); err != nil {
				return nil, err
			}
		}
		srv, err := server.NewServer(&server.Options{
			Driver:       drv,
			Auth:         &server.SimpleAuth{Name: o.user, Password: o.password},
			Perm:         server.NewSimplePerm("mallkit", "mallkit"),
			Name:         "mallkit fakemalls",
			Hostname:     ftpHost,
			Port:         port,
			TLS:          tlsConfig != nil,
			TLSConfig:    tlsConfig,
			ExplicitFTPS: tlsConfig != nil,
			Logger:       &server.DiscardLogger{},
		})
		if err != nil {
			return nil, err
		}
		s.srv, s.done = srv, make(chan error, 1)
		s.addr = net.JoinHostPort(ftpHost, strconv.Itoa(port))
		go func() { s.done <- srv.ListenAndServe() }()
		lastErr = waitListening(ctx, s.addr, s.done)
		if lastErr == nil {
			return s, nil
		}
		_ = srv.Shutdown() // in case it came up after the wait gave up
		if !errors.Is(lastErr, syscall.EADDRINUSE) {
			break
		}
	}
	return nil, fmt.Errorf("ftp server did not start: %w", lastErr)
}

// stop closes the listener. Sessions already connected end with their
// clients, as goftp leaves them running.
func (s *ftpServer) stop() error {
	_ = s.srv.Shutdown()
	if err := <-s.done; err != nil && !errors.Is(err, server.ErrServerClosed) {
		return err
	}
	return nil
}

// freePort returns a loopback port that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort(ftpHost, "0"))
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitListening waits until addr accepts connections, the server fails
// (its error comes on done) or ctx ends.
func waitListening(ctx context.Context, addr string, done <-chan error) error {
	ctx, cancel := context.WithTimeout(ctx, ftpStartTimeout)
	defer cancel()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	var d net.Dialer
	for {
		if c, err := d.DialContext(ctx, "tcp", addr); err == nil {
			_ = c.Close()
			return nil
		}
		select {
		case err := <-done:
			return err
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w", addr, ctx.Err())
		case <-tick.C:
		}
	}
}
