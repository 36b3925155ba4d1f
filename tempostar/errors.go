package tempostar

import (
	"errors"
	"fmt"

	"github.com/mallkit/mallkit/internal/ftpx"
)

// Sentinels for errors.Is. The typed errors below match them; the transport
// ones are shared with the FTP layer, so their texts start with "ftp:".
var (
	// ErrUnauthorized: the server refused the user name or password (530).
	ErrUnauthorized = ftpx.ErrUnauthorized
	// ErrTLSSessionReuse: the server requires TLS session reuse on data
	// connections and this client's resumption was refused.
	ErrTLSSessionReuse = ftpx.ErrTLSSessionReuse
	// ErrExists: an upload's final name (or its .tmp) already exists remotely.
	ErrExists = ftpx.ErrExists
	// ErrSizeMismatch: a transferred file's size differs on the two ends.
	ErrSizeMismatch = ftpx.ErrSizeMismatch
	// ErrQuotaExceeded: the server reported that its storage is full (452/552).
	ErrQuotaExceeded = ftpx.ErrQuotaExceeded
	// ErrClosed: the Client was closed.
	ErrClosed = ftpx.ErrClosed
	// ErrFormat is matched by every *FormatError.
	ErrFormat = errors.New("tempostar: bad file format")
	// ErrInvalidInput matches a caller's bad input refused before anything
	// is sent: an unknown Kind, a record that cannot be written, and every
	// configuration error (ErrInvalidConfig).
	ErrInvalidInput = errors.New("tempostar: invalid input")
	// ErrUnavailable: the server said it cannot serve now (FTP 421, 425,
	// 426, 450, 451); a later run may succeed.
	ErrUnavailable = ftpx.ErrUnavailable
)

// DecodeError is the name the other mallkit packages use for an answer that
// cannot be decoded; for TEMPOSTAR files that is a *FormatError, which says
// where (file, line, column, field).
type DecodeError = FormatError

// FTPError is an FTP reply the operation did not expect: fields Op (e.g.
// "STOR", "RNFR/RNTO", "LIST"), Path, and the server's Code and Message. It
// matches ErrUnauthorized for 530 and ErrQuotaExceeded for 452/552, and
// formats as `ftp: STOR order/x.csv.tmp: 553 Could not create file`.
type FTPError = ftpx.FTPError

// TLSSessionReuseError reports that the server refused a data connection
// because its TLS session was not resumed from the control connection
// ("522 SSL connection failed: session reuse required", "425 … TLS session of
// data connection not resumed"). Its Setting field names the server option
// that enforces reuse (e.g. "vsftpd require_ssl_reuse=YES"), and so does its
// message. The client always tries to resume (see Dial); when this still
// happens, either the server needs session-ID resumption, which Go's
// crypto/tls does not implement, or a TLS 1.3 ticket was not accepted. Fixes:
// keep Config.TLSConfig.MaxVersion at TLS 1.2 (the default), do not disable
// session tickets, or ask the operator to relax that setting. It matches
// ErrTLSSessionReuse.
type TLSSessionReuseError = ftpx.TLSSessionReuseError

// ExistsError reports that Put refused to overwrite the remote file at its
// Path. It matches ErrExists.
type ExistsError = ftpx.ExistsError

// SizeMismatchError reports a transfer whose byte count differs between the
// two ends (fields Path, Local, Remote): a truncated upload or download. The
// remote final name is never left holding a truncated upload. It matches
// ErrSizeMismatch.
type SizeMismatchError = ftpx.SizeMismatchError

// MarkerError reports that an upload is complete at Path but its lock
// marker (Config.LockMarker) could not be written after it. The upload
// methods return the remote path together with it: the file is in place, so
// do not upload the same records again; write the marker later or let the
// receiving side do without it.
type MarkerError = ftpx.MarkerError

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

// RecordError reports which record a writer could not write, e.g. because a
// character has no CP932 code; Err is then a *ordercsv.EncodeError with the
// offending rune and its byte offset.
type RecordError struct {
	Record int    // 0-based index in the slice given
	Key    string // what identifies the record, e.g. "商品コード A-1" or "ショップ受注番号 s-1, 商品コード A-1"
	Column string // the column being written, when known
	Err    error
}

// Error names the record, its key and the column, e.g. `tempostar: record 1
// (ショップ受注番号 demo01-1, 商品コード 0042), column 商品名: ordercsv: …`.
func (e *RecordError) Error() string {
	msg := fmt.Sprintf("tempostar: record %d", e.Record)
	if e.Key != "" {
		msg += " (" + e.Key + ")"
	}
	if e.Column != "" {
		msg += ", column " + e.Column
	}
	return msg + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *RecordError) Unwrap() error { return e.Err }

// Is matches ErrInvalidInput: the caller's record cannot be written.
func (e *RecordError) Is(target error) bool { return target == ErrInvalidInput }
