package yahootest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOneRequestPerSecondPerApplicationIsOnByDefault(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	t.Cleanup(srv.Close)
	srv.AddSeller(Seller{ID: testSeller, ClientID: testClient, ClientSecret: testSecret, RedirectURL: testRedirect, KeyVersion: 3, PrivateKey: testKey()})
	srv.AddSeller(Seller{ID: "snbx-second", ClientID: testClient, ClientSecret: testSecret, RedirectURL: testRedirect, KeyVersion: 3, PrivateKey: testKey()})
	f := &fixture{t: t, srv: srv}
	tokenFor := func(seller string) string {
		resp, tj := f.tokenRequest(testClient, testSecret, map[string][]string{"grant_type": {"authorization_code"}, "code": {srv.AuthorizeSeller(seller, "", "")}, "redirect_uri": {testRedirect}})
		require.Equal(t, http.StatusOK, resp.StatusCode)
		return tj.AccessToken
	}
	tok := tokenFor(testSeller)
	require.Equal(t, http.StatusOK, f.form(opGetStock, tok, getStockForm).status)
	res := f.form(opGetStock, tok, getStockForm)
	assert.Equal(t, http.StatusForbidden, res.status, "a second getStock within the second")
	root := parseTree(t, res.body)
	assert.Equal(t, msgThrottled, root.text("Message"))
	assert.Equal(t, "1", res.header.Get("Retry-After"))

	res = f.form(opGetStock, tokenFor("snbx-second"), map[string][]string{"seller_id": {"snbx-second"}, "item_code": {"a"}})
	assert.Equal(t, http.StatusForbidden, res.status, "the limit is the application's, whichever store it acts for")
	assert.NotEqual(t, http.StatusForbidden, f.form(opSetStock, tok, map[string][]string{"seller_id": {testSeller}, "item_code": {"a"}, "quantity": {"1"}}).status,
		"each operation has its own budget")
}

func TestWithLimitsOffLetsEveryRequestThrough(t *testing.T) {
	t.Parallel()
	f := newFixture(t, WithLimits(true), WithLimits(false))
	tok := f.exchange().AccessToken
	for range 5 {
		require.Equal(t, http.StatusOK, f.form(opGetStock, tok, getStockForm).status)
	}
}

func TestDailyCapPerApplicationAndJSTDay(t *testing.T) {
	t.Parallel()
	f := newFixture(t, WithDailyCap(3), WithStartTime(time.Date(2026, 3, 1, 23, 30, 0, 0, jst)))
	tok := f.exchange().AccessToken
	for range 3 {
		require.Equal(t, http.StatusOK, f.form(opGetStock, tok, getStockForm).status)
	}
	res := f.form(opGetStock, tok, getStockForm)
	require.Equal(t, http.StatusForbidden, res.status, "the fourth request of the day")
	root := parseTree(t, res.body)
	assert.Equal(t, "Your Request was Forbidden", root.text("Message"))
	assert.Nil(t, root.path("Code"), "no code: the daily cap")
	assert.Equal(t, http.StatusForbidden, f.form(opSetStock, tok, getStockForm).status, "the cap covers every operation")

	f.srv.Advance(30 * time.Minute) // 00:00 JST the next day
	assert.Equal(t, http.StatusOK, f.form(opGetStock, tok, getStockForm).status, "a new day, a new budget")
}

func TestTolerantRateAbsorbsJitter(t *testing.T) {
	t.Parallel()
	assert.Zero(t, tolerantRate(0))
	assert.InDelta(t, 1/0.95, tolerantRate(1), 1e-9, "50 ms early passes at 1 request/s")
	assert.InDelta(t, 1/0.09, tolerantRate(10), 1e-6, "a tenth of the interval at higher rates")
}
