package yahootest

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Lifetimes of YConnect grants.
const (
	// CodeLifetime: an authorization code is valid 10 minutes, once.
	CodeLifetime = 10 * time.Minute
	// AccessTokenLifetime: expires_in is 3600.
	AccessTokenLifetime = time.Hour
	// RefreshTokenLifetime: 4 weeks from the authorization, when every
	// restricted call of the session carried a valid signature.
	RefreshTokenLifetime = 28 * 24 * time.Hour
	// ShortSessionLifetime: 12 hours from the authorization once any
	// restricted order API was called without a valid signature; store API
	// calls after that answer 401 px-04102 and the refresh token is dead.
	ShortSessionLifetime = 12 * time.Hour
)

// Operation names of the YConnect endpoints, for FailNext and Request.
const (
	opAuthorization = "authorization"
	opToken         = "token"
)

// authCode is an issued authorization code.
type authCode struct {
	sellerID           string // the store whose user consented
	clientID, redirect string
	challenge, method  string // PKCE; empty when the request had none
	nonce              string
	expires            time.Time
	used               bool
}

// session is one consent of a store's user to an application: the refresh
// token and the lifetime that depends on how the session called the store
// APIs. Its tokens act for that store only.
type session struct {
	sellerID string
	clientID string
	refresh  string
	start    time.Time // the authorization the lifetime counts from
	short    bool      // a restricted API was called without a valid signature
	revoked  bool
}

// ends is when the session's refresh token stops working.
func (ss *session) ends(cfg *config) time.Time {
	if ss.short {
		return ss.start.Add(cfg.shortRefreshTTL)
	}
	return ss.start.Add(cfg.longRefreshTTL)
}

// accessToken is an issued Bearer token.
type accessToken struct {
	sess    *session
	expires time.Time
}

// WithRefreshTokenRotation makes the refresh grant return a new
// refresh_token and retire the old one (reusing it gives invalid_grant).
// By default the grant returns no refresh_token and the old one stays
// valid, which is what the clients that talk to the live service expect;
// the live behaviour is unverified.
func WithRefreshTokenRotation(on bool) Option {
	return func(c *config) { c.rotateRefresh = on }
}

// WithClientSecretPost also accepts client_id and client_secret as token
// request form parameters. By default only HTTP Basic client
// authentication is accepted.
func WithClientSecretPost(on bool) Option {
	return func(c *config) { c.clientSecretPost = on }
}

// WithRefreshTokenLifetimes overrides RefreshTokenLifetime (long) and
// ShortSessionLifetime (short).
func WithRefreshTokenLifetimes(long, short time.Duration) Option {
	return func(c *config) { c.longRefreshTTL, c.shortRefreshTTL = long, short }
}

// Authorize simulates the user consenting on the authorization page and
// returns the authorization code that would come back on the redirect. The
// consenting store is the one seller registered with clientID and
// redirectURL; it panics when there is none, since the real page would not
// have redirected, or more than one (use AuthorizeSeller). state is what the
// redirect would echo; the code does not depend on it.
func (s *Server) Authorize(clientID, redirectURL, state string) (code string) {
	return s.AuthorizeWithPKCE(clientID, redirectURL, state, "", "")
}

// AuthorizeWithPKCE is Authorize for a request that carried a PKCE
// code_challenge; method is "S256" or "plain" ("" means plain). The code
// exchange must then send the matching code_verifier.
func (s *Server) AuthorizeWithPKCE(clientID, redirectURL, state, challenge, method string) (code string) {
	s.mu.Lock()
	sellerID, err := s.consentingSellerLocked(clientID, redirectURL)
	s.mu.Unlock()
	if err != nil {
		panic("yahootest: Authorize: " + err.Error())
	}
	return s.AuthorizeSeller(sellerID, challenge, method)
}

