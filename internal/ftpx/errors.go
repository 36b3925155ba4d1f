package ftpx

import (
	"errors"
	"fmt"
	"net/textproto"
	"strings"
)

// Sentinels for errors.Is. The typed errors below match them.
var (
	// ErrUnauthorized: the server refused the user name or password (530).
	ErrUnauthorized = errors.New("ftp: login refused")
	// ErrTLSSessionReuse: the server requires TLS session reuse on data
	// connections and this client's resumption was refused.
	ErrTLSSessionReuse = errors.New("ftp: server requires TLS session reuse")
	// ErrExists: an upload's final name (or its .tmp) already exists remotely.
	ErrExists = errors.New("ftp: remote file exists")
	// ErrSizeMismatch: a transferred file's size differs on the two ends.
	ErrSizeMismatch = errors.New("ftp: size mismatch")
	// ErrQuotaExceeded: the server reported that its storage is full (452/552).
	ErrQuotaExceeded = errors.New("ftp: storage quota exceeded")
	// ErrClosed: the Client was closed.
	ErrClosed = errors.New("ftp: client closed")
	// ErrUnavailable: the server said it cannot serve now (421 service not
	// available, 425/426 data connection failures, 450/451 local errors);
	// trying again later may succeed.
	ErrUnavailable = errors.New("ftp: service unavailable")
)

// FTPError is an FTP reply the operation did not expect. Code and Message are
// the server's; Op and Path say what was being done.
type FTPError struct {
	Op      string // e.g. "STOR", "RNFR/RNTO", "LIST"
	Path    string
	Code    int
	Message string
}

// Error formats e.g. `ftp: STOR order/x.csv.tmp: 553 Could not create file`.
func (e *FTPError) Error() string {
	return fmt.Sprintf("ftp: %s %s: %d %s", e.Op, e.Path, e.Code, e.Message)
}

// Is matches ErrUnauthorized for 530 and ErrQuotaExceeded for 452/552.
func (e *FTPError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.Code == 530
	case ErrQuotaExceeded:
		return e.Code == 452 || e.Code == 552
	case ErrUnavailable:
		switch e.Code {
		case 421, 425, 426, 450, 451:
			return true
		}
	}
	return false
}

// TLSSessionReuseError reports that the server refused a data connection
// because its TLS session was not resumed from the control connection
// ("522 SSL connection failed: session reuse required", "425 … TLS session of
// data connection not resumed"). The client always tries to resume (see
// Config.TLSConfig); when this still happens, either the server needs
// session-ID resumption, which Go's crypto/tls does not implement, or a TLS
// 1.3 ticket was not accepted. Fixes: keep TLSConfig.MaxVersion at TLS 1.2
// (the default), do not disable session tickets, or ask the operator to relax
// the setting named in Setting.
type TLSSessionReuseError struct {
	Op      string
	Path    string
	Code    int
	Message string
	// Setting names the server option that enforces reuse, as far as the
	// reply reveals the server.
	Setting string
}

// Error names the server setting, e.g. `ftp: LIST stock: the server requires
// the FTPS data connection to resume the control connection's TLS session
// (vsftpd require_ssl_reuse=YES): 522 SSL connection failed…`.
func (e *TLSSessionReuseError) Error() string {
	return fmt.Sprintf("ftp: %s %s: the server requires the FTPS data connection to resume the control connection's TLS session (%s): %d %s",
		e.Op, e.Path, e.Setting, e.Code, e.Message)
}

// Unwrap returns ErrTLSSessionReuse.
func (e *TLSSessionReuseError) Unwrap() error { return ErrTLSSessionReuse }

// ExistsError reports that Put refused to overwrite a remote file.
type ExistsError struct {
	Path string // the remote path that exists
}

// Error names the path.
func (e *ExistsError) Error() string {
	return fmt.Sprintf("ftp: remote file %s already exists; refusing to overwrite it", e.Path)
}

// Unwrap returns ErrExists.
func (e *ExistsError) Unwrap() error { return ErrExists }

// SizeMismatchError reports a transfer whose byte count differs between the
// two ends: a truncated upload or download. Put never leaves a truncated
// upload under its final name.
type SizeMismatchError struct {
	Path   string
	Local  int64 // bytes sent or received here
	Remote int64 // bytes the server reports
}

