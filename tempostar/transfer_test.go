package tempostar_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"goftp.io/server/v2"

	"github.com/mallkit/mallkit/internal/ftpx/ftpxtest"
	"github.com/mallkit/mallkit/tempostar"
)

func dialTest(t *testing.T, cfg tempostar.Config) *tempostar.Client {
	t.Helper()
	c, err := tempostar.Dial(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// receiveAll receives every pending file of kind k and returns the contents
// by remote path, in handling order.
func receiveAll(t *testing.T, c *tempostar.Client, k tempostar.Kind) ([]string, map[string][]byte) {
	t.Helper()
	var order []string
	got := map[string][]byte{}
	n, err := c.Receive(context.Background(), k, func(name string, r io.Reader) error {
		b, err := io.ReadAll(r)
		order = append(order, name)
		got[name] = b
		return err
	})
	require.NoError(t, err)
	require.Equal(t, len(order), n)
	return order, got
}

func TestSeveralMegabytesTravelIntactBothWaysInEveryTLSMode(t *testing.T) {
	t.Parallel()
	for _, mode := range []tempostar.TLSMode{tempostar.NoTLS, tempostar.ExplicitTLS, tempostar.ImplicitTLS} {
		t.Run(mode.String(), func(t *testing.T) {
			t.Parallel()
			srv := startServer(t, mode)
			c := dialTest(t, srv.Config)
			payload := ftpxtest.RandomBytes(t, 6<<20+123)

			require.NoError(t, c.Put(context.Background(), "stock/stock20261123100000_big.csv", bytes.NewReader(payload)))
			onDisk, err := os.ReadFile(srv.Path("stock/stock20261123100000_big.csv"))
			require.NoError(t, err)
			require.True(t, bytes.Equal(payload, onDisk), "upload differs: %d bytes sent, %d stored", len(payload), len(onDisk))

			order, got := receiveAll(t, c, tempostar.KindStock)
			require.Equal(t, []string{"stock/stock20261123100000_big.csv"}, order)
			require.True(t, bytes.Equal(payload, got[order[0]]), "download differs: %d bytes", len(got[order[0]]))

			archived, err := os.ReadFile(srv.Path("stock/archive/stock20261123100000_big.csv"))
			require.NoError(t, err)
			assert.True(t, bytes.Equal(payload, archived))
			assert.NoFileExists(t, srv.Path("stock/stock20261123100000_big.csv"))
		})
	}
}

func TestPutNeverOverwritesAnExistingFile(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.NoTLS)
	c := dialTest(t, srv.Config)
	tests := []struct {
		name     string
		existing string // created on the server before Put
		clash    string // the path the error names
	}{
		{"final name taken", "order/a.csv", "order/a.csv"},
		{"upload in progress", "order/b.csv.tmp", "order/b.csv.tmp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, os.WriteFile(srv.Path(tt.existing), []byte("original"), 0o644))
			target := strings.TrimSuffix(tt.existing, ".tmp")
			err := c.Put(context.Background(), target, strings.NewReader("replacement"))
			var exists *tempostar.ExistsError
			require.ErrorAs(t, err, &exists)
			assert.Equal(t, tt.clash, exists.Path)
			assert.ErrorIs(t, err, tempostar.ErrExists)
			b, err := os.ReadFile(srv.Path(tt.existing))
			require.NoError(t, err)
			assert.Equal(t, "original", string(b), "the existing file must be untouched")
		})
	}
}

func TestATruncatedUploadNeverAppearsUnderItsFinalName(t *testing.T) {
	t.Parallel()
	var fd *ftpxtest.FaultyDriver
	srv := startServer(t, tempostar.ExplicitTLS, ftpxtest.WithDriver(func(d server.Driver) server.Driver {
		fd = &ftpxtest.FaultyDriver{Driver: d, PutLimit: 1000}
		return fd
	}))
	c := dialTest(t, srv.Config)

	err := c.Put(context.Background(), "order/order1.csv", bytes.NewReader(ftpxtest.RandomBytes(t, 5000)))
	var sm *tempostar.SizeMismatchError
	require.ErrorAs(t, err, &sm)
	assert.Equal(t, int64(5000), sm.Local)
	assert.Equal(t, int64(1000), sm.Remote)
	assert.NoFileExists(t, srv.Path("order/order1.csv"))
	assert.NoFileExists(t, srv.Path("order/order1.csv.tmp"), "the .tmp must be removed")

	fd.Set(func(d *ftpxtest.FaultyDriver) { d.PutLimit = 0 })
	require.NoError(t, c.Put(context.Background(), "order/order1.csv", bytes.NewReader(ftpxtest.RandomBytes(t, 5000))),
		"the same name is free again after a failed attempt")
}

