package yahoo

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"regexp"
	"time"

	"github.com/mallkit/mallkit/internal/redact"
)

// Config identifies the store and the YConnect application.
type Config struct {
	// SellerID is the store account (ストアアカウント). An id starting with
	// "snbx-" is a test store and selects TestBaseURL.
	SellerID string
	// ClientID and ClientSecret are the YConnect application's credentials.
	ClientID, ClientSecret string
	// RedirectURL is the callback URL registered for the application.
	// Required: YConnect refuses the code exchange without it.
	RedirectURL string
	// PublicKeyPEM is the store's public key as copied from
	// ストアクリエイターPro → 設定 → 暗号鍵管理 ("PUBLIC KEY" or "RSA PUBLIC KEY" PEM; CRLF and
	// stray white space are tolerated). Empty disables 公開鍵認証, which cuts
	// the session to 12 hours once a restricted order API is called.
	PublicKeyPEM []byte
	// KeyVersion is the key's version shown in 暗号鍵管理, sent as
	// X-sws-signature-version. Required with PublicKeyPEM.
	KeyVersion int
	// PublicKeyIssued is when the key was issued; keys are valid for one year
	// (see Client.ExpiryWarnings). Zero means unknown.
	PublicKeyIssued time.Time
}

// sellerIDPattern follows a public client's validation (unverified as spec):
// lower-case letters, digits, '-' and '_'.
var sellerIDPattern = regexp.MustCompile(`^[a-z0-9_-]{3,40}$`)

func (c Config) validate() error {
	if !sellerIDPattern.MatchString(c.SellerID) {
		return fmt.Errorf("yahoo: Config.SellerID %q: want the store account (lower-case letters, digits, '-', '_')", c.SellerID)
	}
	if c.ClientID == "" {
		return fmt.Errorf("yahoo: Config.ClientID is empty")
	}
	if c.ClientSecret == "" {
		return fmt.Errorf("yahoo: Config.ClientSecret is empty")
	}
	if u, err := url.Parse(c.RedirectURL); c.RedirectURL == "" || err != nil || !u.IsAbs() || u.Host == "" {
		return fmt.Errorf("yahoo: Config.RedirectURL %q: want the absolute callback URL registered for the application (the token endpoint refuses a code exchange without it)", c.RedirectURL)
	}
	if len(c.PublicKeyPEM) > 0 && c.KeyVersion < 1 {
		return fmt.Errorf("yahoo: Config.KeyVersion %d: set the version shown in 暗号鍵管理 (a key without its version gives px-14303)", c.KeyVersion)
	}
	return nil
}

// String prints the config with the client secret and key material
// redacted.
func (c Config) String() string {
	return fmt.Sprintf("yahoo.Config{SellerID:%q ClientID:%q ClientSecret:%s RedirectURL:%q PublicKeyPEM:%s KeyVersion:%d PublicKeyIssued:%s}",
		c.SellerID, c.ClientID, redact.Secret(c.ClientSecret), c.RedirectURL, redact.Secret(c.PublicKeyPEM), c.KeyVersion, c.issued())
}

// GoString keeps %#v from printing secrets.
func (c Config) GoString() string { return c.String() }

// Format keeps every fmt verb (%v, %+v, %#v, %s, %d, %t, %e, %q, %x ...) from
// printing secrets: all of them print String.
func (c Config) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// MarshalJSON keeps encoders from printing secrets: the client secret and
// the key come out as "[REDACTED]" (or "" when unset). A Config is not meant
// to be stored as JSON; store its fields yourself.
func (c Config) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		SellerID        string `json:"seller_id"`
		ClientID        string `json:"client_id"`
		ClientSecret    string `json:"client_secret"`
		RedirectURL     string `json:"redirect_url"`
		PublicKeyPEM    string `json:"public_key_pem"`
		KeyVersion      int    `json:"key_version"`
		PublicKeyIssued string `json:"public_key_issued"`
	}{c.SellerID, c.ClientID, redact.Secret(c.ClientSecret).String(), c.RedirectURL, redact.Secret(c.PublicKeyPEM).String(), c.KeyVersion, c.issued()})
}

// LogValue keeps slog from printing secrets.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("seller_id", c.SellerID),
		slog.String("client_id", c.ClientID),
		slog.Any("client_secret", redact.Secret(c.ClientSecret)),
		slog.String("redirect_url", c.RedirectURL),
		slog.Any("public_key", redact.Secret(c.PublicKeyPEM)),
		slog.Int("key_version", c.KeyVersion),
		slog.String("public_key_issued", c.issued()),
	)
}

func (c Config) issued() string {
	if c.PublicKeyIssued.IsZero() {
		return "unknown"
	}
	return c.PublicKeyIssued.Format(time.DateOnly)
}
