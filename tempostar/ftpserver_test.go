package tempostar_test

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"goftp.io/server/v2"
	"goftp.io/server/v2/driver/file"

	"github.com/mallkit/mallkit/tempostar"
)

// An in-process FTP server (goftp.io/server/v2 with its file driver on a
// temporary folder): the real protocol, plain or FTPS, on loopback.

const (
	testUser     = "shop-demo"
	testPassword = "s3cret-pass"
)

var (
	certOnce sync.Once
	testCert tls.Certificate
	testPool *x509.CertPool
)

// testCertificate returns a self-signed certificate for 127.0.0.1, made once
// per test binary, and a pool that trusts it.
func testCertificate() (tls.Certificate, *x509.CertPool) {
	certOnce.Do(func() {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			panic(err)
		}
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(1),
			Subject:      pkix.Name{CommonName: "127.0.0.1"},
			IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
			NotBefore:    time.Now().Add(-time.Hour),
			NotAfter:     time.Now().Add(24 * time.Hour),
			KeyUsage:     x509.KeyUsageDigitalSignature,
			ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
		if err != nil {
			panic(err)
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			panic(err)
		}
		testCert = tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}
		testPool = x509.NewCertPool()
		testPool.AddCert(cert)
	})
	return testCert, testPool
}

// testServer is a running in-process FTP server.
type testServer struct {
	Root   string           // the server's file system root
	Config tempostar.Config // a client configuration for it
}

// Path returns the local path of a remote path.
func (s *testServer) Path(remote string) string {
	return filepath.Join(s.Root, filepath.FromSlash(remote))
}

// serverOption adjusts the server before it starts.
type serverOption func(*server.Options)

// withDriver wraps the file driver.
func withDriver(wrap func(server.Driver) server.Driver) serverOption {
	return func(o *server.Options) { o.Driver = wrap(o.Driver) }
}

// startServer starts a server in the given TLS mode on a free loopback port,
// with the default TEMPOSTAR folders created, and stops it at cleanup.
func startServer(t *testing.T, mode tempostar.TLSMode, opts ...serverOption) *testServer {
	t.Helper()
	srv, stop, err := launchServer(t.TempDir(), mode, opts...)
	require.NoError(t, err)
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("ftp server: %v", err)
		}
	})
	return srv
}

