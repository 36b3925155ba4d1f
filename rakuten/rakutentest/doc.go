// Package rakutentest is an in-memory fake of 楽天 RMS WEB SERVICE for tests:
// RakutenPayOrderAPI, InventoryAPI 2.0/2.1 and the license expiry API,
// served by httptest on 127.0.0.1. It speaks the wire protocol only and does
// not import the mallkit rakuten client, so any RMS client can be tested
// against it.
//
// # Starting it
//
//	srv := rakutentest.NewServer()
//	defer srv.Close()
//	srv.AddLicense(rakutentest.License{ServiceSecret: "SP123456_x", LicenseKey: "SL123456_y"})
//	srv.AddOrder(rakutentest.NewOrder("123456-20260105-0000000001", srv.Now(),
//		rakutentest.Item{ItemID: 1, ManageNumber: "tshirt", Name: "Tシャツ", Price: 1980, Units: 1, VariantID: "red-m"}))
//	srv.SetInventory("tshirt", "red-m", 10)
//	// point the client at srv.URL, run it, then inspect srv.Order, srv.Inventory, srv.Requests.
//
// # Shops
//
// One fake can host several shops (AddShop with the 6-digit shopId and the
// shopUrl), as an integration hub sees them. A License with ShopID acts for
// that shop only: its calls see the orders numbered "<shopId>-..." and the
// shop's own inventory (SetShopInventory, ShopInventory); other shops'
// orders answer like unknown numbers and their async shipping request ids
// like unknown ids. Keys without a ShopID see every order and the inventory
// of SetInventory, which is all a single-shop test needs. Sub-statuses are
// shared.
//
// # Clock
//
// Business time runs on a fake clock that starts at DefaultNow (or
// WithStartTime) and moves only through SetNow and Advance; WithWallClock
// makes it follow the wall clock to the nanosecond instead. Time-driven
// transitions happen lazily when the clock moves or a request arrives:
// confirmed orders go 200 → 300 after WithProcessingDelay, unconfirmed ones
// are cancelled after WithAutoCancelAfter (14 days), async shipping results
// appear after WithAsyncShippingDelay and vanish 30 days later, license keys
// expire.
//
// # Authentication
//
// Every route checks "Authorization: ESA base64(serviceSecret:licenseKey)"
// (split at the first colon, nothing trimmed). Unknown, revoked, not yet
// active (License.ActiveFrom) and not-enabled keys (License.Functions) get
// 401 {"Results":{"errorCode":"ES01-01","message":"Un-Authorised"}}. Expired
// keys get the same by default; WithExpiredKeyError switches to another
// body such as GA0001 (unverified). WithReissueRevokesOldKey chooses what
// happens to the old key on re-issue (unverified either way). Function
// names: "rpay.order.<operation>", "license.expiryDate.get" and, unverified,
// "inventoryapi.<operation>" with the operation names listed under Faults.
//
// # Faithful
//
// From recorded live traffic and the official documentation copies:
// routes (order operations with or without trailing slash); compact raw
// UTF-8 JSON with the live key order, nulls rather than absent keys and
// "+0900" datetimes; headers (Content-Type application/json;charset=UTF-8,
// RequestId UUID, Timestamp in UTC without zone); searchOrder (dateType
// 1–6, exact "+0900" datetimes, 63-day window, 730-day reach, 1000 per page,
// 15,000 reachable hits, INFO_102 with null pagination on zero hits,
// ERROR_009/010/011 validation); getOrder (≤100 numbers, version 3–10
// required as number or string, version-gated fields, -9999 amounts);
// confirmOrder (≤100, 100 → 200 only, one MessageModel per order);
// cancelOrder (100/200/300) and cancelOrderAfterShipping (500–800);
// updateOrderShipping (deliveryCompany codes 1000–1031, YYYY-MM-DD dates,
// ≤20 records per basket, add/update/delete by shippingDetailId, 300 → 500
// only once every shipment record of every package has a carrier, a
// tracking number and a date, carrier-only その他 (1000) records accepted
// before 300 as hubs write them on import); the async variant with
// requestId "<uuid>_<yyyyMMddHHmmss>"; updateOrderMemo; updateOrderRemarks
// (remarks, giftCheck); updateOrderDelivery (deliveryName, before
// shipping); sub-statuses;
// inventory 2.x (lower-cased manageNumber, case-sensitive variantId, ≤1000
// keys per bulk get, ≤400 writes per bulk upsert, ABSOLUTE/RELATIVE with the
// first write ABSOLUTE, 204 on writes, GE0014 404, IE0002/IE0003/IE0004 with
// propertyPath metadata, the 2.1 code table: IE0500 RELATIVE on a missing
// row, IE0117 out of range after RELATIVE, IE1101 list size, IE1102 one
// variant twice in a call, IE0105 lead-time ids, IE0113 ship-from ids; a 2.1
// upsert replaces the whole row, clearing the lead times and ship-from ids
// it leaves out, while 2.0 keeps them; SetShopInventorySettings and
// ShopInventorySettings seed and read them).
//
// The getOrder OrderModel carries every version-10 field of the reference,
// settable through Order (nulls for what is unset); the fake derives
// socialGiftFlag, severalSenderFlag, equalSenderFlag, couponAllTotalPrice,
// receiptIssueCount and TaxSummaryModelList from the rest. searchOrder
// applies dateType, the window, orderProgressList, subStatusIdList,
// orderTypeList, settlementMethod, deliveryName, the blank flags, keyword
// search, ordererMailAddress, reserveNumber, purchaseSiteType and the
// asuraku/coupon/drug/oneDayOperation flags; phoneNumber, mailSendType and
// overseasFlag are accepted but not applied.
//
// # Configurable or unverified
//
// Not confirmed by official documents, so either configurable or marked in
// the doc comment where it is implemented: the 415 ES04-03 answer to an
// order request without charset=utf-8 (WithLenientContentType turns it
// off); window and age violations as ERROR_023; per-order error codes for
// unknown numbers; totalRecordsAmount beyond 15,000 (WithSearchTotalCapped);
// the rate-limit status and body (WithRateLimit, WithThrottleStatus); the
// status of an updateOrderShippingAsync refused at submission (400, or 200
// as the documentation copy shows: WithAsyncShippingValidationStatus); the
// wording of the 2.1 codes' messages and which fields IE0105, IE0113 and
// IE1101 point at; which 機種依存文字 updateOrderMemo
// texts and tracking numbers refuse (WithMachineDependentChars accepts
// them); IE0001 and IE0116; the 2.1 response
// shapes of operationLeadTime, shipFromIds and variantList; the message
// codes of updateOrderRemarks and updateOrderDelivery (live uses 9xx codes
// for the latter that are not public) and which states they accept;
// cancelOrder moving an order straight to 900 (live may pass through 800
// キャンセル確定待ち).
//
// # Not supported
//
// updateOrderSender, updateOrderSenderAfterShipping, updateOrderOrderer,
// simulateCouponAmount and getPayment exist live but are not modelled (the
// getPayment response schema is not public). After the gateway checks they
// answer HTTP 501 {"Results":{"errorCode":"RAKUTENTEST-NOT-SUPPORTED",
// "message":"rakutentest: <operation> is not supported by this fake"}}:
// never the mall's 404, so a test cannot take it for a live answer.
// Operations RMS does not have answer 404 as live does.
//
// # Rate limits
//
// WithRateLimit throttles per license key on the wall clock and answers 429
// (or 403) with {"errors":[{"code":"QPSLimit",...}]} and Retry-After.
//
// # Faults
//
// FailNext queues failures (429, 503, ...) with an optional Retry-After for
// an operation: "searchOrder", "getOrder", "confirmOrder",
// "updateOrderShipping", "updateOrderShippingAsync",
// "getResultUpdateOrderShippingAsync", "cancelOrder",
// "cancelOrderAfterShipping", "updateOrderMemo", "updateOrderRemarks",
// "updateOrderDelivery", "getSubStatusList",
// "updateOrderSubStatus", "license.expiryDate.get", "inventories.bulk-get",
// "inventories.bulk-get.range", "inventories.bulk-upsert",
// "inventories.variants.get", "inventories.variants.upsert",
// "inventories.variants.delete", "inventories.variant-lists.get", or
// AnyOperation. A queued 409 answers InventoryAPI's CE0001 "another process
// is updating" body.
//
// # Errors
//
// The three live envelopes: the order API's MessageModelList (HTTP 200 for
// per-order results, 400 for validation), the gateway's {"Results":{...}}
// and the 2.x {"errors":[...]}.
//
// # Buyers and notifications
//
// Buy orders what a shop (AddShop) shows in its inventory (SetShown,
// SetShopInventory): it succeeds only when the quantity covers the units,
// lowers it at once and creates an order in 100 注文確認待ち numbered
// "<shopId>-<yyyymmdd>-<10 digits>", priced from SetUnitPrice, settled by
// card through 楽天ペイ共通決済 or by a 選択制 method (代金引換 with its fee,
// 銀行振込 waiting unpaid until MarkPaid), optionally with postage -9999
// until SetPostage. A refusal is a *SoldOutError with the shown quantity.
// CancelByBuyer works within 30 minutes of ordering (WithBuyerCancelWindow),
// CancelByMall cancels after a screening NG, EditQuantity moves an order to
// 400 変更確定待ち until ConfirmChange, Ship marks it shipped; cancels restore
// the inventory of items whose restoreInventoryFlag is 1 (Buy.KeepStock
// clears it). With WithNotificationURL or SetNotificationURL the fake POSTs
// the System Event Notification XML (new orders; 5000:1100 for Rakuten's
// cancels; 4000:1100 for other changes) in the background, retrying as
// WithNotificationRetry says, until Close. MarketOrders and Shown give the
// marketplace view; Stats counts, per shop and operation, calls, throttled
// calls, inventory writes that changed nothing and getOrder reads of
// unchanged orders. WithPublishedLimits turns on 1 request/s per key.
package rakutentest
