package tempostar_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/ftpx"
	"github.com/mallkit/mallkit/internal/ftpx/ftpxtest"
	"github.com/mallkit/mallkit/tempostar"
)

// These tests run against Debian's vsftpd with explicit and implicit FTPS and
// its default TLS settings (require_ssl_reuse=YES), started by
// .ci/start-vsftpd.sh, which exports MALLKIT_VSFTPD_ADDR (explicit),
// MALLKIT_VSFTPD_IMPLICIT_ADDR, _USER, _PASSWORD and _CERT (read by
// ftpxtest.Vsftpd). Without them they are skipped.

// vsftpdConfig returns a configuration for the CI vsftpd (explicit FTPS) with
// folders under a fresh prefix, so runs and tests do not see each other's
// files.
func vsftpdConfig(t *testing.T) tempostar.Config {
	t.Helper()
	return vsftpdConfigFor(t, tempostar.ExplicitTLS)
}

// vsftpdConfigFor is vsftpdConfig for the instance serving mode.
func vsftpdConfigFor(t *testing.T, mode tempostar.TLSMode) tempostar.Config {
	t.Helper()
	v := ftpxtest.Vsftpd(t, ftpx.TLSMode(mode))
	prefix := ftpxtest.UniqueName("t") + "/"
	return tempostar.Config{
		Host: v.Host, Port: v.Port, User: v.User, Password: v.Password,
		TLS: mode, TLSConfig: v.TLSConfig, ShopCode: "demo01", Timeout: v.Timeout,
		ServerLocation: time.UTC, // vsftpd lists in UTC unless use_localtime=YES
		Dirs: tempostar.Dirs{Orders: prefix + "order", Stock: prefix + "stock", Shipments: prefix + "ordership",
			Products: prefix + "product", OrderStatus: prefix + "orderstatus"},
	}
}

func dialVsftpd(t *testing.T, cfg tempostar.Config) *tempostar.Client {
	t.Helper()
	c := dialTest(t, cfg)
	require.NoError(t, c.EnsureDirs(context.Background()))
	return c
}

func TestVsftpdWithDefaultTLSSettingsTransfersMegabytesIntact(t *testing.T) {
	t.Parallel()
	// Default TLS settings only: with MaxVersion raised to TLS 1.3, vsftpd
	// 3.0.3 intermittently answers a multi-megabyte STOR with "426 Failure
	// reading network stream" (measured), which is why Dial caps at TLS 1.2.
	tests := []struct {
		name string
		mode tempostar.TLSMode
		size int
	}{
		{"explicit 5 MB", tempostar.ExplicitTLS, 5<<20 + 7},
		{"explicit empty", tempostar.ExplicitTLS, 0},
		{"implicit 5 MB", tempostar.ImplicitTLS, 5<<20 + 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := vsftpdConfigFor(t, tt.mode)
			c := dialVsftpd(t, cfg)
			ctx := context.Background()
			payload := ftpxtest.RandomBytes(t, tt.size)
			remote := cfg.Dirs.Stock + "/stock20261123100000_big.csv"
			require.NoError(t, c.Put(ctx, remote, bytes.NewReader(payload)))

			err := c.Put(ctx, remote, bytes.NewReader([]byte("x")))
			require.ErrorIs(t, err, tempostar.ErrExists, "never overwrite")

			var got []byte
			n, err := c.Receive(ctx, tempostar.KindStock, func(_ string, r io.Reader) error {
				got, err = io.ReadAll(r)
				return err
			})
			require.NoError(t, err)
			assert.Equal(t, 1, n)
			assert.True(t, bytes.Equal(payload, got), "download differs: %d of %d bytes", len(got), len(payload))
			pending, err := c.Pending(ctx, tempostar.KindStock)
			require.NoError(t, err)
			assert.Empty(t, pending, "the file was archived")
		})
	}
}

func TestVsftpdOrdersUploadAndOldestFirstReceive(t *testing.T) {
	t.Parallel()
	cfg := vsftpdConfig(t)
	cfg.LockMarker = true
	c := dialVsftpd(t, cfg)
	ctx := context.Background()
	var names []string
	for range 3 {
		name, err := c.UploadOrders(ctx, sampleOrderRows())
		require.NoError(t, err)
		names = append(names, name)
	}
	files, err := c.Pending(ctx, tempostar.KindOrders)
	require.NoError(t, err)
	require.Len(t, files, 3, "locks are not pending files")
	var pending []string
	for i, f := range files {
		pending = append(pending, f.Path)
		if i > 0 {
			assert.False(t, f.ModTime.Before(files[i-1].ModTime), "oldest first")
		}
	}
	assert.ElementsMatch(t, names, pending, "exactly the uploaded files are pending")
	var rows int
	_, err = c.Receive(ctx, tempostar.KindOrders, func(name string, r io.Reader) error {
		got, err := tempostar.ReadOrderRows(r, tempostar.WithFileName(name))
		rows += len(got)
		return err
	})
	require.NoError(t, err)
	assert.Equal(t, 6, rows)
}

func TestVsftpdCheck(t *testing.T) {
	t.Parallel()
	c := dialVsftpd(t, vsftpdConfig(t))
	rep, err := c.Check(context.Background())
	require.NoError(t, err)
	assert.True(t, rep.WriteChecked)
	assert.Empty(t, rep.FolderErrors)
	assert.Equal(t, "unknown", rep.Quota(), "vsftpd has no AVBL")
}

// noSessionCache never resumes a TLS session, like a client without
// resumption support.
type noSessionCache struct{}

func (noSessionCache) Get(string) (*tls.ClientSessionState, bool) { return nil, false }
func (noSessionCache) Put(string, *tls.ClientSessionState)        {}

func TestVsftpdRefusingAnUnresumedDataConnectionGivesATypedError(t *testing.T) {
	t.Parallel()
	cfg := vsftpdConfig(t)
	cfg.TLSConfig.ClientSessionCache = noSessionCache{}
	c := dialTest(t, cfg)
	_, err := c.Pending(context.Background(), tempostar.KindStock)
	var reuse *tempostar.TLSSessionReuseError
	require.ErrorAs(t, err, &reuse)
	assert.Equal(t, 522, reuse.Code)
	assert.ErrorIs(t, err, tempostar.ErrTLSSessionReuse)
	assert.Contains(t, err.Error(), "require_ssl_reuse")
}
