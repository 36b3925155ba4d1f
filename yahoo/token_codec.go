package yahoo

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"golang.org/x/oauth2"
)

// Token extras the client keeps with the token (see RefreshTokenIssued and
// ShortSession).
const (
	extraRefreshIssued = "mallkit_refresh_token_issued_at"
	extraShortSession  = "mallkit_short_session"
)

// RefreshTokenIssued is when tok's refresh token was issued by the
// authorization-code exchange its life counts from (a rotated refresh token
// inherits it); zero when unknown.
func RefreshTokenIssued(tok *oauth2.Token) time.Time {
	if tok == nil {
		return time.Time{}
	}
	switch v := tok.Extra(extraRefreshIssued).(type) {
	case time.Time:
		return v
	case string:
		t, _ := time.Parse(time.RFC3339, v)
		return t
	}
	return time.Time{}
}

// ShortSession reports whether a restricted order API was called without an
// accepted signature since the refresh token was issued, which cuts its life
// to 12 hours.
func ShortSession(tok *oauth2.Token) bool {
	if tok == nil {
		return false
	}
	v, _ := tok.Extra(extraShortSession).(bool)
	return v
}

// withState returns a copy of tok carrying the issue time and session flag.
func withState(tok *oauth2.Token, issued time.Time, short bool) *oauth2.Token {
	extra := map[string]any{extraShortSession: short}
	if !issued.IsZero() {
		extra[extraRefreshIssued] = issued
	}
	cp := *tok
	return cp.WithExtra(extra)
}

// storedToken is the file format of a token; oauth2.Token's JSON form drops
// the extras.
type storedToken struct {
	AccessToken        string    `json:"access_token"`
	TokenType          string    `json:"token_type,omitempty"`
	RefreshToken       string    `json:"refresh_token"`
	Expiry             time.Time `json:"expiry,omitzero"`
	RefreshTokenIssued time.Time `json:"refresh_token_issued_at,omitzero"`
	ShortSession       bool      `json:"short_session,omitempty"`
}

// MarshalToken serializes tok with the extras the client relies on, for
// TokenStore implementations that keep bytes.
func MarshalToken(tok *oauth2.Token) ([]byte, error) {
	if tok == nil {
		return nil, errors.New("yahoo: MarshalToken(nil)")
	}
	return json.MarshalIndent(storedToken{
		AccessToken:        tok.AccessToken,
		TokenType:          tok.TokenType,
		RefreshToken:       tok.RefreshToken,
		Expiry:             tok.Expiry,
		RefreshTokenIssued: RefreshTokenIssued(tok),
		ShortSession:       ShortSession(tok),
	}, "", "  ")
}

// UnmarshalToken reads what MarshalToken wrote.
func UnmarshalToken(b []byte) (*oauth2.Token, error) {
	var st storedToken
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("decoding token: %w", err)
	}
	tok := &oauth2.Token{AccessToken: st.AccessToken, TokenType: st.TokenType, RefreshToken: st.RefreshToken, Expiry: st.Expiry}
	return withState(tok, st.RefreshTokenIssued, st.ShortSession), nil
}
