package ftpx_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/ftpx"
	"github.com/mallkit/mallkit/internal/ftpx/ftpxtest"
)

// These tests run against Debian's vsftpd with its default TLS settings
// (require_ssl_reuse=YES), started by .ci/start-vsftpd.sh (see
// ftpxtest.Vsftpd). Without it they are skipped.

func TestVsftpdPutAndRetrWithSessionReuseInBothFTPSModes(t *testing.T) {
	t.Parallel()
	for _, mode := range []ftpx.TLSMode{ftpx.ExplicitTLS, ftpx.ImplicitTLS} {
		t.Run(mode.String(), func(t *testing.T) {
			t.Parallel()
			c := dialTest(t, ftpxtest.Vsftpd(t, mode))
			ctx := context.Background()
			dir := ftpxtest.UniqueName("x")
			require.NoError(t, c.Run(ctx, false, func(conn *ftpx.Conn) error { return conn.MakeDirAll(dir + "/in") }))
			remote := dir + "/in/big.csv"
			payload := ftpxtest.RandomBytes(t, 3<<20+5)
			require.NoError(t, c.Put(ctx, remote, bytes.NewReader(payload), ftpx.PutOptions{Marker: dir + "/in/big.lock"}))
			assert.ErrorIs(t, c.Put(ctx, remote, bytes.NewReader(nil), ftpx.PutOptions{}), ftpx.ErrExists)
			assert.True(t, bytes.Equal(payload, get(t, c, remote)), "the download differs")
			require.NoError(t, c.Run(ctx, false, func(conn *ftpx.Conn) error {
				size, ok, err := conn.Size(remote)
				assert.True(t, ok)
				assert.Equal(t, int64(len(payload)), size)
				return err
			}))
		})
	}
}

// noSessionCache never resumes a TLS session, like a client without
// resumption support.
type noSessionCache struct{}

func (noSessionCache) Get(string) (*tls.ClientSessionState, bool) { return nil, false }
func (noSessionCache) Put(string, *tls.ClientSessionState)        {}

func TestVsftpdRefusingAnUnresumedDataConnectionNamesTheSetting(t *testing.T) {
	t.Parallel()
	cfg := ftpxtest.Vsftpd(t, ftpx.ExplicitTLS)
	cfg.TLSConfig.ClientSessionCache = noSessionCache{}
	c := dialTest(t, cfg)
	err := c.Run(context.Background(), true, func(conn *ftpx.Conn) error {
		_, err := conn.List(".")
		return err
	})
	var reuse *ftpx.TLSSessionReuseError
	require.ErrorAs(t, err, &reuse)
	assert.Equal(t, 522, reuse.Code)
	assert.Equal(t, "LIST", reuse.Op)
	assert.Contains(t, err.Error(), "require_ssl_reuse")
	assert.True(t, ftpx.Broken(err), "vsftpd hangs up after refusing")
}
