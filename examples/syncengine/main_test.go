package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/examples/fakemalls/market"
	"github.com/mallkit/mallkit/examples/syncengine/engine"
	"github.com/mallkit/mallkit/examples/syncengine/fakeconfig"
)

// smallSeed is the demo seed with its catalog cut to the listings of its
// first 40 SKUs, so that the engine's first pushes are quick.
func smallSeed(t *testing.T) market.Seed {
	t.Helper()
	b, err := market.DemoSeed().MarshalJSON()
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(b, &doc))
	cat := doc["catalog"].(map[string]any)
	skus := cat["skus"].([]any)[:40]
	keep := map[string]bool{}
	for _, s := range skus {
		keep[s.(map[string]any)["sku"].(string)] = true
	}
	var listings []any
	for _, l := range cat["listings"].([]any) {
		ok := true
		for _, p := range l.(map[string]any)["parts"].([]any) {
			ok = ok && keep[p.(map[string]any)["sku"].(string)]
		}
		if ok {
			listings = append(listings, l)
		}
	}
	cat["skus"], cat["listings"] = skus, listings
	b, err = json.Marshal(doc)
	require.NoError(t, err)
	seed, err := market.ParseSeed(b)
	require.NoError(t, err)
	return seed
}

// startMarket starts the demo marketplace, its catalog cut short, without
// limits and writes an engine config for it.
func startMarket(t *testing.T) (*market.Market, string) {
	t.Helper()
	m, err := market.Start(context.Background(), market.Config{Seed: smallSeed(t), Tick: 100 * time.Millisecond})
	require.NoError(t, err)
	t.Cleanup(func() { m.Close() })
	path, err := fakeconfig.WriteDir(t.TempDir(), m.Endpoints(), m.Catalog(), func(c *engine.Config) {
		c.Intervals.Poll = engine.Duration(500 * time.Millisecond)
		c.Intervals.Sweep = engine.Duration(500 * time.Millisecond)
	})
	require.NoError(t, err)
	return m, path
}

func runCLI(t *testing.T, ctx context.Context, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(ctx, args, &out, &errb)
	return code, out.String(), errb.String()
}

// rakutenItem returns an item of a rakuten channel of the catalog with its
// SKU, for a listing of one part.
func rakutenItem(t *testing.T, m *market.Market) (channel, item, sku string) {
	for _, l := range m.Catalog().Listings {
		if strings.HasPrefix(l.Channel, "rakuten/") && len(l.Parts) == 1 && l.Parts[0].Units == 1 && l.Safety == 0 && l.Max == 0 {
			return l.Channel, l.Item, l.Parts[0].SKU
		}
	}
	t.Fatal("no plain rakuten listing in the demo catalog")
	return
}

// -once runs every task once and exits; -status then prints the fixed
// JSON shape with the order allocated and the listings confirmed.
func TestOnceThenStatus(t *testing.T) {
	ctx := context.Background()
	m, cfg := startMarket(t)
	code, _, stderr := runCLI(t, ctx, "-config", cfg, "-once")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stderr, "msg=poll")
	firstLogs := stderr

	ch, item, sku := rakutenItem(t, m)
	number, err := m.Buy(ch, item, 2)
	require.NoError(t, err)
	code, _, stderr = runCLI(t, ctx, "-config", cfg, "-once", "-log-json")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stderr, `"msg":"poll"`)

	logs := firstLogs + stderr
	code, out, stderr := runCLI(t, ctx, "-config", cfg, "-status")
	require.Equal(t, 0, code, stderr)
	require.Equal(t, 1, strings.Count(out, "\n"), "one JSON object on one line")
	var st struct {
		SKUs        map[string]map[string]int                  `json:"skus"`
		Orders      map[string]map[string]engine.OrderStatus   `json:"orders"`
		Listings    map[string]map[string]engine.ListingStatus `json:"listings"`
		Unmatched   []map[string]string                        `json:"unmatched"`
		Credentials []map[string]any                           `json:"credentials"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&st))
	got := st.Orders[ch][number]
	require.Equal(t, "open", got.Status)
	require.Equal(t, map[string]int{sku: 2}, got.Units)
	require.Contains(t, []string{engine.PaymentUnpaid, engine.PaymentPaid, ""}, got.Payment)
	lv := st.SKUs[sku]
	require.Equal(t, lv["on_hand"]-lv["allocated"], lv["available"])
	require.GreaterOrEqual(t, lv["allocated"], 2)
	l := st.Listings[ch][item]
	require.NotNil(t, l.Confirmed, "the listing was pushed or read")
	require.Equal(t, map[string]int{sku: 1}, l.Parts)
	require.NotNil(t, st.Unmatched)
	require.NotEmpty(t, st.Credentials)
	for _, c := range st.Credentials {
		require.Subset(t, mapKeys(c), []string{"channel", "kind", "expires", "days_left", "warning"})
	}
	secrets, err := filepath.Glob(filepath.Join(filepath.Dir(cfg), "secrets", "secret*"))
	require.NoError(t, err)
	require.NotEmpty(t, secrets)
	for _, f := range secrets {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, line := range strings.Split(string(b), "\n") {
			if len(line) >= 8 {
				require.NotContains(t, out, line, "a secret in -status")
				require.NotContains(t, logs, line, "a secret in the log")
			}
		}
	}
}

func mapKeys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// The engine runs until it is told to stop; -status works meanwhile from
// another connection; a stop finishes the running jobs and exits 0.
func TestRunStatusWhileRunningAndStop(t *testing.T) {
	m, cfg := startMarket(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		code, _, _ := runCLI(t, ctx, "-config", cfg)
		done <- code
	}()
	ch, item, sku := rakutenItem(t, m)
	number, err := m.Buy(ch, item, 1)
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		code, out, _ := runCLI(t, context.Background(), "-config", cfg, "-status")
		if code != 0 {
			return false
		}
		var st engine.Status
		return json.Unmarshal([]byte(out), &st) == nil && st.Orders[ch][number].Units[sku] == 1
	}, 60*time.Second, 500*time.Millisecond)
	cancel()
	select {
	case code := <-done:
		require.Equal(t, 0, code)
	case <-time.After(30 * time.Second):
		t.Fatal("the engine did not stop")
	}
}

// A config with an unknown field is refused with its JSON path.
func TestConfigErrorsNameThePath(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.json")
	require.NoError(t, writeFile(path, `{"listings":"l.csv","rakuten":[{"shop":"xxxx","service_secret":{"env":"A"},"license_key":{"env":"B"},"licence":1}]}`))
	code, _, stderr := runCLI(t, context.Background(), "-config", path, "-once")
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "$.rakuten[0].licence: unknown field")
}

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o600) }
