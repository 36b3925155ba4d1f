package ponpare_test

import (
	"context"
	"crypto/tls"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/ftpx"
	"github.com/mallkit/mallkit/internal/ftpx/ftpxtest"
	"github.com/mallkit/mallkit/ponpare"
)

// stockCreds are the stock API's credentials the test server accepts.
var stockCreds = ponpare.Credentials{ShopURL: "example-shop", UserID: ftpxtest.User, Password: ftpxtest.Password}

var sampleStock = []ponpare.StockRow{
	{Code: "tea-01", Quantity: 12},
	{Code: "tシャツ", SubCode: "色〜赤", Quantity: 0, AllowOverdraft: true},
}

// startStockServer starts an in-process FTP server in mode and returns it with
// a configuration that reaches it.
func startStockServer(t *testing.T, mode ponpare.TLSMode) (*ftpxtest.Server, ponpare.StockFTPConfig) {
	t.Helper()
	transport := map[ponpare.TLSMode]ftpx.TLSMode{ponpare.NoTLS: ftpx.NoTLS, ponpare.ExplicitTLS: ftpx.ExplicitTLS, ponpare.ImplicitTLS: ftpx.ImplicitTLS}
	srv := ftpxtest.Start(t, transport[mode])
	return srv, ponpare.StockFTPConfig{
		Host: srv.Host, Port: srv.Port, TLS: mode, TLSConfig: srv.ClientTLSConfig(), Timeout: 10 * time.Second,
	}
}

func newUploader(t *testing.T, creds ponpare.Credentials, cfg ponpare.StockFTPConfig) *ponpare.StockUploader {
	t.Helper()
	u, err := ponpare.NewStockUploader(creds, cfg)
	require.NoError(t, err)
	return u
}

func TestStockUploadPutsExactlyTheCSVAtItemCSVWhenThePreviousFileWasConsumed(t *testing.T) {
	t.Parallel()
	for _, mode := range []ponpare.TLSMode{ponpare.NoTLS, ponpare.ExplicitTLS, ponpare.ImplicitTLS} {
		t.Run(mode.String(), func(t *testing.T) {
			t.Parallel()
			srv, cfg := startStockServer(t, mode)
			u := newUploader(t, stockCreds, cfg)
			ctx := context.Background()

			pending, err := u.Pending(ctx)
			require.NoError(t, err)
			assert.False(t, pending)

			require.NoError(t, u.Upload(ctx, sampleStock))
			want, err := ponpare.MarshalStockCSV(sampleStock)
			require.NoError(t, err)
			got, err := os.ReadFile(srv.Path("item.csv"))
			require.NoError(t, err)
			assert.Equal(t, want, got, "the bytes on the server are MarshalStockCSV's")
			entries, err := os.ReadDir(srv.Root)
			require.NoError(t, err)
			assert.Len(t, entries, 1, "no .tmp is left behind")

			pending, err = u.Pending(ctx)
			require.NoError(t, err)
			assert.True(t, pending)
		})
	}
}

func TestStockUploadRefusesWhileThePreviousFileIsThere(t *testing.T) {
	t.Parallel()
	srv, cfg := startStockServer(t, ponpare.ExplicitTLS)
	previous := []byte("code,sub-code,quantity,allow-overdraft\r\nold,,1,0\r\n")
	require.NoError(t, os.WriteFile(srv.Path("item.csv"), previous, 0o644))
	u := newUploader(t, stockCreds, cfg)

	err := u.Upload(context.Background(), sampleStock)
	require.ErrorIs(t, err, ponpare.ErrPreviousFileNotConsumed)
	var se *ponpare.StockFTPError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "upload", se.Op)
	assert.Equal(t, "/item.csv", se.Path)
	assert.NotErrorIs(t, err, ponpare.ErrUnauthorized)
	assert.Contains(t, err.Error(), "/item.csv")

	got, err := os.ReadFile(srv.Path("item.csv"))
	require.NoError(t, err)
	assert.Equal(t, previous, got, "the previous file is untouched")
	assert.NoFileExists(t, srv.Path("item.csv.tmp"))

	require.NoError(t, os.Remove(srv.Path("item.csv"))) // the mall consumes it
	require.NoError(t, u.Upload(context.Background(), sampleStock))
}

func TestStockUploadRefusesALeftoverTmpWithoutCallingItUnconsumed(t *testing.T) {
	t.Parallel()
	srv, cfg := startStockServer(t, ponpare.NoTLS)
	require.NoError(t, os.WriteFile(srv.Path("item.csv.tmp"), []byte("partial"), 0o644))
	err := newUploader(t, stockCreds, cfg).Upload(context.Background(), sampleStock)
	var exists *ponpare.ExistsError
	require.ErrorAs(t, err, &exists)
	assert.Equal(t, "/item.csv.tmp", exists.Path)
	assert.NotErrorIs(t, err, ponpare.ErrPreviousFileNotConsumed)
	assert.NoFileExists(t, srv.Path("item.csv"))
}

// A writer that knows it is the only one (the sync engine) removes the
// .tmp a crashed upload left, and the next upload goes through.
func TestRemoveLeftoverLetsTheNextUploadThrough(t *testing.T) {
	t.Parallel()
	srv, cfg := startStockServer(t, ponpare.NoTLS)
	u := newUploader(t, stockCreds, cfg)
	assert.Equal(t, "/item.csv.tmp", u.LeftoverPath())
	require.NoError(t, os.WriteFile(srv.Path("item.csv.tmp"), []byte("partial"), 0o644))
	require.NoError(t, u.RemoveLeftover(context.Background()))
	assert.NoFileExists(t, srv.Path("item.csv.tmp"))
	require.NoError(t, u.RemoveLeftover(context.Background()), "nothing left to remove is not an error")
	require.NoError(t, u.Upload(context.Background(), sampleStock))
	assert.FileExists(t, srv.Path("item.csv"))
}

