package yahootest

import (
	"crypto/rsa"
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// Values of the X-SWS-Authorize-Status response header. "authorized" is the
// live success value; the failure values are unverified (the live service
// only promises "anything else is a failure").
const (
	AuthorizeStatusOK           = "authorized"
	AuthorizeStatusUnauthorized = "unauthorized" // undecryptable, wrong seller, wrong or missing version, clock skew
	AuthorizeStatusExpired      = "expired"      // the key is older than KeyLifetime
)

// DefaultSignatureWindow is how far the unixtime inside X-sws-signature may
// be from the fake's clock. The live tolerance is unverified.
const DefaultSignatureWindow = 600 * time.Second

// WithSignatureWindow sets the accepted clock skew of the unixtime inside
// X-sws-signature (default DefaultSignatureWindow). d <= 0 accepts any
// timestamp, for clients that sign with the wall clock while the fake's
// clock is fixed.
func WithSignatureWindow(d time.Duration) Option {
	return func(c *config) { c.signatureWindow = d }
}

// WithRestrictedOperations replaces the set of operations that cut the
// session to ShortSessionLifetime when called without a valid signature.
// The default, orderList, orderInfo and orderChange, is what one
// third-party source names; the live set is unverified.
func WithRestrictedOperations(ops ...string) Option {
	return func(c *config) {
		c.restrictedOperation = map[string]bool{}
		for _, op := range ops {
			c.restrictedOperation[op] = true
		}
	}
}

// versionMatches reports whether X-sws-signature-version names the seller's
// key version. A signature with a missing or wrong version is refused as a
// whole (403 px-14303), before the signature is looked at.
func versionMatches(seller *sellerState, version string) bool {
	v, err := strconv.Atoi(strings.TrimSpace(version))
	return err == nil && v == seller.KeyVersion
}

// verifySignature checks the X-sws-signature of a request for seller: base64
// of the RSA PKCS#1 v1.5 encryption, with the seller's public key, of
// "<sellerId>:<unixtime>". It returns "" when the request carries no
// signature, else the X-SWS-Authorize-Status value.
func (s *Server) verifySignature(seller *sellerState, sig string, now time.Time) string {
	if sig == "" {
		return ""
	}
	enc, err := base64.StdEncoding.DecodeString(sig)
	if err != nil {
		return AuthorizeStatusUnauthorized
	}
	//lint:ignore SA1019 the mall's 公開鍵認証 is defined as PKCS#1 v1.5 encryption, so the fake must decrypt it.
	plain, err := rsa.DecryptPKCS1v15(nil, seller.PrivateKey, enc)
	if err != nil {
		return AuthorizeStatusUnauthorized
	}
	id, ts, ok := strings.Cut(string(plain), ":")
	if !ok || id != seller.ID {
		return AuthorizeStatusUnauthorized
	}
	unix, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return AuthorizeStatusUnauthorized
	}
	if skew := now.Sub(time.Unix(unix, 0)).Abs(); s.cfg.signatureWindow > 0 && skew > s.cfg.signatureWindow {
		return AuthorizeStatusUnauthorized
	}
	if !now.Before(seller.PublicKeyIssued.Add(KeyLifetime)) {
		return AuthorizeStatusExpired
	}
	return AuthorizeStatusOK
}
