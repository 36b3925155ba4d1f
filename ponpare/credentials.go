package ponpare

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"time"

	"github.com/mallkit/mallkit/internal/redact"
)

// PasswordWarnDays is how many days before Credentials.ExpiresAt
// PasswordStatus starts to warn.
const PasswordWarnDays = 14

// Credentials are one API's login as shown in ポンパレモールManager under
// WebAPIサービスユーザーの設定. The order API and the stock API each have their own.
type Credentials struct {
	ShopURL  string
	UserID   string
	Password string
	// ExpiresAt is when the password stops working, as recorded by the shop.
	// The mall's expiry period is not public (unverified); zero means unknown.
	ExpiresAt time.Time
}

// String redacts the password.
func (c Credentials) String() string {
	return fmt.Sprintf("ponpare.Credentials{ShopURL:%q UserID:%q Password:%s}", c.ShopURL, c.UserID, redact.Secret(c.Password))
}

// GoString redacts the password from %#v too.
func (c Credentials) GoString() string { return c.String() }

// Format keeps every fmt verb (%v, %+v, %s, %q, %d, %t, %x, ...) from
// printing the password.
func (c Credentials) Format(f fmt.State, _ rune) { fmt.Fprint(f, c.String()) }

// MarshalJSON keeps encoders from writing the password: it is written as
// the redaction placeholder ("" when unset). Decoding a Credentials from JSON
// is unaffected.
func (c Credentials) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ShopURL, UserID, Password string
		ExpiresAt                 time.Time
	}{c.ShopURL, c.UserID, redact.Secret(c.Password).String(), c.ExpiresAt})
}

// LogValue redacts the password in slog output.
func (c Credentials) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("shop_url", c.ShopURL),
		slog.String("user_id", c.UserID),
		slog.String("password", redact.Secret(c.Password).String()),
	)
}

// PasswordStatus says how long a password has left.
type PasswordStatus struct {
	ExpiresAt time.Time
	// Known is false when no expiry date was recorded.
	Known bool
	// DaysLeft counts started days until ExpiresAt; 0 or less means expired.
	DaysLeft int
	Expired  bool
	// Warn is true within PasswordWarnDays of expiry and after it.
	Warn bool
}

// PasswordStatus reports the password's expiry relative to now.
func (c Credentials) PasswordStatus(now time.Time) PasswordStatus {
	if c.ExpiresAt.IsZero() {
		return PasswordStatus{}
	}
	left := c.ExpiresAt.Sub(now)
	days := int(math.Ceil(left.Hours() / 24))
	return PasswordStatus{
		ExpiresAt: c.ExpiresAt,
		Known:     true,
		DaysLeft:  days,
		Expired:   left <= 0,
		Warn:      days <= PasswordWarnDays,
	}
}
