package ftpx_test

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jlaffaye/ftp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"goftp.io/server/v2"

	"github.com/mallkit/mallkit/internal/ftpx"
	"github.com/mallkit/mallkit/internal/ftpx/ftpxtest"
)

func TestReadOnlyStepsAreRetriedOnAFreshConnectionAfterADrop(t *testing.T) {
	t.Parallel()
	srv := ftpxtest.Start(t, ftpx.NoTLS)
	proxy := ftpxtest.StartControlProxy(t, srv.Port, nil)
	cfg := srv.Config()
	cfg.Port = proxy.Port
	c := dialTest(t, cfg)
	require.NoError(t, os.WriteFile(srv.Path("s.csv"), []byte("A,1\r\n"), 0o644))

	list := func(conn *ftpx.Conn) error {
		names, err := conn.Names("/")
		if err == nil && !names["s.csv"] {
			return errors.New("s.csv not listed")
		}
		return err
	}
	proxy.DropAll()
	require.NoError(t, c.Run(context.Background(), true, list), "retried once on a fresh connection")

	proxy.DropAll()
	err := c.Run(context.Background(), false, list)
	require.Error(t, err, "without retry the broken connection's error comes back")
	assert.True(t, ftpx.Broken(err))
	require.NoError(t, c.Run(context.Background(), false, list), "and the next operation dials anew")
}

func TestARefusalKeepsTheConnectionAndIsNotRetried(t *testing.T) {
	t.Parallel()
	srv := ftpxtest.Start(t, ftpx.NoTLS)
	c := dialTest(t, srv.Config())
	calls := 0
	err := c.Run(context.Background(), true, func(conn *ftpx.Conn) error {
		calls++
		return conn.Delete("absent.csv")
	})
	var fe *ftpx.FTPError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "DELE", fe.Op)
	assert.Equal(t, "absent.csv", fe.Path)
	assert.True(t, ftpx.NotFound(err))
	assert.Equal(t, 1, calls)
	assert.NoError(t, c.Cleanup(context.Background(), "absent.csv"), "Cleanup tolerates absence")
}

func TestCancellingMidDownloadCutsTheConnectionAndTheClientRecovers(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var fd *ftpxtest.FaultyDriver
	srv := ftpxtest.Start(t, ftpx.ExplicitTLS, ftpxtest.WithDriver(func(d server.Driver) server.Driver {
		fd = &ftpxtest.FaultyDriver{Driver: d, GetLimit: 512 << 10, OnGet: cancel}
		return fd
	}))
	payload := ftpxtest.RandomBytes(t, 2<<20)
	require.NoError(t, os.WriteFile(srv.Path("st.csv"), payload, 0o644))
	c := dialTest(t, srv.Config())

	err := c.Run(ctx, true, func(conn *ftpx.Conn) error {
		_, err := conn.Retr("st.csv", io.Discard)
		return err
	})
	require.ErrorIs(t, err, context.Canceled)

	fd.Set(func(d *ftpxtest.FaultyDriver) { d.GetLimit = 0 })
	assert.Equal(t, payload, get(t, c, "st.csv"))
}

func TestDialRefusesAWrongPasswordWithoutPrintingIt(t *testing.T) {
	t.Parallel()
	srv := ftpxtest.Start(t, ftpx.ExplicitTLS)
	cfg := srv.Config()
	cfg.Password = "wrong-pass-123"
	_, err := ftpx.Dial(context.Background(), cfg)
	require.ErrorIs(t, err, ftpx.ErrUnauthorized)
	var fe *ftpx.FTPError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, 530, fe.Code)
	assert.NotContains(t, err.Error(), "wrong-pass-123")
	assert.Contains(t, err.Error(), ftpxtest.User)
}

func TestDialRejectsAnUntrustedCertificate(t *testing.T) {
	t.Parallel()
	for _, mode := range []ftpx.TLSMode{ftpx.ExplicitTLS, ftpx.ImplicitTLS} {
		srv := ftpxtest.Start(t, mode)
		cfg := srv.Config()
		cfg.TLSConfig = nil // system roots do not trust the test certificate
		_, err := ftpx.Dial(context.Background(), cfg)
		require.Error(t, err, mode)
		assert.Contains(t, err.Error(), "certificate", mode)
	}
}

func TestDialHonoursTheContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	srv := ftpxtest.Start(t, ftpx.NoTLS)
	_, err := ftpx.Dial(ctx, srv.Config())
	assert.ErrorIs(t, err, context.Canceled)
}

func TestOperationsAfterCloseFail(t *testing.T) {
	t.Parallel()
	srv := ftpxtest.Start(t, ftpx.NoTLS)
	c, err := ftpx.Dial(context.Background(), srv.Config())
	require.NoError(t, err)
	require.NoError(t, c.Close())
	require.NoError(t, c.Close(), "Close is idempotent")
	err = c.Run(context.Background(), true, func(*ftpx.Conn) error { return nil })
	assert.ErrorIs(t, err, ftpx.ErrClosed)
}

