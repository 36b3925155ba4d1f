package rakuten_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten"
)

func TestAuthorizationIsESAOfTheTrimmedPair(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		creds rakuten.Credentials
	}{
		{"as issued", rakuten.Credentials{ServiceSecret: "aaa", LicenseKey: "bbb"}},
		{"trailing newline from a file", rakuten.Credentials{ServiceSecret: "aaa\n", LicenseKey: "bbb\r\n"}},
		{"surrounding spaces and tabs", rakuten.Credentials{ServiceSecret: " \taaa ", LicenseKey: "  bbb\t"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, rec := serveAs(t, tc.creds, func(w http.ResponseWriter, r *http.Request) {
				jsonReply(w, 200, `{"expiryDate":"2026-03-31T23:59:59"}`)
			})
			_, err := c.LicenseExpiry(context.Background())
			require.NoError(t, err)
			assert.Equal(t, "ESA YWFhOmJiYg==", rec.all()[0].Header.Get("Authorization"))
			assert.Equal(t, "licenseKey=bbb", rec.all()[0].Query)
		})
	}
}

func TestNewClientRefusesEmptyCredentials(t *testing.T) {
	t.Parallel()
	_, err := rakuten.NewClient(rakuten.Credentials{ServiceSecret: "aaa", LicenseKey: " \n"})
	require.Error(t, err)
	_, err = rakuten.NewClient(testCreds, rakuten.WithBaseURL("ftp://example.invalid"))
	require.Error(t, err)
}

func TestCredentialsNeverPrint(t *testing.T) {
	t.Parallel()
	creds := rakuten.Credentials{ServiceSecret: "SP123456_secretvalue", LicenseKey: "SL123456_licensevalue"}
	var logged bytes.Buffer
	c, err := rakuten.NewClient(creds)
	require.NoError(t, err)
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("config", "creds", creds, "client", c)
	outputs := []string{
		fmt.Sprint(creds), fmt.Sprintf("%v", creds), fmt.Sprintf("%+v", creds), fmt.Sprintf("%#v", creds),
		fmt.Sprintf("%s", creds), fmt.Sprintf("%q", creds), fmt.Sprintf("%x", creds), fmt.Sprintf("%d", creds),
		fmt.Sprintf("%+v", &creds), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprintf("%v", *c), logged.String(),
	}
	for _, out := range outputs {
		assert.NotContains(t, out, "secretvalue")
		assert.NotContains(t, out, "licensevalue")
	}
	assert.Contains(t, fmt.Sprint(creds), "[REDACTED]")
	assert.Contains(t, logged.String(), "[REDACTED]")
}

// TestConnectionErrorsDoNotQuoteTheKey: LicenseExpiry sends the licenseKey
// in the query, and net/http quotes the URL in transport errors.
func TestConnectionErrorsDoNotQuoteTheKey(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close()
	c, err := rakuten.NewClient(rakuten.Credentials{ServiceSecret: "aaa", LicenseKey: "SL123456_licensevalue"},
		rakuten.WithBaseURL(base), rakuten.WithRateLimit(0, 0), rakuten.WithRetry(-1, 0, 0))
	require.NoError(t, err)
	_, err = c.LicenseExpiry(context.Background())
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "licensevalue")
	assert.Contains(t, err.Error(), "licenseKey=REDACTED")
	var ue *url.Error
	require.ErrorAs(t, err, &ue, "still a *url.Error for callers")
	assert.NotContains(t, ue.URL, "licensevalue")
}
