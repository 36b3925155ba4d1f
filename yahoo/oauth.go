package yahoo

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/mallkit/mallkit/internal/httpx"
)

// opToken names the token endpoint for rate limits and FailNext-style
// diagnostics.
const opToken = "token"

// refreshMargin refreshes an access token this long before it expires, so a
// request in flight does not carry a token that dies on the way.
const refreshMargin = time.Minute

// tokenState is the client's view of the stored token. mu is held across a
// refresh so concurrent callers wait for one refresh instead of racing.
type tokenState struct {
	mu     sync.Mutex
	store  TokenStore
	loaded bool
	tok    *oauth2.Token
}

// AuthCodeURL is the YConnect authorization URL to send the seller to.
// state protects the callback against CSRF; check it before Exchange.
func (c *Client) AuthCodeURL(state string) string {
	return c.oauth.AuthCodeURL(state)
}

// AuthCodeURLPKCE is AuthCodeURL with a PKCE S256 challenge for verifier
// (make one with oauth2.GenerateVerifier); pass the same verifier to
// ExchangePKCE.
func (c *Client) AuthCodeURLPKCE(state, verifier string) string {
	return c.oauth.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier))
}

// Exchange trades an authorization code (valid 10 minutes, single use) for
// tokens at the YConnect token endpoint and saves them. The new refresh token
// starts a fresh 28-day life.
func (c *Client) Exchange(ctx context.Context, code string) error {
	return c.exchange(ctx, code)
}

// ExchangePKCE is Exchange for a code obtained with AuthCodeURLPKCE.
func (c *Client) ExchangePKCE(ctx context.Context, code, verifier string) error {
	return c.exchange(ctx, code, oauth2.VerifierOption(verifier))
}

func (c *Client) exchange(ctx context.Context, code string, opts ...oauth2.AuthCodeOption) error {
	tok, err := c.oauth.Exchange(c.tokenContext(ctx), code, opts...)
	if err != nil {
		if isInvalidGrant(err) {
			return &ReauthorizationError{Reason: "the authorization code was refused (expired, used or for another redirect URL)", Err: err}
		}
		return fmt.Errorf("yahoo: token (authorization_code): %w", err)
	}
	now := c.now()
	tok = withState(c.stampExpiry(tok, now), now, false)
	c.tokens.mu.Lock()
	defer c.tokens.mu.Unlock()
	if err := c.tokens.store.Save(ctx, tok); err != nil {
		return err
	}
	c.tokens.tok, c.tokens.loaded = tok, true
	return nil
}

// Token returns the current token, refreshing it first when the access
// token has expired. Most callers never need it; the API methods call it.
func (c *Client) Token(ctx context.Context) (*oauth2.Token, error) {
	tok, err := c.accessToken(ctx)
	if err != nil {
		return nil, err
	}
	cp := *tok
	return &cp, nil
}

// accessToken returns a token whose access token is valid on the client's
// clock, loading it from the store on first use and refreshing as needed.
func (c *Client) accessToken(ctx context.Context) (*oauth2.Token, error) {
	c.tokens.mu.Lock()
	defer c.tokens.mu.Unlock()
	if err := c.loadLocked(ctx); err != nil {
		return nil, err
	}
	tok := c.tokens.tok
	if tok.AccessToken != "" && (tok.Expiry.IsZero() || c.now().Add(refreshMargin).Before(tok.Expiry)) {
		return tok, nil
	}
	return c.refreshLocked(ctx)
}

// refreshAfterRejection refreshes because the API called stale invalid,
// unless another goroutine already replaced it.
func (c *Client) refreshAfterRejection(ctx context.Context, stale string) error {
	c.tokens.mu.Lock()
	defer c.tokens.mu.Unlock()
	if err := c.loadLocked(ctx); err != nil {
		return err
	}
	if c.tokens.tok.AccessToken != stale {
		return nil
	}
	_, err := c.refreshLocked(ctx)
	return err
}

func (c *Client) loadLocked(ctx context.Context) error {
	if !c.tokens.loaded {
		tok, err := c.tokens.store.Load(ctx)
		if err != nil {
			return err
		}
		c.tokens.tok, c.tokens.loaded = tok, true
	}
	if c.tokens.tok == nil || c.tokens.tok.RefreshToken == "" && c.tokens.tok.AccessToken == "" {
		return &ReauthorizationError{Reason: "no token stored: run the authorization-code flow (AuthCodeURL, Exchange)"}
	}
	return nil
}

// refreshLocked runs the refresh_token grant and saves the result, including
// a rotated refresh token. The refresh token's life counts from the consent
// (Exchange), so a rotated one keeps the issue time and session length of the
// one it replaces.
func (c *Client) refreshLocked(ctx context.Context) (*oauth2.Token, error) {
	old := c.tokens.tok
	issued, short := RefreshTokenIssued(old), ShortSession(old)
	if old.RefreshToken == "" {
		return nil, &ReauthorizationError{RefreshTokenIssued: issued, Reason: "the access token expired and no refresh token is stored"}
	}
	src := c.oauth.TokenSource(c.tokenContext(ctx), &oauth2.Token{RefreshToken: old.RefreshToken})
	tok, err := src.Token()
	if err != nil {
		if isInvalidGrant(err) {
			return nil, &ReauthorizationError{RefreshTokenIssued: issued, Reason: "the refresh token was refused", Err: err}
		}
		return nil, fmt.Errorf("yahoo: token (refresh_token): %w", err)
	}
	tok = withState(c.stampExpiry(tok, c.now()), issued, short)
	if err := c.tokens.store.Save(ctx, tok); err != nil {
		return nil, err
	}
	c.tokens.tok = tok
	return tok, nil
}

// markShortSession records that the session is down to 12 hours and
// reports whether it was not recorded before.
func (c *Client) markShortSession(ctx context.Context) (bool, error) {
	c.tokens.mu.Lock()
	defer c.tokens.mu.Unlock()
	tok := c.tokens.tok
	if tok == nil || ShortSession(tok) {
		return false, nil
	}
	tok = withState(tok, RefreshTokenIssued(tok), true)
	if err := c.tokens.store.Save(ctx, tok); err != nil {
		return false, err
	}
	c.tokens.tok = tok
	return true, nil
}

// stampExpiry measures the access token's life on the client's clock
// (oauth2 uses the wall clock).
func (c *Client) stampExpiry(tok *oauth2.Token, now time.Time) *oauth2.Token {
	if tok.ExpiresIn > 0 {
		tok.Expiry = now.Add(time.Duration(tok.ExpiresIn) * time.Second)
	}
	return tok
}

// tokenContext routes oauth2's token requests through the token endpoint's
// rate limiter and retry policy. Neither grant is resent after a connection
// error or a 503: an authorization code is single use, and a refresh may
// already have rotated the refresh token.
func (c *Client) tokenContext(ctx context.Context) context.Context {
	x := c.caller(opToken)
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return x.Do(r, httpx.RetryRejected)
	})}
	return context.WithValue(ctx, oauth2.HTTPClient, hc)
}

func isInvalidGrant(err error) bool {
	var re *oauth2.RetrieveError
	return errors.As(err, &re) && re.ErrorCode == "invalid_grant"
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