func TestStockLoginRefusalMatchesUnauthorizedOrPasswordExpired(t *testing.T) {
	t.Parallel()
	_, cfg := startStockServer(t, ponpare.ExplicitTLS)
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.FixedZone("JST", 9*3600))
	cfg.Clock = func() time.Time { return now }
	tests := []struct {
		name      string
		expiresAt time.Time
		expired   bool
	}{
		{"no expiry recorded", time.Time{}, false},
		{"expiry ahead", now.Add(24 * time.Hour), false},
		{"expiry passed", now.Add(-time.Hour), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			creds := stockCreds
			creds.Password, creds.ExpiresAt = "wrong-pass-456", tt.expiresAt
			u := newUploader(t, creds, cfg)
			for _, err := range []error{u.Upload(context.Background(), sampleStock), pendingErr(u)} {
				require.ErrorIs(t, err, ponpare.ErrUnauthorized)
				assert.Equal(t, tt.expired, errors.Is(err, ponpare.ErrPasswordExpired))
				var fe *ponpare.FTPError
				require.ErrorAs(t, err, &fe)
				assert.Equal(t, 530, fe.Code)
				assert.NotContains(t, err.Error(), "wrong-pass-456")
			}
		})
	}
}

func pendingErr(u *ponpare.StockUploader) error {
	_, err := u.Pending(context.Background())
	return err
}

func TestABadStockRowUploadsNothing(t *testing.T) {
	t.Parallel()
	srv, cfg := startStockServer(t, ponpare.NoTLS)
	err := newUploader(t, stockCreds, cfg).Upload(context.Background(), []ponpare.StockRow{
		{Code: "ok", Quantity: 1}, {Code: "bad", Quantity: -3},
	})
	var rowErr *ponpare.StockRowError
	require.ErrorAs(t, err, &rowErr)
	assert.Equal(t, 2, rowErr.Row)
	assert.Equal(t, "quantity", rowErr.Column)
	entries, err := os.ReadDir(srv.Root)
	require.NoError(t, err)
	assert.Empty(t, entries)
}

func TestStockUploadVerifiesCertificatesUnlessTheCallerSaysOtherwise(t *testing.T) {
	t.Parallel()
	srv, cfg := startStockServer(t, ponpare.ExplicitTLS)
	cfg.TLSConfig = nil // system roots do not trust the test certificate
	err := newUploader(t, stockCreds, cfg).Upload(context.Background(), sampleStock)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "certificate")
	assert.NoFileExists(t, srv.Path("item.csv"))

	cfg.TLSConfig = &tls.Config{InsecureSkipVerify: true} // the caller's explicit choice
	require.NoError(t, newUploader(t, stockCreds, cfg).Upload(context.Background(), sampleStock))
	assert.FileExists(t, srv.Path("item.csv"))
}

func TestStockUploadToAConfiguredPath(t *testing.T) {
	t.Parallel()
	srv, cfg := startStockServer(t, ponpare.NoTLS)
	require.NoError(t, os.Mkdir(srv.Path("stock"), 0o755))
	cfg.Path = "stock/quantity.csv"
	require.NoError(t, newUploader(t, stockCreds, cfg).Upload(context.Background(), sampleStock))
	assert.FileExists(t, srv.Path("stock/quantity.csv"))
	assert.NoFileExists(t, srv.Path("item.csv"))
}

func TestStockUploaderDefaultsAndValidation(t *testing.T) {
	t.Parallel()
	u, err := ponpare.NewStockUploader(ponpare.Credentials{UserID: " stock-user ", Password: "pw"}, ponpare.StockFTPConfig{})
	require.NoError(t, err)
	got := u.Config()
	assert.Equal(t, ponpare.DefaultStockFTPHost, got.Host)
	assert.Equal(t, "/item.csv", got.Path)
	assert.Equal(t, ponpare.ExplicitTLS, got.TLS, "explicit FTPS by default")
	assert.Zero(t, got.Port, "the mode's default port")
	assert.Nil(t, got.TLSConfig, "system roots, verification on")

	for name, tc := range map[string]struct {
		creds ponpare.Credentials
		cfg   ponpare.StockFTPConfig
	}{
		"no user":         {ponpare.Credentials{Password: "pw"}, ponpare.StockFTPConfig{}},
		"no password":     {ponpare.Credentials{UserID: "u", Password: "  "}, ponpare.StockFTPConfig{}},
		"unknown tls":     {stockCreds, ponpare.StockFTPConfig{TLS: 9}},
		"port":            {stockCreds, ponpare.StockFTPConfig{Port: 70000}},
		"folder path":     {stockCreds, ponpare.StockFTPConfig{Path: "/stock/"}},
		"line break":      {stockCreds, ponpare.StockFTPConfig{Path: "/item.csv\r\nDELE x"}},
		"host with slash": {stockCreds, ponpare.StockFTPConfig{Host: "ftps://host"}},
	} {
		_, err := ponpare.NewStockUploader(tc.creds, tc.cfg)
		assert.Error(t, err, name)
	}
	assert.Equal(t, "none", ponpare.NoTLS.String())
	assert.Equal(t, "TLSMode(9)", ponpare.TLSMode(9).String())
}

func TestStockFTPErrorTexts(t *testing.T) {
	t.Parallel()
	_, cfg := startStockServer(t, ponpare.NoTLS)
	creds := stockCreds
	creds.Password = "nope"
	err := newUploader(t, creds, cfg).Upload(context.Background(), sampleStock)
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "ponpare: stock upload of /item.csv on 127.0.0.1: stock API login refused: ftp: login as "+ftpxtest.User),
		err.Error())
}
