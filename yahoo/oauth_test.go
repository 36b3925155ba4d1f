package yahoo_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/mallkit/mallkit/yahoo"
	"github.com/mallkit/mallkit/yahoo/yahootest"
)

func TestAuthCodeURLCarriesClientRedirectStateAndScopes(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{})
	u, err := url.Parse(f.cli.AuthCodeURL("xyz"))
	require.NoError(t, err)
	assert.Equal(t, f.srv.AuthURL()+"authorization", u.Scheme+"://"+u.Host+u.Path)
	q := u.Query()
	assert.Equal(t, "code", q.Get("response_type"))
	assert.Equal(t, testClient, q.Get("client_id"))
	assert.Equal(t, testRedirect, q.Get("redirect_uri"))
	assert.Equal(t, "xyz", q.Get("state"))
	assert.Equal(t, "openid profile", q.Get("scope"))
	assert.Empty(t, q.Get("code_challenge"))

	pk, err := url.Parse(f.cli.AuthCodeURLPKCE("xyz", oauth2.GenerateVerifier()))
	require.NoError(t, err)
	assert.Equal(t, "S256", pk.Query().Get("code_challenge_method"))
	assert.NotEmpty(t, pk.Query().Get("code_challenge"))
}

func TestExchangeSavesTokenWithIssueTimeAndUsesBasicAuth(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	tok, err := f.store.Load(context.Background())
	require.NoError(t, err)
	require.NotNil(t, tok)
	assert.NotEmpty(t, tok.AccessToken)
	assert.NotEmpty(t, tok.RefreshToken)
	assert.True(t, yahoo.RefreshTokenIssued(tok).Equal(f.srv.Now()))
	assert.True(t, tok.Expiry.Equal(f.srv.Now().Add(time.Hour)), "expiry on the client clock: %v", tok.Expiry)

	req := f.lastRequest(t, "token")
	user, pass, ok := (&http.Request{Header: req.Header}).BasicAuth()
	require.True(t, ok, "client authentication in the Authorization header")
	assert.Equal(t, testClient, user)
	assert.Equal(t, testSecret, pass)
	assert.NotContains(t, string(req.Body), testSecret)
	assert.Contains(t, string(req.Body), "grant_type=authorization_code")
}

func TestExchangePKCE(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{})
	verifier := oauth2.GenerateVerifier()
	u, _ := url.Parse(f.cli.AuthCodeURLPKCE("s", verifier))
	code := f.srv.AuthorizeWithPKCE(testClient, testRedirect, "s", u.Query().Get("code_challenge"), "S256")
	require.NoError(t, f.cli.ExchangePKCE(context.Background(), code, verifier))

	code = f.srv.AuthorizeWithPKCE(testClient, testRedirect, "s", u.Query().Get("code_challenge"), "S256")
	err := f.cli.ExchangePKCE(context.Background(), code, oauth2.GenerateVerifier())
	assert.ErrorIs(t, err, yahoo.ErrReauthorizationRequired, "a wrong verifier is refused")
}

func TestUsedCodeNeedsNewAuthorization(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{})
	code := f.srv.Authorize(testClient, testRedirect, "s")
	require.NoError(t, f.cli.Exchange(context.Background(), code))
	err := f.cli.Exchange(context.Background(), code)
	assert.ErrorIs(t, err, yahoo.ErrReauthorizationRequired)
}

func TestExpiredAccessTokenIsRefreshedBeforeTheCall(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	before, _ := f.store.Load(context.Background())
	f.srv.Advance(2 * time.Hour)
	_, err := f.cli.OrderCount(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"token", "token", "orderCount"}, f.ops())
	after, _ := f.store.Load(context.Background())
	assert.NotEqual(t, before.AccessToken, after.AccessToken)
	assert.Equal(t, before.RefreshToken, after.RefreshToken, "the refresh grant returned none: the old one is kept")
	assert.True(t, yahoo.RefreshTokenIssued(after).Equal(yahoo.RefreshTokenIssued(before)))
	assert.Contains(t, string(f.lastRequest(t, "token").Body), "grant_type=refresh_token")
}

func TestInvalidTokenAnswerRefreshesOnceAndResends(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	f.srv.FailNext("orderCount", http.StatusUnauthorized, 1, 0)
	_, err := f.cli.OrderCount(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"token", "orderCount", "token", "orderCount"}, f.ops())

	f.srv.FailNext("orderCount", http.StatusUnauthorized, 2, 0)
	_, err = f.cli.OrderCount(context.Background())
	var ae *yahoo.APIError
	require.ErrorAs(t, err, &ae, "a second 401 is not refreshed again")
	assert.ErrorIs(t, err, yahoo.ErrUnauthorized)
	assert.Equal(t, "invalid_token", ae.AuthError)
}

