package rakutentest

import (
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
)

// authenticate checks the ESA header: "ESA " + base64(serviceSecret + ":" +
// licenseKey), split at the first colon. Unknown, revoked, not yet active and
// not-enabled keys get 401 ES01-01 "Un-Authorised"; expired keys get the
// configured expired-key body. It returns the license key on success.
func (s *Server) authenticate(c *call, function string) (string, bool) {
	secret, key, ok := parseESA(c.r.Header.Get("Authorization"))
	if !ok {
		s.writeJSON(c, http.StatusUnauthorized, gatewayError(codeUnauthorised, messageUnauthorised))
		return "", false
	}
	s.mu.Lock()
	l, found := s.licenses[key]
	s.syncClockLocked()
	now := s.now
	s.mu.Unlock()
	switch {
	case !found || l.revoked || l.ServiceSecret != secret || now.Before(l.ActiveFrom):
	case now.After(l.Expiry):
		s.writeJSON(c, http.StatusUnauthorized, gatewayError(s.cfg.expiredCode, s.cfg.expiredMessage))
		return "", false
	case l.Functions == nil || slices.Contains(l.Functions, function):
		return key, true
	}
	s.writeJSON(c, http.StatusUnauthorized, gatewayError(codeUnauthorised, messageUnauthorised))
	return "", false
}

// parseESA decodes an Authorization header value. Nothing is trimmed: a
// stray space or newline in a credential fails, as it does live.
func parseESA(h string) (secret, key string, ok bool) {
	enc, found := strings.CutPrefix(h, "ESA ")
	if !found {
		return "", "", false
	}
	raw, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		return "", "", false
	}
	return strings.Cut(string(raw), ":")
}
