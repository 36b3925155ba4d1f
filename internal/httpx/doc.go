// Package httpx is the HTTP plumbing the mall clients share: a copied
// *http.Client with a default timeout, a client-side rate limit applied to
// every attempt, and retries through go-retryablehttp that honour Retry-After
// (clamped, never wrapped into an immediate retry) and never resend a write
// that may already have taken effect. One deadline (Options.CallTimeout, 90 s
// by default) bounds a whole call: every attempt, every wait and reading the
// answer.
//
// It knows nothing about any mall; each client supplies what counts as
// throttling for its mall (for example Rakuten's 403 QPSLimit).
package httpx