func TestRevokedConsentNeedsReauthorizationWithIssueTime(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	issued := f.srv.Now()
	f.srv.RevokeRefreshTokens(testClient)
	f.srv.Advance(2 * time.Hour)
	_, err := f.cli.OrderCount(context.Background())
	require.ErrorIs(t, err, yahoo.ErrReauthorizationRequired)
	var re *yahoo.ReauthorizationError
	require.ErrorAs(t, err, &re)
	assert.True(t, re.RefreshTokenIssued.Equal(issued), "issued %v", re.RefreshTokenIssued)
	var oe *oauth2.RetrieveError
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, "invalid_grant", oe.ErrorCode)
}

func TestRefreshTokenDiesAfter28DaysAsReauthorizationDueSaid(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, fakeOptions{authorize: true})
	issued := f.srv.Now()
	due, err := f.cli.ReauthorizationDue(ctx)
	require.NoError(t, err)
	f.srv.SetNow(due.Add(-time.Minute))
	_, err = f.cli.OrderCount(ctx)
	require.NoError(t, err, "a minute before the due time the refresh still works")
	f.srv.SetNow(due.Add(time.Hour))
	_, err = f.cli.OrderCount(ctx)
	var re *yahoo.ReauthorizationError
	require.ErrorAs(t, err, &re)
	assert.True(t, re.RefreshTokenIssued.Equal(issued))
	assert.Contains(t, err.Error(), issued.Format(time.RFC3339))
}

func TestEndedShortSessionAnswersPx04102(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, fakeOptions{unsigned: true, authorize: true})
	start := f.srv.Now()
	for _, err := range f.cli.SearchOrders(ctx, yahoo.OrderQuery{Start: start.Add(-time.Hour), End: start}) {
		require.NoError(t, err)
	}
	f.srv.Advance(11*time.Hour + 30*time.Minute)
	_, err := f.cli.OrderCount(ctx)
	require.NoError(t, err, "refreshed inside the 12 hours")
	f.srv.Advance(45 * time.Minute)
	_, err = f.cli.OrderCount(ctx)
	var re *yahoo.ReauthorizationError
	require.ErrorAs(t, err, &re, "the access token is fresh but the session is over")
	assert.True(t, re.RefreshTokenIssued.Equal(start))
	ops := f.ops()
	assert.Equal(t, []string{"orderCount", "token"}, ops[len(ops)-2:], "the 401 px-04102 made the client try one refresh, which invalid_grant refused")
}

func TestNoStoredTokenNeedsAuthorization(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{})
	_, err := f.cli.OrderCount(context.Background())
	assert.ErrorIs(t, err, yahoo.ErrReauthorizationRequired)
	assert.Empty(t, f.ops(), "nothing was sent")
}

func TestRotatedRefreshTokenIsSaved(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true, serverOpts: []yahootest.Option{yahootest.WithRefreshTokenRotation(true)}})
	before, _ := f.store.Load(context.Background())
	f.srv.Advance(2 * time.Hour)
	_, err := f.cli.OrderCount(context.Background())
	require.NoError(t, err)
	after, _ := f.store.Load(context.Background())
	assert.NotEqual(t, before.RefreshToken, after.RefreshToken)
	assert.True(t, yahoo.RefreshTokenIssued(after).Equal(yahoo.RefreshTokenIssued(before)), "a rotated token lives from the consent, as the fake counts it")
	f.srv.Advance(2 * time.Hour)
	_, err = f.cli.OrderCount(context.Background())
	require.NoError(t, err, "the rotated token works; the old one was retired by the fake")
}

func TestTokensSurviveARestartThroughTheFileStore(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{})
	path := filepath.Join(t.TempDir(), "token.json")
	newClient := func() *yahoo.Client {
		cli, err := yahoo.NewClient(f.cli.Config(), yahoo.WithBaseURL(f.srv.StoreURL()), yahoo.WithAuthURL(f.srv.AuthURL()),
			yahoo.WithTokenStore(yahoo.NewFileTokenStore(path)), yahoo.WithClock(f.srv.Now), yahoo.WithRateLimit(0, 1))
		require.NoError(t, err)
		return cli
	}
	first := newClient()
	require.NoError(t, first.Exchange(context.Background(), f.srv.Authorize(testClient, testRedirect, "s")))
	second := newClient()
	_, err := second.OrderCount(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"token", "orderCount"}, f.ops(), "the second process reused the saved access token")
	due, err := second.ReauthorizationDue(context.Background())
	require.NoError(t, err)
	assert.True(t, due.Equal(f.srv.Now().Add(28*24*time.Hour)))
}

