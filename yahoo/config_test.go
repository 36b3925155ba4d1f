package yahoo_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/yahoo"
)

func TestConfigNeverPrintsSecrets(t *testing.T) {
	t.Parallel()
	cfg := yahoo.Config{SellerID: "store", ClientID: "cid", ClientSecret: "TOPSECRET", PublicKeyPEM: []byte("-----BEGIN PUBLIC KEY-----KEYMATERIAL"), KeyVersion: 1,
		PublicKeyIssued: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("cfg", "config", cfg)
	asJSON, err := json.Marshal(cfg)
	require.NoError(t, err)
	ptrJSON, err := json.Marshal(&cfg)
	require.NoError(t, err)
	outs := []string{fmt.Sprint(cfg), logged.String(), string(asJSON), string(ptrJSON)}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%t", "%e", "%q", "%x", "%X"} {
		outs = append(outs, fmt.Sprintf(verb, cfg), fmt.Sprintf(verb, &cfg), fmt.Sprintf(verb, []yahoo.Config{cfg}))
	}
	for _, out := range outs {
		assert.NotContains(t, out, "TOPSECRET")
		assert.NotContains(t, out, "KEYMATERIAL")
		assert.Contains(t, out, "cid")
		assert.Contains(t, out, "[REDACTED]")
	}
	assert.Contains(t, cfg.String(), "PublicKeyIssued:2026-01-05")
}

func TestNewClientValidates(t *testing.T) {
	t.Parallel()
	ok := yahoo.Config{SellerID: "store", ClientID: "cid", ClientSecret: "sec", RedirectURL: "https://app.example/cb"}
	cases := map[string]struct {
		cfg  yahoo.Config
		opts []yahoo.Option
	}{
		"upper-case seller":       {yahoo.Config{SellerID: "Store", ClientID: "c", ClientSecret: "s"}, nil},
		"no client id":            {yahoo.Config{SellerID: "store", ClientSecret: "s"}, nil},
		"no secret":               {yahoo.Config{SellerID: "store", ClientID: "c"}, nil},
		"no redirect URL":         {yahoo.Config{SellerID: "store", ClientID: "c", ClientSecret: "s"}, nil},
		"relative redirect URL":   {yahoo.Config{SellerID: "store", ClientID: "c", ClientSecret: "s", RedirectURL: "/cb"}, nil},
		"key without version":     {yahoo.Config{SellerID: "store", ClientID: "c", ClientSecret: "s", PublicKeyPEM: []byte("x")}, nil},
		"key that does not parse": {yahoo.Config{SellerID: "store", ClientID: "c", ClientSecret: "s", PublicKeyPEM: []byte("x"), KeyVersion: 1}, nil},
		"relative base URL":       {ok, []yahoo.Option{yahoo.WithBaseURL("/ShoppingWebService/V1/")}},
		"bad auth URL":            {ok, []yahoo.Option{yahoo.WithAuthURL("ftp://x/")}},
		"nil HTTP client":         {ok, []yahoo.Option{yahoo.WithHTTPClient(nil)}},
		"nil store":               {ok, []yahoo.Option{yahoo.WithTokenStore(nil)}},
		"zero burst":              {ok, []yahoo.Option{yahoo.WithRateLimit(1, 0)}},
		"negative wait":           {ok, []yahoo.Option{yahoo.WithRetry(1, -1, 0)}},
		"short longer than long":  {ok, []yahoo.Option{yahoo.WithRefreshLifetime(time.Hour, 2*time.Hour)}},
		"zero stock batch":        {ok, []yahoo.Option{yahoo.WithStockBatchSize(0)}},
		"nil clock":               {ok, []yahoo.Option{yahoo.WithClock(nil)}},
		"nil logger":              {ok, []yahoo.Option{yahoo.WithLogger(nil)}},
	}
	for name, tc := range cases {
		_, err := yahoo.NewClient(tc.cfg, tc.opts...)
		assert.Error(t, err, name)
	}
	_, err := yahoo.NewClient(ok)
	require.NoError(t, err)
}

func TestClientNeverPrintsSecrets(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	tok, err := f.cli.Token(context.Background())
	require.NoError(t, err)
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("client", "client", f.cli)
	asJSON, err := json.Marshal(f.cli)
	require.NoError(t, err)
	outs := []string{logged.String(), string(asJSON)}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%t", "%e", "%q", "%x"} {
		outs = append(outs, fmt.Sprintf(verb, f.cli), fmt.Sprintf(verb, []*yahoo.Client{f.cli}))
	}
	for _, out := range outs {
		for _, secret := range []string{testSecret, tok.AccessToken, tok.RefreshToken, "BEGIN PUBLIC KEY"} {
			assert.NotContains(t, out, secret)
		}
		assert.Contains(t, out, testSeller)
		assert.Contains(t, out, testClient)
	}
}
