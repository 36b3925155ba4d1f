package ftpx_test

import (
	"bufio"
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
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	go serveAVBL(l, "213 1073741824")
	cfg := ftpx.Config{Host: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port, User: "u", Password: "p", Timeout: 5 * time.Second}
	n, ok := ftpx.Available(context.Background(), cfg)
	assert.True(t, ok)
	assert.Equal(t, int64(1<<30), n)

	srv := ftpxtest.Start(t, ftpx.ExplicitTLS)
	_, ok = ftpx.Available(context.Background(), srv.Config())
	assert.False(t, ok, "goftp does not implement AVBL")
}

// serveAVBL answers one control connection: greeting, login, then avbl to
// AVBL and 221 to QUIT.
func serveAVBL(l net.Listener, avbl string) {
	c, err := l.Accept()
	if err != nil {
		return
	}
	defer c.Close()
	_, _ = io.WriteString(c, "220 ready\r\n")
	r := bufio.NewReader(c)
	replies := map[string]string{"USER": "331 password", "PASS": "230 in", "AVBL": avbl, "QUIT": "221 bye"}
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		verb, _, _ := strings.Cut(strings.TrimSpace(line), " ")
		reply, ok := replies[verb]
		if !ok {
			reply = "502 not implemented"
		}
		if _, err := io.WriteString(c, reply+"\r\n"); err != nil || verb == "QUIT" {
			return
		}
	}
}
