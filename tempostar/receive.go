package tempostar

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"
	"time"

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
// the server's modification time, then by name), at most
// Config.MaxFilesPerRun of them. It ignores folders (the archive and log
// folders among them), uploads in progress (*.tmp), completion markers
// (*.lock) and hidden files; with Config.RequireLock it also skips files
// whose lock marker has not appeared yet.
//
// Entries that are not plain file names, and files over Config.MaxFileSize,
// are not returned: they come back as a *SkippedError next to the files,
// which are valid all the same.
//
// The listing is streamed: only the oldest MaxFilesPerRun candidates (and,
// with RequireLock, the names of the lock markers) are kept while it is
// read, so a folder of a million files costs memory for a thousand.
//
// Times come from MLSD when the server offers it, else from LIST in
// Config.ServerLocation, which has only minute precision, refined with MDTM
// (UTC, to the second) for the files selected; equal times fall back to the
// name, and upload names carry their creation time. FTP operations: MLSD or
// LIST, MDTM.
func (c *Client) Pending(ctx context.Context, k Kind) ([]RemoteFile, error) {
	if !k.valid() {
		return nil, fmt.Errorf("%w: unknown kind %d", ErrInvalidInput, int(k))
	}
	dir := c.cfg.Dirs.For(k)
	var files []RemoteFile
	var skipped *SkippedError
	err := c.ftp.Run(ctx, true, func(conn *ftpx.Conn) error {
		sel := newOldest(c.cfg.MaxFilesPerRun)
		skipped = &SkippedError{Dir: dir}
		locks := map[string]bool{}
		err := conn.ListEach(dir, func(e ftpx.Entry) error {
			if e.Dir {
				return nil
			}
			if strings.HasSuffix(e.Name, lockSuffix) && c.cfg.RequireLock {
				locks[e.Name] = true
			}
			if reason := unsafeName(e.Name); reason != "" {
				skipped.add(SkippedFile{Name: e.Name, Size: e.Size, Reason: reason, Err: ErrUnsafeName})
				return nil
			}
			if ignoredName(e.Name) {
				return nil
			}
			if e.Size > c.cfg.MaxFileSize {
				skipped.add(SkippedFile{Name: e.Name, Size: e.Size, Reason: fmt.Sprintf("larger than MaxFileSize (%d bytes)", c.cfg.MaxFileSize),
					Err: &ResponseTooLargeError{Operation: "RETR " + path.Join(dir, e.Name), Limit: c.cfg.MaxFileSize}})
				return nil
			}
			sel.offer(RemoteFile{Name: e.Name, Size: e.Size, ModTime: e.Time})
			return nil
		})
		if err != nil {
			return err
		}
		files = files[:0]
		for _, f := range sel.files {
			if c.cfg.RequireLock && !locks[lockName(f.Name)] {
				continue
			}
			f.Path = path.Join(dir, f.Name)
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
	slices.SortFunc(files, olderFirst)
	return files, skipped.orNil()
}

func olderFirst(a, b RemoteFile) int {
	return cmp.Or(a.ModTime.Compare(b.ModTime), cmp.Compare(a.Name, b.Name))
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
// Only plain file names are processed. Entries Pending skips (see there) and
// files whose download does not match the listed size (a truncated or
// over-long transfer, cut off at the listed size) are left on the server and
// reported together in one *SkippedError after the others were processed.
//
// It returns how many files were handled and moved. The first handle error
// stops the run and comes back as a *HandleError naming the file (joined with
// the *SkippedError, if any); other transfer errors come back as they are.
// FTP operations: MLSD/LIST, MDTM, RETR, MKD, SIZE, RNFR/RNTO or DELE.
func (c *Client) Receive(ctx context.Context, k Kind, handle func(name string, r io.Reader) error) (int, error) {
	c.receiveMu.Lock()
	defer c.receiveMu.Unlock()
	files, err := c.Pending(ctx, k)
	skipped := &SkippedError{Dir: c.cfg.Dirs.For(k)}
	if !errors.As(err, &skipped) && err != nil {
		return 0, err
	}
	handled := 0
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return handled, errors.Join(err, skipped.orNil())
		}
		err := c.receiveOne(ctx, k, f, handle)
		var mismatch *SizeMismatchError
		switch {
		case errors.As(err, &mismatch):
			skipped.add(SkippedFile{Name: f.Name, Size: f.Size, Reason: "download size differs from the listing: " + err.Error(), Err: mismatch})
			continue
		case err != nil:
			return handled, errors.Join(err, skipped.orNil())
		}
		handled++
	}
	return handled, skipped.orNil()
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
		cw := &capWriter{w: spool, left: f.Size}
		n, err := conn.Retr(f.Path, cw)
		if cw.over > 0 { // cut off: the reply may only say the transfer was aborted
			return &SizeMismatchError{Path: f.Path, Local: n + cw.over, Remote: f.Size}
		}
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