func TestMakeDirAllAndModificationTimes(t *testing.T) {
	t.Parallel()
	srv := ftpxtest.Start(t, ftpx.NoTLS)
	require.NoError(t, os.Mkdir(srv.Path("a"), 0o755))
	mod := time.Date(2026, 11, 23, 1, 2, 3, 0, time.UTC)
	require.NoError(t, os.WriteFile(srv.Path("a/f.csv"), []byte("x"), 0o644))
	require.NoError(t, os.Chtimes(srv.Path("a/f.csv"), mod, mod))
	c := dialTest(t, srv.Config())
	err := c.Run(context.Background(), false, func(conn *ftpx.Conn) error {
		if err := conn.MakeDirAll("/a/b/c"); err != nil {
			return err
		}
		got, err := conn.ModTime("a/f.csv")
		if !conn.ModTimeSupported() { // goftp offers no MDTM: a plain error, the connection stays
			assert.Error(t, err)
			entries, err := conn.List("a")
			i := slices.IndexFunc(entries, func(e *ftp.Entry) bool { return e.Name == "f.csv" })
			require.GreaterOrEqual(t, i, 0)
			assert.True(t, conn.PreciseListTimes(), "goftp lists with MLSD")
			assert.True(t, mod.Equal(entries[i].Time), entries[i].Time)
			return err
		}
		assert.True(t, mod.Equal(got), got)
		return err
	})
	require.NoError(t, err)
	assert.DirExists(t, srv.Path("a/b/c"))
}

func TestAvailableReadsAnAVBLReplyAndIsUnknownOtherwise(t *testing.T) {
	t.Parallel()
	for _, mode := range []ftpx.TLSMode{ftpx.NoTLS, ftpx.ExplicitTLS, ftpx.ImplicitTLS} {
		srv := ftpxtest.Start(t, mode, ftpxtest.WithAvailable(1<<30))
		n, ok := ftpx.Available(context.Background(), srv.Config())
		assert.True(t, ok, mode)
		assert.Equal(t, int64(1<<30), n, mode)
	}

	srv := ftpxtest.Start(t, ftpx.ExplicitTLS)
	_, ok := ftpx.Available(context.Background(), srv.Config())
	assert.False(t, ok, "goftp does not implement AVBL")
	cfg := srv.Config()
	cfg.Password = "wrong"
	_, ok = ftpx.Available(context.Background(), cfg)
	assert.False(t, ok, "a refused login means unknown")
}

func TestWorkCompletedBeforeACancellationIsReportedAsDone(t *testing.T) {
	t.Parallel()
	srv := ftpxtest.Start(t, ftpx.NoTLS)
	c := dialTest(t, srv.Config())
	ctx, cancel := context.WithCancel(context.Background())
	err := c.Run(ctx, false, func(conn *ftpx.Conn) error {
		if _, err := conn.Stor("done.csv", strings.NewReader("A,1\r\n")); err != nil {
			return err
		}
		cancel() // the caller gives up just as the work completes
		return nil
	})
	require.NoError(t, err, "the file is stored: an error would invite a duplicate upload")
	assert.FileExists(t, srv.Path("done.csv"))
	require.NoError(t, c.Run(context.Background(), false, func(conn *ftpx.Conn) error {
		_, err := conn.Names("/")
		return err
	}), "the cut connection is replaced")
}

func TestAStalledServerFailsWithinTheTimeout(t *testing.T) {
	t.Parallel()
	const timeout = 300 * time.Millisecond

	t.Run("silent at the greeting", func(t *testing.T) {
		t.Parallel()
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		conns := make(chan net.Conn, 8)
		go func() { // accepts, then says nothing
			for {
				c, err := l.Accept()
				if err != nil {
					return
				}
				conns <- c
			}
		}()
		t.Cleanup(func() {
			_ = l.Close()
			for {
				select {
				case c := <-conns:
					_ = c.Close()
				default:
					return
				}
			}
		})
		start := time.Now()
		_, err = ftpx.Dial(context.Background(), ftpx.Config{Host: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port,
			User: "u", Password: "p", Timeout: timeout})
		require.Error(t, err)
		assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
		assert.Less(t, time.Since(start), 10*timeout)
	})

	t.Run("silent mid-download", func(t *testing.T) {
		t.Parallel()
		var fd *ftpxtest.FaultyDriver
		srv := ftpxtest.Start(t, ftpx.ExplicitTLS, ftpxtest.WithDriver(func(d server.Driver) server.Driver {
			fd = &ftpxtest.FaultyDriver{Driver: d, GetLimit: 256 << 10, GetStall: 20 * timeout}
			return fd
		}))
		payload := ftpxtest.RandomBytes(t, 1<<20)
		require.NoError(t, os.WriteFile(srv.Path("slow.csv"), payload, 0o644))
		cfg := srv.Config()
		cfg.Timeout = timeout
		c := dialTest(t, cfg)

		start := time.Now()
		err := c.Run(context.Background(), false, func(conn *ftpx.Conn) error {
			_, err := conn.Retr("slow.csv", io.Discard)
			return err
		})
		require.Error(t, err)
		assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
		assert.Less(t, time.Since(start), 10*timeout, "the stall is cut by the timeout, not waited out")

		fd.Set(func(d *ftpxtest.FaultyDriver) { d.GetLimit = 0 })
		assert.Equal(t, payload, get(t, c, "slow.csv"), "the next operation reconnects")
	})
}
