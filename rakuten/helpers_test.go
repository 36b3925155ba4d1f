package rakuten_test

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten"
)

var update = flag.Bool("update", false, "rewrite the golden request bodies under testdata/golden")

// testCreds are the credentials of the unit tests; "aaa:bbb" is the
// documented example ("ESA YWFhOmJiYg==").
var testCreds = rakuten.Credentials{ServiceSecret: "aaa", LicenseKey: "bbb"}

// captured is one request a test server received.
type captured struct {
	Method, Path, Query string
	Header              http.Header
	Body                []byte
}

// recorder answers with respond and keeps every request.
type recorder struct {
	mu       sync.Mutex
	requests []captured
}

func (r *recorder) all() []captured {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]captured(nil), r.requests...)
}

// serve starts an httptest server whose handler sees each request after it
// was recorded, and a client pointed at it with no rate limit and tiny
// retry waits.
func serve(t testing.TB, h http.HandlerFunc, opts ...rakuten.Option) (*rakuten.Client, *recorder) {
	t.Helper()
	return serveAs(t, testCreds, h, opts...)
}

// serveAs is serve with other credentials.
func serveAs(t testing.TB, creds rakuten.Credentials, h http.HandlerFunc, opts ...rakuten.Option) (*rakuten.Client, *recorder) {
	t.Helper()
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.requests = append(rec.requests, captured{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), body})
		rec.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	base := []rakuten.Option{rakuten.WithBaseURL(srv.URL), rakuten.WithRateLimit(0, 0), rakuten.WithRetry(3, time.Millisecond, 5*time.Millisecond)}
	c, err := rakuten.NewClient(creds, append(base, opts...)...)
	require.NoError(t, err)
	return c, rec
}

// jsonReply answers status with body as RMS does.
func jsonReply(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.Header().Set("RequestId", "00000000-0000-4000-8000-000000000001")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

// assertGolden compares got with testdata/golden/name byte for byte
// (go test -update rewrites it).
func assertGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, string(want), string(got), "request body differs from %s", path)
}

func readBody(r *http.Request) []byte {
	b, _ := io.ReadAll(r.Body)
	return b
}

// withoutErr returns fs with Err cleared, for comparing keys, codes and
// messages; tests that care about Err check it with errors.Is/As.
func withoutErr(fs []rakuten.Failure) []rakuten.Failure {
	out := make([]rakuten.Failure, len(fs))
	for i, f := range fs {
		f.Err = nil
		out[i] = f
	}
	return out
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }
