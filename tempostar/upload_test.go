package tempostar_test

import (
	"context"
	"io"
	"os"
	"path"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"goftp.io/server/v2"

	"github.com/mallkit/mallkit/internal/ftpx/ftpxtest"
	"github.com/mallkit/mallkit/tempostar"
)

func TestUploadOrdersWritesANewAtomicFileInTheOrdersFolder(t *testing.T) {
	t.Parallel()
	clock := func() time.Time { return time.Date(2026, 11, 23, 10, 30, 15, 0, time.UTC) }
	tests := []struct {
		enc     tempostar.Encoding
		pattern string
	}{
		{tempostar.EncodingCP932, `^order/order20261123193015_[0-9a-f]{8}\.csv$`},
		{tempostar.EncodingUTF8, `^order/order20261123193015_[0-9a-f]{8}_utf8\.csv$`},
	}
	for _, tt := range tests {
		t.Run(tt.enc.String(), func(t *testing.T) {
			t.Parallel()
			srv := startServer(t, tempostar.ExplicitTLS)
			cfg := srv.Config
			cfg.Clock, cfg.Encoding = clock, tt.enc
			c := dialTest(t, cfg)

			rows := sampleOrderRows()
			name, err := c.UploadOrders(context.Background(), rows)
			require.NoError(t, err)
			assert.Regexp(t, tt.pattern, name)
			entries, err := os.ReadDir(srv.Path("order"))
			require.NoError(t, err)
			require.Len(t, entries, 1, "no .tmp is left behind")
			assert.Equal(t, path.Base(name), entries[0].Name())

			raw, err := os.ReadFile(srv.Path(name))
			require.NoError(t, err)
			assert.Equal(t, tt.enc == tempostar.EncodingUTF8, utf8.Valid(raw))
			f, err := os.Open(srv.Path(name))
			require.NoError(t, err)
			defer f.Close()
			got, err := tempostar.ReadOrderRows(f, tempostar.WithFileName(name))
			require.NoError(t, err)
			require.Len(t, got, len(rows))
			assert.Equal(t, rows[0].ShopOrderNumber, got[0].ShopOrderNumber)
			assert.Equal(t, rows[1].ItemCode, got[1].ItemCode)
			assert.Equal(t, rows[0].OrdererAddress, got[0].OrdererAddress)
		})
	}
}

func TestUploadedFilesCanBeReceivedByTheOtherRole(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.ImplicitTLS)
	c := dialTest(t, srv.Config)
	ships := []tempostar.ShipmentRecord{{SystemOrderNumber: "777_1", DeliveryMethodCode: "01",
		ShippedAt: time.Date(2026, 11, 23, 14, 0, 0, 0, jst), TrackingNumber: "1111-2222"}}
	name, err := c.UploadShipments(context.Background(), ships)
	require.NoError(t, err)

	var got []tempostar.ShipmentRecord
	n, err := c.Receive(context.Background(), tempostar.KindShipments, func(name string, r io.Reader) error {
		got, err = tempostar.ReadShipments(r, tempostar.WithFileName(name))
		return err
	})
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	require.Len(t, got, 1)
	assert.Equal(t, "1111-2222", got[0].TrackingNumber)
	assert.FileExists(t, srv.Path("ordership/archive/"+path.Base(name)))
}

func TestAFailedLockMarkerStillReturnsTheCompleteFile(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.NoTLS, ftpxtest.WithDriver(func(d server.Driver) server.Driver {
		return &ftpxtest.FaultyDriver{Driver: d, RefuseSuffix: ".lock"}
	}))
	cfg := srv.Config
	cfg.LockMarker = true
	c := dialTest(t, cfg)

	name, err := c.UploadOrders(context.Background(), sampleOrderRows())
	var me *tempostar.MarkerError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, name, me.Path, "the caller learns where the complete file is, so it does not upload the orders twice")
	assert.Equal(t, strings.TrimSuffix(name, ".csv")+".lock", me.Marker)
	f, err := os.Open(srv.Path(name))
	require.NoError(t, err)
	defer f.Close()
	rows, err := tempostar.ReadOrderRows(f, tempostar.WithFileName(name))
	require.NoError(t, err)
	assert.Len(t, rows, 2)
}