func TestPendingIgnoresTmpLockHiddenFilesAndFolders(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.NoTLS)
	for _, f := range []string{"stock/a.csv", "stock/b.csv.tmp", "stock/a.lock", "stock/.hidden", "stock/archive/old.csv", "stock/log/x.log"} {
		require.NoError(t, os.MkdirAll(filepath.Dir(srv.Path(f)), 0o755))
		require.NoError(t, os.WriteFile(srv.Path(f), []byte("x"), 0o644))
	}
	c := dialTest(t, srv.Config)
	files, err := c.Pending(context.Background(), tempostar.KindStock)
	require.NoError(t, err)
	require.Len(t, files, 1)
	assert.Equal(t, "stock/a.csv", files[0].Path)
	assert.Equal(t, int64(1), files[0].Size)
}

func TestReceiveHandlesOldestFirstByServerTimeThenName(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.NoTLS)
	base := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	files := []struct {
		name string
		mod  time.Time
	}{
		{"ordership_c.csv", base},                    // oldest, though last by name
		{"ordership_a.csv", base.Add(2 * time.Hour)}, // newest
		{"ordership_b2.csv", base.Add(time.Hour)},    // tie on time: by name
		{"ordership_b1.csv", base.Add(time.Hour)},
	}
	for _, f := range files {
		p := srv.Path("ordership/" + f.name)
		require.NoError(t, os.WriteFile(p, []byte(f.name), 0o644))
		require.NoError(t, os.Chtimes(p, f.mod, f.mod))
	}
	c := dialTest(t, srv.Config)
	order, got := receiveAll(t, c, tempostar.KindShipments)
	assert.Equal(t, []string{
		"ordership/ordership_c.csv", "ordership/ordership_b1.csv", "ordership/ordership_b2.csv", "ordership/ordership_a.csv",
	}, order)
	assert.Equal(t, "ordership_a.csv", string(got["ordership/ordership_a.csv"]))
}

func TestAHandlerErrorStopsAndLeavesTheFilePending(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.ExplicitTLS)
	base := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for i, name := range []string{"s1.csv", "s2.csv", "s3.csv"} {
		p := srv.Path("stock/" + name)
		require.NoError(t, os.WriteFile(p, []byte(name), 0o644))
		require.NoError(t, os.Chtimes(p, base.Add(time.Duration(i)*time.Minute), base.Add(time.Duration(i)*time.Minute)))
	}
	c := dialTest(t, srv.Config)
	boom := errors.New("database unavailable")
	var seen []string
	n, err := c.Receive(context.Background(), tempostar.KindStock, func(name string, r io.Reader) error {
		seen = append(seen, name)
		if name == "stock/s2.csv" {
			return boom
		}
		return nil
	})
	assert.Equal(t, 1, n)
	var he *tempostar.HandleError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, "stock/s2.csv", he.File)
	assert.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), "stock/s2.csv")
	assert.Equal(t, []string{"stock/s1.csv", "stock/s2.csv"}, seen, "the first error stops the run")
	assert.FileExists(t, srv.Path("stock/archive/s1.csv"))
	assert.FileExists(t, srv.Path("stock/s2.csv"), "a failed file stays pending")
	assert.FileExists(t, srv.Path("stock/s3.csv"))

	order, _ := receiveAll(t, c, tempostar.KindStock)
	assert.Equal(t, []string{"stock/s2.csv", "stock/s3.csv"}, order, "the next run offers the failed file again")
}

func TestAHandlerPanicLeavesTheFilePending(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.NoTLS)
	require.NoError(t, os.WriteFile(srv.Path("product/p.csv"), []byte("x"), 0o644))
	c := dialTest(t, srv.Config)
	func() {
		defer func() { assert.Equal(t, "crash", recover()) }()
		_, _ = c.Receive(context.Background(), tempostar.KindProducts, func(string, io.Reader) error { panic("crash") })
	}()
	assert.FileExists(t, srv.Path("product/p.csv"))
	order, _ := receiveAll(t, c, tempostar.KindProducts)
	assert.Equal(t, []string{"product/p.csv"}, order)
}

