package tempostar

import (
	"errors"
	"fmt"
	"net/textproto"
	"strings"
)

// Sentinels for errors.Is. The typed errors below match them.
var (
	// ErrUnauthorized: the server refused the user name or password (530).
	ErrUnauthorized = errors.New("tempostar: login refused")
	// ErrTLSSessionReuse: the server requires TLS session reuse on data
	// connections and this client's resumption was refused.
	ErrTLSSessionReuse = errors.New("tempostar: server requires TLS session reuse")
	// ErrExists: an upload's final name (or its .tmp) already exists remotely.
	ErrExists = errors.New("tempostar: remote file exists")
	// ErrSizeMismatch: a transferred file's size differs on the two ends.
	ErrSizeMismatch = errors.New("tempostar: size mismatch")
	// ErrQuotaExceeded: the server reported that its storage is full (452/552).
	ErrQuotaExceeded = errors.New("tempostar: storage quota exceeded")
	// ErrClosed: the Client was closed.
	ErrClosed = errors.New("tempostar: client closed")
	// ErrFormat is matched by every *FormatError.
	ErrFormat = errors.New("tempostar: bad file format")
)

// FTPError is an FTP reply the operation did not expect. Code and Message are
// the server's; Op and Path say what was being done.
type FTPError struct {
	Op      string // e.g. "STOR", "RNFR/RNTO", "LIST"
	Path    string
	Code    int
	Message string
}

// Error formats e.g. `tempostar: STOR order/x.csv.tmp: 553 Could not create file`.
func (e *FTPError) Error() string {
	return fmt.Sprintf("tempostar: %s %s: %d %s", e.Op, e.Path, e.Code, e.Message)
}

// Is matches ErrUnauthorized for 530 and ErrQuotaExceeded for 452/552.
func (e *FTPError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.Code == 530
	case ErrQuotaExceeded:
		return e.Code == 452 || e.Code == 552
	}
	return false
}

// TLSSessionReuseError reports that the server refused a data connection
// because its TLS session was not resumed from the control connection
// ("522 SSL connection failed: session reuse required", "425 … TLS session of
// data connection not resumed"). The client always tries to resume (see Dial);
// when this still happens, either the server needs session-ID resumption,
// which Go's crypto/tls does not implement, or a TLS 1.3 ticket was not
// accepted. Fixes: keep Config.TLSConfig.MaxVersion at TLS 1.2 (the default),
// do not disable session tickets, or ask the operator to relax the setting
// named in Setting.
type TLSSessionReuseError struct {
	Op      string
	Path    string
	Code    int
	Message string
	// Setting names the server option that enforces reuse, as far as the
	// reply reveals the server.
	Setting string
}

// Error names the server setting, e.g. `tempostar: LIST stock: the server
// requires the FTPS data connection to resume the control connection's TLS
// session (vsftpd require_ssl_reuse=YES): 522 SSL connection failed…`.
func (e *TLSSessionReuseError) Error() string {
	return fmt.Sprintf("tempostar: %s %s: the server requires the FTPS data connection to resume the control connection's TLS session (%s): %d %s",
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
	return fmt.Sprintf("tempostar: remote file %s already exists; refusing to overwrite it", e.Path)
}

// Unwrap returns ErrExists.
func (e *ExistsError) Unwrap() error { return ErrExists }

// SizeMismatchError reports a transfer whose byte count differs between the
// two ends: a truncated upload or download. The remote final name is never
// left holding a truncated upload.
type SizeMismatchError struct {
	Path   string
	Local  int64 // bytes sent or received here
	Remote int64 // bytes the server reports
}

// Error names the path and both sizes.
func (e *SizeMismatchError) Error() string {
	return fmt.Sprintf("tempostar: %s: %d bytes here but %d bytes on the server", e.Path, e.Local, e.Remote)
}

// Unwrap returns ErrSizeMismatch.
func (e *SizeMismatchError) Unwrap() error { return ErrSizeMismatch }

// HandleError wraps the error a Receive handler returned for File. The file
// stays pending on the server.
type HandleError struct {
	File string // remote path of the file being handled
	Err  error
}

// Error names the file.
func (e *HandleError) Error() string {
	return fmt.Sprintf("tempostar: handling %s: %v (the file stays pending)", e.File, e.Err)
}

// Unwrap returns the handler's error.
func (e *HandleError) Unwrap() error { return e.Err }

// ftpError turns a library error into this package's errors: FTP replies
// become *TLSSessionReuseError or *FTPError; anything else (network, TLS) is
// wrapped with the operation and path.
func ftpError(op, path string, err error) error {
	if err == nil {
		return nil
	}
	var tp *textproto.Error
	if !errors.As(err, &tp) {
		return fmt.Errorf("tempostar: %s %s: %w", op, path, err)
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

// RecordError reports which record a writer could not write (0-based index in
// the slice given), e.g. because a character has no CP932 code; Err is then a
// *ordercsv.EncodeError with the offending rune.
type RecordError struct {
	Record int
	Err    error
}

// Error names the record.
func (e *RecordError) Error() string {
	return fmt.Sprintf("tempostar: record %d: %v", e.Record, e.Err)
}

// Unwrap returns the cause.
func (e *RecordError) Unwrap() error { return e.Err }
