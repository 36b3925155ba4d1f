package ftpx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// TmpSuffix is appended to a file's name while Put uploads it.
const TmpSuffix = ".tmp"

// PutOptions adjust Put.
type PutOptions struct {
	// Marker, when set, is the path of an empty completion marker written
	// after the file is in place; Put also refuses to start while it exists.
	Marker string
}

// Put uploads body to remotePath atomically and never overwrites:
//
//  1. it refuses with *ExistsError when remotePath, remotePath+TmpSuffix or
//     the marker already exists (checked before and again right before the
//     rename; FTP offers no exclusive rename, so two writers racing for the
//     same fresh name within that window are not detected);
//  2. STOR remotePath+TmpSuffix;
//  3. verifies the remote size with SIZE, or the folder listing when SIZE is
//     not implemented (*SizeMismatchError on a difference);
//  4. RNFR/RNTO the .tmp to remotePath;
//  5. with a Marker, STOR an empty marker; failing that, the error is a
//     *MarkerError (the file itself is complete).
//
// On any failure after the STOR began and before the rename the .tmp is
// deleted (on a new connection if the old one broke), so a half-written file
// is never visible under its final name. FTP operations: LIST, STOR, SIZE,
// RNFR/RNTO, DELE.
func (c *Client) Put(ctx context.Context, remotePath string, body io.Reader, opt PutOptions) error {
	if remotePath == "" || strings.HasSuffix(remotePath, "/") || strings.ContainsAny(remotePath, "\r\n") {
		return fmt.Errorf("ftp: Put: invalid remote path %q", remotePath)
	}
	tmp := remotePath + TmpSuffix
	stored := false
	err := c.Run(ctx, false, func(conn *Conn) error {
		if err := refuseExisting(conn, remotePath, tmp, opt.Marker); err != nil {
			return err
		}
		stored = true
		n, err := conn.Stor(tmp, body)
		if err != nil {
			return err
		}
		size, ok, err := conn.Size(tmp)
		if err != nil {
			return err
		}
		if !ok || size != n {
			return &SizeMismatchError{Path: tmp, Local: n, Remote: size}
		}
		if err := refuseExisting(conn, remotePath, "", opt.Marker); err != nil {
			return err
		}
		if err := conn.Rename(tmp, remotePath); err != nil {
			return err
		}
		stored = false
		if opt.Marker != "" {
			if _, err := conn.Stor(opt.Marker, bytes.NewReader(nil)); err != nil {
				return &MarkerError{Path: remotePath, Marker: opt.Marker, Err: err}
			}
		}
		return nil
	})
	if err != nil && stored {
		if cerr := c.Cleanup(ctx, tmp); cerr != nil {
			err = errors.Join(err, cerr)
		}
	}
	if err == nil {
		c.cfg.Logger.Debug("ftp: uploaded", "host", c.cfg.Host, "path", remotePath)
	}
	return err
}

// refuseExisting returns *ExistsError when any of the non-empty paths is
// already in its folder.
func refuseExisting(conn *Conn, paths ...string) error {
	listed := map[string]map[string]bool{}
	for _, p := range paths {
		if p == "" {
			continue
		}
		dir := path.Dir(p)
		set, ok := listed[dir]
		if !ok {
			var err error
			if set, err = conn.Names(dir); err != nil {
				return err
			}
			listed[dir] = set
		}
		if set[path.Base(p)] {
			return &ExistsError{Path: p}
		}
	}
	return nil
}
