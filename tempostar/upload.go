package tempostar

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"github.com/jlaffaye/ftp"
)

// cleanupTimeout bounds the removal of a failed upload's .tmp file, which runs
// even when the caller's context has ended.
const cleanupTimeout = 10 * time.Second

// Put uploads body to remotePath atomically and never overwrites:
//
//  1. it refuses with *ExistsError when remotePath, remotePath+".tmp" or the
//     lock marker already exists (checked before and again right before the
//     rename; FTP offers no exclusive rename, so two writers racing for the
//     same fresh name within that window are not detected);
//  2. STOR remotePath+".tmp";
//  3. verifies the remote size with SIZE, or the folder listing when SIZE is
//     not implemented (*SizeMismatchError on a difference);
//  4. RNFR/RNTO the .tmp to remotePath;
//  5. with Config.LockMarker, STOR an empty lock marker ("x.csv" → "x.lock").
//
// On any failure before the rename the .tmp is deleted (on a new connection
// if the old one broke), so a half-written file is never visible under its
// final name. FTP operations: LIST, STOR, SIZE, RNFR/RNTO, DELE.
func (c *Client) Put(ctx context.Context, remotePath string, body io.Reader) error {
	if remotePath == "" || strings.HasSuffix(remotePath, "/") || strings.ContainsAny(remotePath, "\r\n") {
		return fmt.Errorf("tempostar: Put: invalid remote path %q", remotePath)
	}
	tmp := remotePath + tmpSuffix
	stored := false
	err := c.run(ctx, false, func(conn *ftp.ServerConn) error {
		if err := refuseExisting(conn, remotePath, true, c.cfg.LockMarker); err != nil {
			return err
		}
		cr := &countingReader{r: body}
		stored = true
		if err := ftpError("STOR", tmp, conn.Stor(tmp, cr)); err != nil {
			return err
		}
		size, ok, err := remoteSize(conn, tmp)
		if err != nil {
			return err
		}
		if !ok || size != cr.n {
			return &SizeMismatchError{Path: tmp, Local: cr.n, Remote: size}
		}
		if err := refuseExisting(conn, remotePath, false, c.cfg.LockMarker); err != nil {
			return err
		}
		if err := ftpError("RNFR/RNTO", tmp+" → "+remotePath, conn.Rename(tmp, remotePath)); err != nil {
			return err
		}
		stored = false
		if c.cfg.LockMarker {
			lock := lockName(remotePath)
			if err := ftpError("STOR", lock, conn.Stor(lock, bytes.NewReader(nil))); err != nil {
				return fmt.Errorf("%w (the file itself is complete at %s)", err, remotePath)
			}
		}
		return nil
	})
	if err != nil && stored {
		if cerr := c.removeTmp(context.WithoutCancel(ctx), tmp); cerr != nil {
			err = errors.Join(err, cerr)
		}
	}
	if err == nil {
		c.cfg.Logger.Debug("tempostar: uploaded", "path", remotePath)
	}
	return err
}

// refuseExisting returns *ExistsError when p, its .tmp (with tmp) or its lock
// marker (with lock) is already in p's folder.
func refuseExisting(conn *ftp.ServerConn, p string, tmp, lock bool) error {
	set, err := names(conn, path.Dir(p))
	if err != nil {
		return err
	}
	candidates := []string{p}
	if tmp {
		candidates = append(candidates, p+tmpSuffix)
	}
	if lock {
		candidates = append(candidates, lockName(p))
	}
	for _, q := range candidates {
		if set[path.Base(q)] {
			return &ExistsError{Path: q}
		}
	}
	return nil
}

// removeTmp deletes a failed upload's .tmp, tolerating its absence.
func (c *Client) removeTmp(ctx context.Context, tmp string) error {
	ctx, cancel := context.WithTimeout(ctx, cleanupTimeout)
	defer cancel()
	return c.run(ctx, true, func(conn *ftp.ServerConn) error {
		err := ftpError("DELE", tmp, conn.Delete(tmp))
		if err == nil || notFound(err) {
			return nil
		}
		return fmt.Errorf("removing the failed upload: %w", err)
	})
}

// upload writes a new file of kind k into its folder under a fresh FileName
// and returns the remote path.
func (c *Client) upload(ctx context.Context, k Kind, write func(w io.Writer, enc Encoding) error) (string, error) {
	var buf bytes.Buffer
	if err := write(&buf, c.cfg.Encoding); err != nil {
		return "", err
	}
	p := path.Join(c.cfg.Dirs.For(k), FileName(k, c.cfg.Clock(), c.cfg.Encoding))
	if err := c.Put(ctx, p, &buf); err != nil {
		return "", err
	}
	return p, nil
}

// UploadOrders writes rows as a 50-column order file (WriteOrderRows) into
// Dirs.Orders and returns its remote path, e.g.
// "order/order20261123194318_5f0c2a9e.csv". The upload is atomic and never
// overwrites (see Put). Rows are written in Config.Encoding.
func (c *Client) UploadOrders(ctx context.Context, rows []OrderRow) (remoteName string, err error) {
	return c.upload(ctx, KindOrders, func(w io.Writer, enc Encoding) error {
		return WriteOrderRows(w, rows, enc)
	})
}

// UploadStock writes a stock file (WriteStock) into Dirs.Stock, as the
// logistics role does, and returns its remote path. See Put.
func (c *Client) UploadStock(ctx context.Context, recs []StockRecord) (string, error) {
	return c.upload(ctx, KindStock, func(w io.Writer, enc Encoding) error {
		return WriteStock(w, recs, enc)
	})
}

// UploadShipments writes a shipment file (WriteShipments) into
// Dirs.Shipments and returns its remote path. See Put.
func (c *Client) UploadShipments(ctx context.Context, recs []ShipmentRecord) (string, error) {
	return c.upload(ctx, KindShipments, func(w io.Writer, enc Encoding) error {
		return WriteShipments(w, recs, enc)
	})
}

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
