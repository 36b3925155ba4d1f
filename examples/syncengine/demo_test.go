package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The README's first command: the demo runs the fake malls, buyers and the
// engine in process and ends with one JSON line that CI checks. A short
// run keeps the test fast; the figures are checked for what must always
// hold (nothing duplicated, next to nothing oversold, the orders imported, a shipment
// and a stock file went through, the expiring key was warned about).
func TestDemoEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the demo for about 20 s")
	}
	var out bytes.Buffer
	err := runDemo(context.Background(), &out, demoOptions{For: 8 * time.Second, Rate: 6, Log: slog.New(slog.DiscardHandler)})
	require.NoError(t, err, out.String())
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	last := lines[len(lines)-1]
	var sum map[string]any
	require.NoError(t, json.Unmarshal([]byte(last), &sum), "the last line must be the JSON summary: %s", last)
	for _, k := range []string{"orders_placed", "orders_imported", "duplicate_imports", "oversold_units", "stock_pushes",
		"noop_pushes", "throttled", "api_calls", "p50_propagation_seconds", "p99_propagation_seconds", "credential_warnings"} {
		require.Contains(t, sum, k)
	}
	num := func(k string) float64 { return sum[k].(float64) }
	require.Greater(t, num("orders_placed"), 30.0)
	// Left out: seed orders older than the first start's 24 hours, and
	// Yahoo orders its fraud check still holds back.
	require.GreaterOrEqual(t, num("orders_imported"), 0.85*num("orders_placed"))
	require.Zero(t, num("duplicate_imports"))
	// Two malls can sell the last unit before the push lands (more so
	// under -race); the engine keeps that to a few units.
	require.LessOrEqual(t, num("oversold_units"), 3.0)
	require.Greater(t, num("stock_pushes"), 0.0)
	require.Greater(t, num("p50_propagation_seconds"), 0.0)
	require.LessOrEqual(t, num("p50_propagation_seconds"), num("p99_propagation_seconds"))
	require.Greater(t, num("shipments_reported"), 0.0)
	require.Greater(t, num("stock_files"), 0.0)
	calls := sum["api_calls"].(map[string]any)
	for _, ch := range []string{"rakuten/sakuragama", "yahoo/sakuragama", "ponpare/sakuragama", "tempostar/sakuragama"} {
		require.Contains(t, calls, ch)
	}
	warn := sum["credential_warnings"].([]any)
	require.Len(t, warn, 1)
	require.Equal(t, "rakuten/hanaoto", warn[0].(map[string]any)["channel"])
	require.Contains(t, out.String(), "WARNING: rakuten/hanaoto license_key")
}
