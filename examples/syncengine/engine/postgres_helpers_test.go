package engine

import (
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/mallkit/mallkit/internal/pgtest"
)

// testPostgres returns a DSN whose search_path is a schema of its own (see
// pgtest.Schema).
func testPostgres(t testing.TB) string {
	t.Helper()
	return pgtest.Schema(t)
}

// testLogger logs to the test at warning level (debug with -v and
// MALLKIT_TEST_DEBUG set).
func testLogger(t testing.TB) *slog.Logger {
	level := slog.LevelWarn
	if os.Getenv("MALLKIT_TEST_DEBUG") != "" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: level}))
}

type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
