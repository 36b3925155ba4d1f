package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/examples/syncengine/engine"
)

// -engine-config writes a syncengine config that works against the running
// fakes as it is: every channel of the seed, TEMPOSTAR over the FTP area,
// the catalog's listings and on-hand, secrets in files.
func TestEngineConfigRunsTheEngineAgainstTheFakes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "engine", "syncengine.json")
	r := startRun(t, config{engineConfig: path, ftpTLS: "explicit", follow: true, wall: time.Now})
	cfg, err := engine.LoadConfig(path)
	require.NoError(t, err)
	require.Len(t, cfg.Rakuten, len(r.ep.Rakuten.Shops))
	require.Len(t, cfg.Yahoo, len(r.ep.Yahoo.Sellers))
	require.Len(t, cfg.Tempostar, 1)

	ctx := context.Background()
	svc, err := engine.OpenService(ctx, cfg, engine.ServiceOptions{})
	require.NoError(t, err)
	defer svc.Close()
	require.NoError(t, svc.Engine.RunOnce(ctx))
	st, err := engine.ReadStatusFrom(ctx, cfg, "")
	require.NoError(t, err)
	require.NotEmpty(t, st.Orders, "the seed's orders are imported")
	require.NotEmpty(t, st.SKUs)
	require.NoError(t, r.stop())
}