func TestAConnectionDroppedMidDownloadLeavesTheFilePending(t *testing.T) {
	t.Parallel()
	var fd *ftpxtest.FaultyDriver
	srv := startServer(t, tempostar.ImplicitTLS, ftpxtest.WithDriver(func(d server.Driver) server.Driver {
		fd = &ftpxtest.FaultyDriver{Driver: d, GetLimit: 1 << 20}
		return fd
	}))
	payload := ftpxtest.RandomBytes(t, 3<<20)
	require.NoError(t, os.WriteFile(srv.Path("stock/big.csv"), payload, 0o644))
	c := dialTest(t, srv.Config)

	called := false
	n, err := c.Receive(context.Background(), tempostar.KindStock, func(string, io.Reader) error {
		called = true
		return nil
	})
	require.Error(t, err)
	assert.Zero(t, n)
	assert.False(t, called, "a partial download must never reach the handler")
	assert.FileExists(t, srv.Path("stock/big.csv"))

	fd.Set(func(d *ftpxtest.FaultyDriver) { d.GetLimit = 0 })
	order, got := receiveAll(t, c, tempostar.KindStock)
	require.Equal(t, []string{"stock/big.csv"}, order, "the client reconnects and the file is still there")
	assert.True(t, bytes.Equal(payload, got["stock/big.csv"]))
}

func TestCancellingMidDownloadLeavesTheFilePendingAndTheClientUsable(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var fd *ftpxtest.FaultyDriver
	srv := startServer(t, tempostar.ExplicitTLS, ftpxtest.WithDriver(func(d server.Driver) server.Driver {
		fd = &ftpxtest.FaultyDriver{Driver: d, GetLimit: 512 << 10, OnGet: cancel}
		return fd
	}))
	require.NoError(t, os.WriteFile(srv.Path("orderstatus/st.csv"), ftpxtest.RandomBytes(t, 2<<20), 0o644))
	c := dialTest(t, srv.Config)

	_, err := c.Receive(ctx, tempostar.KindOrderStatus, func(string, io.Reader) error {
		t.Error("handler called for an interrupted download")
		return nil
	})
	require.ErrorIs(t, err, context.Canceled)
	assert.FileExists(t, srv.Path("orderstatus/st.csv"))

	fd.Set(func(d *ftpxtest.FaultyDriver) { d.GetLimit = 0 })
	order, _ := receiveAll(t, c, tempostar.KindOrderStatus)
	assert.Equal(t, []string{"orderstatus/st.csv"}, order)
}

func TestArchivingKeepsAnEarlierFileOfTheSameName(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.NoTLS)
	require.NoError(t, os.MkdirAll(srv.Path("stock/archive"), 0o755))
	require.NoError(t, os.WriteFile(srv.Path("stock/archive/s.csv"), []byte("first delivery"), 0o644))
	require.NoError(t, os.WriteFile(srv.Path("stock/s.csv"), []byte("second delivery"), 0o644))
	cfg := srv.Config
	cfg.Clock = func() time.Time { return time.Date(2026, 11, 23, 1, 2, 3, 0, time.UTC) }
	c := dialTest(t, cfg)
	receiveAll(t, c, tempostar.KindStock)

	b, err := os.ReadFile(srv.Path("stock/archive/s.csv"))
	require.NoError(t, err)
	assert.Equal(t, "first delivery", string(b))
	matches, err := filepath.Glob(srv.Path("stock/archive/s.csv.20261123100203_*"))
	require.NoError(t, err)
	require.Len(t, matches, 1)
	b, err = os.ReadFile(matches[0])
	require.NoError(t, err)
	assert.Equal(t, "second delivery", string(b))
}

func TestDeleteAfterReceiveRemovesHandledFiles(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.NoTLS)
	require.NoError(t, os.WriteFile(srv.Path("stock/s.csv"), []byte("x"), 0o644))
	cfg := srv.Config
	cfg.DeleteAfterReceive = true
	c := dialTest(t, cfg)
	order, _ := receiveAll(t, c, tempostar.KindStock)
	assert.Equal(t, []string{"stock/s.csv"}, order)
	assert.NoFileExists(t, srv.Path("stock/s.csv"))
	assert.NoDirExists(t, srv.Path("stock/archive"))
}

