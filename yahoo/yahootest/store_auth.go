package yahootest

import (
	"net/http"
	"strings"
)

// WWW-Authenticate challenges of the store APIs.
const (
	challengeMissing = `Bearer realm="yahooapis.jp"`
	challengeInvalid = `Bearer realm="yahooapis.jp", error="invalid_token", error_description="invalid token"`
	challengeExpired = `Bearer realm="yahooapis.jp", error="invalid_token", error_description="expired token"`
	challengeScope   = `Bearer realm="yahooapis.jp", error="insufficient_scope", error_description="insufficient scope"`
)

// bearerToken returns the token of an "Authorization: Bearer <token>" value.
func bearerToken(h string) string {
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(tok)
}

// authenticate checks the Bearer access token and answers 401 when it is
// missing, unknown or expired, or when its session was cut to
// ShortSessionLifetime and that has run out (px-04102).
func (s *Server) authenticate(c *call) bool {
	tok := bearerToken(c.r.Header.Get("Authorization"))
	if tok == "" {
		s.writeTokenError(c, challengeMissing)
		return false
	}
	s.mu.Lock()
	at, ok := s.access[tok]
	now := s.now
	var shortOver bool
	if ok {
		shortOver = at.sess.short && !now.Before(at.sess.ends(&s.cfg))
	}
	s.mu.Unlock()
	switch {
	case !ok:
		s.writeTokenError(c, challengeInvalid)
		return false
	case !now.Before(at.expires):
		s.writeTokenError(c, challengeExpired)
		return false
	case shortOver:
		c.w.Header().Set("WWW-Authenticate", challengeExpired)
		s.writeError(c, http.StatusUnauthorized, codeShortSession, msgShortSession, "")
		return false
	}
	c.sess, c.token = at.sess, tok
	return true
}

// authorizeSeller checks that the request names the store whose user
// consented to the token (403 px-04307 otherwise, also for another store of
// the same application), that the application has the store scope (403
// insufficient_scope otherwise) and may use the order APIs (orderAPI), and the
// 公開鍵認証 headers: a signature whose X-sws-signature-version is missing or
// not the store's key version is refused with 403 px-14303 "Use of API is
// not permitted." (and, on a restricted operation, cuts the session like an
// unsigned call). It sets X-SWS-Authorize-Status when a signature was
// sent, and cuts the session to ShortSessionLifetime when a restricted
// operation came without a valid one. It answers and returns nil on failure.
func (s *Server) authorizeSeller(c *call, sellerID string, orderAPI bool) *sellerState {
	if sellerID == "" {
		s.writeError(c, http.StatusBadRequest, codeSellerIDMissing, msgSellerIDMissing, "")
		return nil
	}
	s.mu.Lock()
	seller, ok := s.sellers[sellerID]
	if !ok || seller.ID != c.sess.sellerID {
		s.mu.Unlock()
		s.writeError(c, http.StatusForbidden, codeNotPermitted, msgNotPermitted, "")
		return nil
	}
	if seller.NoStoreScope {
		s.mu.Unlock()
		s.writeChallenge(c, http.StatusForbidden, challengeScope)
		return nil
	}
	if orderAPI && seller.NoOrderAPI {
		s.mu.Unlock()
		s.writeError(c, http.StatusForbidden, codeOrderAPIForbidden, msgOrderAPIForbidden, "")
		return nil
	}
	sig := c.r.Header.Get("X-sws-signature")
	if sig != "" && !versionMatches(seller, c.r.Header.Get("X-sws-signature-version")) {
		if s.cfg.restrictedOperation[c.op] {
			c.sess.short = true
		}
		s.mu.Unlock()
		s.writeError(c, http.StatusForbidden, codeKeyVersion, msgNotPermitted, "")
		return nil
	}
	status := s.verifySignature(seller, sig, s.now)
	if s.cfg.restrictedOperation[c.op] && status != AuthorizeStatusOK {
		c.sess.short = true
	}
	s.mu.Unlock()
	if status != "" {
		c.w.Header().Set("X-SWS-Authorize-Status", status)
	}
	return seller
}
