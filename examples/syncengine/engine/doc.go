// Package engine is mallkit's reference sync engine: it keeps 楽天市場,
// Yahoo!ショッピング, ポンパレモール and TEMPOSTAR in step with the stock
// ledger (package stock). It imports orders, allocates stock at once,
// shows every mall the right quantity within seconds, reports shipments,
// and warns before a credential expires. examples/syncengine is its
// program.
//
// # Flow
//
// Every task is a plain method of Engine (Poll, Push, Sweep, ReceiveStock,
// ReceiveShipments, Upload, Health) that works from the database state and
// an injected clock, so that River's workers and a discrete-event
// simulation call the same code:
//
//	poll(channel)   orders new or changed since the watermark → ledger.ApplyOrder,
//	                the engine's order record and push(channel') for every channel
//	                sharing a SKU, in one transaction; the watermark moves after it
//	push(channel)   ledger.Plan(channel) → a read of the listings to recheck →
//	                one batch of absolute quantities (the mall's maximum, closest
//	                to selling out first) → ledger.Unconfirm of the batch (in
//	                flight) → the mall → ledger.Confirm of what it accepted; a
//	                refused row stays planned
//	sweep           Plan() of every channel → push(channel) where work is left
//	receive(hub)    stock files → SetOnHand (想定在庫数 converted, see ReceiveStock);
//	                product files (50 free fields) → the products table (ReceiveProducts);
//	                shipment files → ApplyOrder(OrderShipped), then reported to the mall
//	upload(hub)     orders not yet uploaded → one order file
//	health          every credential's expiry → warnings in -status and the log
//
// Correctness never depends on a job running exactly once: the ledger is
// idempotent, pushes are absolute, orders are applied by state and known
// versions, and a watermark moves only after what it covers is committed.
// No mall is called inside a transaction.
//
// A mall lowers what it shows when it sells and, for a cancel, may raise it
// again (Rakuten: items whose restoreInventoryFlag is 1; Yahoo and Ponpare:
// SetCancelRestocks). The poll records that change as confirmed so that no
// push repeats it, reading the shown row in the transaction that writes it.
// Each sale is placed against the listing's last push (sent, answered; see
// shownWindow): one stamped before the push was sent was overwritten by
// it, one stamped after the answer lowered the mall's quantity. When the
// engine cannot tell what the mall shows (a push unanswered or lost by a
// process killed before its Confirm, a sale stamped between a push's
// sending and its answer, to the mall's one-second precision) the listing
// is unconfirmed, so that it is pushed again, and, where the channel can
// read its mall (Shower), marked for a recheck: the push first reads what
// the mall shows, records it, and sends only the listings whose plan
// differs. No push repeats a quantity the engine knows the mall shows.
// What it does not know yet is narrowed three ways: after a 楽天 event
// notification a push to that shop waits for the poll the notification
// asked for (awaitPoll); Yahoo, whose getStock has a budget of its own, is
// read before every push (SeparateReadBudget); Options.CheckShownBeforePush
// reads 楽天 too, at a price in its license key's budget. The no-op pushes
// left are sales placed in the seconds before a push that no notification
// or poll had reported yet.
//
// # River
//
// Runner runs the tasks as River jobs (github.com/riverqueue/river with
// riversqlite) on the same *sql.DB as the ledger: one SQLite file opened
// with OpenState (WAL, busy timeout, one connection). poll, receive,
// upload and health are one unique job each (unique by arguments among
// available, pending, running, retryable and scheduled jobs, never
// completed ones) that snoozes itself for its interval: the schedule lives
// in the database and survives restarts. push is unique too and snoozes
// itself without delay while work is left; the sweep is a periodic job.
// A 楽天 System Event Notification makes the shop's poll job available at
// once.
//
// # Rate limits
//
// Each credential has one limiter that all its calls share (a Rakuten
// license key's polls, reads, confirms and pushes). Pushes to Rakuten are
// paced (PushPacer) so that polls keep their share and changes coalesce;
// imports (confirmations) are spaced; the lookback search for changes runs
// every 30 s (rakuten[].lookback_every); Yahoo's orderInfo reads are bounded per poll.
//
// # Config
//
// The config is JSON, read strictly: an unknown field or a bad value is a
// *ConfigError naming its JSON path. Secrets never appear in it: each is
// {"env": "VARIABLE"} or {"file": "path"}. Relative paths are relative to
// the config file. A complete example:
//
//	{
//	  "state": "state",
//	  "listings": "listings.csv",
//	  "on_hand": "on_hand.csv",
//	  "notifications": {"listen": "127.0.0.1:8090", "auth_key": {"env": "RAKUTEN_NOTIFY_KEY"}},
//	  "intervals": {"poll": "1m", "sweep": "10s", "receive_stock": "10m",
//	                "receive_shipments": "24h", "upload": "1m", "health": "24h"},
//	  "import": {"auto_confirm": true, "confirm_after": "30m", "asuraku_at_once": true,
//	             "reserve": false, "drug": false, "first_start": "24h", "overlap": "5m",
//	             "open_window": "336h", "csv_moves_stock": false, "carrier_other": false},
//	  "calendar": {"year_end": true, "closed": ["2026-08-13", "2026-08-14"], "closed_weekdays": ["sunday"], "ship_days": 1},
//	  "sale": [{"from": "2026-12-04T20:00:00+09:00", "until": "2026-12-11T01:59:00+09:00", "poll": "15s",
//	            "quotas": {"rakuten/sakuragama": {"mino-mug/mino-mug-ai": 30}, "yahoo/sakuragama": {"minomug:minomug-ai": 20}}}],
//	  "rakuten": [{"shop": "https://www.rakuten.co.jp/sakuragama/",
//	               "service_secret": {"env": "RAKUTEN_SERVICE_SECRET"},
//	               "license_key": {"file": "secrets/rakuten-license-key"},
//	               "rate_per_second": 0.9}],
//	  "yahoo": [{"seller_id": "sakuragama", "client_id": "dj00aiZpPWV4YW1wbGU",
//	             "client_secret": {"env": "YAHOO_CLIENT_SECRET"},
//	             "redirect_url": "https://example.com/yahoo/callback",
//	             "public_key": {"file": "secrets/yahoo-public-key.pem"}, "key_version": 1,
//	             "public_key_issued": "2026-04-01T00:00:00+09:00",
//	             "token_file": "secrets/yahoo-token.json",
//	             "authorization_code": {"env": "YAHOO_AUTH_CODE"}}],
//	  "ponpare": [{"shop_url": "sakuragama", "endpoint": "https://HOST/services/orderWsvc.orderWsvcHttpsSoap12Endpoint/",
//	               "user_id": "api-user", "password": {"env": "PONPARE_PASSWORD"},
//	               "password_expires": "2027-03-31T23:59:59+09:00",
//	               "stock": {"user_id": "stock-user", "password": {"env": "PONPARE_STOCK_PASSWORD"}}}],
//	  "tempostar": [{"shop_code": "sakuragama", "env": "production", "tls": "explicit",
//	                 "endpoints": {
//	                   "demo": {"host": "demo-ftp.example.jp", "user": "sakuragama-demo", "password": {"env": "TEMPOSTAR_DEMO_PASSWORD"}},
//	                   "production": {"host": "ftp.example.jp", "user": "sakuragama", "password": {"env": "TEMPOSTAR_PASSWORD"}}}}]
//	}
//
// listings.csv has the header channel,item,parts,safety,max: parts is a
// SKU, or "SKU*units" terms joined by "+" for a set; a Rakuten channel may
// be spelled with any form of the shop URL. on_hand.csv has sku,units and
// is applied once, when the state is created:
//
//	channel,item,parts,safety,max
//	rakuten/sakuragama,mino-mug/mino-mug-ai,MUG-AI,0,0
//	yahoo/sakuragama,minomug:minomug-ai,MUG-AI,2,50
//	rakuten/sakuragama,gift-set/a,MUG-AI*2+PLATE-S*1,0,0
//
// examples/fakemalls -engine-config FILE writes a config for its fakes.
//
// # Scale-out on PostgreSQL
//
// With "state": "postgres://user@host/db?search_path=mallkit" (or -state
// with a DSN) the same engine runs on PostgreSQL, and several processes
// with the same config share the work. OpenPostgres opens one pgxpool
// (pool_max_conns in the DSN, default 24: give it the process's workers
// plus a few for River) and serves from it both a database/sql *sql.DB
// (stdlib.GetPoolConnector) and River's LISTEN connection: River's driver
// is riverdatabasesql.NewWithPgxListener, not riverpgxv5, because the
// stock ledger joins a transaction as a *sql.Tx (Ledger.WithTx) and the
// engine inserts its follow-up push jobs in the transaction that allocated
// (Scheduler.Push with the poll's tx), so that a job exists exactly when
// the ledger change that needs it committed; riverpgxv5 would insert in a
// pgx.Tx that the ledger cannot join. The schema of search_path holds the
// ledger's, the engine's and River's tables (River's Schema is set to it).
// A password goes in "postgres": {"password": {"env": ...}} (or PGPASSWORD),
// never in the DSN. The engine's own SQL uses ? placeholders; on
// PostgreSQL the connector numbers them ($1, $2, ...) in statements that
// have no $n of their own.
//
// Migrations: every start, -status and `syncengine -migrate` bring the
// stock ledger's, River's (rivermigrate) and the engine's tables up to
// date, under PostgreSQL advisory locks so that processes starting
// together do not collide. A schema newer than the program (stock_,
// river_migration or engine_schema_version) is refused with a
// *SchemaVersionError (ErrSchemaTooNew) naming it: upgrade every process.
//
// Correctness with several processes: each channel's poll is one unique
// job, so River never hands it to two processes at once (engine_poll_run
// logs each poll's start, end and process; OverlappingPolls checks it);
// the ledger locks SKU rows in a fixed order, and a transaction PostgreSQL
// cancels as a deadlock or serialization failure is run again whole
// (retryTx), so concurrent allocations of one SKU never lose an update.
// -workers N (or "postgres": {"workers": N}) sets the jobs one process
// works at once.
//
// A killed process loses nothing (every task is idempotent and commits
// before its watermark moves); its running jobs stay "running" until
// River's leader rescues them: after RescueAfter ("postgres":
// {"rescue_after": "6m"}, default DefaultRescueAfter = 6 min), within the
// rescuer's 30 s period (plus up to about 20 s to elect a new leader when
// the killed process led), then retried after at most MaxRetryDelay. Every
// job is cancelled 5 s before RescueAfter (MaxJobTime at most), so a slow
// job is never rescued while it still runs. Takeover is thus about
// RescueAfter + 30 s; lower rescue_after (at least 10 s) when jobs are
// short. Jobs that were waiting, not running, are simply taken by the
// other processes at once. On SQLite one process owns the state: jobs it
// left running are made available again when it restarts.
//
// PgBouncer: session pooling works as is (River LISTENs for new jobs on a
// connection it keeps). Transaction pooling cannot carry LISTEN/NOTIFY,
// session advisory locks or a search_path given at connect time: set
// "postgres": {"poll_only": true} (River then polls for jobs every 100 ms
// instead of listening), add default_query_exec_mode=exec to the DSN
// (no prepared statements kept across transactions), keep the tables in
// the role's default schema (ALTER ROLE ... SET search_path, no
// search_path in the DSN), and run -migrate directly against PostgreSQL.
//
// River UI: `syncengine -ui 127.0.0.1:8081` serves riverqueue.com/riverui
// (every channel's jobs of every process, failures, retries) behind HTTP
// basic authentication with "ui": {"user": "ops", "password": {"env":
// "SYNCENGINE_UI_PASSWORD"}}.
//
// # Orders by CSV
//
// ImportCSV (syncengine -import-csv FILE -channel CH [-mode update|overwrite])
// merges an order file read by ordercsv.ReadOrders into the orders of the
// same (channel, number), with ordercsv.Merge's update or overwrite rules:
// an order is registered once, whether it came by API, by CSV or both.
// CSV orders move no stock unless import.csv_moves_stock is on; then an
// order the API has not delivered is allocated, and the API's state
// replaces it once delivered (never allocating twice).
//
// # Payment and carrier
//
// A 楽天共通決済 order is recorded as unpaid (入金状況 未入金) until RMS
// moves it to 発送待ち, then as paid from its 発送指示日時 (KnownOrder.Payment,
// "payment" in -status, 入金日付 in the order file uploaded to TEMPOSTAR; an
// order uploaded while unpaid is not uploaded again when it is paid). With
// import.carrier_other on, an imported 楽天 order gets 配送会社 その他 at once
// and the shipment report overwrites that record with the real carrier.
//
// # Business days
//
// The calendar (config "calendar", Calendar) closes 年末年始 (12/31–1/3) by
// default plus the shop's own days and weekdays. An order handed to
// TEMPOSTAR is due to ship ship_days business days after its order day
// (default 1: an order of 12/30 ships by 1/4), written as 出荷日 in the
// order file (unverified that TEMPOSTAR reads that column as the planned
// ship date).
//
// # Not done yet
//
// An order uploaded to TEMPOSTAR while unpaid is not uploaded again when it is
// paid.
package engine
