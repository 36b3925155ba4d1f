package tempostar_test

import (
	"context"
	"io"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"goftp.io/server/v2"

	"github.com/mallkit/mallkit/internal/ftpx/ftpxtest"
	"github.com/mallkit/mallkit/tempostar"
)

func TestReceiveProcessesOnlyPlainFileNames(t *testing.T) {
	t.Parallel()
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) // older than the real file: listed first
	hostile := []string{"x/../../../../etc/passwd", "../up.csv", "stuck\r.csv", "tab\t.csv", "bell\x07.csv", "back\\slash.csv", " lead.csv", "bad\xff.csv"}
	var extra []fakeInfo
	for _, n := range hostile {
		extra = append(extra, fakeInfo{name: n, size: 1, mod: old})
	}
	srv := startServer(t, tempostar.NoTLS, ftpxtest.WithDriver(func(d server.Driver) server.Driver {
		return &extraEntries{Driver: d, dir: "stock", extra: extra}
	}))
	require.NoError(t, os.WriteFile(srv.Path("stock/s.csv"), []byte("A,1\r\n"), 0o644))
	c := dialTest(t, srv.Config)

	for run := range 2 {
		var seen []string
		n, err := c.Receive(context.Background(), tempostar.KindStock, func(name string, r io.Reader) error {
			seen = append(seen, name)
			_, err := io.Copy(io.Discard, r)
			return err
		})
		var skipped *tempostar.SkippedError
		require.ErrorAs(t, err, &skipped, "run %d", run)
		assert.ErrorIs(t, err, tempostar.ErrSkipped)
		assert.Equal(t, "stock", skipped.Dir)
		assert.ErrorIs(t, err, tempostar.ErrUnsafeName)
		var names []string
		for _, f := range skipped.Files {
			names = append(names, f.Name)
			assert.Contains(t, f.Reason, "not a plain file name")
		}
		assert.ElementsMatch(t, hostile, names, "every hostile name is reported as listed")
		if run == 0 {
			assert.Equal(t, 1, n, "the plain file is handled despite the others")
			assert.Equal(t, []string{"stock/s.csv"}, seen)
		} else {
			assert.Zero(t, n, "nothing is left but the skipped entries, which are never retried as paths")
		}
	}
	_, err := os.Stat(srv.Path("stock/archive/s.csv"))
	require.NoError(t, err)
}

func TestADownloadLongerThanListedIsCutOffAndSkipped(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.NoTLS, ftpxtest.WithDriver(func(d server.Driver) server.Driver {
		return &extraEntries{Driver: d, dir: "stock", sizes: map[string]int64{"liar.csv": 10}}
	}))
	require.NoError(t, os.WriteFile(srv.Path("stock/liar.csv"), make([]byte, 1<<20), 0o644))
	require.NoError(t, os.WriteFile(srv.Path("stock/ok.csv"), []byte("A,1\r\n"), 0o644))
	cfg := srv.Config
	c := dialTest(t, cfg)
	var seen []string
	n, err := c.Receive(context.Background(), tempostar.KindStock, func(name string, r io.Reader) error {
		seen = append(seen, name)
		_, err := io.Copy(io.Discard, r)
		return err
	})
	var skipped *tempostar.SkippedError
	require.ErrorAs(t, err, &skipped)
	require.Len(t, skipped.Files, 1)
	assert.Equal(t, "liar.csv", skipped.Files[0].Name)
	assert.Contains(t, skipped.Files[0].Reason, "size")
	assert.ErrorIs(t, err, tempostar.ErrSizeMismatch)
	assert.Equal(t, 1, n)
	assert.Equal(t, []string{"stock/ok.csv"}, seen, "the liar never reaches the handler and does not block ok.csv")
	_, err = os.Stat(srv.Path("stock/liar.csv"))
	assert.NoError(t, err, "left on the server")
}

func TestFilesOverMaxFileSizeAreSkippedUnread(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.NoTLS)
	require.NoError(t, os.WriteFile(srv.Path("stock/big.csv"), make([]byte, 100), 0o644))
	require.NoError(t, os.WriteFile(srv.Path("stock/small.csv"), make([]byte, 10), 0o644))
	cfg := srv.Config
	cfg.MaxFileSize = 50
	c := dialTest(t, cfg)
	files, err := c.Pending(context.Background(), tempostar.KindStock)
	var skipped *tempostar.SkippedError
	require.ErrorAs(t, err, &skipped)
	require.Len(t, files, 1)
	assert.Equal(t, "small.csv", files[0].Name)
	require.Len(t, skipped.Files, 1)
	assert.Equal(t, "big.csv", skipped.Files[0].Name)
	assert.Equal(t, int64(100), skipped.Files[0].Size)
	assert.Equal(t, "larger than MaxFileSize (50 bytes)", skipped.Files[0].Reason)
	var tooLarge *tempostar.ResponseTooLargeError
	require.ErrorAs(t, err, &tooLarge)
	assert.Equal(t, int64(50), tooLarge.Limit)
	assert.Equal(t, "RETR stock/big.csv", tooLarge.Operation)
	assert.ErrorIs(t, err, tempostar.ErrResponseTooLarge)
}

func TestPendingTakesTheOldestMaxFilesPerRun(t *testing.T) {
	t.Parallel()
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var extra []fakeInfo
	for i := range 50 {
		extra = append(extra, fakeInfo{name: "f" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ".csv", size: 1, mod: base.Add(time.Duration(50-i) * time.Hour)})
	}
	srv := startServer(t, tempostar.NoTLS, ftpxtest.WithDriver(func(d server.Driver) server.Driver {
		return &extraEntries{Driver: d, dir: "stock", extra: extra}
	}))
	cfg := srv.Config
	cfg.MaxFilesPerRun = 5
	c := dialTest(t, cfg)
	files, err := c.Pending(context.Background(), tempostar.KindStock)
	require.NoError(t, err)
	require.Len(t, files, 5)
	for i, f := range files {
		assert.Equal(t, extra[49-i].name, f.Name, "oldest first")
	}
}

func TestTheZeroTLSModeIsExplicitFTPS(t *testing.T) {
	t.Parallel()
	assert.Equal(t, tempostar.ExplicitTLS, tempostar.TLSMode(0))
	assert.Equal(t, tempostar.ExplicitTLS, tempostar.Config{}.TLS)

	tlsSrv := startServer(t, tempostar.ExplicitTLS)
	cfg := tlsSrv.Config
	cfg.TLS = 0
	c := dialTest(t, cfg)
	assert.Equal(t, tempostar.ExplicitTLS, c.Config().TLS)

	plain := startServer(t, tempostar.NoTLS)
	cfg = plain.Config
	cfg.TLS = 0
	_, err := tempostar.Dial(context.Background(), cfg)
	require.Error(t, err, "a plain-only server is refused: the password never crosses in clear")
}
