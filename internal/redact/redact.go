// Package redact keeps secrets out of logs, error strings and %v output.
package redact

import "log/slog"

// Placeholder replaces a secret wherever it would be printed.
const Placeholder = "[REDACTED]"

// Secret is a string that never prints itself. Use it for license keys,
// client secrets, passwords and tokens inside credential types.
type Secret string

// String returns Placeholder for a set secret and "" for an empty one, so a
// log line still shows whether the value was configured.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return Placeholder
}

// GoString keeps %#v from printing the secret.
func (s Secret) GoString() string { return `"` + s.String() + `"` }

// LogValue keeps slog from printing the secret.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// Reveal returns the secret itself, for the one place that sends it.
func (s Secret) Reveal() string { return string(s) }
