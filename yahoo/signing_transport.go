package yahoo

import (
	"net/http"
	"time"
)

// Header names of 公開鍵認証.
const (
	headerSignature        = "X-sws-signature"
	headerSignatureVersion = "X-sws-signature-version"
	headerAuthorizeStatus  = "X-SWS-Authorize-Status"
)

// signingTransport adds a fresh X-sws-signature to every attempt. It sits
// below the retry and rate-limit layers, so a resent request (or one that
// waited for the limiter) carries the current unixtime, not a stale one.
type signingTransport struct {
	base   http.RoundTripper
	signer *signer
	now    func() time.Time
}

func (t *signingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	sig, err := t.signer.signature(t.now())
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	r := req.Clone(req.Context())
	r.Header.Set(headerSignature, sig)
	r.Header.Set(headerSignatureVersion, t.signer.version)
	return t.base.RoundTrip(r)
}