// AuthorizeSeller simulates the user of store sellerID consenting to the
// store's registered application (Seller.ClientID and RedirectURL), with an
// optional PKCE challenge (method "S256" or "plain"; challenge "" for none).
// Use it when several stores share one application. It panics for an
// unknown seller.
func (s *Server) AuthorizeSeller(sellerID, challenge, method string) (code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sel, ok := s.sellers[sellerID]
	if !ok {
		panic(fmt.Sprintf("yahootest: AuthorizeSeller: unknown seller %q", sellerID))
	}
	return s.issueCodeLocked(sel, challenge, method, "")
}

// RevokeRefreshTokens withdraws every consent given to clientID, as a
// password change or the user withdrawing consent does: the next refresh
// answers invalid_grant. Access tokens already issued run out normally.
func (s *Server) RevokeRefreshTokens(clientID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ss := range s.sessions {
		if ss.clientID == clientID {
			ss.revoked = true
		}
	}
}

// issueCodeLocked stores a fresh code for sel's user and application.
func (s *Server) issueCodeLocked(sel *sellerState, challenge, method, nonce string) string {
	if method == "" && challenge != "" {
		method = "plain"
	}
	code := newToken()
	s.codes[code] = &authCode{
		sellerID: sel.ID, clientID: sel.ClientID, redirect: sel.RedirectURL, challenge: challenge, method: method,
		nonce: nonce, expires: s.now.Add(CodeLifetime),
	}
	return code
}

// consentingSellerLocked finds the one seller registered with the client
// and redirect URL.
func (s *Server) consentingSellerLocked(clientID, redirect string) (string, error) {
	var ids []string
	for _, sel := range s.sellers {
		if sel.ClientID == clientID && sel.RedirectURL == redirect {
			ids = append(ids, sel.ID)
		}
	}
	switch len(ids) {
	case 0:
		return "", fmt.Errorf("client_id %q with redirect_uri %q is not registered", clientID, redirect)
	case 1:
		return ids[0], nil
	}
	return "", fmt.Errorf("client_id %q is registered for %d sellers: say which store consents with AuthorizeSeller", clientID, len(ids))
}

// serveAuth routes the YConnect endpoints.
func (s *Server) serveAuth(c *call) {
	if f, ok := s.faults.Take(c.op); ok {
		f.WriteRetryAfter(c.w.Header())
		errCode := "server_error"
		if f.Status == http.StatusBadRequest {
			errCode = "invalid_grant"
		}
		writeOAuthError(c, f.Status, errCode, "injected by yahootest")
		return
	}
	switch c.op {
	case opAuthorization:
		s.authorizationEndpoint(c)
	case opToken:
		s.tokenEndpoint(c)
	default:
		http.NotFound(c.w, c.r)
	}
}

// authorizationEndpoint is GET <base>authorization. The fake's user always
// consents: a valid request is redirected straight to redirect_uri with a
// code and the state. An unknown client or unregistered redirect_uri gets
// a 400 page, never a redirect, as OAuth 2.0 requires.
func (s *Server) authorizationEndpoint(c *call) {
	q := c.r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	sellerID, err := s.consentingSellerLocked(q.Get("client_id"), q.Get("redirect_uri"))
	if err != nil {
		http.Error(c.w, "yahootest: "+err.Error(), http.StatusBadRequest)
		return
	}
	back, err := url.Parse(q.Get("redirect_uri"))
	if err != nil {
		http.Error(c.w, "yahootest: bad redirect_uri", http.StatusBadRequest)
		return
	}
	params := back.Query()
	if state := q.Get("state"); state != "" {
		params.Set("state", state)
	}
	switch m := q.Get("code_challenge_method"); {
	case !strings.Contains(" "+q.Get("response_type")+" ", " code "):
		params.Set("error", "unsupported_response_type")
	case m != "" && m != "S256" && m != "plain":
		params.Set("error", "invalid_request")
	default:
		params.Set("code", s.issueCodeLocked(s.sellers[sellerID], q.Get("code_challenge"), m, q.Get("nonce")))
	}
	back.RawQuery = params.Encode()
	http.Redirect(c.w, c.r, back.String(), http.StatusFound)
}

