package ftpxtest_test

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/ftpx"
	"github.com/mallkit/mallkit/internal/ftpx/ftpxtest"
)

// probePort returns a loopback port that was free a moment ago.
func probePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func TestLaunchWithAccountPortAndOwnCertificate(t *testing.T) {
	t.Parallel()
	for _, mode := range []ftpx.TLSMode{ftpx.NoTLS, ftpx.ExplicitTLS, ftpx.ImplicitTLS} {
		t.Run(mode.String(), func(t *testing.T) {
			t.Parallel()
			port := probePort(t)
			srv, stop, err := ftpxtest.Launch(t.TempDir(), mode,
				ftpxtest.WithAccount("u", "p"), ftpxtest.WithPort(port), ftpxtest.WithOwnCertificate(time.Hour))
			require.NoError(t, err)
			t.Cleanup(func() { assert.NoError(t, stop()) })
			assert.Equal(t, port, srv.Port, "clients connect on the fixed port")
			assert.Equal(t, "u", srv.User)

			cfg := srv.Config()
			if mode == ftpx.NoTLS {
				assert.Nil(t, srv.CertificatePEM(), "plain FTP presents no certificate")
			} else {
				pemBytes := srv.CertificatePEM()
				block, _ := pem.Decode(pemBytes)
				require.NotNil(t, block)
				shared, _ := ftpxtest.Certificate()
				assert.NotEqual(t, shared.Leaf.Raw, block.Bytes, "a certificate of its own")
				pool := x509.NewCertPool()
				require.True(t, pool.AppendCertsFromPEM(pemBytes))
				cfg.TLSConfig = &tls.Config{RootCAs: pool}
			}
			c, err := ftpx.Dial(t.Context(), cfg)
			require.NoError(t, err, "the account and, with TLS, the PEM alone suffice")
			require.NoError(t, c.Close())

			cfg.Password = "wrong"
			_, err = ftpx.Dial(t.Context(), cfg)
			require.Error(t, err)
		})
	}
}

func TestLaunchOnATakenFixedPortFailsWithoutRetrying(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	_, _, err = ftpxtest.Launch(t.TempDir(), ftpx.NoTLS, ftpxtest.WithPort(l.Addr().(*net.TCPAddr).Port))
	require.ErrorIs(t, err, syscall.EADDRINUSE)
}
