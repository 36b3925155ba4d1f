package yahootest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCodeGrantIssuesBearerTokensForOneHour(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tok := f.exchange()
	assert.Equal(t, "Bearer", tok.TokenType)
	assert.Equal(t, 3600, tok.ExpiresIn)
	assert.NotEmpty(t, tok.AccessToken)
	assert.NotEmpty(t, tok.RefreshToken)
	require.Len(t, strings.Split(tok.IDToken, "."), 3, "id_token is a JWT")
	payload, err := base64.RawURLEncoding.DecodeString(strings.Split(tok.IDToken, ".")[1])
	require.NoError(t, err)
	var claims map[string]any
	require.NoError(t, json.Unmarshal(payload, &claims))
	assert.Equal(t, []any{testClient}, claims["aud"])
}

func TestTokenEndpointAnswersJSONWithNoStore(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	code := f.srv.Authorize(testClient, testRedirect, "")
	resp, _ := f.tokenRequest(testClient, testSecret, url.Values{
		"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {testRedirect},
	})
	assert.Equal(t, "application/json;charset=UTF-8", resp.Header.Get("Content-Type"))
	assert.Contains(t, resp.Header.Get("Cache-Control"), "no-store")
	assert.Equal(t, "no-cache", resp.Header.Get("Pragma"))
}

func TestTokenEndpointRequiresBasicClientAuth(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	code := f.srv.Authorize(testClient, testRedirect, "")
	form := url.Values{
		"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {testRedirect},
		"client_id": {testClient}, "client_secret": {testSecret},
	}
	resp, tj := f.tokenRequest("", "", form)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Equal(t, "invalid_client", tj.Error)
	assert.Contains(t, resp.Header.Get("WWW-Authenticate"), "Basic")

	resp, tj = f.tokenRequest(testClient, "wrong", form)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Equal(t, "invalid_client", tj.Error)
}

func TestClientSecretPostIsOptIn(t *testing.T) {
	t.Parallel()
	f := newFixture(t, WithClientSecretPost(true))
	code := f.srv.Authorize(testClient, testRedirect, "")
	resp, tj := f.tokenRequest("", "", url.Values{
		"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {testRedirect},
		"client_id": {testClient}, "client_secret": {testSecret},
	})
	assert.Equal(t, http.StatusOK, resp.StatusCode, tj.Error)
}

func TestAuthorizationCodeRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		before   func(f *fixture)
		redirect string
		reuse    bool
	}{
		{name: "expires after 10 minutes", before: func(f *fixture) { f.srv.Advance(CodeLifetime) }, redirect: testRedirect},
		{name: "redirect_uri must match", redirect: "https://app.example.jp/other"},
		{name: "single use", redirect: testRedirect, reuse: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			code := f.srv.Authorize(testClient, testRedirect, "")
			form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {tt.redirect}}
			if tt.before != nil {
				tt.before(f)
			}
			if tt.reuse {
				resp, _ := f.tokenRequest(testClient, testSecret, form)
				require.Equal(t, http.StatusOK, resp.StatusCode)
			}
			resp, tj := f.tokenRequest(testClient, testSecret, form)
			assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
			assert.Equal(t, "invalid_grant", tj.Error)
		})
	}
}

func TestCodeJustInsideTenMinutesIsAccepted(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	code := f.srv.Authorize(testClient, testRedirect, "")
	f.srv.Advance(CodeLifetime - time.Second)
	resp, _ := f.tokenRequest(testClient, testSecret, url.Values{
		"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {testRedirect},
	})
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestPKCE(t *testing.T) {
	t.Parallel()
	verifier := "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])
	for _, tt := range []struct {
		name, verifier string
		status         int
	}{
		{"matching S256 verifier", verifier, http.StatusOK},
		{"wrong verifier", verifier + "x", http.StatusBadRequest},
		{"missing verifier", "", http.StatusBadRequest},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			code := f.srv.AuthorizeWithPKCE(testClient, testRedirect, "", challenge, "S256")
			form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {testRedirect}}
			if tt.verifier != "" {
				form.Set("code_verifier", tt.verifier)
			}
			resp, _ := f.tokenRequest(testClient, testSecret, form)
			assert.Equal(t, tt.status, resp.StatusCode)
		})
	}
}

func TestAuthorizationEndpointRedirectsWithCodeAndState(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	q := url.Values{
		"response_type": {"code"}, "client_id": {testClient}, "redirect_uri": {testRedirect},
		"scope": {"openid profile"}, "state": {"xyz"}, "bail": {"1"},
	}
	resp, err := http.DefaultTransport.RoundTrip(mustRequest(t, http.MethodGet, f.srv.AuthURL()+"authorization?"+q.Encode()))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, "app.example.jp", loc.Host)
	assert.Equal(t, "xyz", loc.Query().Get("state"))
	code := loc.Query().Get("code")
	require.NotEmpty(t, code)
	r, _ := f.tokenRequest(testClient, testSecret, url.Values{
		"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {testRedirect},
	})
	assert.Equal(t, http.StatusOK, r.StatusCode)
}

func TestAuthorizationEndpointRefusesUnregisteredRedirect(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	q := url.Values{"response_type": {"code"}, "client_id": {testClient}, "redirect_uri": {"https://evil.example/cb"}}
	resp, err := http.DefaultTransport.RoundTrip(mustRequest(t, http.MethodGet, f.srv.AuthURL()+"authorization?"+q.Encode()))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Empty(t, resp.Header.Get("Location"))
}

func TestRefreshGrantKeepsRefreshTokenByDefault(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tok := f.exchange()
	f.srv.Advance(2 * time.Hour)
	resp, tj := f.refresh(tok.RefreshToken)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.NotEqual(t, tok.AccessToken, tj.AccessToken)
	assert.Empty(t, tj.RefreshToken, "no refresh_token in the refresh answer")
	resp, _ = f.refresh(tok.RefreshToken)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the old refresh token stays valid")
}

func TestRefreshTokenRotationOption(t *testing.T) {
	t.Parallel()
	f := newFixture(t, WithRefreshTokenRotation(true))
	tok := f.exchange()
	resp, tj := f.refresh(tok.RefreshToken)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.NotEmpty(t, tj.RefreshToken)
	assert.NotEqual(t, tok.RefreshToken, tj.RefreshToken)
	resp, old := f.refresh(tok.RefreshToken)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, "invalid_grant", old.Error)
	resp, _ = f.refresh(tj.RefreshToken)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestRevokedRefreshTokenGivesInvalidGrant(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tok := f.exchange()
	f.srv.RevokeRefreshTokens(testClient)
	resp, tj := f.refresh(tok.RefreshToken)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, "invalid_grant", tj.Error)
}

func TestReauthorizingKeepsRefreshTokenAndRestartsItsLifetime(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	first := f.exchange()
	f.srv.Advance(20 * 24 * time.Hour)
	second := f.exchange()
	assert.Equal(t, first.RefreshToken, second.RefreshToken)
	f.srv.Advance(20 * 24 * time.Hour) // 40 days after the first consent, 20 after the second
	resp, _ := f.refresh(first.RefreshToken)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestUnsupportedGrantType(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	resp, tj := f.tokenRequest(testClient, testSecret, url.Values{"grant_type": {"password"}})
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, "unsupported_grant_type", tj.Error)
}
