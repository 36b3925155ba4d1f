package ponpare_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/ftpx"
	"github.com/mallkit/mallkit/internal/ftpx/ftpxtest"
	"github.com/mallkit/mallkit/ponpare"
)

// These tests run against Debian's vsftpd with explicit FTPS and its default
// TLS settings (require_ssl_reuse=YES), started by .ci/start-vsftpd.sh (see
// ftpxtest.Vsftpd). Without it they are skipped.

// vsftpdStock returns the CI vsftpd's account as stock credentials and a
// configuration whose Path is a fresh name in the login folder, so runs do
// not see each other's files.
func vsftpdStock(t *testing.T) (ponpare.Credentials, ponpare.StockFTPConfig, ftpx.Config) {
	t.Helper()
	v := ftpxtest.Vsftpd(t, ftpx.ExplicitTLS)
	creds := ponpare.Credentials{ShopURL: "example-shop", UserID: v.User, Password: v.Password}
	return creds, ponpare.StockFTPConfig{
		Host: v.Host, Port: v.Port, TLS: ponpare.ExplicitTLS, TLSConfig: v.TLSConfig,
		Path: ftpxtest.UniqueName("t") + "-item.csv", Timeout: v.Timeout,
	}, v
}

// consume downloads and deletes the stock file at p as the mall would.
func consume(t *testing.T, v ftpx.Config, p string) []byte {
	t.Helper()
	ctx := context.Background()
	c, err := ftpx.Dial(ctx, v)
	require.NoError(t, err)
	defer func() { _ = c.Close() }()
	var got bytes.Buffer
	require.NoError(t, c.Run(ctx, false, func(conn *ftpx.Conn) error {
		if _, err := conn.Retr(p, &got); err != nil {
			return err
		}
		return conn.Delete(p)
	}))
	return got.Bytes()
}

func TestVsftpdStockUploadCycle(t *testing.T) {
	t.Parallel()
	creds, cfg, v := vsftpdStock(t)
	u := newUploader(t, creds, cfg)
	ctx := context.Background()

	require.NoError(t, u.Upload(ctx, sampleStock))
	pending, err := u.Pending(ctx)
	require.NoError(t, err)
	assert.True(t, pending)
	require.ErrorIs(t, u.Upload(ctx, []ponpare.StockRow{{Code: "x", Quantity: 1}}), ponpare.ErrPreviousFileNotConsumed)

	want, err := ponpare.MarshalStockCSV(sampleStock)
	require.NoError(t, err)
	assert.Equal(t, want, consume(t, v, cfg.Path), "the first file, byte for byte, was not replaced")

	pending, err = u.Pending(ctx)
	require.NoError(t, err)
	assert.False(t, pending)
	require.NoError(t, u.Upload(ctx, sampleStock), "once consumed, the next file goes up")
	consume(t, v, cfg.Path)
}

func TestVsftpdStockLoginRefusal(t *testing.T) {
	t.Parallel()
	creds, cfg, _ := vsftpdStock(t)
	creds.Password = "not-the-password"
	creds.ExpiresAt = time.Now().Add(-time.Hour)
	err := newUploader(t, creds, cfg).Upload(context.Background(), sampleStock)
	require.ErrorIs(t, err, ponpare.ErrUnauthorized)
	assert.ErrorIs(t, err, ponpare.ErrPasswordExpired)
}