// launchServer starts a server on root; stop shuts it down.
func launchServer(root string, mode tempostar.TLSMode, opts ...serverOption) (*testServer, func() error, error) {
	dirs := tempostar.DefaultDirs()
	for _, d := range []string{dirs.Orders, dirs.Stock, dirs.Shipments, dirs.Products, dirs.OrderStatus} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			return nil, nil, err
		}
	}
	drv, err := file.NewDriver(root)
	if err != nil {
		return nil, nil, err
	}
	cert, pool := testCertificate()

	var lastErr error
	for range 5 { // the free port may be taken between probing and listening
		port, err := freePort()
		if err != nil {
			return nil, nil, err
		}
		o := &server.Options{
			Driver:   drv,
			Auth:     &server.SimpleAuth{Name: testUser, Password: testPassword},
			Perm:     server.NewSimplePerm("tempostar", "tempostar"),
			Hostname: "127.0.0.1",
			Port:     port,
			Logger:   &server.DiscardLogger{},
		}
		if mode != tempostar.NoTLS {
			// goftp's own implicit mode never marks the session as secure, so
			// it refuses PBSZ/PROT and sends data in clear; implicit FTPS is
			// served by implicitFront in front of its explicit mode instead.
			o.TLS = true
			o.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
			o.ExplicitFTPS = true
		}
		for _, opt := range opts {
			opt(o)
		}
		srv, err := server.NewServer(o)
		if err != nil {
			return nil, nil, err
		}
		done := make(chan error, 1)
		go func() { done <- srv.ListenAndServe() }()
		if lastErr = waitListening(port, done); lastErr != nil {
			continue
		}
		stops := []func() error{func() error {
			_ = srv.Shutdown()
			if err := <-done; err != nil && !errors.Is(err, server.ErrServerClosed) {
				return err
			}
			return nil
		}}
		if mode == tempostar.ImplicitTLS {
			front, err := implicitFront(port, cert)
			if err != nil {
				return nil, nil, err
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
		return &testServer{Root: root, Config: tempostar.Config{
			Host: "127.0.0.1", Port: port, User: testUser, Password: testPassword,
			TLS: mode, TLSConfig: &tls.Config{RootCAs: pool},
			ShopCode: "demo01", Timeout: 10 * time.Second,
		}}, stop, nil
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

// waitListening waits until the server accepts connections or fails.
func waitListening(port int, done <-chan error) error {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(5 * time.Second)
	for {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			_ = c.Close()
			return nil
		}
		select {
		case err := <-done:
			return err
		case <-deadline:
			return errors.New("timeout waiting for " + addr)
		case <-tick.C:
		}
	}
}

// faultyDriver wraps the file driver to break transfers the way networks and
// disks do.
type faultyDriver struct {
	server.Driver
	mu sync.Mutex
	// getLimit > 0 cuts every download after that many bytes (the server then
	// drops the data connection and replies 551).
	getLimit int64
	// onGet runs when a download has sent getLimit bytes, before the cut.
	onGet func()
	// putLimit > 0 stores only that many bytes of every upload, yet reports
	// success: a silently truncated upload.
	putLimit int64
}

func (d *faultyDriver) set(f func(*faultyDriver)) {
	d.mu.Lock()
	defer d.mu.Unlock()
	f(d)
}

func (d *faultyDriver) GetFile(ctx *server.Context, path string, offset int64) (int64, io.ReadCloser, error) {
	size, rc, err := d.Driver.GetFile(ctx, path, offset)
	d.mu.Lock()
	limit, onGet := d.getLimit, d.onGet
	d.mu.Unlock()
	if err != nil || limit <= 0 {
		return size, rc, err
	}
	return size, &cutReader{rc: rc, left: limit, onCut: onGet}, nil
}

func (d *faultyDriver) PutFile(ctx *server.Context, path string, data io.Reader, offset int64) (int64, error) {
	d.mu.Lock()
	limit := d.putLimit
	d.mu.Unlock()
	if limit <= 0 {
		return d.Driver.PutFile(ctx, path, data, offset)
	}
	n, err := d.Driver.PutFile(ctx, path, io.LimitReader(data, limit), offset)
	if err == nil {
		_, err = io.Copy(io.Discard, data)
	}
	return n, err
}

// cutReader fails after left bytes.
type cutReader struct {
	rc    io.ReadCloser
	left  int64
	onCut func()
}

var errCut = errors.New("disk read failed")

func (r *cutReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		if r.onCut != nil {
			r.onCut()
			r.onCut = nil
		}
		return 0, errCut
	}
	if int64(len(p)) > r.left {
		p = p[:r.left]
	}
	n, err := r.rc.Read(p)
	r.left -= int64(n)
	return n, err
}

func (r *cutReader) Close() error { return r.rc.Close() }

// implicitFront serves implicit FTPS on a new loopback port for an explicit
// FTPS server on backend, like stunnel: it completes the client's TLS
// handshake, opens the backend control connection and upgrades it with AUTH
// TLS, forwards the greeting, then relays bytes both ways untouched. Data
// connections go straight to the backend (its PASV/EPSV ports), with TLS.
func implicitFront(backend int, cert tls.Certificate) (net.Listener, error) {
	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	if err != nil {
		return nil, err
	}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go relayImplicit(c, backend)
		}
	}()
	return l, nil
}

func relayImplicit(client net.Conn, backend int) {
	defer client.Close()
	raw, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(backend)))
	if err != nil {
		return
	}
	defer raw.Close()
	br := bufio.NewReader(raw)
	greeting, err := br.ReadString('\n')
	if err != nil {
		return
	}
	if _, err := io.WriteString(raw, "AUTH TLS\r\n"); err != nil {
		return
	}
	if reply, err := br.ReadString('\n'); err != nil || !strings.HasPrefix(reply, "234") {
		return
	}
	server := tls.Client(raw, &tls.Config{InsecureSkipVerify: true}) // loopback hop to a known backend
	if _, err := io.WriteString(client, greeting); err != nil {
		return
	}
	done := make(chan struct{}, 2)
	go func() { _, _ = io.Copy(server, client); _ = server.Close(); done <- struct{}{} }()
	go func() { _, _ = io.Copy(client, server); _ = client.Close(); done <- struct{}{} }()
	<-done
}
