package engine

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/ftpx"
	"github.com/mallkit/mallkit/internal/ftpx/ftpxtest"
	//lint:ignore SA1019 ポンパレ channels stay working for shops that still run them (issue 12).
	"github.com/mallkit/mallkit/ponpare"
	"github.com/mallkit/mallkit/stock"
)

// A push killed in the middle of its upload leaves item.csv.tmp on the
// shop's FTPS area, and the SDK refuses to upload past it. The engine runs
// one push per channel, so the .tmp is its own: the next push removes it
// and uploads.
func TestPonparePushRemovesTheTmpOfAKilledUpload(t *testing.T) {
	srv := ftpxtest.Start(t, ftpx.NoTLS)
	creds := ponpare.Credentials{ShopURL: "shop1", UserID: ftpxtest.User, Password: ftpxtest.Password}
	up, err := ponpare.NewStockUploader(creds, ponpare.StockFTPConfig{Host: srv.Host, Port: srv.Port, TLS: ponpare.NoTLS, Timeout: 10 * time.Second})
	require.NoError(t, err)
	ch := NewPonpareChannel(nil, creds, up, DefaultImportRules())
	require.NoError(t, os.WriteFile(srv.Path("item.csv.tmp"), []byte("tea-01,,3"), 0o644))

	pushed, err := ch.Push(context.Background(), []stock.Push{{Channel: ch.Name(), Item: "tea-01", Units: 7}})
	require.NoError(t, err)
	require.Len(t, pushed, 1)
	require.NoFileExists(t, srv.Path("item.csv.tmp"))
	body, err := os.ReadFile(srv.Path("item.csv"))
	require.NoError(t, err)
	require.Contains(t, string(body), "tea-01,,7")
}
