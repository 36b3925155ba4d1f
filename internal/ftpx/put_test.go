package ftpx_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"goftp.io/server/v2"

	"github.com/mallkit/mallkit/internal/ftpx"
	"github.com/mallkit/mallkit/internal/ftpx/ftpxtest"
)

func TestSeveralMegabytesTravelIntactBothWaysInEveryTLSMode(t *testing.T) {
	t.Parallel()
	for _, mode := range []ftpx.TLSMode{ftpx.NoTLS, ftpx.ExplicitTLS, ftpx.ImplicitTLS} {
		t.Run(mode.String(), func(t *testing.T) {
			t.Parallel()
			srv := ftpxtest.Start(t, mode)
			c := dialTest(t, srv.Config())
			payload := ftpxtest.RandomBytes(t, 4<<20+123)

			require.NoError(t, c.Put(context.Background(), "big.csv", bytes.NewReader(payload), ftpx.PutOptions{}))
			onDisk, err := os.ReadFile(srv.Path("big.csv"))
			require.NoError(t, err)
			require.True(t, bytes.Equal(payload, onDisk), "upload differs: %d bytes sent, %d stored", len(payload), len(onDisk))
			assert.NoFileExists(t, srv.Path("big.csv.tmp"))

			got := get(t, c, "big.csv")
			require.True(t, bytes.Equal(payload, got), "download differs: %d bytes", len(got))
		})
	}
}

func TestPutNeverOverwrites(t *testing.T) {
	t.Parallel()
	srv := ftpxtest.Start(t, ftpx.NoTLS)
	c := dialTest(t, srv.Config())
	tests := []struct {
		name     string
		existing string // created on the server before Put
		target   string
		marker   string
	}{
		{"final name taken", "a.csv", "a.csv", ""},
		{"upload in progress", "b.csv.tmp", "b.csv", ""},
		{"marker present", "c.lock", "c.csv", "c.lock"},
		{"in a folder", "dir/d.csv", "dir/d.csv", ""},
	}
	require.NoError(t, os.Mkdir(srv.Path("dir"), 0o755))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, os.WriteFile(srv.Path(tt.existing), []byte("original"), 0o644))
			err := c.Put(context.Background(), tt.target, strings.NewReader("replacement"), ftpx.PutOptions{Marker: tt.marker})
			var exists *ftpx.ExistsError
			require.ErrorAs(t, err, &exists)
			assert.Equal(t, tt.existing, exists.Path)
			assert.ErrorIs(t, err, ftpx.ErrExists)
			assert.Contains(t, err.Error(), tt.existing)
			b, err := os.ReadFile(srv.Path(tt.existing))
			require.NoError(t, err)
			assert.Equal(t, "original", string(b), "the existing file must be untouched")
		})
	}
	require.NoError(t, c.Put(context.Background(), "free.csv", strings.NewReader("x"), ftpx.PutOptions{}),
		"a refused overwrite leaves the connection usable")
}

func TestPutWritesTheMarkerAfterTheFile(t *testing.T) {
	t.Parallel()
	srv := ftpxtest.Start(t, ftpx.NoTLS)
	c := dialTest(t, srv.Config())
	require.NoError(t, c.Put(context.Background(), "/s.csv", strings.NewReader("A,1\r\n"), ftpx.PutOptions{Marker: "/s.lock"}))
	info, err := os.Stat(srv.Path("s.lock"))
	require.NoError(t, err)
	assert.Zero(t, info.Size())
	b, err := os.ReadFile(srv.Path("s.csv"))
	require.NoError(t, err)
	assert.Equal(t, "A,1\r\n", string(b))
}

