package engine

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/stock"
)

// docExample returns the complete config example of the package doc.
func docExample(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	_, rest, ok := strings.Cut(string(b), "A complete example:\n//\n")
	require.True(t, ok)
	var lines []string
	for _, l := range strings.Split(rest, "\n") {
		if !strings.HasPrefix(l, "//\t") {
			break
		}
		lines = append(lines, strings.TrimPrefix(l, "//\t"))
	}
	return strings.Join(lines, "\n")
}

// The example in the package doc is a valid config, with every setting
// read as written.
func TestDocExampleIsAValidConfig(t *testing.T) {
	cfg, err := ParseConfig([]byte(docExample(t)))
	require.NoError(t, err)
	require.Len(t, cfg.Rakuten, 1)
	require.Len(t, cfg.Yahoo, 1)
	require.Len(t, cfg.Ponpare, 1)
	require.Len(t, cfg.Tempostar, 1)
	tc := cfg.Tempostar[0].selected()
	require.Equal(t, "ftp.example.jp", tc.Host)
	require.Equal(t, Secret{Env: "TEMPOSTAR_PASSWORD"}, tc.Password)
	r := cfg.Rules()
	require.Equal(t, 30*time.Minute, r.ConfirmAfter)
	require.Equal(t, 336*time.Hour, r.OpenWindow)
	s := cfg.Schedule()
	require.Equal(t, time.Minute, s.Poll)
	require.Equal(t, 15*time.Second, s.PollEvery(time.Date(2026, 12, 5, 0, 0, 0, 0, jst)))
	require.Equal(t, time.Minute, s.PollEvery(time.Date(2026, 12, 12, 0, 0, 0, 0, jst)))
}

// Unknown fields and bad values are errors naming their JSON path.
func TestConfigErrorsNameTheJSONPath(t *testing.T) {
	valid := docExample(t)
	for _, tc := range []struct{ name, from, to, path string }{
		{"unknown field", `"rate_per_second": 0.9`, `"rate_per_second": 0.9, "ratelimit": 1`, "$.rakuten[0].ratelimit"},
		{"bad duration", `"poll": "1m"`, `"poll": "soon"`, "$.intervals.poll"},
		{"negative lookback", `"rate_per_second": 0.9`, `"rate_per_second": 0.9, "lookback_every": "-1s"`, "$.rakuten[0].lookback_every"},
		{"wrong type", `"key_version": 1`, `"key_version": "1"`, "$.yahoo[0].key_version"},
		{"secret with both sources", `{"env": "RAKUTEN_SERVICE_SECRET"}`, `{"env": "A", "file": "b"}`, "$.rakuten[0].service_secret"},
		{"secret written into the config", `{"env": "TEMPOSTAR_PASSWORD"}`, `"hunter2"`, "$.tempostar[0].endpoints.production.password"},
		{"bad tls", `"tls": "explicit"`, `"tls": "starttls"`, "$.tempostar[0].tls"},
		{"env without endpoint", `"env": "production"`, `"env": "staging"`, "$.tempostar[0].env"},
		{"sale ends before it starts", `"until": "2026-12-11T01:59:00+09:00"`, `"until": "2026-12-01T01:59:00+09:00"`, "$.sale[0].until"},
		{"missing listings", `"listings": "listings.csv",`, ``, "$.listings"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := strings.Replace(valid, tc.from, tc.to, 1)
			require.NotEqual(t, valid, bad)
			_, err := ParseConfig([]byte(bad))
			var ce *ConfigError
			require.ErrorAs(t, err, &ce)
			require.Equal(t, tc.path, ce.Path)
			require.True(t, errors.Is(err, ErrInvalidInput))
			require.NotContains(t, err.Error(), "hunter2")
		})
	}
}

// Secrets come from the environment or files and never from the config.
func TestSecretsResolveFromEnvAndFiles(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "key"), []byte("from-file\n"), 0o600))
	t.Setenv("ENGINE_TEST_SECRET", " from-env ")
	v, err := Secret{Env: "ENGINE_TEST_SECRET"}.resolve(dir)
	require.NoError(t, err)
	require.Equal(t, "from-env", v)
	v, err = Secret{File: "key"}.resolve(dir)
	require.NoError(t, err)
	require.Equal(t, "from-file", v)
	_, err = Secret{Env: "ENGINE_TEST_UNSET"}.resolve(dir)
	require.ErrorContains(t, err, "ENGINE_TEST_UNSET is not set")
}

// Listings CSV: sets, every spelling of a Rakuten shop, errors with line
// and column.
func TestReadListings(t *testing.T) {
	_, err := ReadListings("l.csv", strings.NewReader("channel,item,parts,safety,max\n"+
		"https://www.rakuten.co.jp/sakuragama/,x,SKU-A,0,0\n"))
	require.Error(t, err, "the channel needs its mall")
	ls, err := ReadListings("l.csv", strings.NewReader("channel,item,parts,safety,max\n"+
		"rakuten/https://www.rakuten.co.jp/sakuragama/,gift/a,SKU-A*2+SKU-B,1,10\n"+
		"yahoo/sakuragama,gift:a,SKU-A,,\n"))
	require.NoError(t, err)
	require.Equal(t, []stock.Listing{
		{Channel: "rakuten/sakuragama", Item: "gift/a", Parts: []stock.Part{{SKU: "SKU-A", Units: 2}, {SKU: "SKU-B", Units: 1}}, Safety: 1, Max: 10},
		{Channel: "yahoo/sakuragama", Item: "gift:a", Parts: []stock.Part{{SKU: "SKU-A", Units: 1}}},
	}, ls)

	_, err = ReadListings("l.csv", strings.NewReader("channel,item,parts,safety,max\nyahoo/s,a,SKU-A*0,0,0\n"))
	var ce *CSVError
	require.ErrorAs(t, err, &ce)
	require.Equal(t, CSVError{File: "l.csv", Line: 2, Column: "parts", Err: ce.Err}, *ce)
	_, err = ReadOnHand("o.csv", strings.NewReader("sku,units\nSKU-A,-1\n"))
	require.ErrorAs(t, err, &ce)
	require.Equal(t, 2, ce.Line)
	require.Equal(t, "units", ce.Column)
}

// A PostgreSQL DSN as state is refused instead of becoming a folder name.
func TestPostgresStateIsRefused(t *testing.T) {
	_, err := OpenState("postgres://postgres@127.0.0.1:5432/test")
	require.ErrorIs(t, err, ErrInvalidInput)
}
