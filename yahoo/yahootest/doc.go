// Package yahootest is a faithful in-memory fake of the Yahoo!ショッピング store
// APIs (ストア運営をサポートするAPI) and of YConnect v2, the OAuth 2.0 server in
// front of them, for tests of programs that talk to the mall. It does not
// import the SDK's yahoo package: it speaks the wire format only, so it checks
// the client as the mall would.
//
// # Starting
//
//	srv := yahootest.NewServer()          // 127.0.0.1, random port
//	defer srv.Close()
//	srv.AddSeller(yahootest.Seller{ID: "snbx-store", ClientID: "app", ClientSecret: "s",
//		RedirectURL: "https://app.example.jp/cb", KeyVersion: 1})
//	cfg.PublicKeyPEM = srv.PublicKeyPEM("snbx-store")
//	client, _ := yahoo.NewClient(cfg, yahoo.WithBaseURL(srv.StoreURL()), yahoo.WithAuthURL(srv.AuthURL()))
//	code := srv.Authorize("app", "https://app.example.jp/cb", "state") // the user consents
//	_ = client.Exchange(ctx, code)
//
// Seed data with AddOrder (NewOrder gives sane defaults) and SetStock; read it
// back with Order and Stock; Requests lists every request received (or the
// latest ones WithRequestLog keeps). Every method is safe for concurrent use.
//
// The clock is the fake's own: it starts at DefaultNow (2026-01-05 10:00 JST,
// or WithStartTime) and moves only with SetNow and Advance, so tests never sleep.
// Token and code lifetimes, signature timestamps and key expiry are judged
// against it: a client under test should sign with srv.Now, or the test
// should pass WithSignatureWindow(0).
//
// # Authentication
//
// YConnect, under AuthURL: GET <base>authorization redirects straight to the
// registered redirect_uri with a code and the state (the fake's user always
// consents; Authorize and AuthorizeWithPKCE do the same without HTTP, and
// AuthorizeSeller names the store when several share one application). POST
// <base>token takes grant_type=authorization_code (code, redirect_uri,
// code_verifier when PKCE was used) and grant_type=refresh_token, with the
// client authenticated by HTTP Basic (WithClientSecretPost also accepts form
// parameters). Codes live CodeLifetime (10 minutes) and work once; access
// tokens live AccessTokenLifetime (1 hour, expires_in 3600); the refresh token
// lives RefreshTokenLifetime (28 days) from the consent, or
// ShortSessionLifetime (12 hours) once orderList, orderInfo or orderChange was
// called without a valid signature. Expired, used, revoked
// (RevokeRefreshTokens) or unknown codes and refresh tokens answer 400
// {"error":"invalid_grant"}. Re-authorizing while a consent is alive keeps the
// refresh token string and restarts its lifetime. The code grant also returns
// an OIDC id_token, signed HS256 with the client secret (the live service uses
// RS256).
//
// Tokens act for the store whose user consented: a request naming another
// store, even one of the same application, answers 403 px-04307. An
// application without the store scope (Seller.NoStoreScope) answers 403 with
// WWW-Authenticate error="insufficient_scope" on every store API.
//
// Store APIs, under StoreURL, want "Authorization: Bearer <access token>". A
// missing, unknown or expired token answers 401 with WWW-Authenticate
// (Bearer realm="yahooapis.jp", error="invalid_token",
// error_description="expired token" or "invalid token") and the recorded
// expired-token body. Once a 12-hour session is over, calls answer 401 with
// code px-04102.
//
// 公開鍵認証: AddSeller generates an RSA key pair per store (or takes
// Seller.PrivateKey) and PublicKeyPEM gives the public half as
// ストアクリエイターPro shows it. A client sends X-sws-signature = base64 of the
// RSA PKCS#1 v1.5 encryption of "<sellerId>:<unixtime>" with that public key,
// and X-sws-signature-version = Seller.KeyVersion. The fake decrypts with the
// private key, checks the seller, the version, the timestamp (within
// DefaultSignatureWindow, ±600 s) and the key's age (KeyLifetime, one year),
// and answers X-SWS-Authorize-Status: "authorized", or "unauthorized" /
// "expired" on failure, still with the API's normal answer. Without a
// signature the header is absent. A signature whose X-sws-signature-version
// is missing or not the store's KeyVersion is refused with 403 px-14303
// "Use of API is not permitted." and, on a restricted operation, cuts the
// session to 12 hours like an unsigned call.
//
// # Order APIs
//
// orderList, orderInfo, orderStatusChange, orderPayStatusChange,
// orderShipStatusChange and orderChange take POSTed XML <Req> bodies whatever
// the Content-Type (as the live service does); orderCount is GET ?sellerId=.
// A <Req> must be UTF-8 and hold only the elements of its API: a misspelt or
// misplaced element is refused with 400 naming its path, and orderChange
// refuses Pay/Ship children the fake does not model (it changes the Bill*
// and Ship* names, addresses and phone numbers) instead of ignoring them. orderList answers a bare
// <Result> root with TotalCount and one flat OrderInfo (Index first) per order
// carrying only the Field names asked for; it takes only the orderList field
// set (OrderListFieldNames: orderInfo-only names such as addresses,
// BuyerComments or PayKind are refused with od90101), refuses Condition keys
// the mall does not document (od90101; documented ones it does not model are
// accepted and ignored), and finds an order only once its PublicationTime
// has come (fraud-screened orders later than their OrderTime;
// WithPublicationDelay for all), with PublicationTimeFrom/To selecting by it.
// orderInfo answers one order grouped into Pay, Ship, Seller, Buyer, Detail
// and Item elements, with ReleaseDate per Item. Request times are
// YYYYMMDDhhmmss and dates YYYYMMDD (JST); answers use RFC 3339 with +09:00
// and YYYY-MM-DD; free text comes as CDATA. orderStatusChange enforces the
// mall's OrderStatus transition table (1 予約中 → 4, 5; 2 処理中 → 3, 4, 5;
// 3 保留 → 2, 4, 5, and → 1 while the release date is ahead; 4 キャンセル is
// final; 5 完了 → 2 for card or store-settled payments within
// ReopenedAutoComplete, → 4; suspect orders may not complete or resume);
// every accepted change sets IsSeen true (it never goes back), raises Version
// and sets LastUpdateTime. The mall, not the store, drives the PayStatus of
// the payment methods it settles (payment_a*, payment_z1): see BuyerPays
// for prepaid orders, which cannot ship until paid.
//
// # Pagination
//
// orderList pages with Start (1-based) and Result (default 10; no documented
// maximum, WithOrderListMaxResult sets one); TotalCount counts every hit.
// Sort is +order_time (default) or -order_time.
//
// # Stock APIs
//
// getStock and setStock take form bodies (parameters in the query string or
// a JSON body leave seller_id unset: px-04001): seller_id, item_code as a comma list
// of "code" or "code:subCode" (at most DefaultStockBatchMax), and for setStock
// quantity (absolute, +N/-N relative, or INI) lined up with item_code, and
// optionally allow_overdraft (one 0/1 for the call; WithAllowOverdraftList
// for a list). Answers are the compact one-line text/xml
// ResultSet with ok/ng attributes; a code that matches nothing is Status 0;
// a failing setStock line carries ErrorCode/ErrorMessage while the other
// lines are applied.
//
// # Errors
//
// Three error bodies, as recorded: stock APIs answer
// <Error xmlns="urn:yahoo:api"> with plain Message and Code (text/xml); other
// store APIs answer a pretty <Error> with CDATA Message, Detail and Code
// (application/xml); token errors answer the expired-token body. 400 is a bad
// parameter (px-04001 missing seller, od90101 orderList/orderInfo, st-02101
// item_code), 401 a token problem, 403 either throttling (no Code) or a
// permission problem (px-04303 order API not approved, Seller.NoOrderAPI;
// px-04307 not the token's store; insufficient_scope in WWW-Authenticate,
// Seller.NoStoreScope), 404 an unknown order (od91801, Detail lists
// the IDs). Codes in a 99 block (od99001, st-99001, ...) are the fake's own,
// used where the live code is unknown.
//
// # Rate limits
//
// Each application (YConnect client ID) may call each store operation once
// a second, as the order API page asks ("1クエリ/秒"), on by default
// (WithRateLimit sets the rate; it runs on the wall clock and lets a request
// through 50 ms early for network jitter). Requests over it answer 403 "Your
// Request was Forbidden" with Retry-After. WithDailyCap adds Yahoo's cap per
// application and JST day of the fake's clock (50,000, DailyRequestCap),
// answered with the same 403 and no Code. WithLimits(false) turns both off.
// FailNext injects failures before any check, for any operation including
// "token".
//
// # Unverified behaviour, configurable
//
// The mall's documentation sits behind a login; these are inferred and can be
// changed: the signature window (WithSignatureWindow), the failure values of
// X-SWS-Authorize-Status, which operations shorten the session
// (WithRestrictedOperations), refresh-token rotation (WithRefreshTokenRotation,
// off), the lifetimes (WithRefreshTokenLifetimes), the stock batch cap
// (WithStockBatchMax), one-item setStock failures as HTTP 400
// (WithSingleStockErrorAsHTTP, on), the throttling body's code
// (WithThrottleCode), the orderList cap, ヤマト運輸's ShipCompanyCode for the
// invoice-number rule (WithYamatoCompanyCodes, "1001"), the Count children of
// orderCount beyond NewOrder and NewReserve (the fake adds Holding), the
// status names in "Cannot Be Operated : <name> OrderStatus" (only CancelOrder
// is recorded), and ErrorMessage on setStock lines. Unverified and fixed:
// refusing elements outside a <Req>'s shape and stock parameters outside the
// form body (the live service may ignore them), the 403/400 codes in the
// fake's own 99 blocks, and the HS256 id_token. The test host for snbx-
// stores is the same fake: point both bases at StoreURL.
//
// # Faithful to recorded traffic
//
// The shape tests compare the structure of the fake's answers (element names,
// order and nesting, attributes, CDATA use, Content-Type, framing) with
// recorded bodies copied under testdata: the live getStock-1 and setStock-1
// (compact one-line text/xml ResultSet), expiredToken-1 and stockApiError-1
// (byte for byte) and getItem-2 (the pretty <Error> with CDATA Message the
// other APIs use), plus getStock-3 and orderCount-1, whose provenance is
// weaker (see testdata/FIXTURES-README.md). orderList and orderInfo have no
// recorded answer; their shapes follow public clients' parsers, and their
// full answers are pinned by golden files under testdata/golden (go test
// -update rewrites them).
//
// # Buyers
//
// Buy orders what a store shows (SetShown, SetStock): it succeeds only when
// the stock covers the units, lowers it at once and creates a new order
// (処理中, unseen) numbered "<sellerId>-<8 digits>" from 10000001, with the
// payment method's Pay fields (card, 銀行振込 prepayment waiting unpaid until
// MarkPaid, 代引 with its fee). A refusal is a *SoldOutError with the shown
// quantity. CancelByBuyer and CancelByMall cancel and restore the stock
// (unless bought with KeepStock), Ship completes an order, and a FraudHold
// order stays out of orderList until ReleaseFraudHold publishes it.
// MarketOrders and Shown give the marketplace view; Stats counts, per
// seller and API, calls, throttled calls, setStock lines that changed
// nothing and orderInfo reads of unchanged orders. WithPublishedLimits turns
// on the documented 1 request/s.
package yahootest
