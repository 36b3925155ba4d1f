// Package tempostar exchanges files with TEMPOSTAR (SAVAWAY's multi-mall
// back office) over its FTP/FTPS area, and reads and writes the CSV files
// that travel there.
//
// A connected cart uploads new orders (UploadOrders, the 50-column layout of
// OrderRow) and receives stock (ReadStock), shipped-order / 物流連携
// (ReadShipments), order status (ReadOrderStatus) and product files
// (ReadProducts). TEMPOSTAR does not publish this interface; layouts and
// folder names follow public connectors and are configurable wherever they
// are unverified (see Dirs, Intervals and the notes on each type).
//
//	c, err := tempostar.Dial(ctx, tempostar.Config{
//		Env: tempostar.Production,
//		Endpoints: map[tempostar.Environment]tempostar.Endpoint{
//			tempostar.Demo:       {Host: "…", User: "…", Password: "…"},
//			tempostar.Production: {Host: "…", User: "…", Password: "…"},
//		},
//		TLS: tempostar.ExplicitTLS, ShopCode: "shop01",
//	})
//	…
//	n, err := c.Receive(ctx, tempostar.KindStock, func(name string, r io.Reader) error {
//		recs, err := tempostar.ReadStockWith(r, tempostar.WithFileName(name))
//		…apply recs idempotently…
//	})
//
// # Authentication
//
// FTP user and password per environment (Demo and Production have separate
// accounts, chosen with Config.Env), sent only after TLS is up with
// ExplicitTLS (AUTH TLS, the zero value of Config.TLS) or ImplicitTLS.
// TEMPOSTAR's FTPS area has no IP allow-list, so the password is the only
// protection: plain FTP happens only when Config.TLS says NoTLS, for tests.
// Configs, endpoints and clients print with passwords redacted through every
// fmt verb, slog and encoding/json.
//
// # Hostile servers
//
// Receive and Pending use only plain file names from a listing: names with a
// path separator, "..", control characters (CR, LF, ...) or invalid UTF-8
// are never used as paths; they are reported in a *SkippedError while the
// other files are processed. Downloads must match the listed size and are
// cut off past it; files over Config.MaxFileSize are skipped the same way.
// Listings are streamed and at most Config.MaxFilesPerRun oldest files are
// kept per run, so a folder of a million entries costs a few megabytes.
//
// FTPS servers such as vsftpd (require_ssl_reuse=YES, its default),
// FileZilla Server and ProFTPD refuse data connections that do not resume the
// control connection's TLS session. Dial sets what Go needs for that
// (TLSConfig.ServerName defaulting to Host, a ClientSessionCache, TLS 1.2 as
// the maximum unless set); a refusal that remains comes back as
// *TLSSessionReuseError naming the server setting, never as a bare 522.
//
// # Rate limits
//
// TEMPOSTAR produces files in batches: stock every 10 minutes and products,
// shipments and order status daily by default (Intervals; the figures are
// integration settings, not published limits). Poll no faster than that:
// Config.NextRun tells when a kind is due. One Client uses one control
// connection and serializes operations on it.
//
// # Pagination
//
// There is none: Pending lists a whole folder. Receive walks it oldest first
// (server modification time, then name) and stops at the first error.
//
// # Errors
//
// Uploads are atomic (Put: "name.tmp", size check, rename) and never
// overwrite (*ExistsError); a lock marker that fails after a complete upload
// is a *MarkerError returned with the file's path, so the records are not
// uploaded twice. Receive is at least once: a file is archived only
// after its handler returns nil, so handlers must be idempotent; a handler's
// error comes back as *HandleError with the file name, and a truncated
// transfer as *SizeMismatchError. Other FTP replies are *FTPError (matching
// ErrUnauthorized for 530 and ErrQuotaExceeded for 452/552). Malformed files
// give *FormatError with file, line, byte column and column name, wrapping
// *ordercsv.ParseError for CSV and encoding faults. Broken connections are
// replaced on the next operation. The transport errors (*FTPError,
// *TLSSessionReuseError, *ExistsError, *SizeMismatchError and their
// sentinels) are aliases of the FTP layer that ponpare shares, so their texts
// start with "ftp:".
//
// # Encoding
//
// Files are CP932 (Shift_JIS as Windows writes it) unless their name carries
// "utf8" (EncodingOf); readers otherwise sniff UTF-8 and fall back to CP932.
// Writers quote every field and end lines with CRLF. Times are JST.
package tempostar