// Error names the path and both sizes.
func (e *SizeMismatchError) Error() string {
	return fmt.Sprintf("ftp: %s: %d bytes here but %d bytes on the server", e.Path, e.Local, e.Remote)
}

// Unwrap returns ErrSizeMismatch.
func (e *SizeMismatchError) Unwrap() error { return ErrSizeMismatch }

// MarkerError reports that Put stored its file completely at Path but could
// not write the completion marker after it. The file is in place: uploading
// it again would duplicate it.
type MarkerError struct {
	Path   string // the complete file
	Marker string // the marker that is missing
	Err    error
}

// Error names both paths.
func (e *MarkerError) Error() string {
	return fmt.Sprintf("ftp: %s is complete, but its completion marker %s could not be written: %v", e.Path, e.Marker, e.Err)
}

// Unwrap returns the cause.
func (e *MarkerError) Unwrap() error { return e.Err }

// replyError turns a library error into this package's errors: FTP replies
// become *TLSSessionReuseError or *FTPError; anything else (network, TLS) is
// wrapped with the operation and path.
func replyError(op, path string, err error) error {
	if err == nil {
		return nil
	}
	var tp *textproto.Error
	if !errors.As(err, &tp) {
		return fmt.Errorf("ftp: %s %s: %w", op, path, err)
	}
	if setting, ok := sessionReuseSetting(tp.Code, tp.Msg); ok {
		return &TLSSessionReuseError{Op: op, Path: path, Code: tp.Code, Message: tp.Msg, Setting: setting}
	}
	return &FTPError{Op: op, Path: path, Code: tp.Code, Message: tp.Msg}
}

// sessionReuseSetting recognises the replies servers send when a data
// connection did not resume the control connection's TLS session and names
// the server option responsible.
func sessionReuseSetting(code int, msg string) (string, bool) {
	m := strings.ToLower(msg)
	switch {
	case code == 522 && strings.Contains(m, "reuse"):
		return "vsftpd require_ssl_reuse=YES", true
	case code == 522 && strings.Contains(m, "cached tls session"):
		return "a server option requiring cached TLS sessions on data connections, e.g. Pure-FTPd or ProFTPD TLSOptions without NoSessionReuseRequired", true
	case (code == 425 || code == 450 || code == 522) && strings.Contains(m, "not resumed"):
		return "FileZilla Server / Bitvise / ProFTPD TLS session resumption requirement (ProFTPD: TLSOptions NoSessionReuseRequired turns it off)", true
	case code == 522 && (strings.Contains(m, "ssl") || strings.Contains(m, "tls")):
		return "the server's TLS session reuse requirement (vsftpd require_ssl_reuse)", true
	}
	return "", false
}

// replyCode returns the code of an *FTPError in err's chain.
func replyCode(err error) (int, bool) {
	var fe *FTPError
	if errors.As(err, &fe) {
		return fe.Code, true
	}
	return 0, false
}

// Unsupported reports an FTP reply that means "command not implemented"
// (500, 502, 504), after which a fallback is used.
func Unsupported(err error) bool {
	code, ok := replyCode(err)
	return ok && (code == 500 || code == 502 || code == 504)
}

// NotFound reports an FTP reply that means "no such file" (550, 450).
func NotFound(err error) bool {
	code, ok := replyCode(err)
	return ok && (code == 550 || code == 450)
}

// Refused reports a plain FTP refusal (any *FTPError), after which the
// control connection is still usable unless Broken says otherwise.
func Refused(err error) bool {
	_, ok := replyCode(err)
	return ok
}

// Broken reports whether a connection must be discarded after err. Only a
// plain FTP refusal (other than 421, service closing) or a refused overwrite
// leaves the control connection known to be in step; after anything else
// (network or TLS failure, truncated transfer, TLS session reuse refusal,
// which vsftpd follows by hanging up) a fresh connection is cheaper than
// doubt.
func Broken(err error) bool {
	if err == nil {
		return false
	}
	if code, ok := replyCode(err); ok {
		return code == 421
	}
	return !errors.Is(err, ErrExists)
}
