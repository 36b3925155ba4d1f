package yahoo

import (
	"context"
	"errors"
	"time"
)

// ReauthorizationDue is when the stored refresh token stops working and the
// seller must consent again: its issue time plus 28 days, or plus 12 hours
// once a restricted order API was called without an accepted signature
// (see WithRefreshLifetime). Yahoo may end it earlier (password change,
// withdrawn consent). With no token stored it returns an error matching
// ErrReauthorizationRequired.
func (c *Client) ReauthorizationDue(ctx context.Context) (time.Time, error) {
	c.tokens.mu.Lock()
	defer c.tokens.mu.Unlock()
	if err := c.loadLocked(ctx); err != nil {
		return time.Time{}, err
	}
	tok := c.tokens.tok
	issued := RefreshTokenIssued(tok)
	if issued.IsZero() {
		return time.Time{}, &ReauthorizationError{Reason: "the stored token has no refresh-token issue time; authorize again to start tracking it"}
	}
	if ShortSession(tok) {
		return issued.Add(c.opts.shortLife), nil
	}
	return issued.Add(c.opts.longLife), nil
}

// PublicKeyExpiry is when the configured public key expires: one year after
// Config.PublicKeyIssued. ok is false without a key or an issue date.
func (c *Client) PublicKeyExpiry() (expiry time.Time, ok bool) {
	if c.signer == nil || c.cfg.PublicKeyIssued.IsZero() {
		return time.Time{}, false
	}
	return c.cfg.PublicKeyIssued.AddDate(1, 0, 0), true
}

// ExpiryKind says what has to be renewed.
type ExpiryKind int

const (
	// ExpiryReauthorization: the seller must go through the consent screen.
	ExpiryReauthorization ExpiryKind = iota + 1
	// ExpiryPublicKey: a new key must be issued in 暗号鍵管理 and configured.
	ExpiryPublicKey
)

func (k ExpiryKind) String() string {
	switch k {
	case ExpiryReauthorization:
		return "re-authorization"
	case ExpiryPublicKey:
		return "public key"
	}
	return "unknown"
}

// ExpiryWarning is a deadline that falls within the window asked for.
type ExpiryWarning struct {
	Kind ExpiryKind
	Due  time.Time
}

// ExpiryWarnings lists the deadlines (re-authorization, public-key expiry)
// that fall before now+within on the client's clock, including those already
// past, so a scheduler can warn e.g. a week ahead. A missing token counts
// as a re-authorization due now.
func (c *Client) ExpiryWarnings(ctx context.Context, within time.Duration) ([]ExpiryWarning, error) {
	now := c.now()
	limit := now.Add(within)
	var out []ExpiryWarning
	due, err := c.ReauthorizationDue(ctx)
	switch {
	case err == nil:
		if !due.After(limit) {
			out = append(out, ExpiryWarning{Kind: ExpiryReauthorization, Due: due})
		}
	case isReauthorization(err):
		out = append(out, ExpiryWarning{Kind: ExpiryReauthorization, Due: now})
	default:
		return nil, err
	}
	if exp, ok := c.PublicKeyExpiry(); ok && !exp.After(limit) {
		out = append(out, ExpiryWarning{Kind: ExpiryPublicKey, Due: exp})
	}
	return out, nil
}

func isReauthorization(err error) bool {
	var re *ReauthorizationError
	return errors.As(err, &re)
}