func TestReauthorizationDueIs28DaysSignedAnd12HoursUnsigned(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	signed := newFixture(t, fakeOptions{authorize: true})
	start := signed.srv.Now()
	for range signed.cli.SearchOrders(ctx, yahoo.OrderQuery{Start: start.Add(-time.Hour), End: start}) {
	}
	due, err := signed.cli.ReauthorizationDue(ctx)
	require.NoError(t, err)
	assert.True(t, due.Equal(start.Add(28*24*time.Hour)), "signed: %v", due)

	unsigned := newFixture(t, fakeOptions{unsigned: true, authorize: true})
	due, err = unsigned.cli.ReauthorizationDue(ctx)
	require.NoError(t, err)
	assert.True(t, due.Equal(start.Add(28*24*time.Hour)), "no restricted call yet")
	for _, err := range unsigned.cli.SearchOrders(ctx, yahoo.OrderQuery{Start: start.Add(-time.Hour), End: start}) {
		require.NoError(t, err)
	}
	due, err = unsigned.cli.ReauthorizationDue(ctx)
	require.NoError(t, err)
	assert.True(t, due.Equal(start.Add(12*time.Hour)), "unsigned restricted call: %v", due)

	unsigned.srv.Advance(13 * time.Hour)
	_, err = unsigned.cli.OrderCount(ctx)
	assert.ErrorIs(t, err, yahoo.ErrReauthorizationRequired, "the fake ended the 12-hour session as predicted")
}

func TestRefusedSignatureIsAnErrorOnRestrictedAPIs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, fakeOptions{authorize: true})
	// A client whose clock is 20 minutes behind signs with a stale
	// unixtime: Yahoo answers the call, with X-SWS-Authorize-Status
	// "unauthorized".
	skewed, err := yahoo.NewClient(f.cli.Config(),
		yahoo.WithBaseURL(f.srv.StoreURL()), yahoo.WithAuthURL(f.srv.AuthURL()), yahoo.WithTokenStore(f.store),
		yahoo.WithClock(func() time.Time { return f.srv.Now().Add(-20 * time.Minute) }), yahoo.WithRateLimit(0, 1))
	require.NoError(t, err)
	_, err = skewed.OrderCount(ctx)
	require.NoError(t, err, "orderCount is not restricted")
	f.srv.AddOrder(yahootest.NewOrder(testSeller, testSeller+"-10000001", f.srv.Now(), yahootest.Item{ItemID: "a", UnitPrice: 100}))
	o, err := skewed.GetOrder(ctx, testSeller+"-10000001")
	var ke *yahoo.PublicKeyAuthError
	require.ErrorAs(t, err, &ke)
	assert.ErrorIs(t, err, yahoo.ErrPublicKeyAuth)
	assert.Equal(t, "unauthorized", ke.Status)
	require.NotNil(t, o, "the decoded order comes back with the error, so a poller does not stall")
	assert.Equal(t, testSeller+"-10000001", o.ID)
	tok, _ := f.store.Load(ctx)
	assert.True(t, yahoo.ShortSession(tok), "the shortened session is saved with the token")

	var ids []string
	var last error
	for s, err := range skewed.SearchOrders(ctx, yahoo.OrderQuery{Start: f.srv.Now().Add(-time.Hour), End: f.srv.Now()}) {
		if err != nil {
			last = err
			continue
		}
		ids = append(ids, s.ID)
	}
	assert.Equal(t, []string{testSeller + "-10000001"}, ids, "the orders are yielded")
	assert.ErrorAs(t, last, &ke, "and then the refusal")

	f.srv.AddSeller(yahootest.Seller{ID: testSeller, ClientID: testClient, ClientSecret: testSecret, RedirectURL: testRedirect,
		KeyVersion: 2, PrivateKey: sharedKey(), PublicKeyIssued: f.srv.Now().AddDate(-1, 0, -1)})
	_, err = f.cli.GetOrder(ctx, testSeller+"-10000001")
	require.ErrorAs(t, err, &ke, "a key older than a year")
	assert.Equal(t, "expired", ke.Status)
}

