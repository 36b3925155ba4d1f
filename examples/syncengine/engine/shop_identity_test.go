package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

// shopConfig writes a config of one 楽天 shop spelled as shop, against the
// fake at baseURL, into dir (the state folder stays the same across calls).
func shopConfig(t *testing.T, dir, shop, baseURL string) *Config {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "listings.csv"),
		[]byte("channel,item,parts,safety,max\nrakuten/"+shop+",tee/m,TEE-M,0,0\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "on_hand.csv"), []byte("sku,units\nTEE-M,10\n"), 0o600))
	path := filepath.Join(dir, "config.json")
	require.NoError(t, os.WriteFile(path, fmt.Appendf(nil, `{"listings": "listings.csv", "on_hand": "on_hand.csv",
		"rakuten": [{"shop": %q, "base_url": %q, "rate_per_second": 1000,
		             "service_secret": {"env": "TEST_RAKUTEN_SECRET"}, "license_key": {"env": "TEST_RAKUTEN_KEY"}}]}`, shop, baseURL), 0o600))
	cfg, err := LoadConfig(path)
	require.NoError(t, err)
	return cfg
}

// A 楽天 shop is one channel however the config spells it: after the
// config changes https://www.rakuten.co.jp/shopa/ into
// https://www.rakuten.ne.jp/gold/shopa/ or plain shopa, the next run
// knows the orders already imported (none is allocated again) and keeps
// the same order watermark.
func TestShopSpellingChangeNeverReimports(t *testing.T) {
	ctx := context.Background()
	srv := rakutentest.NewServer()
	t.Cleanup(srv.Close)
	srv.AddLicense(rakutentest.License{ServiceSecret: "s", LicenseKey: "k", Expiry: srv.Now().Add(60 * 24 * time.Hour)})
	t.Setenv("TEST_RAKUTEN_SECRET", "s")
	t.Setenv("TEST_RAKUTEN_KEY", "k")
	srv.AddOrder(rakutentest.NewOrder("100001-20260105-0000000001", srv.Now().Add(-time.Hour),
		rakutentest.Item{ItemID: 1, ManageNumber: "tee", Name: "tee", Price: 1000, Units: 2, VariantID: "m"}))
	dir := t.TempDir()

	var watermark time.Time
	for i, spelling := range []string{"https://www.rakuten.co.jp/shopa/", "https://www.rakuten.ne.jp/gold/shopa/", "shopa"} {
		svc, err := OpenService(ctx, shopConfig(t, dir, spelling, srv.URL), ServiceOptions{Now: srv.Now})
		require.NoError(t, err)
		rep, err := svc.Engine.Poll(ctx, "rakuten/shopa")
		require.NoError(t, err, spelling)
		wm, err := svc.Engine.state.Watermark(ctx, "rakuten/shopa", orderWatermark)
		require.NoError(t, err)
		lv := level(t, svc.Ledger, "TEE-M")
		require.NoError(t, svc.Close())

		if i == 0 {
			require.Equal(t, 1, rep.New, "the first run imports the order")
			watermark = wm
		} else {
			require.Equal(t, 0, rep.New, "%s re-imported the order", spelling)
			require.Equal(t, watermark, wm, "%s moved the watermark", spelling)
		}
		require.Equal(t, 2, lv.Allocated, "%s: allocated once", spelling)
		require.Equal(t, 10, lv.OnHand, "%s: on-hand applied once", spelling)
	}
}
