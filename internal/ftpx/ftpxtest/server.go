package ftpxtest

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"maps"
	"net"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"goftp.io/server/v2"
	"goftp.io/server/v2/driver/file"

	"github.com/mallkit/mallkit/internal/ftpx"
)

// The account every Server accepts unless WithAccount says otherwise.
const (
	User     = "shop-demo"
	Password = "s3cret-pass"
)

// Server is a running in-process FTP server.
type Server struct {
	Root     string // the server's file system root
	Host     string // always "127.0.0.1"
	Port     int    // the port clients connect to
	TLS      ftpx.TLSMode
	User     string // the account the server accepts
	Password string

	cert tls.Certificate // presented unless TLS is NoTLS
}

// Path returns the local path of a remote path.
func (s *Server) Path(remote string) string {
	return filepath.Join(s.Root, filepath.FromSlash(remote))
}

// ClientTLSConfig returns a client TLS configuration that trusts the server's
// certificate.
func (s *Server) ClientTLSConfig() *tls.Config {
	pool := x509.NewCertPool()
	pool.AddCert(s.cert.Leaf)
	return &tls.Config{RootCAs: pool}
}

// CertificatePEM returns the certificate the server presents, PEM-encoded,
// for clients in other processes to trust; nil for plain FTP.
func (s *Server) CertificatePEM() []byte {
	if s.TLS == ftpx.NoTLS {
		return nil
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.cert.Certificate[0]})
}

// Config returns an ftpx configuration for the server's account.
func (s *Server) Config() ftpx.Config {
	return ftpx.Config{
		Host: s.Host, Port: s.Port, User: s.User, Password: s.Password,
		TLS: s.TLS, TLSConfig: s.ClientTLSConfig(), Timeout: 10 * time.Second,
	}
}

// Start starts a server in the given TLS mode on a free loopback port, serving
// a new temporary folder, and stops it at cleanup.
func Start(t testing.TB, mode ftpx.TLSMode, opts ...Option) *Server {
	t.Helper()
	srv, stop, err := Launch(t.TempDir(), mode, opts...)
	if err != nil {
		t.Fatalf("ftp server: %v", err)
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("ftp server: %v", err)
		}
	})
	return srv
}

// Launch starts a server serving root, which must exist, and returns once it
// serves sessions; stop closes its listeners (sessions already connected end
// with their clients, as goftp leaves them running). It is Start for
// examples, benchmarks and long-running servers such as examples/fakemalls.
//
// goftp binds passive data ports on every interface (it has no option for
// the data listener's address); each accepts one connection for the
// transfer that asked for it.
func Launch(root string, mode ftpx.TLSMode, opts ...Option) (srv *Server, stop func() error, err error) {
	drv, err := file.NewDriver(root)
	if err != nil {
		return nil, nil, err
	}
	st := &setup{driver: drv, commands: map[string]server.Command{}, user: User, password: Password}
	for _, opt := range opts {
		opt(st)
	}
	cert, err := st.certificate()
	if err != nil {
		return nil, nil, fmt.Errorf("ftp certificate: %w", err)
	}
	srv = &Server{Root: root, Host: "127.0.0.1", TLS: mode, User: st.user, Password: st.password, cert: cert}
	if mode != ftpx.ImplicitTLS {
		srv.Port, stop, err = listen(st, cert, mode == ftpx.ExplicitTLS, st.port)
		if err != nil {
			return nil, nil, err
		}
		return srv, stop, nil
	}
	// goftp's own implicit mode never marks the session as secure, so it
	// refuses PBSZ/PROT and sends data in clear; implicit FTPS is served by
	// implicitFront, on the port clients connect to, in front of its
	// explicit mode instead.
	backend, stopBackend, err := listen(st, cert, true, 0)
	if err != nil {
		return nil, nil, err
	}
	front, err := implicitFront(st.port, backend, cert)
	if err != nil {
		return nil, nil, errors.Join(err, stopBackend())
	}
	srv.Port = front.Addr().(*net.TCPAddr).Port
	return srv, func() error { return errors.Join(stopBackend(), front.Close()) }, nil
}

// listen starts goftp on port, explicit FTPS when explicit is set. With port
// 0 it probes a free port and retries when another process takes it before
// goftp listens: goftp only upgrades sessions to TLS on a listener it
// creates itself, so it cannot be handed one.
func listen(st *setup, cert tls.Certificate, explicit bool, port int) (int, func() error, error) {
	attempts := 1
	if port == 0 {
		attempts = 5
	}
	var lastErr error
	for range attempts {
		p := port
		if p == 0 {
			var err error
			if p, err = freePort(); err != nil {
				return 0, nil, err
			}
		}
		stop, err := serve(st, cert, explicit, p)
		if err == nil {
			return p, stop, nil
		}
		lastErr = err
		if !errors.Is(err, syscall.EADDRINUSE) {
			break
		}
	}
	return 0, nil, fmt.Errorf("ftp server did not start: %w", lastErr)
}

// serve starts goftp on port and returns once it serves sessions.
func serve(st *setup, cert tls.Certificate, explicit bool, port int) (stop func() error, err error) {
	log := &readyLogger{ready: make(chan struct{})}
	o := &server.Options{
		Driver:   st.driver,
		Auth:     &server.SimpleAuth{Name: st.user, Password: st.password},
		Perm:     server.NewSimplePerm("ftpx", "ftpx"),
		Hostname: "127.0.0.1",
		Port:     port,
		Logger:   log,
	}
	if explicit {
		o.TLS = true
		o.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
		o.ExplicitFTPS = true
	}
	fs, err := server.NewServer(o)
	if err != nil {
		return nil, err
	}
	if len(st.commands) > 0 {
		cmds := maps.Clone(fs.Commands) // goftp's defaults are a shared map
		maps.Copy(cmds, st.commands)
		fs.Commands = cmds
	}
	done := make(chan error, 1)
	go func() { done <- fs.ListenAndServe() }()
	shutdown := func() error {
		_ = fs.Shutdown()
		if err := <-done; err != nil && !errors.Is(err, server.ErrServerClosed) {
			return err
		}
		return nil
	}
	if err := waitListening(port, done, log.ready); err != nil {
		// Should it come up after the wait gave up, stop it once that is safe.
		go func() {
			select {
			case <-log.ready:
				_ = shutdown()
			case <-done:
			}
		}()
		return nil, err
	}
	return shutdown, nil
}

// freePort returns a loopback port that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitListening waits until the server has served a session (ready) or
// failed.
func waitListening(port int, done <-chan error, ready <-chan struct{}) error {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(5 * time.Second)
	connected := false
	for {
		if !connected {
			if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
				_ = c.Close()
				connected = true
			}
		}
		select {
		case <-ready:
			return nil
		case err := <-done:
			return err
		case <-deadline:
			return errors.New("timeout waiting for " + addr)
		case <-tick.C:
		}
	}
}

// readyLogger discards the server's log and closes ready at its first
// record. goftp sets up its shutdown state in Serve without synchronisation
// and logs each session's start only after that set-up, so once ready is
// closed Shutdown is safe (and the race detector agrees).
type readyLogger struct {
	server.DiscardLogger
	once  sync.Once
	ready chan struct{}
}

// Print records the first session's start.
func (l *readyLogger) Print(string, interface{}) {
	l.once.Do(func() { close(l.ready) })
}
