// Package ftpx is the FTP/FTPS transport shared by the packages that exchange
// files with a mall or back office over FTP (tempostar, ponpare). It is
// mall-neutral: folder layouts, file names and formats stay in the callers.
//
// It wraps github.com/jlaffaye/ftp with what those exchanges need:
//
//   - Dial with plain FTP, explicit (AUTH TLS) or implicit FTPS, completing
//     the TLS configuration so that data connections resume the control
//     connection's TLS session, as vsftpd (require_ssl_reuse=YES) and others
//     demand (see Config.TLSConfig);
//   - per-read/write deadlines, and cancellation that cuts every connection of
//     a session when a context ends;
//   - Client, which serializes operations on one control connection, replaces
//     it when it breaks and retries read-only steps once;
//   - typed errors: *FTPError for unexpected replies (ErrUnauthorized for
//     530, ErrQuotaExceeded for 452/552), *TLSSessionReuseError naming the
//     server setting, *ExistsError, *SizeMismatchError, *MarkerError;
//   - Client.Put, an atomic upload that never overwrites: STOR to a ".tmp"
//     name, size check (SIZE, or the folder listing when SIZE is not
//     implemented), rename, and removal of the ".tmp" on failure.
//
// Error strings start with "ftp:"; callers return them unchanged or wrap
// them, and export the types as aliases so that errors.As works with either
// name.
package ftpx
