package tempostar

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path"

	"github.com/mallkit/mallkit/internal/ftpx"
)

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
//  5. with Config.LockMarker, STOR an empty lock marker ("x.csv" → "x.lock");
//     failing that, the error is a *MarkerError (the file itself is complete).
//
// On any failure before the rename the .tmp is deleted (on a new connection
// if the old one broke), so a half-written file is never visible under its
// final name. FTP operations: LIST, STOR, SIZE, RNFR/RNTO, DELE.
func (c *Client) Put(ctx context.Context, remotePath string, body io.Reader) error {
	var opt ftpx.PutOptions
	if c.cfg.LockMarker {
		opt.Marker = lockName(remotePath)
	}
	return c.ftp.Put(ctx, remotePath, body, opt) // logs "ftp: uploaded" to Config.Logger
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
		var me *MarkerError
		if errors.As(err, &me) {
			return p, err // the file is complete: uploading it again would duplicate it
		}
		return "", err
	}
	return p, nil
}

// UploadOrders writes rows as a 50-column order file (WriteOrderRows) into
// Dirs.Orders and returns its remote path, e.g.
// "order/order20261123194318_5f0c2a9e.csv". The upload is atomic and never
// overwrites (see Put). Rows are written in Config.Encoding. When only the
// lock marker fails, the path comes back with a *MarkerError: the orders are
// uploaded, and uploading them again would duplicate them. The other upload
// methods behave the same way.
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
