package ftpxtest

import (
	"crypto/rand"
	"testing"
)

// RandomBytes returns n random bytes starting with CR, LF and a CP932 lead
// byte (when n allows), so that any text-mode conversion or truncation of a
// transfer shows.
func RandomBytes(t testing.TB, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("random bytes: %v", err)
	}
	copy(b, "\r\n\x82\xa0\r\n")
	return b
}
