package ponpare

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/mallkit/mallkit/internal/ftpx"
)

// StockUploader puts the stock quantity CSV on the mall's FTPS area with the
// stock API's own credentials (在庫API; not the order API's). Each call opens
// its own connection, so a StockUploader is safe for concurrent use, but the
// mall takes one file at a time: run one uploader per shop.
type StockUploader struct {
	creds Credentials
	cfg   StockFTPConfig
}

// NewStockUploader checks the credentials and configuration (defaults
// applied; see StockFTPConfig) without connecting. creds are the 在庫API
// credentials; ShopURL is not used on FTP.
func NewStockUploader(creds Credentials, cfg StockFTPConfig) (*StockUploader, error) {
	creds.UserID = strings.TrimSpace(creds.UserID)
	creds.Password = strings.TrimSpace(creds.Password)
	if creds.UserID == "" || creds.Password == "" {
		return nil, errors.New("ponpare: stock credentials need UserID and Password")
	}
	cfg, err := cfg.resolve()
	if err != nil {
		return nil, err
	}
	return &StockUploader{creds: creds, cfg: cfg}, nil
}

// Config returns the configuration with its defaults applied.
func (u *StockUploader) Config() StockFTPConfig { return u.cfg }

// String describes the uploader by host, path and credentials, password
// redacted: without it, printing a StockUploader would print the password
// held in an unexported field.
func (u StockUploader) String() string {
	return fmt.Sprintf("ponpare.StockUploader{Host:%s Port:%d TLS:%s Path:%s Credentials:%s}",
		u.cfg.Host, u.cfg.Port, u.cfg.TLS, u.cfg.Path, u.creds)
}

// GoString keeps %#v from printing the password.
func (u StockUploader) GoString() string { return u.String() }

// Format keeps every fmt verb from printing the password.
func (u StockUploader) Format(f fmt.State, _ rune) { fmt.Fprint(f, u.String()) }

// MarshalJSON writes host, port, TLS mode, path and the redacted credentials.
func (u StockUploader) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Host        string
		Port        int
		TLS         string
		Path        string
		Credentials Credentials
	}{u.cfg.Host, u.cfg.Port, u.cfg.TLS.String(), u.cfg.Path, u.creds})
}

// LogValue keeps slog from printing the password.
func (u StockUploader) LogValue() slog.Value {
	return slog.GroupValue(slog.String("host", u.cfg.Host), slog.String("path", u.cfg.Path),
		slog.Any("credentials", u.creds))
}

// Upload publishes rows as the stock quantity file, the mall's FTPS bulk
// stock path (item.csv, as the public client uploaded it). It renders the
// rows with MarshalStockCSV first, so a bad row (*StockRowError) uploads
// nothing and opens no connection. Then, in one login:
//
//  1. it refuses while Path is still on the server, i.e. the mall has not
//     consumed the previous file (*StockFTPError matching
//     ErrPreviousFileNotConsumed; the file is left untouched);
//  2. writes Path+".tmp", checks its size on the server, and renames it to
//     Path, so the mall never sees a partial file; on failure the .tmp is
//     removed.
//
// The presence check is repeated just before the rename. A leftover ".tmp"
// (an upload running elsewhere, or one that crashed) is refused with an
// *ExistsError naming it. A login refusal matches ErrUnauthorized, and
// ErrPasswordExpired too once Credentials.ExpiresAt has passed. FTP
// operations: LIST, STOR, SIZE, RNFR/RNTO, DELE.
func (u *StockUploader) Upload(ctx context.Context, rows []StockRow) error {
	body, err := MarshalStockCSV(rows)
	if err != nil {
		return err
	}
	c, err := ftpx.Dial(ctx, u.cfg.transport(u.creds))
	if err != nil {
		return u.wrap("upload", err)
	}
	// The file is in place or the returned error says why; a failed QUIT
	// changes neither.
	defer func() { _ = c.Close() }()
	return u.wrap("upload", c.Put(ctx, u.cfg.Path, bytes.NewReader(body), ftpx.PutOptions{}))
}

// LeftoverPath is the temporary name Upload writes before renaming the file
// into place: a ".tmp" found there is an upload running elsewhere or one
// that crashed.
func (u *StockUploader) LeftoverPath() string { return u.cfg.Path + ftpx.TmpSuffix }

// RemoveLeftover deletes the ".tmp" (LeftoverPath) that a crashed upload
// left behind, so that Upload no longer refuses. Only a caller that knows no
// other upload to this shop runs now may call it (one writer per shop, as
// the sync engine's single push job per channel): the .tmp of an upload in
// progress elsewhere would be deleted under it. A missing .tmp is not an
// error. FTP operations: DELE.
func (u *StockUploader) RemoveLeftover(ctx context.Context) error {
	c, err := ftpx.Dial(ctx, u.cfg.transport(u.creds))
	if err != nil {
		return u.wrap("cleanup", err)
	}
	defer func() { _ = c.Close() }()
	err = c.Run(ctx, false, func(conn *ftpx.Conn) error {
		if err := conn.Delete(u.LeftoverPath()); err != nil && !ftpx.NotFound(err) {
			return err
		}
		return nil
	})
	return u.wrap("cleanup", err)
}

// Pending reports whether the previous stock file is still on the server,
// waiting for the mall to consume it; Upload refuses while it is. FTP
// operations: SIZE (LIST when SIZE is not implemented).
func (u *StockUploader) Pending(ctx context.Context) (bool, error) {
	c, err := ftpx.Dial(ctx, u.cfg.transport(u.creds))
	if err != nil {
		return false, u.wrap("pending", err)
	}
	defer func() { _ = c.Close() }() // a read-only exchange: its answer stands
	var present bool
	err = c.Run(ctx, true, func(conn *ftpx.Conn) error {
		var err error
		_, present, err = conn.Size(u.cfg.Path)
		return err
	})
	if err != nil {
		return false, u.wrap("pending", err)
	}
	return present, nil
}

// wrap turns a transport error into a *StockFTPError.
func (u *StockUploader) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	e := &StockFTPError{Op: op, Host: u.cfg.Host, Path: u.cfg.Path, Err: err}
	var exists *ftpx.ExistsError
	e.notConsumed = errors.As(err, &exists) && exists.Path == u.cfg.Path
	e.auth = errors.Is(err, ftpx.ErrUnauthorized)
	e.expired = e.auth && u.creds.PasswordStatus(u.cfg.Clock()).Expired
	return e
}
