package yahoo

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// TokenStore keeps a store's YConnect token across restarts. Load returns a
// nil token and a nil error when nothing has been saved yet. Save is called
// after the authorization-code exchange, after every refresh and when the
// session is found shortened; the token carries the refresh token's issue
// time and session length in its extras, so an implementation that
// serializes tokens itself should use MarshalToken and UnmarshalToken.
type TokenStore interface {
	Load(ctx context.Context) (*oauth2.Token, error)
	Save(ctx context.Context, tok *oauth2.Token) error
}

// MemoryTokenStore keeps the token in memory. It is safe for concurrent use.
type MemoryTokenStore struct {
	mu  sync.Mutex
	tok *oauth2.Token
}

// NewMemoryTokenStore returns an empty in-memory store.
func NewMemoryTokenStore() *MemoryTokenStore { return &MemoryTokenStore{} }

// Load returns a copy of the saved token, or nil.
func (s *MemoryTokenStore) Load(context.Context) (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok == nil {
		return nil, nil
	}
	cp := *s.tok
	return &cp, nil
}

// Save keeps a copy of tok.
func (s *MemoryTokenStore) Save(_ context.Context, tok *oauth2.Token) error {
	if tok == nil {
		return errors.New("yahoo: MemoryTokenStore.Save(nil)")
	}
	cp := *tok
	s.mu.Lock()
	s.tok = &cp
	s.mu.Unlock()
	return nil
}

// FileTokenStore keeps the token as JSON in one file, readable by its owner
// only (0600). Save writes a temporary file in the same directory and renames
// it over the old one, so a crash never leaves a half-written token. A
// process killed during Save leaves its temporary file (holding a full
// token) behind; the next Save or Load removes such files once they are
// older than StaleTempAge, so that a save running in another process at the
// same moment keeps its own. It is safe for concurrent use within one
// process.
type FileTokenStore struct {
	path string
	mu   sync.Mutex
}

// NewFileTokenStore returns a store at path. The directory must exist.
func NewFileTokenStore(path string) *FileTokenStore { return &FileTokenStore{path: path} }

// Load reads the token; a missing file is "nothing saved yet".
func (s *FileTokenStore) Load(context.Context) (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.removeStaleTemps()
	b, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("yahoo: token store: %w", err)
	}
	tok, err := UnmarshalToken(b)
	if err != nil {
		return nil, fmt.Errorf("yahoo: token store %s: %w", s.path, err)
	}
	return tok, nil
}

// Save writes tok atomically with mode 0600.
func (s *FileTokenStore) Save(_ context.Context, tok *oauth2.Token) error {
	b, err := MarshalToken(tok)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.removeStaleTemps()
	dir, base := s.dirBase()
	f, err := os.CreateTemp(dir, "."+base+tempInfix+"*"+tempSuffix)
	if err != nil {
		return fmt.Errorf("yahoo: token store: %w", err)
	}
	tmp := f.Name()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("yahoo: token store: %w", err)
	}
	if err := f.Chmod(0o600); err != nil {
		return fail(err)
	}
	if _, err := f.Write(b); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("yahoo: token store: %w", err)
	}
	if err := os.Rename(tmp, s.path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("yahoo: token store: %w", err)
	}
	return nil
}

// StaleTempAge is how old a FileTokenStore temporary file must be before
// Save or Load treats it as left by a crashed save and removes it. A live
// save holds its file for milliseconds.
const StaleTempAge = time.Minute

// Temporary files are ".<name>.<random>.tmp" beside the token file.
const (
	tempInfix  = "."
	tempSuffix = ".tmp"
)

func (s *FileTokenStore) dirBase() (dir, base string) {
	dir, base = filepath.Split(s.path)
	if dir == "" {
		dir = "."
	}
	return dir, base
}

// removeStaleTemps deletes the temporary files a crashed Save left, best
// effort: a failure to list or remove them never fails a Save or Load.
func (s *FileTokenStore) removeStaleTemps() {
	dir, base := s.dirBase()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := "." + base + tempInfix
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, tempSuffix) {
			continue
		}
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < StaleTempAge {
			continue
		}
		_ = os.Remove(filepath.Join(dir, name))
	}
}
