package tempostar_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/ftpx"
	"github.com/mallkit/mallkit/internal/ftpx/ftpxtest"
	"github.com/mallkit/mallkit/tempostar"
)

// An in-process FTP server (ftpxtest: goftp.io/server/v2 with its file driver
// on a temporary folder) with the default TEMPOSTAR folders: the real
// protocol, plain or FTPS, on loopback.

const (
	testUser     = ftpxtest.User
	testPassword = ftpxtest.Password
)

// testServer is a running in-process FTP server.
type testServer struct {
	*ftpxtest.Server
	Config tempostar.Config // a client configuration for it
}

// startServer starts a server in the given TLS mode on a free loopback port,
// with the default TEMPOSTAR folders created, and stops it at cleanup.
func startServer(t *testing.T, mode tempostar.TLSMode, opts ...ftpxtest.Option) *testServer {
	t.Helper()
	srv := ftpxtest.Start(t, ftpx.TLSMode(mode), opts...)
	require.NoError(t, makeDefaultDirs(srv.Root))
	return newTestServer(srv, mode)
}

// launchServer starts a server on root for examples and benchmarks; stop
// shuts it down.
func launchServer(root string, mode tempostar.TLSMode) (*testServer, func() error, error) {
	if err := makeDefaultDirs(root); err != nil {
		return nil, nil, err
	}
	srv, stop, err := ftpxtest.Launch(root, ftpx.TLSMode(mode))
	if err != nil {
		return nil, nil, err
	}
	return newTestServer(srv, mode), stop, nil
}

func newTestServer(srv *ftpxtest.Server, mode tempostar.TLSMode) *testServer {
	return &testServer{Server: srv, Config: tempostar.Config{
		Host: srv.Host, Port: srv.Port, User: testUser, Password: testPassword,
		TLS: mode, TLSConfig: srv.ClientTLSConfig(),
		ShopCode: "demo01", Timeout: 10 * time.Second,
	}}
}

// makeDefaultDirs creates TEMPOSTAR's default folders under root.
func makeDefaultDirs(root string) error {
	dirs := tempostar.DefaultDirs()
	for _, d := range []string{dirs.Orders, dirs.Stock, dirs.Shipments, dirs.Products, dirs.OrderStatus} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			return err
		}
	}
	return nil
}