// tokenResponse is the JSON body of a successful token request.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	RefreshToken string `json:"refresh_token,omitempty"`
	IDToken      string `json:"id_token,omitempty"`
}

// tokenEndpoint is POST <base>token: the authorization_code and
// refresh_token grants, with the client authenticated by HTTP Basic.
func (s *Server) tokenEndpoint(c *call) {
	if c.r.Method != http.MethodPost {
		writeOAuthError(c, http.StatusMethodNotAllowed, "invalid_request", "POST is required")
		return
	}
	if err := c.r.ParseForm(); err != nil {
		writeOAuthError(c, http.StatusBadRequest, "invalid_request", "malformed form body")
		return
	}
	clientID, ok := s.authenticateClient(c)
	if !ok {
		c.w.Header().Set("WWW-Authenticate", `Basic realm="yconnect"`)
		writeOAuthError(c, http.StatusUnauthorized, "invalid_client", "client authentication failed")
		return
	}
	switch gt := c.r.PostForm.Get("grant_type"); gt {
	case "authorization_code":
		s.codeGrant(c, clientID)
	case "refresh_token":
		s.refreshGrant(c, clientID)
	case "":
		writeOAuthError(c, http.StatusBadRequest, "invalid_request", "grant_type is required")
	default:
		writeOAuthError(c, http.StatusBadRequest, "unsupported_grant_type", "unsupported grant_type "+gt)
	}
}

// authenticateClient checks HTTP Basic client credentials (form-encoded
// before base64, as RFC 6749 says, or raw), or the form parameters when
// WithClientSecretPost allows them.
func (s *Server) authenticateClient(c *call) (string, bool) {
	id, secret, ok := c.r.BasicAuth()
	if ok {
		if u, err := url.QueryUnescape(id); err == nil {
			id = u
		}
		if u, err := url.QueryUnescape(secret); err == nil {
			secret = u
		}
	} else if s.cfg.clientSecretPost {
		id, secret = c.r.PostForm.Get("client_id"), c.r.PostForm.Get("client_secret")
	}
	if id == "" {
		return "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sel := range s.sellers {
		if sel.ClientID == id && subtle.ConstantTimeCompare([]byte(sel.ClientSecret), []byte(secret)) == 1 {
			return id, true
		}
	}
	return "", false
}

