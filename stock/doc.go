// Package stock is the allocation ledger (在庫引当) a shop selling the same units on several malls
// keeps: physical stock on hand per SKU, units allocated to orders not shipped yet, and per
// channel the quantity to show.
//
// # Model
//
// On hand comes from counts (SetOnHand: 棚卸, a master's stock file) and from the shipments the
// ledger records. A count taken at asOf already reflects everything shipped before asOf and
// includes the units of orders still unshipped then; shipments recorded with a later time are
// deducted from it again, so a late stock file never resurrects shipped units.
//
// Allocated is the units of open orders. ApplyOrder takes an order's whole current state, as a
// poller, a notification, a CSV import or a retry delivers it, and makes the ledger agree: new
// lines allocate, changed quantities apply the difference, a cancellation releases, a shipment
// consumes. The same state twice changes nothing whichever source delivered it; a state older
// (by Updated) than the one recorded is ignored; canceled and shipped are final, and a
// cancellation of an order never seen is recorded so its late "open" state does not allocate.
//
// A Listing maps a channel's item key to parts: one for a plain item, several for a set
// (セット商品). Selling a set allocates its parts. Its publishable quantity is the minimum over its
// parts of floor(available / units), minus the listing's Safety, capped at Max. Plan returns only
// the listings whose publishable quantity differs from the last one confirmed for them, so a
// channel is never sent what it already shows; a push that failed (never confirmed) is planned
// again. Lines naming an item without a listing are kept (Unmatched) and allocate once their
// listing is put.
//
// Every change to a SKU is appended to its History with the order or count that caused it.
// Oversold lists SKUs whose Available fell below zero.
//
// # Channels and item keys
//
// A channel is one shop on one mall, "<mall>/<shop>": "rakuten/<shop URL account>",
// "yahoo/<seller id>", "ponpare/<shop>", "tempostar/<shop code>". An item key is the channel's
// own key of a sellable variant: Rakuten "<manageNumber>/<variantId>" (manageNumber lower-cased),
// Yahoo "<itemCode>:<subCode>" ("<itemCode>" without a sub-code), Ponpare "<itemCode>:<subCode>",
// TEMPOSTAR its 商品コード.
//
// # Stores
//
// NewMemoryStore keeps everything in memory. NewSQLStore keeps it in SQLite (modernc.org/sqlite,
// driver "sqlite") or PostgreSQL (github.com/jackc/pgx/v5/stdlib, driver "pgx"); the program
// imports the driver. Its tables are prefixed stock_ and versioned in stock_schema_version;
// NewSQLStore creates or migrates them, prepares its frequent statements, and refuses a database
// a newer version migrated (*SchemaVersionError).
//
// SQLite wants a file opened with
//
//	file:PATH?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=synchronous(NORMAL)
//
// and db.SetMaxOpenConns(1). synchronous(NORMAL) is SQLite's advice for WAL: a commit does not
// wait for fsync, so a power cut (not a crash of the process) may lose the last transactions but
// never corrupts the file; leave it out to fsync every commit, about halving write throughput.
//
// Each write is one short transaction: a crash leaves all of its effect or none. On PostgreSQL
// many processes may write at once: rows are locked in a fixed order (items, orders, SKUs, each
// sorted) and a transaction that still fails to serialize (SQLSTATE 40001, 40P01) is retried.
// SQLite has one writer at a time.
//
// # Sharing the database with a job queue
//
// The same *sql.DB may serve River (riversqlite, riverpgxv5 over the same database) and the
// program's own tables. Ledger.WithTx runs the ledger inside the caller's transaction:
//
//	tx, _ := db.BeginTx(ctx, nil)
//	err := ledger.WithTx(tx).ApplyOrders(ctx, orders...) // a *UnmatchedError is not a failure
//	// ... move the poller's watermark, insert the push job with River's InsertTx, in tx ...
//	err = tx.Commit()
//
// so the watermark moves only after the orders it covers are committed, and the push job exists
// exactly when the allocation it pushes does. The transaction must come from the store's *sql.DB.
// Never call a mall while it is open, and do not call the Ledger without WithTx meanwhile: under
// SetMaxOpenConns(1) it would wait for the connection tx holds.
//
// # Errors
//
// Bad input is refused before anything is written with an *InputError naming the record and the
// field (errors.Is ErrInvalidInput). Unmatched lines come back as *UnmatchedError after the rest
// applied. A push for an unknown listing is a *NotFoundError (ErrNotFound).
package stock
