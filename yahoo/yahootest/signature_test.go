package yahootest

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// listBody is an orderList request for testSeller over the default day.
const listBody = `<?xml version="1.0" encoding="UTF-8"?>
<Req><Search><Result>10</Result><Start>1</Start><Sort>+order_time</Sort>
<Condition><OrderTimeFrom>20260101000000</OrderTimeFrom><OrderTimeTo>20260131235959</OrderTimeTo></Condition>
<Field>OrderId,OrderTime,OrderStatus</Field></Search><SellerId>` + testSeller + `</SellerId></Req>`

func TestSignatureVerification(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		headers func(f *fixture) (sig, version string)
		want    string
	}{
		{"valid", func(f *fixture) (string, string) { return f.sign(testSeller, f.srv.Now()), "3" }, AuthorizeStatusOK},
		{"skew inside the window", func(f *fixture) (string, string) {
			return f.sign(testSeller, f.srv.Now().Add(-DefaultSignatureWindow)), "3"
		}, AuthorizeStatusOK},
		{"skew beyond the window", func(f *fixture) (string, string) {
			return f.sign(testSeller, f.srv.Now().Add(-DefaultSignatureWindow-time.Second)), "3"
		}, AuthorizeStatusUnauthorized},
		{"another seller's id", func(f *fixture) (string, string) { return f.sign("someone-else", f.srv.Now()), "3" }, AuthorizeStatusUnauthorized},
		{"not base64", func(f *fixture) (string, string) { return "%%%", "3" }, AuthorizeStatusUnauthorized},
		{"not encrypted with the key", func(f *fixture) (string, string) { return "c2VsbGVyOjE=", "3" }, AuthorizeStatusUnauthorized},
		{"key older than a year", func(f *fixture) (string, string) {
			f.srv.Advance(KeyLifetime)
			return f.sign(testSeller, f.srv.Now()), "3"
		}, AuthorizeStatusExpired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			sig, version := tt.headers(f)
			tok := f.exchange().AccessToken
			req, err := http.NewRequest(http.MethodPost, f.srv.StoreURL()+opOrderList, strings.NewReader(listBody))
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("X-sws-signature", sig)
			if version != "" {
				req.Header.Set("X-sws-signature-version", version)
			}
			resp, err := http.DefaultTransport.RoundTrip(req)
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, http.StatusOK, resp.StatusCode, "a failed signature still answers the call")
			assert.Equal(t, tt.want, resp.Header.Get("X-SWS-Authorize-Status"))
		})
	}
}

func TestWrongOrMissingKeyVersionIsRefusedWithPx14303(t *testing.T) {
	t.Parallel()
	for name, version := range map[string]string{"wrong": "1", "missing": "", "not a number": "v3"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			tok := f.exchange()
			req, err := http.NewRequest(http.MethodPost, f.srv.StoreURL()+opOrderList, strings.NewReader(listBody))
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
			req.Header.Set("X-sws-signature", f.sign(testSeller, f.srv.Now()))
			if version != "" {
				req.Header.Set("X-sws-signature-version", version)
			}
			resp, err := http.DefaultTransport.RoundTrip(req)
			require.NoError(t, err)
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			assert.Equal(t, http.StatusForbidden, resp.StatusCode)
			root := parseTree(t, string(b))
			assert.Equal(t, "px-14303", root.text("Code"))
			assert.Equal(t, "Use of API is not permitted.", root.text("Message"))

			// The refused call was a restricted one: the session is cut to
			// 12 hours from the consent, and the first refresh past that fails.
			f.srv.Advance(ShortSessionLifetime)
			res, tj := f.refresh(tok.RefreshToken)
			assert.Equal(t, http.StatusBadRequest, res.StatusCode)
			assert.Equal(t, "invalid_grant", tj.Error)
		})
	}
}

func TestNoSignatureNoAuthorizeStatusHeader(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res := f.call(http.MethodPost, opOrderList, f.exchange().AccessToken, "application/xml", listBody, false)
	assert.Equal(t, http.StatusOK, res.status)
	_, present := res.header["X-Sws-Authorize-Status"]
	assert.False(t, present)
}

func TestSignatureWindowCanBeDisabled(t *testing.T) {
	t.Parallel()
	f := newFixture(t, WithSignatureWindow(0))
	tok := f.exchange().AccessToken
	req, err := http.NewRequest(http.MethodPost, f.srv.StoreURL()+opOrderList, strings.NewReader(listBody))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("X-sws-signature", f.sign(testSeller, time.Now().AddDate(1, 0, 0)))
	req.Header.Set("X-sws-signature-version", "3")
	resp, err := http.DefaultTransport.RoundTrip(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, AuthorizeStatusOK, resp.Header.Get("X-SWS-Authorize-Status"))
}

func TestSignedSessionsKeepTheirRefreshTokenFor28Days(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tok := f.exchange()
	require.Equal(t, http.StatusOK, f.xmlCall(opOrderList, tok.AccessToken, listBody).status)
	f.srv.Advance(RefreshTokenLifetime - time.Minute)
	resp, _ := f.refresh(tok.RefreshToken)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	f.srv.Advance(time.Minute)
	resp, tj := f.refresh(tok.RefreshToken)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, "invalid_grant", tj.Error)
}

func TestUnsignedRestrictedCallCutsTheSessionTo12Hours(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tok := f.exchange()
	require.Equal(t, http.StatusOK, f.call(http.MethodPost, opOrderList, tok.AccessToken, "application/xml", listBody, false).status)

	f.srv.Advance(11*time.Hour + 30*time.Minute)
	resp, fresh := f.refresh(tok.RefreshToken)
	require.Equal(t, http.StatusOK, resp.StatusCode)

	f.srv.Advance(30 * time.Minute) // 12 h after the consent; the fresh access token has not run out
	res := f.xmlCall(opOrderList, fresh.AccessToken, listBody)
	assert.Equal(t, http.StatusUnauthorized, res.status)
	assert.Equal(t, challengeExpired, res.header.Get("WWW-Authenticate"))
	root := parseTree(t, res.body)
	assert.Equal(t, codeShortSession, root.text("Code"))
	assert.Equal(t, msgShortSession, root.text("Message"))

	resp, tj := f.refresh(tok.RefreshToken)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, "invalid_grant", tj.Error)
}

func TestUnsignedStockCallsDoNotShortenTheSession(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tok := f.exchange()
	f.form(opGetStock, tok.AccessToken, getStockForm)
	f.srv.Advance(ShortSessionLifetime + time.Hour)
	resp, _ := f.refresh(tok.RefreshToken)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestPublicKeyPEMIsWhatStoreCreatorProShows(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pemText := string(f.srv.PublicKeyPEM(testSeller))
	assert.True(t, strings.HasPrefix(pemText, "-----BEGIN PUBLIC KEY-----\n"))
	assert.True(t, strings.HasSuffix(pemText, "-----END PUBLIC KEY-----\n"))
	assert.Nil(t, f.srv.PublicKeyPEM("unknown"))
}

func TestAddSellerGeneratesAKeyPair(t *testing.T) {
	t.Parallel()
	srv := NewServer(WithKeyBits(1024))
	t.Cleanup(srv.Close)
	srv.AddSeller(Seller{ID: "a", ClientID: "ca"})
	srv.AddSeller(Seller{ID: "b", ClientID: "cb"})
	assert.NotEqual(t, srv.PublicKeyPEM("a"), srv.PublicKeyPEM("b"))
}