// codeGrant redeems an authorization code. Re-authorizing while a consent
// is alive keeps its refresh token string and restarts its lifetime.
func (s *Server) codeGrant(c *call, clientID string) {
	form := c.r.PostForm
	if form.Get("code") == "" || form.Get("redirect_uri") == "" {
		writeOAuthError(c, http.StatusBadRequest, "invalid_request", "code and redirect_uri are required")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ac, ok := s.codes[form.Get("code")]
	switch {
	case !ok || ac.clientID != clientID:
		writeOAuthError(c, http.StatusBadRequest, "invalid_grant", "invalid authorization code")
		return
	case ac.used:
		writeOAuthError(c, http.StatusBadRequest, "invalid_grant", "authorization code already used")
		return
	case !s.now.Before(ac.expires):
		writeOAuthError(c, http.StatusBadRequest, "invalid_grant", "authorization code expired")
		return
	}
	ac.used = true
	if ac.redirect != form.Get("redirect_uri") {
		writeOAuthError(c, http.StatusBadRequest, "invalid_grant", "redirect_uri does not match")
		return
	}
	if ac.challenge != "" && !pkceMatches(ac.challenge, ac.method, form.Get("code_verifier")) {
		writeOAuthError(c, http.StatusBadRequest, "invalid_grant", "code_verifier does not match")
		return
	}
	var sess *session
	for _, ss := range s.sessions {
		if ss.clientID == clientID && ss.sellerID == ac.sellerID && !ss.revoked && s.now.Before(ss.ends(&s.cfg)) {
			sess = ss
		}
	}
	if sess == nil {
		sess = &session{sellerID: ac.sellerID, clientID: clientID, refresh: newToken()}
		s.sessions[sess.refresh] = sess
	}
	sess.start, sess.short = s.now, false
	resp := s.issueAccessLocked(sess)
	resp.RefreshToken = sess.refresh
	resp.IDToken = s.idTokenLocked(clientID, ac.nonce)
	writeJSON(c, http.StatusOK, resp)
}

// refreshGrant issues a new access token for a live refresh token.
func (s *Server) refreshGrant(c *call, clientID string) {
	rt := c.r.PostForm.Get("refresh_token")
	if rt == "" {
		writeOAuthError(c, http.StatusBadRequest, "invalid_request", "refresh_token is required")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[rt]
	switch {
	case !ok || sess.clientID != clientID:
		writeOAuthError(c, http.StatusBadRequest, "invalid_grant", "invalid refresh token")
		return
	case sess.revoked:
		writeOAuthError(c, http.StatusBadRequest, "invalid_grant", "refresh token revoked")
		return
	case !s.now.Before(sess.ends(&s.cfg)):
		writeOAuthError(c, http.StatusBadRequest, "invalid_grant", "refresh token expired")
		return
	}
	resp := s.issueAccessLocked(sess)
	if s.cfg.rotateRefresh {
		delete(s.sessions, sess.refresh)
		sess.refresh = newToken()
		s.sessions[sess.refresh] = sess
		resp.RefreshToken = sess.refresh
	}
	writeJSON(c, http.StatusOK, resp)
}

// issueAccessLocked stores a fresh access token for sess.
func (s *Server) issueAccessLocked(sess *session) tokenResponse {
	at := newToken()
	s.access[at] = &accessToken{sess: sess, expires: s.now.Add(AccessTokenLifetime)}
	return tokenResponse{AccessToken: at, TokenType: "Bearer", ExpiresIn: int(AccessTokenLifetime / time.Second)}
}

// idTokenLocked returns an OpenID Connect ID token for the code grant. The
// live service signs with RS256 and its own keys; the fake signs with
// HS256 keyed by the client secret (an algorithm OIDC allows), so a client
// that wants to can still verify it.
func (s *Server) idTokenLocked(clientID, nonce string) string {
	var secret string
	for _, sel := range s.sellers {
		if sel.ClientID == clientID {
			secret = sel.ClientSecret
		}
	}
	claims := map[string]any{
		"iss": s.URL + "/yconnect/v2", "sub": "yahootest-user-" + clientID, "aud": []string{clientID},
		"iat": s.now.Unix(), "exp": s.now.Add(AccessTokenLifetime).Unix(), "auth_time": s.now.Unix(),
	}
	if nonce != "" {
		claims["nonce"] = nonce
	}
	header, _ := json.Marshal(map[string]string{"typ": "JWT", "alg": "HS256"})
	payload, _ := json.Marshal(claims)
	b64 := base64.RawURLEncoding
	signing := b64.EncodeToString(header) + "." + b64.EncodeToString(payload)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(signing))
	return signing + "." + b64.EncodeToString(mac.Sum(nil))
}

// pkceMatches checks a code_verifier against the stored challenge.
func pkceMatches(challenge, method, verifier string) bool {
	if verifier == "" {
		return false
	}
	if method == "S256" {
		sum := sha256.Sum256([]byte(verifier))
		verifier = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	return subtle.ConstantTimeCompare([]byte(challenge), []byte(verifier)) == 1
}

// writeOAuthError answers {"error":...,"error_description":...}.
func writeOAuthError(c *call, status int, code, description string) {
	writeJSON(c, status, map[string]string{"error": code, "error_description": description})
}

// writeJSON answers JSON with the token endpoint's live headers.
func writeJSON(c *call, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(c.w, "yahootest: encoding JSON: "+err.Error(), http.StatusInternalServerError)
		return
	}
	h := c.w.Header()
	h.Set("Content-Type", "application/json;charset=UTF-8")
	h.Set("Cache-Control", "no-store, private")
	h.Set("Pragma", "no-cache")
	c.w.WriteHeader(status)
	_, _ = c.w.Write(b)
}
