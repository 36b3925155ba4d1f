package engine

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/stock"
	"github.com/mallkit/mallkit/yahoo"
	"github.com/mallkit/mallkit/yahoo/yahootest"
)

// newYahooStore is a fake Yahoo!ショッピング store "store1" that buyers
// order from, with the engine's channel for it.
func newYahooStore(t *testing.T) (*yahootest.Server, *YahooChannel) {
	t.Helper()
	srv := yahootest.NewServer(yahootest.WithKeyBits(1024), yahootest.WithLimits(false))
	t.Cleanup(srv.Close)
	const app, secret, redirect = "app", "secret", "https://shop.example/callback"
	srv.AddSeller(yahootest.Seller{ID: "store1", ClientID: app, ClientSecret: secret, RedirectURL: redirect})
	c, err := yahoo.NewClient(yahoo.Config{SellerID: "store1", ClientID: app, ClientSecret: secret, RedirectURL: redirect,
		PublicKeyPEM: srv.PublicKeyPEM("store1"), KeyVersion: 1},
		yahoo.WithBaseURL(srv.StoreURL()), yahoo.WithAuthURL(srv.AuthURL()),
		yahoo.WithTokenStore(yahoo.NewMemoryTokenStore()), yahoo.WithClock(srv.Now),
		yahoo.WithRateLimit(1000, 10), yahoo.WithRetry(1, time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	require.NoError(t, c.Exchange(context.Background(), srv.AuthorizeSeller("store1", "", "")))
	return srv, NewYahooChannel(c, DefaultImportRules())
}

// Yahoo's getStock has a rate budget of its own, so every push reads the
// mall first: a listing the mall already shows as planned is left out, and
// one the mall lowered by itself (a sale not polled yet) is held and the
// store polled at once, so that no push overwrites the mall's decrement.
func TestYahooPushReadsTheMallFirst(t *testing.T) {
	ctx := context.Background()
	srv, ch := newYahooStore(t)
	for _, item := range []string{"tee:m", "cap:f"} {
		require.NoError(t, srv.SetShown("store1", item, 0))
	}
	h := newHarness(t, harnessOpts{channels: []Channel{ch},
		listings: []stock.Listing{listing("yahoo/store1", "tee:m", "TEE-M"), listing("yahoo/store1", "cap:f", "CAP-F")},
		onHand:   map[string]int{"TEE-M": 10, "CAP-F": 5}, rules: DefaultImportRules(), now: srv.Now})
	rep := must[PushReport](t)(h.eng.Push(ctx, "yahoo/store1"))
	require.Equal(t, 2, rep.Pushed)

	srv.Advance(time.Minute)
	_, err := srv.Buy(yahootest.Buy{Shop: "store1", Item: "tee:m", Units: 2}) // not polled yet
	require.NoError(t, err)
	require.NoError(t, h.ledger.SetOnHand(ctx, "TEE-M", 9, srv.Now())) // the plan says 9, the mall shows 8
	require.NoError(t, srv.SetShown("store1", "cap:f", 4))             // someone set the mall by hand
	require.NoError(t, h.ledger.SetOnHand(ctx, "CAP-F", 4, srv.Now())) // and the plan agrees

	rep = must[PushReport](t)(h.eng.Push(ctx, "yahoo/store1"))
	require.Equal(t, 0, rep.Sent, "cap:f already shows 4; tee:m is held until its sale is polled")
	require.Equal(t, 1, rep.Held)
	require.Equal(t, 8, srv.Shown("store1")["tee:m"])

	srv.Advance(5 * time.Second)
	must[PollReport](t)(h.eng.Poll(ctx, "yahoo/store1"))
	rep = must[PushReport](t)(h.eng.Push(ctx, "yahoo/store1"))
	require.Equal(t, 1, rep.Pushed)
	require.Equal(t, 7, srv.Shown("store1")["tee:m"], "9 on hand less the 2 sold")
	require.Zero(t, srv.Stats()["store1"].NoopPushes)
}
