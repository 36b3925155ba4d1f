package ftpx

import (
	"errors"
	"io"
	"path"
	"strings"
	"time"

	"github.com/jlaffaye/ftp"
)

// List returns the entries of dir (MLSD when the server offers it, else LIST).
func (s *Conn) List(dir string) ([]*ftp.Entry, error) {
	entries, err := s.sc.List(dir)
	return entries, replyError("LIST", dir, err)
}

// Names returns the set of entry names in dir.
func (s *Conn) Names(dir string) (map[string]bool, error) {
	entries, err := s.List(dir)
	if err != nil {
		return nil, err
	}
	set := make(map[string]bool, len(entries))
	for _, e := range entries {
		set[e.Name] = true
	}
	return set, nil
}

// Size returns the size of p with SIZE, or from the folder listing when the
// server does not implement SIZE. ok is false when p does not exist.
func (s *Conn) Size(p string) (size int64, ok bool, err error) {
	n, err := s.sc.FileSize(p)
	err = replyError("SIZE", p, err)
	switch {
	case err == nil:
		return n, true, nil
	case Unsupported(err):
		return s.listedSize(p)
	case NotFound(err):
		return 0, false, nil
	}
	return 0, false, err
}

// listedSize looks p up in its folder's listing; ok is false when it is absent.
func (s *Conn) listedSize(p string) (size int64, ok bool, err error) {
	entries, err := s.List(path.Dir(p))
	if err != nil {
		return 0, false, err
	}
	base := path.Base(p)
	for _, e := range entries {
		if e.Name == base && e.Type == ftp.EntryTypeFile {
			return int64(e.Size), true, nil
		}
	}
	return 0, false, nil
}

// Stor uploads r to p (STOR, binary) and returns how many bytes were sent.
func (s *Conn) Stor(p string, r io.Reader) (int64, error) {
	cr := &countingReader{r: r}
	err := replyError("STOR", p, s.sc.Stor(p, cr))
	return cr.n, err
}

// Retr downloads p into w (RETR, binary) and returns how many bytes arrived.
func (s *Conn) Retr(p string, w io.Writer) (int64, error) {
	resp, err := s.sc.Retr(p)
	if err != nil {
		return 0, replyError("RETR", p, err)
	}
	n, copyErr := io.Copy(w, resp)
	closeErr := resp.Close()
	return n, replyError("RETR", p, errors.Join(copyErr, closeErr))
}

// Rename moves from to to (RNFR/RNTO).
func (s *Conn) Rename(from, to string) error {
	return replyError("RNFR/RNTO", from+" → "+to, s.sc.Rename(from, to))
}

// Delete removes p (DELE).
func (s *Conn) Delete(p string) error {
	return replyError("DELE", p, s.sc.Delete(p))
}

// MakeDir creates dir (MKD).
func (s *Conn) MakeDir(dir string) error {
	return replyError("MKD", dir, s.sc.MakeDir(dir))
}

// MakeDirAll creates dir and its missing parents; a refused MKD is fine when
// the folder then lists.
func (s *Conn) MakeDirAll(dir string) error {
	var prefix string
	if strings.HasPrefix(dir, "/") {
		prefix = "/"
	}
	for _, part := range strings.Split(strings.Trim(dir, "/"), "/") {
		prefix = path.Join(prefix, part)
		if err := s.MakeDir(prefix); err != nil {
			if _, lerr := s.List(prefix); lerr != nil {
				return err
			}
		}
	}
	return nil
}

// ModTime returns p's modification time (MDTM, UTC).
func (s *Conn) ModTime(p string) (time.Time, error) {
	t, err := s.sc.GetTime(p)
	return t, replyError("MDTM", p, err)
}

// PreciseListTimes reports whether List times come from MLSD (to the second,
// UTC) rather than LIST (often to the minute, in Config.ServerLocation).
func (s *Conn) PreciseListTimes() bool { return s.sc.IsTimePreciseInList() }

// ModTimeSupported reports whether the server offers MDTM.
func (s *Conn) ModTimeSupported() bool { return s.sc.IsGetTimeSupported() }

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
