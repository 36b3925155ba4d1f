package yahootest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Test fixtures for one store and its application.
const (
	testSeller   = "snbx-teststore"
	testClient   = "dj00-test-client"
	testSecret   = "s3cr3t"
	testRedirect = "https://app.example.jp/callback"
)

// testKey is one RSA key shared by the tests' sellers, so that the suite
// does not spend its time generating keys.
var testKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		panic(err)
	}
	return k
})

// fixture is a started fake with one seller and a client's view of it.
type fixture struct {
	t   testing.TB
	srv *Server
}

// newFixture starts a fake with testSeller registered and, unless opts
// turn them on again, without request limits.
func newFixture(t testing.TB, opts ...Option) *fixture {
	t.Helper()
	srv := NewServer(append([]Option{WithLimits(false)}, opts...)...)
	t.Cleanup(srv.Close)
	srv.AddSeller(Seller{
		ID: testSeller, ClientID: testClient, ClientSecret: testSecret,
		RedirectURL: testRedirect, KeyVersion: 3, PrivateKey: testKey(),
	})
	return &fixture{t: t, srv: srv}
}

// tokenJSON is the token endpoint's answer as the tests read it.
type tokenJSON struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
	IDToken      string `json:"id_token"`
	Error        string `json:"error"`
}

// tokenRequest posts form to the token endpoint with Basic client auth
// (skipped when id is "").
func (f *fixture) tokenRequest(id, secret string, form url.Values) (*http.Response, tokenJSON) {
	f.t.Helper()
	req, err := http.NewRequest(http.MethodPost, f.srv.AuthURL()+"token", strings.NewReader(form.Encode()))
	require.NoError(f.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
	if id != "" {
		req.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret))
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	require.NoError(f.t, err)
	defer resp.Body.Close()
	var tj tokenJSON
	require.NoError(f.t, json.NewDecoder(resp.Body).Decode(&tj))
	return resp, tj
}

// exchange redeems a fresh code and returns the tokens.
func (f *fixture) exchange() tokenJSON {
	f.t.Helper()
	code := f.srv.Authorize(testClient, testRedirect, "st")
	resp, tj := f.tokenRequest(testClient, testSecret, url.Values{
		"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {testRedirect},
	})
	require.Equal(f.t, http.StatusOK, resp.StatusCode, tj.Error)
	return tj
}

// refresh runs the refresh grant.
func (f *fixture) refresh(rt string) (*http.Response, tokenJSON) {
	f.t.Helper()
	return f.tokenRequest(testClient, testSecret, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}})
}

// sign returns the X-sws-signature of seller at t, encrypted with the
// seller's PEM public key as a client does.
func (f *fixture) sign(seller string, t time.Time) string {
	f.t.Helper()
	block, _ := pem.Decode(f.srv.PublicKeyPEM(testSeller))
	require.NotNil(f.t, block)
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	require.NoError(f.t, err)
	//lint:ignore SA1019 the mall's 公開鍵認証 is defined as PKCS#1 v1.5 encryption.
	enc, err := rsa.EncryptPKCS1v15(rand.Reader, pub.(*rsa.PublicKey), []byte(seller+":"+strconv.FormatInt(t.Unix(), 10)))
	require.NoError(f.t, err)
	return base64.StdEncoding.EncodeToString(enc)
}

// exchangeResult is a store API answer as the tests read it.
type exchangeResult struct {
	status int
	header http.Header
	body   string
}

// call sends a store API request. signed adds valid 公開鍵認証 headers.
func (f *fixture) call(method, op, token, contentType, body string, signed bool) exchangeResult {
	f.t.Helper()
	req, err := http.NewRequest(method, f.srv.StoreURL()+op, strings.NewReader(body))
	require.NoError(f.t, err)
	if method == http.MethodGet {
		req.URL.RawQuery, req.Body = body, http.NoBody
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if signed {
		req.Header.Set("X-sws-signature", f.sign(testSeller, f.srv.Now()))
		req.Header.Set("X-sws-signature-version", "3")
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	require.NoError(f.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(f.t, err)
	return exchangeResult{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// form posts a stock API form with a valid token.
func (f *fixture) form(op, token string, v url.Values) exchangeResult {
	f.t.Helper()
	return f.call(http.MethodPost, op, token, "application/x-www-form-urlencoded", v.Encode(), false)
}

// xmlCall posts an order API <Req> with a valid token and signature.
func (f *fixture) xmlCall(op, token, body string) exchangeResult {
	f.t.Helper()
	return f.call(http.MethodPost, op, token, "application/xml; charset=UTF-8", body, true)
}

// mustRequest builds a request without a body.
func mustRequest(t *testing.T, method, u string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, u, nil)
	require.NoError(t, err)
	return req
}
