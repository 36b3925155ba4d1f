package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// -import-csv merges a CP932 楽天ペイ file into a channel's orders and
// prints what it did; the same file again registers nothing twice.
func TestImportCSVRegistersOnce(t *testing.T) {
	ctx := context.Background()
	m, cfg := startMarket(t)
	ch, _, _ := rakutenItem(t, m)
	file := "engine/testdata/rakutenpay_cp932.csv"
	want := []map[string]int{
		{"read": 3, "registered": 3, "merged": 0, "allocated": 0},
		{"read": 3, "registered": 0, "merged": 3, "allocated": 0},
	}
	for i, mode := range []string{"update", "overwrite"} {
		code, out, stderr := runCLI(t, ctx, "-config", cfg, "-import-csv", file, "-channel", ch, "-mode", mode)
		require.Equal(t, 0, code, stderr)
		var got map[string]any
		require.NoError(t, json.Unmarshal([]byte(out), &got))
		require.Equal(t, ch, got["channel"])
		for k, v := range want[i] {
			require.EqualValues(t, v, got[k], "%s run %d: %s", mode, i, k)
		}
	}
	code, _, stderr := runCLI(t, ctx, "-config", cfg, "-import-csv", file, "-channel", ch, "-mode", "replace")
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "merge mode")
}
