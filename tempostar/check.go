package tempostar

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path"
	"strconv"

	"github.com/jlaffaye/ftp"

	"github.com/mallkit/mallkit/internal/ftpx"
)

// CheckReport is what Check found.
type CheckReport struct {
	// Folders maps each configured folder to the number of pending-looking
	// files in it, or is missing the folder when listing it failed (see
	// FolderErrors).
	Folders map[string]int
	// FolderErrors maps folders that could not be listed to the error.
	FolderErrors map[string]error
	// WriteChecked reports that a scratch file was written to and deleted
	// from the orders folder.
	WriteChecked bool
	// FreeBytes is the free space the server reports; valid only when
	// QuotaKnown. Servers report it through AVBL (draft-peterson streamlined
	// FTP extensions); most, vsftpd among them, do not, and the quota is then
	// unknown.
	FreeBytes  int64
	QuotaKnown bool
}

// Quota returns the free space as text: "unknown" or a byte count.
func (r CheckReport) Quota() string {
	if !r.QuotaKnown {
		return "unknown"
	}
	return strconv.FormatInt(r.FreeBytes, 10) + " bytes free"
}

// Check tests the account end to end: it logs in (reusing or redialing the
// connection), lists every configured folder, writes a tiny scratch file
// ".tempostar-check-<random>.tmp" into the orders folder and deletes it, and
// asks for the free quota with AVBL on a separate short connection. It
// returns an error when login or the write test fails; unlistable folders are
// reported in CheckReport.FolderErrors (a cart account need not have every
// folder). FTP operations: LIST, STOR, SIZE, DELE, AVBL.
func (c *Client) Check(ctx context.Context) (CheckReport, error) {
	rep := CheckReport{Folders: map[string]int{}, FolderErrors: map[string]error{}}
	d := c.cfg.Dirs
	folders := []string{d.Orders, d.Stock, d.Shipments, d.Products, d.OrderStatus}
	err := c.ftp.Run(ctx, true, func(conn *ftpx.Conn) error {
		for _, dir := range folders {
			entries, err := conn.List(dir)
			if err != nil {
				if ftpx.Broken(err) {
					return err
				}
				rep.FolderErrors[dir] = err
				continue
			}
			n := 0
			for _, e := range entries {
				if e.Type == ftp.EntryTypeFile && !ignoredName(e.Name) {
					n++
				}
			}
			rep.Folders[dir] = n
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	scratch := path.Join(d.Orders, ".tempostar-check-"+randomSuffix()+tmpSuffix)
	payload := []byte("mallkit tempostar check\r\n")
	err = c.ftp.Run(ctx, false, func(conn *ftpx.Conn) error {
		if _, err := conn.Stor(scratch, bytes.NewReader(payload)); err != nil {
			return err
		}
		size, ok, err := conn.Size(scratch)
		if err != nil {
			return err
		}
		if !ok || size != int64(len(payload)) {
			return &SizeMismatchError{Path: scratch, Local: int64(len(payload)), Remote: size}
		}
		return conn.Delete(scratch)
	})
	if err != nil {
		return rep, fmt.Errorf("write test: %w", errors.Join(err, c.ftp.Cleanup(ctx, scratch)))
	}
	rep.WriteChecked = true
	rep.FreeBytes, rep.QuotaKnown = ftpx.Available(ctx, c.cfg.transport())
	return rep, nil
}
