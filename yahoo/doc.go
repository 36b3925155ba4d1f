// Package yahoo is a client for the Yahoo!ショッピング store APIs
// (ストア運営をサポートするAPI): YConnect v2 OAuth 2.0 with 公開鍵認証, the order XML APIs
// (orderList, orderInfo, orderStatusChange, orderPayStatusChange,
// orderShipStatusChange, orderCount, orderChange) and the stock APIs
// (getStock, setStock).
//
// A Client is safe for concurrent use by multiple goroutines.
//
// # Authentication
//
// Every call carries a YConnect v2 access token (Authorization: Bearer). Run
// the authorization-code flow once per store: send the seller to
// [Client.AuthCodeURL] (or [Client.AuthCodeURLPKCE]), then hand the returned
// code to [Client.Exchange]. Tokens are kept in a [TokenStore]
// ([NewFileTokenStore] survives restarts; [NewMemoryTokenStore] for tests) and
// refreshed automatically with HTTP Basic client authentication. A refresh
// token that comes back rotated is saved. When an API answers 401 with
// WWW-Authenticate error="invalid_token" the client refreshes once and
// resends. When the token endpoint answers invalid_grant (revoked consent,
// password change, expired refresh token) the error matches
// [ErrReauthorizationRequired] and, through [*ReauthorizationError], carries
// when the dead refresh token was issued.
//
// 公開鍵認証: with Config.PublicKeyPEM (the PEM copied from
// ストアクリエイターPro → 設定 → 暗号鍵管理) and Config.KeyVersion, every attempt (retries
// included) carries a fresh X-sws-signature, the base64 RSA PKCS#1 v1.5
// encryption of "sellerId:unixtime", and X-sws-signature-version. Yahoo lets
// a refresh token live 28 days only while the restricted order APIs
// (orderList, orderInfo, orderChange) are called with a valid signature;
// one call without it, or with a signature Yahoo refuses, cuts the session
// to 12 hours. The client therefore treats an X-SWS-Authorize-Status other
// than "authorized" on those APIs as an error ([ErrPublicKeyAuth]; the call
// itself was processed) and records the shortened session with the token
// (also after a restricted call that failed with a 400 or 404, which Yahoo
// handled all the same), so [Client.ReauthorizationDue] stays truthful. A public key is valid for one year from
// Config.PublicKeyIssued; [Client.ExpiryWarnings] tells a scheduler when the
// key or the consent must be renewed.
//
// # Rate limits
//
// Yahoo allows about one request per second to the same URL and 50,000
// requests a day per application ID. The client waits on a limiter per
// endpoint (1 request/s by default, [WithRateLimit]) before every attempt.
// Connection errors, 429, 503 and throttling 403s are retried with backoff
// honouring Retry-After ([WithRetry]) for reads and absolute stock pushes;
// writes that are not idempotent (status changes, orderChange, relative stock
// adjustments) are resent only after answers that prove Yahoo refused them
// unprocessed (429 and throttling 403). The daily cap is not tracked.
//
// # Pagination
//
// orderList pages with Start (1-based) and Result (page size).
// [Client.SearchOrdersPage] returns one page; [Client.SearchOrders] is an
// iterator over all hits that advances Start until TotalCount is reached and
// stops at the first error. getStock and setStock take at most 1000 codes per
// call (client practice; [WithStockBatchSize]); the client splits longer lists.
//
// # Errors
//
// Failed HTTP exchanges return [*APIError] with the HTTP status and Yahoo's
// code (px-04102, px-04303, od90101, st-02101 ...), decoded from
// <Error><Message/><Code/><Detail/></Error> with or without
// xmlns="urn:yahoo:api". It matches the sentinels [ErrUnauthorized],
// [ErrForbidden], [ErrRateLimited], [ErrNotFound], [ErrServer] and, for
// px-04102, [ErrReauthorizationRequired] with errors.Is. HTTP 403 means both
// "not permitted" and "too many requests" at Yahoo; the two are told apart by
// code (a 403 without a code, or with a code given to [WithThrottleCodes], is
// throttling). A 200 answer with <Status>NG</Status> is an [*APIError] whose
// Errors list every <Error><Target/><Code/><Message/>; warnings are returned
// as [Notice] values. Per-line failures of getStock and setStock come back as
// a [*BatchError] naming each failed item while the other items apply.
// Requests that break documented rules are refused before sending with
// [*ValidationError] or, for order-status changes outside the transition
// table, [*TransitionError].
package yahoo
