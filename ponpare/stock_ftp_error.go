package ponpare

import (
	"errors"
	"fmt"

	"github.com/mallkit/mallkit/internal/ftpx"
)

// StockFTPError is a failed exchange with the stock FTPS server. It matches
// ErrPreviousFileNotConsumed when the mall still has the last file,
// ErrUnauthorized when the server refused the stock API's login (530), and
// also ErrPasswordExpired when that refusal came after
// Credentials.ExpiresAt. Err is the cause: an *FTPError, *SizeMismatchError,
// *TLSSessionReuseError, *ExistsError, or a network or TLS error.
type StockFTPError struct {
	Op   string // "upload", "pending" or "cleanup"
	Host string
	Path string
	Err  error

	notConsumed, auth, expired bool
}

// Error names the operation, host and path, e.g. `ponpare: stock upload of
// /item.csv on ftps.ponparemall.com: previous stock file not consumed yet:
// ftp: remote file /item.csv already exists; refusing to overwrite it`.
func (e *StockFTPError) Error() string {
	msg := fmt.Sprintf("ponpare: stock %s of %s on %s: ", e.Op, e.Path, e.Host)
	switch {
	case e.notConsumed:
		msg += "previous stock file not consumed yet: "
	case e.expired:
		msg += "API password expired (re-issue it in ポンパレモールManager): "
	case e.auth:
		msg += "stock API login refused: "
	}
	return msg + e.Err.Error()
}

// Unwrap returns the cause.
func (e *StockFTPError) Unwrap() error { return e.Err }

// Is matches ErrPreviousFileNotConsumed, ErrUnauthorized and
// ErrPasswordExpired as described on the type, and ErrUnavailable when the
// server said it cannot serve now (FTP 421, 425, 426, 450, 451).
func (e *StockFTPError) Is(target error) bool {
	switch target {
	case ErrUnavailable:
		return errors.Is(e.Err, ftpx.ErrUnavailable)
	case ErrPreviousFileNotConsumed:
		return e.notConsumed
	case ErrUnauthorized:
		return e.auth
	case ErrPasswordExpired:
		return e.expired
	}
	return false
}

// FTPError is an FTP reply the stock exchange did not expect: Op, Path, and
// the server's Code and Message.
type FTPError = ftpx.FTPError

// TLSSessionReuseError reports that the FTPS server refused a data connection
// that did not resume the control connection's TLS session; Setting names
// the server option responsible.
type TLSSessionReuseError = ftpx.TLSSessionReuseError

// SizeMismatchError reports an upload whose size on the server differs from
// what was sent; the file never reaches its final name then.
type SizeMismatchError = ftpx.SizeMismatchError

// ExistsError reports a remote file that the upload refused to overwrite: the
// final path (then the error also matches ErrPreviousFileNotConsumed) or its
// ".tmp", left by an upload running elsewhere or by one that crashed.
type ExistsError = ftpx.ExistsError
