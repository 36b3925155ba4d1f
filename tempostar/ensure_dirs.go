package tempostar

import (
	"context"
	"path"
	"strings"

	"github.com/jlaffaye/ftp"
)

// EnsureDirs creates the configured folders (and their parents) where they
// are missing, for setting up a demo account or a test server. TEMPOSTAR
// provides its folders itself; uploads and Receive never create them (only
// the archive sub-folder). FTP operations: MKD, LIST.
func (c *Client) EnsureDirs(ctx context.Context) error {
	d := c.cfg.Dirs
	return c.run(ctx, false, func(conn *ftp.ServerConn) error {
		for _, dir := range []string{d.Orders, d.Stock, d.Shipments, d.Products, d.OrderStatus} {
			if err := makeDirAll(conn, dir); err != nil {
				return err
			}
		}
		return nil
	})
}

// makeDirAll creates dir and its missing parents; a refused MKD is fine when
// the folder then lists.
func makeDirAll(conn *ftp.ServerConn, dir string) error {
	var prefix string
	if strings.HasPrefix(dir, "/") {
		prefix = "/"
	}
	for _, part := range strings.Split(strings.Trim(dir, "/"), "/") {
		prefix = path.Join(prefix, part)
		if err := ftpError("MKD", prefix, conn.MakeDir(prefix)); err != nil {
			if _, lerr := list(conn, prefix); lerr != nil {
				return err
			}
		}
	}
	return nil
}
