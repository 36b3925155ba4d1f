package yahootest

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// getStockForm is a valid getStock form for testSeller.
var getStockForm = url.Values{"seller_id": {testSeller}, "item_code": {"a"}}

func TestStoreAPITokenErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		token     func(f *fixture) string
		challenge string
	}{
		{"missing token", func(*fixture) string { return "" }, challengeMissing},
		{"unknown token", func(*fixture) string { return "nope" }, challengeInvalid},
		{"expired after one hour", func(f *fixture) string {
			tok := f.exchange().AccessToken
			f.srv.Advance(AccessTokenLifetime)
			return tok
		}, challengeExpired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			res := f.form(opGetStock, tt.token(f), getStockForm)
			assert.Equal(t, http.StatusUnauthorized, res.status)
			assert.Equal(t, tt.challenge, res.header.Get("WWW-Authenticate"))
			assert.Equal(t, "application/xml", res.header.Get("Content-Type"))
			root := parseTree(t, res.body)
			assert.Equal(t, "Error", root.Name)
			assert.Equal(t, []string{"Message"}, root.childNames())
			assert.Equal(t, "Please provide valid credentials. "+tt.challenge, root.text("Message"))
		})
	}
}

func TestAccessTokenValidJustBeforeOneHour(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.srv.SetStock(testSeller, "a", "", 1, false)
	tok := f.exchange().AccessToken
	f.srv.Advance(AccessTokenLifetime - time.Second)
	assert.Equal(t, http.StatusOK, f.form(opGetStock, tok, getStockForm).status)
}

func TestSellerIDIsRequired(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res := f.form(opGetStock, f.exchange().AccessToken, url.Values{"item_code": {"a"}})
	assert.Equal(t, http.StatusBadRequest, res.status)
	root := parseTree(t, res.body)
	assert.Equal(t, codeSellerIDMissing, root.text("Code"))
	assert.Equal(t, msgSellerIDMissing, root.text("Message"))
}

func TestJSONBodyOnStockAPIReadsAsMissingSellerID(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res := f.call(http.MethodPost, opGetStock, f.exchange().AccessToken, "application/json",
		`{"seller_id":"`+testSeller+`","item_code":"a"}`, false)
	assert.Equal(t, http.StatusBadRequest, res.status)
	assert.Equal(t, codeSellerIDMissing, parseTree(t, res.body).text("Code"))
}

func TestStockParametersInTheQueryAreNotRead(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tok := f.exchange().AccessToken
	req, err := http.NewRequest(http.MethodPost, f.srv.StoreURL()+opGetStock+"?"+getStockForm.Encode(), nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultTransport.RoundTrip(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "the stock APIs take a form body")
}

func TestTokenMayNotActForAnotherStore(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		other Seller
	}{
		{"another application's store", Seller{ID: "other-store", ClientID: "other-app", ClientSecret: "x", PrivateKey: testKey()}},
		{"another store of the same application", Seller{ID: "other-store", ClientID: testClient, ClientSecret: testSecret, RedirectURL: testRedirect, PrivateKey: testKey()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			f.srv.AddSeller(tt.other)
			f.srv.SetStock(tt.other.ID, "a", "", 1, false)
			code := f.srv.AuthorizeSeller(testSeller, "", "")
			resp, tj := f.tokenRequest(testClient, testSecret, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {testRedirect}})
			require.Equal(t, http.StatusOK, resp.StatusCode, tj.Error)
			res := f.form(opGetStock, tj.AccessToken, url.Values{"seller_id": {tt.other.ID}, "item_code": {"a"}})
			assert.Equal(t, http.StatusForbidden, res.status)
			assert.Equal(t, codeNotPermitted, parseTree(t, res.body).text("Code"))
			assert.Equal(t, http.StatusOK, f.form(opGetStock, tj.AccessToken, getStockForm).status, "the consenting store itself")
		})
	}
}

