package rakuten

import (
	"encoding/base64"
	"fmt"
	"log/slog"
	"strings"

	"github.com/mallkit/mallkit/internal/redact"
)

// Credentials are the two halves of the RMS ESA credential: the shop's
// serviceSecret, which never changes, and its licenseKey, which expires every
// 90 days. NewClient trims surrounding whitespace and line breaks from both
// (a trailing newline from a file or an environment variable is the most
// common cause of ES01-01).
//
// Credentials never print their values: String, GoString, LogValue and every
// fmt verb show [REDACTED] instead.
type Credentials struct {
	ServiceSecret, LicenseKey string
}

// trimmed returns c with whitespace and CR/LF removed from both ends of
// both values.
func (c Credentials) trimmed() Credentials {
	return Credentials{
		ServiceSecret: strings.TrimSpace(c.ServiceSecret),
		LicenseKey:    strings.TrimSpace(c.LicenseKey),
	}
}

// authorization returns the Authorization header value:
// "ESA " + base64(serviceSecret + ":" + licenseKey).
func (c Credentials) authorization() string {
	return "ESA " + base64.StdEncoding.EncodeToString([]byte(c.ServiceSecret+":"+c.LicenseKey))
}

func (c Credentials) redacted() string {
	return fmt.Sprintf("rakuten.Credentials{ServiceSecret:%s LicenseKey:%s}",
		redact.Secret(c.ServiceSecret), redact.Secret(c.LicenseKey))
}

// String redacts both values.
func (c Credentials) String() string { return c.redacted() }

// GoString keeps %#v from printing the values.
func (c Credentials) GoString() string { return c.redacted() }

// Format keeps every fmt verb (%v, %+v, %s, %d, %x, ...) from printing the
// values.
func (c Credentials) Format(f fmt.State, _ rune) { fmt.Fprint(f, c.redacted()) }

// LogValue keeps slog from printing the values.
func (c Credentials) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Any("serviceSecret", redact.Secret(c.ServiceSecret)),
		slog.Any("licenseKey", redact.Secret(c.LicenseKey)),
	)
}