func TestSignatureIsFreshOnEveryAttempt(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	f.srv.FailNext("getStock", http.StatusServiceUnavailable, 2, 0)
	f.srv.SetStock(testSeller, "a", "", 1, false)
	_, err := f.cli.GetStock(context.Background(), []string{"a"})
	require.NoError(t, err)
	seen := map[string]bool{}
	for _, r := range f.srv.Requests() {
		if r.Operation != "getStock" {
			continue
		}
		sig := r.Header.Get("X-sws-signature")
		require.NotEmpty(t, sig)
		assert.Equal(t, "2", r.Header.Get("X-sws-signature-version"))
		assert.False(t, seen[sig], "signature reused across attempts")
		seen[sig] = true
	}
	assert.Len(t, seen, 3)
	assert.NotEmpty(t, f.lastRequest(t, "token").Header.Get("X-sws-signature"), "token requests are signed by default")
	assert.Equal(t, "2", f.lastRequest(t, "token").Header.Get("X-sws-signature-version"))

	unsigned := newFixture(t, fakeOptions{authorize: true, clientOpts: []yahoo.Option{yahoo.WithSignedTokenRequests(false)}})
	assert.Empty(t, unsigned.lastRequest(t, "token").Header.Get("X-sws-signature"), "WithSignedTokenRequests(false) leaves them unsigned")
}

func TestExpiryWarnings(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, fakeOptions{authorize: true})
	now := f.srv.Now()
	w, err := f.cli.ExpiryWarnings(ctx, 7*24*time.Hour)
	require.NoError(t, err)
	assert.Empty(t, w, "consent due in 28 days, key in a year")

	f.srv.Advance(22 * 24 * time.Hour)
	w, err = f.cli.ExpiryWarnings(ctx, 7*24*time.Hour)
	require.NoError(t, err)
	require.Len(t, w, 1)
	assert.Equal(t, yahoo.ExpiryReauthorization, w[0].Kind)
	assert.True(t, w[0].Due.Equal(now.Add(28*24*time.Hour)))

	exp, ok := f.cli.PublicKeyExpiry()
	require.True(t, ok)
	assert.True(t, exp.Equal(now.AddDate(1, 0, 0)))
	f.srv.SetNow(now.AddDate(1, 0, -3))
	w, err = f.cli.ExpiryWarnings(ctx, 7*24*time.Hour)
	require.NoError(t, err)
	require.Len(t, w, 2)
	assert.Equal(t, yahoo.ExpiryPublicKey, w[1].Kind)
	assert.Equal(t, "public key", w[1].Kind.String())
}

func TestClientIDAndSecretNeverReachTheTokenBody(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	for _, r := range f.srv.Requests() {
		assert.False(t, strings.Contains(string(r.Body), "client_secret"), "%s body %s", r.Operation, r.Body)
	}
}

func TestConcurrentCallsShareOneRefresh(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	f.srv.SetStock(testSeller, "a", "", 1, false)
	f.srv.Advance(2 * time.Hour)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			_, err := f.cli.GetStock(context.Background(), []string{"a"})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, 2, count(f.ops(), "token"), "the code exchange and one refresh")
}

func TestTokenEndpointThrottlingIsRetried(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{})
	f.srv.FailNext("token", http.StatusTooManyRequests, 1, 0)
	f.authorize(t)
	assert.Equal(t, 2, count(f.ops(), "token"))

	f.srv.FailNext("token", http.StatusServiceUnavailable, 1, 0)
	f.srv.Advance(2 * time.Hour)
	_, err := f.cli.OrderCount(context.Background())
	require.Error(t, err, "a 503 may hide a processed refresh, so it is not resent")
	assert.NotErrorIs(t, err, yahoo.ErrReauthorizationRequired)
	_, err = f.cli.OrderCount(context.Background())
	require.NoError(t, err, "the next call refreshes again")
}

func TestLogsCarryNoSecrets(t *testing.T) {
	t.Parallel()
	var logged bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f := newFixture(t, fakeOptions{unsigned: true, authorize: true, clientOpts: []yahoo.Option{yahoo.WithLogger(logger)}})
	now := f.srv.Now()
	for range 2 {
		for _, err := range f.cli.SearchOrders(context.Background(), yahoo.OrderQuery{Start: now.Add(-time.Hour), End: now}) {
			require.NoError(t, err)
		}
	}
	tok, _ := f.store.Load(context.Background())
	out := logged.String()
	assert.Equal(t, 1, strings.Count(out, "session is now 12 hours"), "warned once: %s", out)
	assert.Contains(t, out, "path=/ShoppingWebService/V1/orderList")
	for _, secret := range []string{testSecret, tok.AccessToken, tok.RefreshToken} {
		assert.NotContains(t, out, secret)
	}
}

