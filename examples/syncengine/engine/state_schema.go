package engine

import (
	"context"
	"database/sql"
)

// stateSchema is the engine's own tables, next to the ledger's and River's
// in the same database. Times are Unix nanoseconds (BIGINT: PostgreSQL's
// INTEGER has 32 bits; SQLite reads both as INTEGER).
var stateSchema = []string{
	// One row per (channel, name): where the next fetch of that kind starts.
	`CREATE TABLE IF NOT EXISTS engine_watermark (
		channel TEXT NOT NULL, name TEXT NOT NULL, at BIGINT NOT NULL,
		PRIMARY KEY (channel, name))`,
	// Every order the engine applied to the ledger, keyed by the
	// normalized channel name and the mall's order number: never twice.
	`CREATE TABLE IF NOT EXISTS engine_order (
		channel TEXT NOT NULL, number TEXT NOT NULL,
		version TEXT NOT NULL, status BIGINT NOT NULL,
		placed BIGINT NOT NULL, lines TEXT NOT NULL,
		imported BIGINT NOT NULL DEFAULT 0,
		shipping TEXT NOT NULL DEFAULT '',
		unmatched TEXT NOT NULL DEFAULT '',
		uploaded BIGINT NOT NULL DEFAULT 0,
		shipment_reported BIGINT NOT NULL DEFAULT 0,
		carrier TEXT NOT NULL DEFAULT '', tracking TEXT NOT NULL DEFAULT '',
		shipped BIGINT NOT NULL DEFAULT 0,
		first_seen BIGINT NOT NULL, applied BIGINT NOT NULL,
		PRIMARY KEY (channel, number))`,
	`CREATE INDEX IF NOT EXISTS engine_order_open ON engine_order (channel, status)`,
	`CREATE INDEX IF NOT EXISTS engine_order_number ON engine_order (number)`,
	// What each channel was last confirmed to show (the ledger keeps its
	// own copy for Plan; this one serves -status and the reports).
	`CREATE TABLE IF NOT EXISTS engine_shown (
		channel TEXT NOT NULL, item TEXT NOT NULL, units BIGINT NOT NULL, at BIGINT NOT NULL,
		PRIMARY KEY (channel, item))`,
	// When the last push (or read) of each listing was sent, whether a push
	// of it is still unanswered, and whether an order the mall stamped too
	// close to that push makes what the mall shows unknown (see
	// shown_window.go).
	`CREATE TABLE IF NOT EXISTS engine_shown_window (
		channel TEXT NOT NULL, item TEXT NOT NULL, sent BIGINT NOT NULL,
		in_flight BIGINT NOT NULL DEFAULT 0, recheck BIGINT NOT NULL DEFAULT 0,
		PRIMARY KEY (channel, item))`,
	`CREATE TABLE IF NOT EXISTS engine_credential (
		channel TEXT NOT NULL, kind TEXT NOT NULL, expires BIGINT NOT NULL,
		days_left BIGINT NOT NULL, warning BIGINT NOT NULL, message TEXT NOT NULL,
		checked BIGINT NOT NULL,
		PRIMARY KEY (channel, kind))`,
	// Orders that arrived by CSV: the merged order (ordercsv.Order as JSON)
	// per normalized channel and order number, so a file imported twice, or
	// in update and then overwrite mode, registers each order once.
	`CREATE TABLE IF NOT EXISTS engine_csv_order (
		channel TEXT NOT NULL, number TEXT NOT NULL, body TEXT NOT NULL, at BIGINT NOT NULL,
		PRIMARY KEY (channel, number))`,
	// The products a hub sent: the latest row per hub and code; a file older
	// than the one a row came from does not overwrite it, so a redelivered
	// file changes nothing.
	`CREATE TABLE IF NOT EXISTS engine_product (
		hub TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,
		free TEXT NOT NULL, extra TEXT NOT NULL, file TEXT NOT NULL, written BIGINT NOT NULL,
		PRIMARY KEY (hub, code))`,
	// Stock files already converted, so a redelivered file is not applied twice.
	`CREATE TABLE IF NOT EXISTS engine_file (
		channel TEXT NOT NULL, name TEXT NOT NULL, at BIGINT NOT NULL,
		PRIMARY KEY (channel, name))`,
}

// migrateState creates the engine's tables when they are missing (see
// migrateEngineTables).
func migrateState(ctx context.Context, db *sql.DB) error { return migrateEngineTables(ctx, db) }
