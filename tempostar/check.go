package tempostar

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"path"
	"strconv"
	"strings"

	"github.com/jlaffaye/ftp"
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
	err := c.run(ctx, true, func(conn *ftp.ServerConn) error {
		for _, dir := range folders {
			entries, err := list(conn, dir)
			if err != nil {
				if brokenConn(err) {
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
	err = c.run(ctx, false, func(conn *ftp.ServerConn) error {
		if err := ftpError("STOR", scratch, conn.Stor(scratch, bytes.NewReader(payload))); err != nil {
			return err
		}
		size, ok, err := remoteSize(conn, scratch)
		if err != nil {
			return err
		}
		if !ok || size != int64(len(payload)) {
			return &SizeMismatchError{Path: scratch, Local: int64(len(payload)), Remote: size}
		}
		return ftpError("DELE", scratch, conn.Delete(scratch))
	})
	if err != nil {
		return rep, fmt.Errorf("write test: %w", errors.Join(err, c.removeTmp(context.WithoutCancel(ctx), scratch)))
	}
	rep.WriteChecked = true
	rep.FreeBytes, rep.QuotaKnown = queryAvailable(ctx, c.cfg)
	return rep, nil
}

// queryAvailable logs in on a short extra control connection (no data
// connection needed) and sends AVBL, which jlaffaye/ftp has no call for. Any
// failure means "unknown".
func queryAvailable(ctx context.Context, cfg Config) (int64, bool) {
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	d := net.Dialer{Timeout: cfg.Timeout}
	raw, err := d.DialContext(ctx, "tcp", net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)))
	if err != nil {
		return 0, false
	}
	stop := context.AfterFunc(ctx, func() { _ = raw.Close() })
	defer stop()
	defer func() { _ = raw.Close() }()
	var conn net.Conn = raw
	if cfg.TLS == ImplicitTLS {
		conn = tls.Client(raw, tlsConfig(cfg))
	}
	tp := textproto.NewConn(conn)
	if _, _, err := tp.ReadResponse(220); err != nil {
		return 0, false
	}
	if cfg.TLS == ExplicitTLS {
		if err := command(tp, 234, "AUTH TLS"); err != nil {
			return 0, false
		}
		tp = textproto.NewConn(tls.Client(raw, tlsConfig(cfg)))
	}
	if err := command(tp, 331, "USER %s", cfg.User); err != nil {
		return 0, false
	}
	if err := command(tp, 230, "PASS %s", cfg.Password); err != nil {
		return 0, false
	}
	defer func() { _ = command(tp, 221, "QUIT") }()
	id, err := tp.Cmd("AVBL")
	if err != nil {
		return 0, false
	}
	tp.StartResponse(id)
	code, msg, err := tp.ReadResponse(213)
	tp.EndResponse(id)
	if err != nil || code != 213 {
		return 0, false
	}
	return parseAvailable(msg)
}

// command sends one command and expects the reply code.
func command(tp *textproto.Conn, expect int, format string, args ...any) error {
	id, err := tp.Cmd(format, args...)
	if err != nil {
		return err
	}
	tp.StartResponse(id)
	defer tp.EndResponse(id)
	_, _, err = tp.ReadResponse(expect)
	return err
}

// parseAvailable reads the byte count of an AVBL reply text ("213 <bytes>").
func parseAvailable(msg string) (int64, bool) {
	fields := strings.Fields(msg)
	if len(fields) == 0 {
		return 0, false
	}
	n, err := strconv.ParseInt(fields[0], 10, 64)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}
