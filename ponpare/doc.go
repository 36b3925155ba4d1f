// Package ponpare is a client for the ポンパレモール merchant WebAPI: the SOAP 1.2
// order service orderWsvc (getOrderNo, getOrderInfo) and the stock quantity CSV.
//
// Deprecated: ポンパレモール was reported closed in June 2024 (a secondary
// source; no primary announcement from Recruit was found). The package stays
// for shops migrating data out of old integrations and for reading archives;
// new integrations have nothing to talk to.
//
// # What is verified and what is not
//
// The operation names getOrderNo and getOrderInfo, the bean names
// (UserAuthBean shopUrl/userId/password, OrderSearchCondBean, OrderBean and its
// sub-beans) and SOAP 1.2 come from a public WCF proxy generated from the
// mall's WSDL. Unverified, and therefore configurable:
//
//   - the endpoint URL (WithEndpoint is required; the host was never public);
//   - the XML namespace of the service and beans (WithNamespace) and the
//     Axis2-style wrapping of parameters in args0/return;
//   - the SOAP fault texts for bad or expired credentials (the client matches
//     them with WithAuthFaultMatcher);
//   - the password expiry period (Credentials.ExpiresAt is whatever the shop
//     recorded from ポンパレモールManager);
//   - the names of update operations (status, slip number, dates): not
//     implemented, because no source names them.
//
// # Authentication
//
// Credentials travel in the SOAP body as userAuthBean; there is no
// WS-Security. The order API and the stock API have separate user ids and
// passwords, so a shop holds two Credentials values. Both print redacted.
// Each password has an expiry date the shop records (Credentials.ExpiresAt);
// Credentials.PasswordStatus warns PasswordWarnDays ahead.
//
// # Rate limits
//
// The mall published no limit for the merchant API (unverified); integrators
// polled every 15 minutes. The client sends at most DefaultRate requests per
// second (WithRateLimit) and retries failed reads with backoff (WithRetry);
// every wait ends when the context does.
//
// # Pagination
//
// getOrderNo returns every matching order number at once; getOrderInfo takes
// DefaultOrdersPerCall numbers per call (WithOrdersPerCall; the mall's cap is
// unverified). Client.Orders chains the two and yields orders one by one,
// stopping at the first error.
//
// # Errors
//
// A SOAP fault is a *FaultError. Faults that mean the credentials were
// refused also match ErrUnauthorized with errors.Is, and ErrPasswordExpired
// when the shop's recorded expiry date has passed. Any other non-2xx answer is
// an *APIError.
//
// # Stock
//
// The stock quantity file is the CSV code,sub-code,quantity,allow-overdraft in
// Windows-31J with CRLF (MarshalStockCSV; quantities are absolute, so a
// repeated upload is harmless). StockUploader puts it on the mall's FTPS area
// with the stock API's own Credentials (在庫API, not the order API's):
//
//	u, err := ponpare.NewStockUploader(stockCreds, ponpare.StockFTPConfig{})
//	…
//	err = u.Upload(ctx, rows) // errors.Is(err, ponpare.ErrPreviousFileNotConsumed): try later
//
// Upload renders every row first (a bad row is a *StockRowError and nothing
// is sent), logs in, refuses while the previous file is still on the server
// (the mall deletes it once consumed; Pending asks), then writes
// "item.csv.tmp", checks its size on the server and renames it to item.csv,
// so the mall never reads a partial file. Data connections are passive
// (PASV), as in the public client this follows. Certificates are verified:
// that client turned verification off, which here takes a caller-provided
// TLSConfig with InsecureSkipVerify. FTPS servers that demand TLS session
// reuse on data connections are handled (see TLSSessionReuseError).
//
// From that public client, unverified and therefore configurable in
// StockFTPConfig: the host ftps.ponparemall.com (DefaultStockFTPHost), the
// path /item.csv (DefaultStockPath) and explicit FTPS on port 21 (the client
// said FTPS without saying which kind; ImplicitTLS is there if it was 990).
//
// Stock FTP failures are *StockFTPError. A refused login (530) matches
// ErrUnauthorized, and ErrPasswordExpired as well when it comes after
// Credentials.ExpiresAt (judged with StockFTPConfig.Clock); the FTP causes
// are reachable with errors.As as *FTPError, *SizeMismatchError,
// *TLSSessionReuseError or *ExistsError.
package ponpare