// TestRestrictedCallsThatFailStillCountForTheSession: the fake, like the
// mall, judges the signature before it looks for the order, so an unsigned
// orderInfo that ends in a 404 has shortened the session all the same; the
// client must record it, or ReauthorizationDue would promise 28 days.
func TestRestrictedCallsThatFailStillCountForTheSession(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		unsigned bool
		life     time.Duration
	}{
		{"unsigned", true, 12 * time.Hour},
		{"signed", false, 28 * 24 * time.Hour},
	} {
		f := newFixture(t, fakeOptions{unsigned: tc.unsigned, authorize: true})
		start := f.srv.Now()
		_, err := f.cli.GetOrder(ctx, orderID("99999999"))
		require.ErrorIs(t, err, yahoo.ErrNotFound, tc.name)
		due, err := f.cli.ReauthorizationDue(ctx)
		require.NoError(t, err, tc.name)
		assert.True(t, due.Equal(start.Add(tc.life)), "%s: due %v", tc.name, due)

		f.srv.SetNow(due.Add(-time.Minute))
		_, err = f.cli.OrderCount(ctx)
		require.NoError(t, err, "%s: a minute before the due time the session still works", tc.name)
		f.srv.SetNow(due.Add(time.Hour + time.Minute)) // past the last access token too
		_, err = f.cli.OrderCount(ctx)
		assert.ErrorIs(t, err, yahoo.ErrReauthorizationRequired, "%s: the fake ended the session when the client said", tc.name)
	}
}

func TestApplicationWithoutStoreScopeIsAPermissionError(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	f.srv.AddSeller(yahootest.Seller{ID: testSeller, ClientID: testClient, ClientSecret: testSecret, RedirectURL: testRedirect,
		KeyVersion: 2, PrivateKey: sharedKey(), NoStoreScope: true})
	before := len(f.ops())
	_, err := f.cli.GetStock(context.Background(), []string{"a"})
	var ae *yahoo.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.StatusForbidden, ae.StatusCode)
	assert.Equal(t, "insufficient_scope", ae.AuthError)
	assert.ErrorIs(t, err, yahoo.ErrForbidden)
	assert.NotErrorIs(t, err, yahoo.ErrRateLimited)
	assert.Equal(t, []string{"getStock"}, f.ops()[before:], "neither retried nor refreshed")
}

func TestWrongKeyVersionIsPublicKeyAuthAndForbiddenAndCutsTheSession(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, fakeOptions{authorize: true})
	issued := f.srv.Now()
	cfg := f.cli.Config()
	cfg.KeyVersion = 7
	wrongVersion, err := yahoo.NewClient(cfg, yahoo.WithBaseURL(f.srv.StoreURL()), yahoo.WithAuthURL(f.srv.AuthURL()),
		yahoo.WithTokenStore(f.store), yahoo.WithClock(f.srv.Now), yahoo.WithRateLimit(0, 1))
	require.NoError(t, err)
	_, err = wrongVersion.GetOrder(ctx, orderID("99999999"))
	var ae *yahoo.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.StatusForbidden, ae.StatusCode)
	assert.Equal(t, yahoo.CodeKeyVersionRefused, ae.Code)
	assert.ErrorIs(t, err, yahoo.ErrPublicKeyAuth)
	assert.ErrorIs(t, err, yahoo.ErrForbidden)
	assert.NotErrorIs(t, err, yahoo.ErrRequestForbidden)
	tok, _ := f.store.Load(ctx)
	assert.True(t, yahoo.ShortSession(tok), "px-14303 on a restricted API cuts the session")
	due, err := wrongVersion.ReauthorizationDue(ctx)
	require.NoError(t, err)
	assert.True(t, due.Equal(issued.Add(12*time.Hour)), "%v", due)

	// The first call past the 12 hours fails: the client and the fake agree.
	f.srv.Advance(12 * time.Hour)
	_, err = f.cli.OrderCount(ctx)
	assert.ErrorIs(t, err, yahoo.ErrReauthorizationRequired)
	fresh := newFixture(t, fakeOptions{authorize: true})
	_, err = fresh.cli.GetOrder(ctx, orderID("99999999"))
	require.ErrorIs(t, err, yahoo.ErrNotFound)
	tok, _ = fresh.store.Load(ctx)
	assert.False(t, yahoo.ShortSession(tok), "an accepted signature on a 404 keeps 28 days")
}
