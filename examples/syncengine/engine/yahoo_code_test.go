package engine

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/yahoo"
	"github.com/mallkit/mallkit/yahoo/yahootest"
)

// Processes started together with one config race to redeem the store's
// authorization code, and YConnect accepts it once. A process whose
// exchange is refused starts with the token the winner wrote to the shared
// token file; with no token there, the refusal is an error that names the
// code.
func TestARedeemedAuthorizationCodeWaitsForTheWinnersToken(t *testing.T) {
	ctx := context.Background()
	srv := yahootest.NewServer(yahootest.WithKeyBits(1024), yahootest.WithLimits(false))
	t.Cleanup(srv.Close)
	const app, secret, redirect = "app", "secret", "https://shop.example/callback"
	srv.AddSeller(yahootest.Seller{ID: "store1", ClientID: app, ClientSecret: secret, RedirectURL: redirect})
	dir := t.TempDir()
	t.Setenv("YAHOO_SECRET", secret)
	code := srv.AuthorizeSeller("store1", "", "")
	t.Setenv("YAHOO_CODE", code)
	yc := YahooConfig{SellerID: "store1", ClientID: app, ClientSecret: Secret{Env: "YAHOO_SECRET"}, RedirectURL: redirect,
		TokenFile: "store1.token", AuthorizationCode: &Secret{Env: "YAHOO_CODE"},
		BaseURL: srv.StoreURL(), AuthURL: srv.AuthURL()}

	// The winner: another process redeems the code and writes the file a
	// little later.
	winner, err := yahoo.NewClient(yahoo.Config{SellerID: "store1", ClientID: app, ClientSecret: secret, RedirectURL: redirect},
		yahoo.WithBaseURL(srv.StoreURL()), yahoo.WithAuthURL(srv.AuthURL()), yahoo.WithTokenStore(yahoo.NewMemoryTokenStore()))
	require.NoError(t, err)
	require.NoError(t, winner.Exchange(ctx, code))
	tok, err := winner.Token(ctx)
	require.NoError(t, err)
	go func() {
		time.Sleep(300 * time.Millisecond)
		_ = yahoo.NewFileTokenStore(filepath.Join(dir, "store1.token")).Save(ctx, tok)
	}()
	ch, err := openYahoo(ctx, dir, yc, DefaultImportRules(), srv.Now, testLogger(t))
	require.NoError(t, err)
	require.Equal(t, "yahoo/store1", ch.Name())

	// Nobody writes the file: the refusal stands.
	require.NoError(t, os.Remove(filepath.Join(dir, "store1.token")))
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	_, err = openYahoo(ctx, dir, yc, DefaultImportRules(), srv.Now, testLogger(t))
	require.ErrorIs(t, err, yahoo.ErrReauthorizationRequired)
	require.ErrorContains(t, err, "authorization_code")
}
