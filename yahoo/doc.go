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
// encryption of "sellerId:unixtime", and X-sws-signature-version; token
// requests are signed too unless WithSignedTokenRequests(false). Yahoo lets
// a refresh token live 28 days only while the restricted order APIs
// (orderList, orderInfo, orderChange) are called with a valid signature;
// one call without it, or with a signature Yahoo refuses, cuts the session
// to 12 hours. On those APIs an X-SWS-Authorize-Status other than
// "authorized" is a failure: the call was processed, so the decoded result
// comes back together with a [*PublicKeyAuthError] ([ErrPublicKeyAuth]) and
// a poller does not stall. A signed answer without the header is "unknown":
// the result is used and the first such answer is logged. A missing or
// wrong key version is refused with 403 px-14303, which matches both
// [ErrPublicKeyAuth] and [ErrForbidden]. Every call that cut the session
// (also a 400 or 404 Yahoo handled all the same) is recorded with the
// token, so [Client.ReauthorizationDue] stays truthful. A public key is
// valid for one year from Config.PublicKeyIssued; [Client.ExpiryWarnings]
// tells a scheduler when the key or the consent must be renewed.
//
// # Rate limits
//
// Yahoo allows about one request per second to the same URL and 50,000
// requests a day per application ID ([DailyRequestCap]). The client waits on
// a limiter per endpoint (1 request/s by default, [WithRateLimit]) before
// every attempt, and counts its store API requests per JST day
// ([Client.CallCount]; share a [CallCounter] between the clients of one
// application with [WithCallCounter]). Connection errors, 429 and 503 are
// retried with backoff honouring Retry-After ([WithRetry]) for reads and
// absolute stock pushes; writes that are not idempotent (status changes,
// orderChange, relative stock adjustments) are resent only after answers
// that prove Yahoo refused them unprocessed (429, and 403s with a code
// given to [WithThrottleCodes]). A 403 without a code ("Your Request was
// Forbidden": the daily cap, or an application ID that is unknown or not
// approved) is never retried: it is [ErrRequestForbidden].
//
// # Pagination
//
// orderList pages with Start (1-based) and Result (page size).
// [Client.SearchOrdersPage] returns one page. [Client.SearchOrders] is an
// iterator over all hits that yields every order matching when the
// iteration began, whatever the loop body does: orderList has no cursor,
// and a loop that marks orders seen ([Client.MarkSeen]) or changes them
// would shrink the live result under an offset pager and skip pages, so the
// iterator reads the whole result first. Incremental sync should follow
// publication time, not order time: orders held for fraud screening appear
// in orderList hours after they were placed (see
// OrderQuery.PublicationStart for the watermark). getStock and setStock take
// at most 1000 codes per call (client practice; [WithStockBatchSize]); the
// client splits longer lists.
//
// # Errors
//
// Failed HTTP exchanges return [*APIError] with the HTTP status, Yahoo's
// code (px-04102, px-04303, px-14303, od90101, st-02101 ...) and a request
// id when the answer carries one, decoded from
// <Error><Message/><Code/><Detail/></Error> with or without
// xmlns="urn:yahoo:api". It matches the sentinels [ErrUnauthorized],
// [ErrForbidden], [ErrRequestForbidden], [ErrRateLimited], [ErrNotFound],
// [ErrUnavailable], [ErrPublicKeyAuth] and, for px-04102,
// [ErrReauthorizationRequired] with errors.Is. A 200 answer with
// <Status>NG</Status> is an [*APIError] whose Errors list every
// <Error><Target/><Code/><Message/>; warnings are returned as [Notice]
// values. An answer that cannot be read is a [*DecodeError] (naming the
// order or item and the element path); one over 64 MiB a
// [*ResponseTooLargeError] ([ErrResponseTooLarge]). Per-line failures of
// getStock and setStock come back as a [*BatchError] ([ErrPartialFailure])
// naming each failed item while the other items apply; a requested item the
// answer leaves out is a failure too ("not returned"). Requests that break
// documented rules are refused before sending with [*ValidationError] or,
// for order-status changes outside the transition table, [*TransitionError]
// (both [ErrInvalidInput]). Secrets never print: Config and Client redact
// them through every fmt verb, slog and JSON.
package yahoo
