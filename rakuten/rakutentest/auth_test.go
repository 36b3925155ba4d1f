package rakutentest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

const searchBody = `{"dateType":1,"startDatetime":"2026-01-01T00:00:00+0900","endDatetime":"2026-01-05T23:59:59+0900"}`

func search(t *testing.T, srv *rakutentest.Server, auth string) response {
	t.Helper()
	return do(t, http.MethodPost, srv.URL+"/es/2.0/order/searchOrder/", "application/json; charset=utf-8", auth, searchBody)
}

func TestAuthRejectsBadCredentialsWithES0101(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	cases := []struct{ name, auth string }{
		{"wrong secret", esa("SP123456_other", testKey)},
		{"unknown key", esa(testSecret, "SL999999_nope")},
		{"trailing newline in key", esa(testSecret, testKey+"\n")},
		{"not base64", "ESA !!!"},
		{"wrong scheme", "Basic " + esa(testSecret, testKey)[4:]},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := search(t, srv, tc.auth)
			assert.Equal(t, http.StatusUnauthorized, r.status)
			assert.JSONEq(t, `{"Results":{"errorCode":"ES01-01","message":"Un-Authorised"}}`, string(r.body))
			assert.Equal(t, "application/json;charset=UTF-8", r.header.Get("Content-Type"))
		})
	}
	assert.Equal(t, http.StatusOK, search(t, srv, "").status, "the right key works")
}

func TestAuthSplitsAtTheFirstColon(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddLicense(rakutentest.License{ServiceSecret: "SP1", LicenseKey: "SL1:with:colons"})
	assert.Equal(t, http.StatusOK, search(t, srv, esa("SP1", "SL1:with:colons")).status)
}

func TestAuthFunctionAllowList(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddLicense(rakutentest.License{ServiceSecret: "SP2", LicenseKey: "SL2", Functions: []string{"rpay.order.getOrder"}})
	r := search(t, srv, esa("SP2", "SL2"))
	assert.Equal(t, http.StatusUnauthorized, r.status, "searchOrder is not enabled")
	assert.Contains(t, string(r.body), "ES01-01")
	r = do(t, http.MethodPost, srv.URL+"/es/2.0/order/getOrder/", "application/json; charset=utf-8", esa("SP2", "SL2"),
		`{"orderNumberList":["`+shopOrder1+`"],"version":10}`)
	assert.Equal(t, http.StatusOK, r.status, "getOrder is enabled")
}

func TestAuthExpiryIsConfigurable(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		opts []rakutentest.Option
		want string
	}{
		{"default ES01-01", nil, `{"Results":{"errorCode":"ES01-01","message":"Un-Authorised"}}`},
		{"GA0001 as reported in 2026", []rakutentest.Option{rakutentest.WithExpiredKeyError("GA0001", "Un-Authorised")},
			`{"Results":{"errorCode":"GA0001","message":"Un-Authorised"}}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, tc.opts...)
			srv.AddLicense(rakutentest.License{ServiceSecret: "SP3", LicenseKey: "SL3", Expiry: srv.Now().Add(time.Hour)})
			require.Equal(t, http.StatusOK, search(t, srv, esa("SP3", "SL3")).status)
			srv.Advance(time.Hour + time.Second)
			r := search(t, srv, esa("SP3", "SL3"))
			assert.Equal(t, http.StatusUnauthorized, r.status)
			assert.Equal(t, tc.want, string(r.body))
		})
	}
}

func TestAuthDefaultLifetimeIs90Days(t *testing.T) {
	t.Parallel()
	srv := newServer(t) // test key added at DefaultNow, 2026-01-05 10:00 JST
	srv.SetNow(time.Date(2026, 4, 5, 23, 59, 59, 0, jst))
	assert.Equal(t, http.StatusOK, search(t, srv, "").status, "last second of day 90")
	srv.Advance(time.Second)
	assert.Equal(t, http.StatusUnauthorized, search(t, srv, "").status)
}

func TestAuthActivationDelayAfterReissue(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddLicense(rakutentest.License{ServiceSecret: testSecret, LicenseKey: "SL123456_new", ActiveFrom: srv.Now().Add(30 * time.Minute)})
	assert.Equal(t, http.StatusUnauthorized, search(t, srv, esa(testSecret, "SL123456_new")).status, "not active yet")
	assert.Equal(t, http.StatusOK, search(t, srv, "").status, "old key survives re-issue by default")
	srv.Advance(30 * time.Minute)
	assert.Equal(t, http.StatusOK, search(t, srv, esa(testSecret, "SL123456_new")).status)
}

func TestAuthReissueCanRevokeTheOldKey(t *testing.T) {
	t.Parallel()
	srv := newServer(t, rakutentest.WithReissueRevokesOldKey())
	srv.AddLicense(rakutentest.License{ServiceSecret: testSecret, LicenseKey: "SL123456_new"})
	assert.Equal(t, http.StatusUnauthorized, search(t, srv, "").status)
	assert.Equal(t, http.StatusOK, search(t, srv, esa(testSecret, "SL123456_new")).status)
}

func TestAuthEmptyAllowListEnablesNothing(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddLicense(rakutentest.License{ServiceSecret: "SP3", LicenseKey: "SL3", Functions: []string{}})
	r := do(t, http.MethodPost, srv.URL+"/es/2.0/order/searchOrder/", "application/json; charset=utf-8", esa("SP3", "SL3"), `{}`)
	assert.Equal(t, http.StatusUnauthorized, r.status)
}
