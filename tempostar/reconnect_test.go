package tempostar_test

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/ftpx/ftpxtest"
	"github.com/mallkit/mallkit/tempostar"
)

func TestTheClientReconnectsAfterTheServerDropsTheConnection(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.NoTLS)
	proxy := ftpxtest.StartControlProxy(t, srv.Config.Port, nil)
	cfg := srv.Config
	cfg.Port = proxy.Port
	c := dialTest(t, cfg)
	require.NoError(t, os.WriteFile(srv.Path("stock/s.csv"), []byte("A,1\r\n"), 0o644))

	proxy.DropAll()
	files, err := c.Pending(context.Background(), tempostar.KindStock)
	require.NoError(t, err, "a read-only step is retried once on a fresh connection")
	require.Len(t, files, 1)

	proxy.DropAll()
	order, _ := receiveAll(t, c, tempostar.KindStock)
	assert.Equal(t, []string{"stock/s.csv"}, order)
}
