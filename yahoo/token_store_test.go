package yahoo_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/mallkit/mallkit/yahoo"
)

func TestTokenStoresKeepTheIssueTimeAndSession(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	issued := time.Date(2026, 1, 5, 10, 0, 0, 0, time.FixedZone("JST", 9*3600))
	stores := map[string]yahoo.TokenStore{
		"memory": yahoo.NewMemoryTokenStore(),
		"file":   yahoo.NewFileTokenStore(filepath.Join(t.TempDir(), "tok.json")),
	}
	for name, s := range stores {
		got, err := s.Load(ctx)
		require.NoError(t, err, name)
		assert.Nil(t, got, "%s: nothing saved yet", name)

		tok, err := yahoo.UnmarshalToken([]byte(`{"access_token":"AT","token_type":"Bearer","refresh_token":"RT","expiry":"2026-01-05T11:00:00+09:00","refresh_token_issued_at":"2026-01-05T10:00:00+09:00","short_session":true}`))
		require.NoError(t, err)
		require.NoError(t, s.Save(ctx, tok), name)
		got, err = s.Load(ctx)
		require.NoError(t, err, name)
		assert.Equal(t, "AT", got.AccessToken, name)
		assert.Equal(t, "RT", got.RefreshToken, name)
		assert.True(t, got.Expiry.Equal(issued.Add(time.Hour)), name)
		assert.True(t, yahoo.RefreshTokenIssued(got).Equal(issued), name)
		assert.True(t, yahoo.ShortSession(got), name)
	}
}

func TestFileTokenStoreWritesAtomicallyWithOwnerOnlyMode(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "tok.json")
	s := yahoo.NewFileTokenStore(path)
	require.NoError(t, os.WriteFile(path, []byte(`{"access_token":"old","refresh_token":"r"}`), 0o644))
	require.NoError(t, s.Save(ctx, &oauth2.Token{AccessToken: "new", RefreshToken: "r2"}))
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "replaced, not rewritten in place")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left behind")
	got, err := s.Load(ctx)
	require.NoError(t, err)
	assert.Equal(t, "new", got.AccessToken)

	require.NoError(t, os.WriteFile(path, []byte("{not json"), 0o600))
	_, err = s.Load(ctx)
	assert.ErrorContains(t, err, path)

	bad := yahoo.NewFileTokenStore(filepath.Join(dir, "missing-dir", "tok.json"))
	assert.Error(t, bad.Save(ctx, &oauth2.Token{AccessToken: "x"}))
}

func TestFileTokenStoreRemovesTempFilesOfACrashedSave(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "tok.json")
	// A process killed between writing its temporary file and renaming it
	// leaves a full token behind, named as Save names them.
	crashed := func(name string, age time.Duration) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(`{"access_token":"LEAKED","refresh_token":"LEAKED-RT"}`), 0o600))
		old := time.Now().Add(-age)
		require.NoError(t, os.Chtimes(p, old, old))
		return p
	}
	stale := crashed(".tok.json.123456.tmp", 2*yahoo.StaleTempAge)
	live := crashed(".tok.json.654321.tmp", 0) // another process saving right now
	other := crashed(".other.json.111.tmp", 2*yahoo.StaleTempAge)

	s := yahoo.NewFileTokenStore(path)
	got, err := s.Load(ctx)
	require.NoError(t, err)
	assert.Nil(t, got)
	assert.NoFileExists(t, stale, "Load removes what a crashed save left")
	assert.FileExists(t, live, "a save in progress keeps its file")
	assert.FileExists(t, other, "files of another store are not touched")

	stale = crashed(".tok.json.777.tmp", 2*yahoo.StaleTempAge)
	require.NoError(t, s.Save(ctx, &oauth2.Token{AccessToken: "new", RefreshToken: "r"}))
	assert.NoFileExists(t, stale, "Save removes it too")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.ElementsMatch(t, []string{"tok.json", filepath.Base(live), filepath.Base(other)}, names)
}
