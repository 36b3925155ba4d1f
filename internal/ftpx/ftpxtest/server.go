package ftpxtest

import (
	"crypto/tls"
	"errors"
	"fmt"
	"maps"
	"net"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"goftp.io/server/v2"
	"goftp.io/server/v2/driver/file"

	"github.com/mallkit/mallkit/internal/ftpx"
)

// The account every Server accepts.
const (
	User     = "shop-demo"
	Password = "s3cret-pass"
)

// Server is a running in-process FTP server.
type Server struct {
	Root string // the server's file system root
	Host string // always "127.0.0.1"
	Port int
	TLS  ftpx.TLSMode
}

// Path returns the local path of a remote path.
func (s *Server) Path(remote string) string {
	return filepath.Join(s.Root, filepath.FromSlash(remote))
}

// ClientTLSConfig returns a client TLS configuration that trusts the server's
// certificate.
func (s *Server) ClientTLSConfig() *tls.Config {
	_, pool := Certificate()
	return &tls.Config{RootCAs: pool}
}

// Config returns an ftpx configuration for the server's account.
func (s *Server) Config() ftpx.Config {
	return ftpx.Config{
		Host: s.Host, Port: s.Port, User: User, Password: Password,
		TLS: s.TLS, TLSConfig: s.ClientTLSConfig(), Timeout: 10 * time.Second,
	}
}

// Option adjusts the server before it starts.
type Option func(*setup)

// setup is what the options adjust: goftp's options and the commands added
// to its defaults.
type setup struct {
	opts     *server.Options
	commands map[string]server.Command
}

// WithDriver wraps the file driver.
func WithDriver(wrap func(server.Driver) server.Driver) Option {
	return func(s *setup) { s.opts.Driver = wrap(s.opts.Driver) }
}

// WithAvailable makes the server answer AVBL (draft-peterson streamlined FTP
// command extensions) with n free bytes, as servers that report the free
// space of a quota do; goftp does not implement AVBL otherwise.
func WithAvailable(n int64) Option {
	return func(s *setup) { s.commands["AVBL"] = availableCommand{bytes: n} }
}

// availableCommand is AVBL: "213 <free bytes>".
type availableCommand struct{ bytes int64 }

func (availableCommand) IsExtend() bool     { return false }
func (availableCommand) RequireParam() bool { return false }
func (availableCommand) RequireAuth() bool  { return true }

func (c availableCommand) Execute(sess *server.Session, _ string) {
	sess.WriteMessage(213, strconv.FormatInt(c.bytes, 10))
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

// Launch starts a server serving root; stop shuts it down. It is Start for
// examples and benchmarks.
func Launch(root string, mode ftpx.TLSMode, opts ...Option) (srv *Server, stop func() error, err error) {
	drv, err := file.NewDriver(root)
	if err != nil {
		return nil, nil, err
	}
	cert, _ := Certificate()

	var lastErr error
	for range 5 { // the free port may be taken between probing and listening
		port, err := freePort()
		if err != nil {
			return nil, nil, err
		}
		log := &readyLogger{ready: make(chan struct{})}
		o := &server.Options{
			Driver:   drv,
			Auth:     &server.SimpleAuth{Name: User, Password: Password},
			Perm:     server.NewSimplePerm("ftpx", "ftpx"),
			Hostname: "127.0.0.1",
			Port:     port,
			Logger:   log,
		}
		if mode != ftpx.NoTLS {
			// goftp's own implicit mode never marks the session as secure, so
			// it refuses PBSZ/PROT and sends data in clear; implicit FTPS is
			// served by implicitFront in front of its explicit mode instead.
			o.TLS = true
			o.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
			o.ExplicitFTPS = true
		}
		st := &setup{opts: o, commands: map[string]server.Command{}}
		for _, opt := range opts {
			opt(st)
		}
		fs, err := server.NewServer(o)
		if err != nil {
			return nil, nil, err
		}
		if len(st.commands) > 0 {
			cmds := maps.Clone(fs.Commands) // goftp's defaults are a shared map
			maps.Copy(cmds, st.commands)
			fs.Commands = cmds
		}
		done := make(chan error, 1)
		go func() { done <- fs.ListenAndServe() }()
		if lastErr = waitListening(port, done, log.ready); lastErr != nil {
			continue
		}
		stops := []func() error{func() error {
			_ = fs.Shutdown()
			if err := <-done; err != nil && !errors.Is(err, server.ErrServerClosed) {
				return err
			}
			return nil
		}}
		if mode == ftpx.ImplicitTLS {
			front, err := implicitFront(port, cert)
			if err != nil {
				return nil, nil, errors.Join(err, stops[0]())
			}
			port = front.Addr().(*net.TCPAddr).Port
			stops = append(stops, front.Close)
		}
		stop := func() error {
			var errs []error
			for _, s := range stops {
				errs = append(errs, s())
			}
			return errors.Join(errs...)
		}
		return &Server{Root: root, Host: "127.0.0.1", Port: port, TLS: mode}, stop, nil
	}
	return nil, nil, fmt.Errorf("ftp server did not start: %w", lastErr)
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
