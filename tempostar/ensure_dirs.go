package tempostar

import (
	"context"

	"github.com/mallkit/mallkit/internal/ftpx"
)

// EnsureDirs creates the configured folders (and their parents) where they
// are missing, for setting up a demo account or a test server. TEMPOSTAR
// provides its folders itself; uploads and Receive never create them (only
// the archive sub-folder). FTP operations: MKD, LIST.
func (c *Client) EnsureDirs(ctx context.Context) error {
	d := c.cfg.Dirs
	return c.ftp.Run(ctx, false, func(conn *ftpx.Conn) error {
		for _, dir := range []string{d.Orders, d.Stock, d.Shipments, d.Products, d.OrderStatus} {
			if err := conn.MakeDirAll(dir); err != nil {
				return err
			}
		}
		return nil
	})
}
