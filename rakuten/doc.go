// Package rakuten is a client for the 楽天市場 RMS WEB SERVICE: the
// RakutenPayOrderAPI (search, get, confirm, shipping reports, cancel, memo,
// remarks, delivery method, sub-statuses), InventoryAPI 2.1, the license-key
// expiry, System Event Notification pushes and shop URL normalisation.
// Editing recipients, items and prices (updateOrderSender and its
// relatives) and getPayment are not covered.
//
// A Client is safe for concurrent use. Point it at the in-memory fake of
// package rakutentest with WithBaseURL for tests.
//
// # Authentication
//
// Every request carries "Authorization: ESA base64(serviceSecret:licenseKey)".
// NewClient trims whitespace and line breaks from both values, and
// Credentials never print them. The licenseKey expires every 90 days:
// LicenseStatus reports the days left and warns 7 days ahead. A refused key
// is an *APIError matching ErrUnauthorized whose message lists the usual
// causes: an expired key, the API function not enabled for the key in RMS,
// a re-issued key that is not active yet, or stray whitespace.
//
// # Rate limits
//
// Rakuten publishes no limit for the JSON APIs. The client waits for a
// client-side limiter before every attempt (1 request/s by default,
// WithRateLimit or a shared WithLimiter for several clients on one key).
// Connection errors, 429, 503, the legacy 403 QPSLimit answer and
// InventoryAPI's 409 CE0001 ("another process is updating, try again
// shortly") are retried with exponential backoff, honouring Retry-After
// (WithRetry). Writes that are not idempotent (confirmOrder, cancelOrder,
// shipping reports, RELATIVE stock changes) are resent only after a 429,
// QPSLimit or CE0001, which prove the request was refused unprocessed; after
// a timeout or 503 read the state back before trying again. Absolute stock
// pushes are safe to repeat.
//
// # Pagination
//
// SearchOrderPage is the raw searchOrder call. SearchOrders is an iterator
// that respects the API's limits: it cuts the span into windows of at most
// 63 days, pages 1000 numbers at a time (never more than the 15 pages that
// reach the cap, stopping at the first short page whatever totalPages
// claims), bisects any window that reports 15,000 hits or more (searchOrder
// silently truncates past that), yields every order number once and moves a
// start at the 730-day horizon inside it by a margin. searchOrder has no
// cursor, so SearchOrders reads all pages of a window before yielding any:
// a loop that confirms or ships what it gets skips no order.
// GetOrders and ConfirmOrders take any number of orders and send them 100
// per call; GetInventories sends 1000 keys per call and SetInventories 400
// updates per call.
//
// # Errors
//
// Every failed exchange is an *APIError (errors.As) with the HTTP status,
// the mall's code and message and the RequestId header, decoded from any of
// the three envelopes RMS uses: the order API's MessageModelList, the
// inventory API's {"errors":[...]} and the gateway's
// {"Results":{"errorCode":"ES01-01",...}}. It matches the sentinels
// ErrUnauthorized, ErrForbidden, ErrRateLimited, ErrNotFound, ErrBadRequest
// and ErrUnavailable with errors.Is. A 2xx answer that is an error envelope,
// or lacks the fields every success carries (an empty body where a result
// was due), is an error too, never an empty result. Calls about one order
// or one SKU name it in APIError.Key; an order API refusal lists the orders
// its ERROR messages name in APIError.Orders ("orderNumber#dataNumber" for
// one shipment of a shipping report).
//
// Batch calls (GetOrders, ConfirmOrders, SetInventories, shipping reports)
// return a *BatchError next to the results of the items that went through.
// It matches ErrPartialFailure; Total counts the items of the call and each
// Failure names one item by its natural key (the order number, or
// "manageNumber/variantId" with manageNumber lower-cased), with the mall's
// code and an Err that errors.Is/As see through the BatchError. Shipping
// failures carry DataNumber apart from the order number, so
// BatchError.Failed(orderNumber) is true whenever any shipment of the order
// failed. Items that were not sent because a whole call failed are listed
// too (NOT_SUBMITTED), so that every item a BatchError does not list is
// known to have gone through.
//
// An answer the client cannot decode is a *DecodeError naming the
// operation, the order or SKU and the JSON path; an answer longer than the
// read limit (64 MiB, WithMaxResponseBytes) a *ResponseTooLargeError
// matching ErrResponseTooLarge. Inputs the client refuses to send (empty
// keys, "." or ".." path segments, text that is not UTF-8, values RMS would
// refuse) match ErrInvalidInput.
//
// # Times and amounts
//
// Order API datetimes are sent as "2006-01-02T15:04:05+0900" in JST whatever
// the host's zone; decoded times are in JST. WithClock sets the client's
// notion of now (search horizon, license warning, shipping-poll deadline)
// and WithWait how it waits between shipping polls, so tests can run them
// on rakutentest's clock. Price fields RMS has not
// determined yet hold -9999 (Undetermined): Amount.Known and
// Item.PriceKnown tell them apart from prices.
package rakuten
