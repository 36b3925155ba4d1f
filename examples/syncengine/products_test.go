package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/examples/syncengine/engine"
	"github.com/mallkit/mallkit/tempostar"
)

// A TEMPOSTAR product file put into the fake FTP area is picked up by the
// receive task like a stock file: its products, with all 50 free fields,
// land in the products table, and the file is archived so the next run
// does not read it again.
func TestProductFilesLandInTheProductsTable(t *testing.T) {
	ctx := context.Background()
	m, cfgPath := startMarket(t)
	ep := m.Endpoints()
	require.NotNil(t, ep.FTP)
	require.NotNil(t, ep.Tempostar)

	var free [tempostar.MaxFreeFields]string
	for i := range free {
		free[i] = "値" + string(rune('A'+i%26))
	}
	free[49] = "最後の自由項目"
	var buf bytes.Buffer
	require.NoError(t, tempostar.WriteProducts(&buf, []tempostar.ProductRecord{
		{Code: "KT-0001-M", Name: "九谷焼 マグ", Free: free, Extra: map[string]string{"JANコード": "4900000000012"}},
		{Code: "KT-0002-S", Name: "九谷焼 小皿"},
	}, tempostar.EncodingCP932))
	dir := filepath.Join(ep.FTP.Root, filepath.FromSlash(tempostar.DefaultDirs().Products))
	name := tempostar.FileName(tempostar.KindProducts, m.Now(), tempostar.EncodingCP932)
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644))

	for range 2 {
		code, _, stderr := runCLI(t, ctx, "-config", cfgPath, "-once")
		require.Equal(t, 0, code, stderr)
		require.Contains(t, stderr, "receive products")
	}
	_, err := os.Stat(filepath.Join(dir, name))
	require.True(t, os.IsNotExist(err), "the product file is still pending")

	cfg, err := engine.LoadConfig(cfgPath)
	require.NoError(t, err)
	db, err := engine.OpenState(cfg.StateDir())
	require.NoError(t, err)
	defer db.Close()
	st, err := engine.NewState(ctx, db)
	require.NoError(t, err)
	ps, err := st.Products(ctx, ep.Tempostar.Channel)
	require.NoError(t, err)
	require.Len(t, ps, 2)
	require.Equal(t, "KT-0001-M", ps[0].Code)
	require.Equal(t, "九谷焼 マグ", ps[0].Name)
	require.Equal(t, free, ps[0].Free)
	require.Equal(t, map[string]string{"JANコード": "4900000000012"}, ps[0].Extra)
	require.Equal(t, "九谷焼 小皿", ps[1].Name)
	require.Equal(t, [tempostar.MaxFreeFields]string{}, ps[1].Free)
}