func TestATruncatedUploadNeverAppearsUnderItsFinalName(t *testing.T) {
	t.Parallel()
	var fd *ftpxtest.FaultyDriver
	srv := ftpxtest.Start(t, ftpx.ExplicitTLS, ftpxtest.WithDriver(func(d server.Driver) server.Driver {
		fd = &ftpxtest.FaultyDriver{Driver: d, PutLimit: 1000}
		return fd
	}))
	c := dialTest(t, srv.Config())

	err := c.Put(context.Background(), "order1.csv", bytes.NewReader(ftpxtest.RandomBytes(t, 5000)), ftpx.PutOptions{})
	var sm *ftpx.SizeMismatchError
	require.ErrorAs(t, err, &sm)
	assert.Equal(t, "order1.csv.tmp", sm.Path)
	assert.Equal(t, int64(5000), sm.Local)
	assert.Equal(t, int64(1000), sm.Remote)
	assert.ErrorIs(t, err, ftpx.ErrSizeMismatch)
	assert.NoFileExists(t, srv.Path("order1.csv"))
	assert.NoFileExists(t, srv.Path("order1.csv.tmp"), "the .tmp must be removed")

	fd.Set(func(d *ftpxtest.FaultyDriver) { d.PutLimit = 0 })
	require.NoError(t, c.Put(context.Background(), "order1.csv", bytes.NewReader(ftpxtest.RandomBytes(t, 5000)), ftpx.PutOptions{}),
		"the same name is free again after a failed attempt")
}

func TestUploadSizeIsVerifiedFromTheListingWhenSIZEIsNotImplemented(t *testing.T) {
	t.Parallel()
	srv := ftpxtest.Start(t, ftpx.NoTLS)
	proxy := ftpxtest.StartControlProxy(t, srv.Port, map[string]string{"SIZE": "XSIZ"})
	cfg := srv.Config()
	cfg.Port = proxy.Port
	c := dialTest(t, cfg)
	payload := ftpxtest.RandomBytes(t, 300_000)
	require.NoError(t, c.Put(context.Background(), "no-size.csv", bytes.NewReader(payload), ftpx.PutOptions{}))
	got, err := os.ReadFile(srv.Path("no-size.csv"))
	require.NoError(t, err)
	assert.Equal(t, payload, got)

	err = c.Run(context.Background(), false, func(conn *ftpx.Conn) error {
		size, ok, err := conn.Size("no-size.csv")
		assert.True(t, ok)
		assert.Equal(t, int64(len(payload)), size)
		_, ok, _ = conn.Size("absent.csv")
		assert.False(t, ok)
		return err
	})
	require.NoError(t, err)
}

func TestPutRejectsInvalidPaths(t *testing.T) {
	t.Parallel()
	srv := ftpxtest.Start(t, ftpx.NoTLS)
	c := dialTest(t, srv.Config())
	for _, p := range []string{"", "dir/", "a\r\nDELE b"} {
		assert.Error(t, c.Put(context.Background(), p, strings.NewReader("x"), ftpx.PutOptions{}), "%q", p)
	}
	entries, err := os.ReadDir(srv.Root)
	require.NoError(t, err)
	assert.Empty(t, entries)
}

func TestAMarkerFailureSaysTheFileIsComplete(t *testing.T) {
	t.Parallel()
	srv := ftpxtest.Start(t, ftpx.NoTLS, ftpxtest.WithDriver(func(d server.Driver) server.Driver {
		return &ftpxtest.FaultyDriver{Driver: d, RefuseSuffix: ".lock"}
	}))
	c := dialTest(t, srv.Config())
	err := c.Put(context.Background(), "s.csv", strings.NewReader("A,1\r\n"), ftpx.PutOptions{Marker: "s.lock"})
	var me *ftpx.MarkerError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, "s.csv", me.Path)
	assert.Equal(t, "s.lock", me.Marker)
	var fe *ftpx.FTPError
	require.ErrorAs(t, err, &fe, "the server's reply stays reachable")
	assert.Equal(t, "STOR", fe.Op)
	b, err := os.ReadFile(srv.Path("s.csv"))
	require.NoError(t, err)
	assert.Equal(t, "A,1\r\n", string(b))
	assert.NoFileExists(t, srv.Path("s.lock"))
}