func TestLockMarkers(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.NoTLS)
	cfg := srv.Config
	cfg.LockMarker = true
	cfg.RequireLock = true
	c := dialTest(t, cfg)

	require.NoError(t, os.WriteFile(srv.Path("stock/unfinished.csv"), []byte("x"), 0o644))
	name, err := c.UploadStock(context.Background(), []tempostar.StockRecord{{Code: "A-1", Quantity: 3}})
	require.NoError(t, err)
	lock := strings.TrimSuffix(name, ".csv") + ".lock"
	info, err := os.Stat(srv.Path(lock))
	require.NoError(t, err, "the marker follows the file")
	assert.Zero(t, info.Size())

	order, _ := receiveAll(t, c, tempostar.KindStock)
	assert.Equal(t, []string{name}, order, "with RequireLock, files without a marker wait")
	assert.NoFileExists(t, srv.Path(lock), "the marker goes with its file")
	assert.FileExists(t, srv.Path("stock/unfinished.csv"))
}

func TestDialRefusesAWrongPassword(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.ExplicitTLS)
	cfg := srv.Config
	cfg.Password = "wrong"
	_, err := tempostar.Dial(context.Background(), cfg)
	require.ErrorIs(t, err, tempostar.ErrUnauthorized)
	assert.NotContains(t, err.Error(), "wrong")
}

func TestDialRejectsAnUntrustedCertificate(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.ImplicitTLS)
	cfg := srv.Config
	cfg.TLSConfig = nil // system roots do not trust the test certificate
	_, err := tempostar.Dial(context.Background(), cfg)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "certificate")
}

func TestCheckReportsFoldersWriteAccessAndAnUnknownQuota(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.ExplicitTLS)
	require.NoError(t, os.WriteFile(srv.Path("stock/s.csv"), []byte("x"), 0o644))
	require.NoError(t, os.WriteFile(srv.Path("stock/s.csv.tmp"), []byte("x"), 0o644))
	require.NoError(t, os.RemoveAll(srv.Path("product")))
	c := dialTest(t, srv.Config)

	rep, err := c.Check(context.Background())
	require.NoError(t, err)
	assert.True(t, rep.WriteChecked)
	assert.Equal(t, 1, rep.Folders["stock"])
	assert.Equal(t, 0, rep.Folders["order"])
	assert.Contains(t, rep.FolderErrors, "product")
	assert.False(t, rep.QuotaKnown, "goftp does not implement AVBL")
	assert.Equal(t, "unknown", rep.Quota())
	entries, err := os.ReadDir(srv.Path("order"))
	require.NoError(t, err)
	assert.Empty(t, entries, "the scratch file is deleted")
}

func TestOperationsAfterCloseFail(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.NoTLS)
	c, err := tempostar.Dial(context.Background(), srv.Config)
	require.NoError(t, err)
	require.NoError(t, c.Close())
	_, err = c.Pending(context.Background(), tempostar.KindStock)
	assert.ErrorIs(t, err, tempostar.ErrClosed)
}

func TestAFailedArchiveMoveLeavesTheFilePendingForTheNextRun(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.NoTLS)
	require.NoError(t, os.WriteFile(srv.Path("stock/s.csv"), []byte("A,1\r\n"), 0o644))
	require.NoError(t, os.WriteFile(srv.Path("blocked"), []byte("a file where the archive folder should be"), 0o644))
	cfg := srv.Config
	cfg.Dirs.Archive = "../blocked/archive" // stock/../blocked/archive cannot be created
	c := dialTest(t, cfg)

	calls := 0
	handle := func(string, io.Reader) error { calls++; return nil }
	n, err := c.Receive(context.Background(), tempostar.KindStock, handle)
	require.Error(t, err)
	assert.Zero(t, n, "a file that could not be moved does not count as received")
	assert.Contains(t, err.Error(), "still pending")
	assert.Equal(t, 1, calls)
	assert.FileExists(t, srv.Path("stock/s.csv"), "nothing is lost when the move fails")

	require.NoError(t, os.Remove(srv.Path("blocked")))
	n, err = c.Receive(context.Background(), tempostar.KindStock, handle)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, 2, calls, "at least once: the file is offered again")
	assert.FileExists(t, srv.Path("blocked/archive/s.csv"))
}

func TestCheckReportsTheFreeQuotaWhenTheServerDoes(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.ExplicitTLS, ftpxtest.WithAvailable(250<<20))
	c := dialTest(t, srv.Config)
	rep, err := c.Check(context.Background())
	require.NoError(t, err)
	assert.True(t, rep.WriteChecked)
	assert.True(t, rep.QuotaKnown)
	assert.Equal(t, int64(250<<20), rep.FreeBytes)
	assert.Equal(t, "262144000 bytes free", rep.Quota())
}
