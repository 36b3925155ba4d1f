package redact_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/mallkit/mallkit/internal/redact"
)

func TestSecretNeverPrintsItself(t *testing.T) {
	t.Parallel()
	s := redact.Secret("SL123_topsecret")
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("x", "key", s)
	for _, out := range []string{fmt.Sprint(s), fmt.Sprintf("%v %s %#v", s, s, s), fmt.Sprintf("%+v", struct{ K redact.Secret }{s}), logged.String()} {
		if strings.Contains(out, "topsecret") {
			t.Fatalf("secret leaked: %q", out)
		}
		if !strings.Contains(out, redact.Placeholder) {
			t.Fatalf("placeholder missing: %q", out)
		}
	}
	if s.Reveal() != "SL123_topsecret" {
		t.Fatal("Reveal must return the secret")
	}
}

func TestEmptySecretPrintsEmpty(t *testing.T) {
	t.Parallel()
	if got := redact.Secret("").String(); got != "" {
		t.Fatalf("String() = %q", got)
	}
}
