package market

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/mallkit/mallkit/internal/ftpx"
	"github.com/mallkit/mallkit/internal/ftpx/ftpxtest"
	"github.com/mallkit/mallkit/tempostar"
)

// FTPMode is how the FTP server protects sessions.
type FTPMode string

const (
	// FTPPlain is plain FTP: passwords and files travel in clear.
	FTPPlain FTPMode = "none"
	// FTPExplicit is explicit FTPS (AUTH TLS, RFC 4217), as TEMPOSTAR's
	// area uses. goftp (v2.0.3) loses its ForceTLS option when it copies its
	// options, so a client that skips AUTH TLS is still served in clear here,
	// where a live FTPS server would refuse it: check that your client
	// upgrades.
	FTPExplicit FTPMode = "explicit"
)

// certLifetime is how long the generated FTPS certificate is valid: longer
// than any session of this program.
const certLifetime = 30 * 24 * time.Hour

// ftpOptions configure the FTP server.
type ftpOptions struct {
	root           string  // served folder; must exist
	port           int     // 0 picks a free port
	mode           FTPMode // FTPPlain or FTPExplicit
	user, password string
}

// ftpServer is a running FTP server.
type ftpServer struct {
	addr  string       // 127.0.0.1:port
	caPEM []byte       // the self-signed certificate (explicit mode only)
	stop  func() error // closes the listener; connected sessions end with their clients
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

// startFTP starts ftpxtest's server (goftp with its file driver) on
// 127.0.0.1 and returns once it serves sessions. In explicit mode it
// presents a certificate generated for this start.
func startFTP(o ftpOptions) (*ftpServer, error) {
	var mode ftpx.TLSMode
	switch o.mode {
	case FTPPlain:
		mode = ftpx.NoTLS
	case FTPExplicit:
		mode = ftpx.ExplicitTLS
	default:
		return nil, fmt.Errorf("ftp: unknown TLS mode %q (want %q or %q)", o.mode, FTPPlain, FTPExplicit)
	}
	opts := []ftpxtest.Option{ftpxtest.WithAccount(o.user, o.password), ftpxtest.WithOwnCertificate(certLifetime)}
	if o.port != 0 {
		opts = append(opts, ftpxtest.WithPort(o.port))
	}
	srv, stop, err := ftpxtest.Launch(o.root, mode, opts...)
	if err != nil {
		return nil, err
	}
	return &ftpServer{
		addr:  net.JoinHostPort(srv.Host, strconv.Itoa(srv.Port)),
		caPEM: srv.CertificatePEM(),
		stop:  stop,
	}, nil
}