func TestAuthorizeNeedsTheStoreWhenAnApplicationServesSeveral(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.srv.AddSeller(Seller{ID: "other-store", ClientID: testClient, ClientSecret: testSecret, RedirectURL: testRedirect, PrivateKey: testKey()})
	assert.PanicsWithValue(t, `yahootest: Authorize: client_id "`+testClient+`" is registered for 2 sellers: say which store consents with AuthorizeSeller`,
		func() { f.srv.Authorize(testClient, testRedirect, "") })
	assert.Panics(t, func() { f.srv.AuthorizeSeller("nobody", "", "") })
}

func TestOrderAPIsNeedApproval(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.srv.AddSeller(Seller{ID: testSeller, ClientID: testClient, ClientSecret: testSecret,
		RedirectURL: testRedirect, KeyVersion: 3, PrivateKey: testKey(), NoOrderAPI: true})
	tok := f.exchange().AccessToken
	res := f.call(http.MethodGet, opOrderCount, tok, "", "sellerId="+testSeller, false)
	assert.Equal(t, http.StatusForbidden, res.status)
	root := parseTree(t, res.body)
	assert.Equal(t, codeOrderAPIForbidden, root.text("Code"))
	assert.Equal(t, http.StatusOK, f.form(opGetStock, tok, getStockForm).status, "stock APIs are not order APIs")
}

func TestApplicationWithoutStoreScopeIsForbidden(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.srv.AddSeller(Seller{ID: testSeller, ClientID: testClient, ClientSecret: testSecret,
		RedirectURL: testRedirect, KeyVersion: 3, PrivateKey: testKey(), NoStoreScope: true})
	tok := f.exchange().AccessToken
	for _, res := range []exchangeResult{
		f.call(http.MethodGet, opOrderCount, tok, "", "sellerId="+testSeller, true),
		f.form(opGetStock, tok, getStockForm),
	} {
		assert.Equal(t, http.StatusForbidden, res.status)
		assert.Equal(t, challengeScope, res.header.Get("WWW-Authenticate"))
		root := parseTree(t, res.body)
		assert.Equal(t, "Error", root.Name)
		assert.Equal(t, "Please provide valid credentials. "+challengeScope, root.text("Message"), "the FAQ's wording")
		assert.Equal(t, "<missing>", root.text("Code"))
	}
}

func TestWrongMethodAndUnknownAPI(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tok := f.exchange().AccessToken
	assert.Equal(t, http.StatusMethodNotAllowed, f.call(http.MethodGet, opOrderList, tok, "", "", false).status)
	assert.Equal(t, http.StatusNotFound, f.call(http.MethodGet, "noSuchAPI", tok, "", "", false).status)
}

func TestRequestsAreRecordedWithTheirOperation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tok := f.exchange().AccessToken
	f.form(opGetStock, tok, getStockForm)
	reqs := f.srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, opToken, reqs[0].Operation)
	assert.Equal(t, opGetStock, reqs[1].Operation)
	assert.Equal(t, http.MethodPost, reqs[1].Method)
	assert.Equal(t, "/ShoppingWebService/V1/getStock", reqs[1].Path)
	assert.Equal(t, "Bearer "+tok, reqs[1].Header.Get("Authorization"))
	assert.Equal(t, getStockForm.Encode(), string(reqs[1].Body))
}

func TestWithRequestLogKeepsOnlyTheLatestRequests(t *testing.T) {
	t.Parallel()
	f := newFixture(t, WithRequestLog(2))
	tok := f.exchange().AccessToken
	for range 10 {
		f.form(opGetStock, tok, getStockForm)
	}
	f.call(http.MethodGet, "noSuchAPI", tok, "", "", false)
	reqs := f.srv.Requests()
	require.Len(t, reqs, 2, "the log does not grow past its size")
	assert.Equal(t, opGetStock, reqs[0].Operation)
	assert.Equal(t, "noSuchAPI", reqs[1].Operation)

	none := newFixture(t, WithRequestLog(0))
	none.form(opGetStock, none.exchange().AccessToken, getStockForm)
	assert.Empty(t, none.srv.Requests())
}
