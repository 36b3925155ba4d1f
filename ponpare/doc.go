// Package ponpare is a client for the ポンパレモール merchant WebAPI: the SOAP 1.2
// order service orderWsvc (getOrderNo, getOrderInfo, changeOrderStatus) and
// the stock quantity CSV.
//
// Deprecated: ポンパレモール was reported closed in June 2024 (a secondary
// source; no primary announcement from Recruit was found). The package stays
// for shops migrating data out of old integrations and for reading archives;
// new integrations have nothing to talk to.
//
// # What is verified and what is not
//
// The mall's own WSDL (orderWsvc 1_4_0, as downloaded from ポンパレモールManager)
// is public and settles the wire: the endpoint (DefaultEndpoint), the
// service namespace of the operation element and its single <req>
// parameter (DefaultNamespace), the order-bean namespace
// (DefaultBeanNamespace) and UserAuthBean's (DefaultCommonBeanNamespace),
// the bean and field names, and that every response bean carries
// errCode/errMessage and getOrderInfo's also orderErrBeanList. Every bean
// property is nillable; Axis2 writes null values and null arrays as
// xsi:nil="true" elements, which the client reads as absent. Still
// unverified, and therefore configurable:
//
//   - the SOAP fault texts for bad or expired credentials (the client matches
//     them with WithAuthFaultMatcher) and the errCode values;
//   - the password expiry period (Credentials.ExpiresAt is whatever the shop
//     recorded from ポンパレモールManager);
//   - the value formats of orderDateTime and the status strings;
//   - the per-call cap of getOrderInfo (WithOrdersPerCall).
//
// Of the WSDL's update operations, changeOrderStatus is implemented
// (Client.ChangeOrderStatus); updateOrder, cancelOrder, encloseOrder,
// apartOrder, changeParentOrder, getAsyncOrderResult and getEnclosableOrder
// are not.
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
// Refusing bad input before sending matches ErrInvalidInput. A SOAP fault is
// a *FaultError; faults that mean the credentials were refused also match
// ErrUnauthorized with errors.Is, and ErrPasswordExpired when the shop's
// recorded expiry date has passed. An answer whose errCode is set is an
// *APIError (Code, Message; RequestID stays empty: the service has none),
// never an empty result; a non-2xx answer without a fault is an *APIError
// too, matching ErrUnavailable for 5xx. getOrderInfo's per-order failures
// (orderErrBeanList entries, orders the client cannot decode, orders left out)
// come back beside the other orders as a *BatchError (ErrPartialFailure)
// whose Failed(number) names each; an undecodable answer is a *DecodeError
// and one over MaxResponseBytes (64 MiB) a *ResponseTooLargeError. Each call,
// retries and waits included, ends after WithCallTimeout (90 s by default).
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
