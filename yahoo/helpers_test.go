package yahoo_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/yahoo"
	"github.com/mallkit/mallkit/yahoo/yahootest"
)

const (
	testSeller   = "snbx-teststore"
	testClient   = "client-id-1"
	testSecret   = "s3cr3t-client"
	testRedirect = "https://app.example/callback"
)

// sharedKey is one RSA key for every fake seller: generating one per test
// would cost tens of milliseconds each.
var sharedKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

// fixture is a fake with one seller and a client pointed at it.
type fixture struct {
	srv   *yahootest.Server
	cli   *yahoo.Client
	store yahoo.TokenStore
}

// fakeOptions tune newFixture.
type fakeOptions struct {
	unsigned   bool // no PublicKeyPEM
	authorize  bool // run the code flow before returning
	serverOpts []yahootest.Option
	clientOpts []yahoo.Option
}

// newFixture starts a fake seeded with testSeller and a client using the
// fake's clock, no rate limit on either side (unless serverOpts turn the
// fake's on again) and millisecond retry waits.
func newFixture(t *testing.T, fo fakeOptions) *fixture {
	t.Helper()
	srv := yahootest.NewServer(append([]yahootest.Option{yahootest.WithLimits(false)}, fo.serverOpts...)...)
	t.Cleanup(srv.Close)
	srv.AddSeller(yahootest.Seller{ID: testSeller, ClientID: testClient, ClientSecret: testSecret, RedirectURL: testRedirect, KeyVersion: 2, PrivateKey: sharedKey()})
	cfg := yahoo.Config{SellerID: testSeller, ClientID: testClient, ClientSecret: testSecret, RedirectURL: testRedirect}
	if !fo.unsigned {
		cfg.PublicKeyPEM, cfg.KeyVersion, cfg.PublicKeyIssued = srv.PublicKeyPEM(testSeller), 2, srv.Now()
	}
	store := yahoo.NewMemoryTokenStore()
	opts := append([]yahoo.Option{
		yahoo.WithBaseURL(srv.StoreURL()),
		yahoo.WithAuthURL(srv.AuthURL()),
		yahoo.WithTokenStore(store),
		yahoo.WithClock(srv.Now),
		yahoo.WithRateLimit(0, 1),
		yahoo.WithRetry(3, time.Millisecond, 5*time.Millisecond),
	}, fo.clientOpts...)
	cli, err := yahoo.NewClient(cfg, opts...)
	require.NoError(t, err)
	f := &fixture{srv: srv, cli: cli, store: store}
	if fo.authorize {
		f.authorize(t)
	}
	return f
}

func (f *fixture) authorize(t *testing.T) {
	t.Helper()
	code := f.srv.Authorize(testClient, testRedirect, "state-1")
	require.NoError(t, f.cli.Exchange(context.Background(), code))
}

// ops lists the operations the fake received, in order.
func (f *fixture) ops() []string {
	var out []string
	for _, r := range f.srv.Requests() {
		out = append(out, r.Operation)
	}
	return out
}

// lastRequest returns the last request to op.
func (f *fixture) lastRequest(t *testing.T, op string) yahootest.Request {
	t.Helper()
	reqs := f.srv.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Operation == op {
			return reqs[i]
		}
	}
	t.Fatalf("no %s request", op)
	return yahootest.Request{}
}
