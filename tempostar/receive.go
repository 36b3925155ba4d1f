package tempostar

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"time"

	"github.com/jlaffaye/ftp"

	"github.com/mallkit/mallkit/internal/ftpx"
)

// RemoteFile is a pending file on the server.
type RemoteFile struct {
	Path    string    // remote path, folder included
	Name    string    // base name
	Size    int64     // bytes, from the listing
	ModTime time.Time // the server's modification time
}

// Pending lists the files of kind k waiting in their folder, oldest first (by
// the server's modification time, then by name). It ignores folders (the
// archive and log folders among them), uploads in progress (*.tmp),
// completion markers (*.lock) and hidden files; with Config.RequireLock it
// also skips files whose lock marker has not appeared yet.
//
// Times come from MLSD when the server offers it, else from MDTM per file
// (both UTC, to the second), else from LIST in Config.ServerLocation, which
// has only minute precision; equal times fall back to the name, and upload
// names carry their creation time. FTP operations: MLSD or LIST, MDTM.
func (c *Client) Pending(ctx context.Context, k Kind) ([]RemoteFile, error) {
	if !k.valid() {
		return nil, fmt.Errorf("tempostar: unknown kind %d", int(k))
	}
	dir := c.cfg.Dirs.For(k)
	var files []RemoteFile
	err := c.ftp.Run(ctx, true, func(conn *ftpx.Conn) error {
		entries, err := conn.List(dir)
		if err != nil {
			return err
		}
		present := make(map[string]bool, len(entries))
		for _, e := range entries {
			present[e.Name] = true
		}
		files = files[:0]
		for _, e := range entries {
			if e.Type != ftp.EntryTypeFile || ignoredName(e.Name) {
				continue
			}
			if c.cfg.RequireLock && !present[lockName(e.Name)] {
				continue
			}
			f := RemoteFile{Path: path.Join(dir, e.Name), Name: e.Name, Size: int64(e.Size), ModTime: e.Time}
			if !conn.PreciseListTimes() && conn.ModTimeSupported() {
				t, err := conn.ModTime(f.Path)
				if err != nil {
					return err
				}
				f.ModTime = t
			}
			files = append(files, f)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(files, func(a, b RemoteFile) int {
		return cmp.Or(a.ModTime.Compare(b.ModTime), cmp.Compare(a.Name, b.Name))
	})
	return files, nil
}

// Receive handles each pending file of kind k, oldest first (see Pending): it
// downloads the file to a local spool file, checks that every byte arrived,
// calls handle with the remote path and the content, and only when handle
// returns nil moves the file into the folder's archive sub-folder (or deletes
// it, with Config.DeleteAfterReceive). Delivery is at least once: if handle
// fails, the process dies, or the connection drops at any point before the
// move, the file stays pending and the next Receive offers it again, so
// handle must be idempotent.
//
// It returns how many files were handled and moved. The first handle error
// stops the run and comes back as a *HandleError naming the file; transfer
// errors come back as they are (e.g. *SizeMismatchError for a truncated
// download). FTP operations: MLSD/LIST, MDTM, RETR, MKD, SIZE, RNFR/RNTO or
// DELE.
func (c *Client) Receive(ctx context.Context, k Kind, handle func(name string, r io.Reader) error) (int, error) {
	c.receiveMu.Lock()
	defer c.receiveMu.Unlock()
	files, err := c.Pending(ctx, k)
	if err != nil {
		return 0, err
	}
	handled := 0
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return handled, err
		}
		if err := c.receiveOne(ctx, k, f, handle); err != nil {
			return handled, err
		}
		handled++
	}
	return handled, nil
}

// receiveOne downloads, handles and archives one file.
func (c *Client) receiveOne(ctx context.Context, k Kind, f RemoteFile, handle func(string, io.Reader) error) error {
	spool, err := c.download(ctx, f)
	if err != nil {
		return err
	}
	defer func() {
		_ = spool.Close()
		_ = os.Remove(spool.Name())
	}()
	if err := handle(f.Path, spool); err != nil {
		return &HandleError{File: f.Path, Err: err}
	}
	if err := c.archive(ctx, k, f); err != nil {
		return fmt.Errorf("%w (handled, but still pending: it will be offered again)", err)
	}
	c.cfg.Logger.Debug("tempostar: received", "path", f.Path, "bytes", f.Size)
	return nil
}

// download copies f into a new spool file, rewound, and verifies its length
// against the listing.
func (c *Client) download(ctx context.Context, f RemoteFile) (*os.File, error) {
	spool, err := os.CreateTemp(c.cfg.SpoolDir, "tempostar-*.spool")
	if err != nil {
		return nil, fmt.Errorf("tempostar: spool for %s: %w", f.Path, err)
	}
	fail := func(err error) (*os.File, error) {
		_ = spool.Close()
		_ = os.Remove(spool.Name())
		return nil, err
	}
	err = c.ftp.Run(ctx, true, func(conn *ftpx.Conn) error {
		if err := spool.Truncate(0); err != nil {
			return err
		}
		if _, err := spool.Seek(0, io.SeekStart); err != nil {
			return err
		}
		n, err := conn.Retr(f.Path, spool)
		if err != nil {
			return err
		}
		if n != f.Size {
			return &SizeMismatchError{Path: f.Path, Local: n, Remote: f.Size}
		}
		return nil
	})
	if err != nil {
		return fail(err)
	}
	if _, err := spool.Seek(0, io.SeekStart); err != nil {
		return fail(err)
	}
	return spool, nil
}

// archive moves a handled file into the archive sub-folder (keeping its name,
// or adding a time suffix when the archive already holds that name), or
// deletes it with DeleteAfterReceive; a lock marker goes with it.
func (c *Client) archive(ctx context.Context, k Kind, f RemoteFile) error {
	dir := c.cfg.Dirs.For(k)
	return c.ftp.Run(ctx, false, func(conn *ftpx.Conn) error {
		if c.cfg.DeleteAfterReceive {
			if err := conn.Delete(f.Path); err != nil {
				return err
			}
		} else {
			archive := path.Join(dir, c.cfg.Dirs.Archive)
			if err := conn.MakeDir(archive); err != nil && !ftpx.Refused(err) {
				return err // a refusal means it exists; the rename below tells otherwise
			}
			target := path.Join(archive, f.Name)
			_, exists, err := conn.Size(target)
			if err != nil {
				return err
			}
			if exists {
				target += "." + c.cfg.Clock().In(jstLocation).Format(nameTimeLayout) + "_" + randomSuffix()
			}
			if err := conn.Rename(f.Path, target); err != nil {
				return err
			}
		}
		if !c.cfg.RequireLock {
			return nil
		}
		lock := path.Join(dir, lockName(f.Name))
		err := conn.Delete(lock)
		if ftpx.NotFound(err) {
			return nil
		}
		return err
	})
}
