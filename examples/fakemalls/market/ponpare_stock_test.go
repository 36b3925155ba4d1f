package market

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	//lint:ignore SA1019 the fake ポンパレ shop takes stock files as the mall did
	"github.com/mallkit/mallkit/ponpare"
	"github.com/mallkit/mallkit/ponpare/ponparetest"
)

const ponpareStockSeed = `{"version":1,"now":"2026-01-05 10:00:00",
	"ponpare":{"accounts":[{"shop_url":"pp","user_id":"order","password":"pw"}]},
	"ftp":{"user":"u","password":"p"},
	"catalog":{"skus":[{"sku":"A","on_hand":5}],
		"listings":[{"channel":"ponpare/pp","item":"A1:S","parts":[{"sku":"A","units":1}]}]}}`

func TestPonpareStockFileIsConsumedFromTheFTPArea(t *testing.T) {
	t.Parallel()
	m := startManual(t, ponpareStockSeed, Config{})
	ep := m.Endpoints()
	require.Equal(t, "/item.csv", ep.Ponpare.StockPath)
	host, port, err := net.SplitHostPort(ep.FTP.Addr)
	require.NoError(t, err)
	p, err := strconv.Atoi(port)
	require.NoError(t, err)
	u, err := ponpare.NewStockUploader(ponpare.Credentials{UserID: ep.FTP.User, Password: ep.FTP.Password},
		ponpare.StockFTPConfig{Host: host, Port: p, TLS: ponpare.NoTLS, Path: ep.Ponpare.StockPath})
	require.NoError(t, err)

	require.NoError(t, u.Upload(t.Context(), []ponpare.StockRow{{Code: "A1", SubCode: "S", Quantity: 2}}))
	err = u.Upload(t.Context(), []ponpare.StockRow{{Code: "A1", SubCode: "S", Quantity: 1}})
	require.ErrorIs(t, err, ponpare.ErrPreviousFileNotConsumed, "the mall has not taken the first file yet")
	require.NoError(t, m.Step(testWall.Add(1)))
	assert.Equal(t, map[string]int{"A1:S": 2}, m.Stock()["ponpare/pp"])
	require.NoError(t, u.Upload(t.Context(), []ponpare.StockRow{{Code: "A1", SubCode: "S", Quantity: 2}}))
	require.NoError(t, m.Step(testWall.Add(2)))
	assert.Equal(t, 1, m.Stats()["ponpare/pp"].NoopPushes)

	root := ep.FTP.Root
	require.NoError(t, os.WriteFile(filepath.Join(root, "item.csv"), []byte("code,sub-code,quantity,allow-overdraft\r\nA1,S,lots,0\r\n"), 0o644))
	require.NoError(t, m.Step(testWall.Add(3)))
	errs := m.FileErrors()
	require.Len(t, errs, 1)
	var bad *ponparetest.StockCSVError
	assert.ErrorAs(t, errs[0], &bad)
	assert.NoFileExists(t, filepath.Join(root, "item.csv"), "a refused file is gone too")
	assert.Equal(t, map[string]int{"A1:S": 2}, m.Stock()["ponpare/pp"])
}
