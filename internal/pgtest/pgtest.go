// Package pgtest gives tests (the stock store's, the sync engine's) a
// PostgreSQL schema of their own on the server named by
// MALLKIT_TEST_POSTGRES.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Schema returns a DSN of MALLKIT_TEST_POSTGRES whose search_path is a
// fresh schema, dropped after the test, so tests never collide. Without
// MALLKIT_TEST_POSTGRES it skips the test (fails it when CI=true).
func Schema(t testing.TB) string {
	t.Helper()
	base := os.Getenv("MALLKIT_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("MALLKIT_TEST_POSTGRES is not set; CI must run the PostgreSQL tests")
		}
		t.Skip("PostgreSQL test: set MALLKIT_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test?sslmode=disable to run it")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "mallkit_t_" + hex.EncodeToString(b)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("MALLKIT_TEST_POSTGRES: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), base)
		if err != nil {
			t.Error(err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Error(err)
		}
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}
