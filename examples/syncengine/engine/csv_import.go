package engine

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/mallkit/mallkit/ordercsv"
	"github.com/mallkit/mallkit/stock"
)

// CSVImportReport says what ImportCSV did with one file.
type CSVImportReport struct {
	Channel string
	Read    int // orders in the file
	// Registered orders were new to the engine; Merged ones were known
	// already (from an earlier file or from the mall's API) and merged into
	// the same order.
	Registered, Merged int
	// Allocated orders moved stock (only with ImportRules.CSVMovesStock, and
	// never an order the API already delivered); Unmatched counts their
	// lines without a listing.
	Allocated, Unmatched int
}

// OrderFileError is an order of an imported CSV that the engine refused: where it
// is in the file and why. Err wraps ordercsv's own position errors.
type OrderFileError struct {
	Channel string
	Number  string
	Line    int // 1-based file line of the order's first row (0: unknown)
	Err     error
}

func (e *OrderFileError) Error() string {
	return fmt.Sprintf("engine: order file for %s: order %q (line %d): %v", e.Channel, e.Number, e.Line, e.Err)
}

func (e *OrderFileError) Unwrap() error { return e.Err }

// ParseMergeMode reads the -mode flag: "update" (blank cells keep what is
// known) or "overwrite" (blank cells clear it).
func ParseMergeMode(s string) (ordercsv.MergeMode, error) {
	switch s {
	case "", "update":
		return ordercsv.MergeUpdate, nil
	case "overwrite":
		return ordercsv.MergeOverwrite, nil
	}
	return 0, fmt.Errorf("engine: %w: merge mode %q (want update or overwrite)", ErrInvalidInput, s)
}

// ImportCSV reads an order file of channel's mall (ordercsv.ReadOrders: 楽天ペイ,
// RMS, Yahoo) and merges every order into the order of the same (channel,
// number), as order hubs do: an order is registered once however often
// its file is imported and whether or not the API delivered it too. The
// merge follows mode (ordercsv.Merge).
//
// As まとまるEC店長 documents, orders taken in by CSV do not move stock
// unless the shop turns that on (ImportRules.CSVMovesStock). With it on, an
// order the API has not delivered is applied to the ledger like a polled
// one; once the API delivers it, the API's state is applied over it (the
// ledger applies states, so nothing is allocated twice), and a CSV never
// applies an order the API already delivered.
//
// The whole file is read and checked before anything is written: a bad
// order is a *OrderFileError (wrapping ordercsv's error with its line and
// column) and nothing of the file is imported.
func (e *Engine) ImportCSV(ctx context.Context, channel string, r io.Reader, mode ordercsv.MergeMode) (CSVImportReport, error) {
	rep := CSVImportReport{Channel: channel}
	name, err := NormalizeChannel(channel)
	if err != nil {
		return rep, fmt.Errorf("engine: %w: channel %q: %v", ErrInvalidInput, channel, err)
	}
	rep.Channel = name
	if _, ok := e.channels[name]; !ok {
		return rep, fmt.Errorf("%w: %s", ErrUnknownChannel, name)
	}
	mall, _, _ := strings.Cut(name, "/")
	var orders []ordercsv.Order
	for o, err := range ordercsv.ReadOrders(r) {
		if err != nil {
			return rep, &OrderFileError{Channel: name, Number: o.Number, Line: o.FirstLine, Err: err}
		}
		if o.Mall != mall {
			return rep, &OrderFileError{Channel: name, Number: o.Number, Line: o.FirstLine,
				Err: fmt.Errorf("%w: a %s file (%s) cannot hold orders of %s", ErrInvalidInput, o.Mall, o.Layout, name)}
		}
		orders = append(orders, o)
	}
	rep.Read = len(orders)
	for _, o := range orders {
		if err := e.importCSVOrder(ctx, name, o, mode, &rep); err != nil {
			return rep, err
		}
	}
	e.log.Info("csv import", "channel", name, "read", rep.Read, "registered", rep.Registered,
		"merged", rep.Merged, "allocated", rep.Allocated, "unmatched", rep.Unmatched)
	return rep, nil
}

// importCSVOrder merges one order into the CSV table and, when the shop
// lets CSV orders move stock and the API has not delivered the order,
// applies it to the ledger.
func (e *Engine) importCSVOrder(ctx context.Context, channel string, in ordercsv.Order, mode ordercsv.MergeMode, rep *CSVImportReport) error {
	k, polled, err := e.state.Order(ctx, channel, in.Number)
	if err != nil {
		return err
	}
	var body string
	err = e.state.db.QueryRowContext(ctx, `SELECT body FROM engine_csv_order WHERE channel = ? AND number = ?`, channel, in.Number).Scan(&body)
	hadCSV := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	merged := in
	if hadCSV {
		var old ordercsv.Order
		if err := json.Unmarshal([]byte(body), &old); err != nil {
			return fmt.Errorf("engine: csv order %s %s: %w", channel, in.Number, err)
		}
		merged = ordercsv.Merge(old, in, mode)
	}
	b, err := json.Marshal(merged)
	if err != nil {
		return err
	}
	if _, err := e.state.db.ExecContext(ctx, `INSERT INTO engine_csv_order (channel, number, body, at) VALUES (?, ?, ?, ?)
		ON CONFLICT (channel, number) DO UPDATE SET body = excluded.body, at = excluded.at`,
		channel, in.Number, string(b), nanos(e.now())); err != nil {
		return fmt.Errorf("engine: record csv order %s %s: %w", channel, in.Number, err)
	}
	if hadCSV || polled {
		rep.Merged++
	} else {
		rep.Registered++
	}
	if !e.rules.CSVMovesStock {
		return nil
	}
	ro, err := csvRemoteOrder(channel, merged)
	if err != nil {
		return &OrderFileError{Channel: channel, Number: in.Number, Line: in.FirstLine, Err: err}
	}
	// The API's copy, once delivered, is the order's state; a CSV never
	// applies over it. The same CSV state is not applied again.
	if polled && (!strings.HasPrefix(k.Version, csvVersionPrefix) || k.Version == ro.Version) {
		return nil
	}
	var pr PollReport
	if err := e.applyOrder(ctx, channel, ro, k, polled, &pr); err != nil {
		return err
	}
	rep.Allocated++
	rep.Unmatched += pr.Unmatched
	return nil
}

// csvVersionPrefix marks the version of an order state that came from a
// CSV file.
const csvVersionPrefix = "csv:"

// csvRemoteOrder is the state of a CSV order in the engine's shape: its
// lines keyed like the channel's API keys them, its status mapped from the
// file's status text or code.
func csvRemoteOrder(channel string, o ordercsv.Order) (RemoteOrder, error) {
	mall, _, _ := strings.Cut(channel, "/")
	units := map[string]int{}
	var items []string
	for _, l := range o.Lines {
		var item string
		switch mall {
		case "rakuten":
			item = strings.ToLower(l.ItemCode) + "/" + l.SKU
		case "yahoo":
			item = YahooItemKey(l.ItemCode, l.SKU)
		default:
			return RemoteOrder{}, fmt.Errorf("%w: CSV orders of %s cannot move stock", ErrInvalidInput, mall)
		}
		if _, ok := units[item]; !ok {
			items = append(items, item)
		}
		units[item] += l.Quantity
	}
	lines := make([]stock.Line, 0, len(items))
	for _, it := range items {
		lines = append(lines, stock.Line{Item: it, Units: units[it]})
	}
	ro := RemoteOrder{Number: o.Number, Status: csvStatus(mall, o.Status), Placed: o.OrderedAt, Lines: lines}
	h := sha256.New()
	fmt.Fprintf(h, "%d", ro.Status)
	for _, l := range lines {
		fmt.Fprintf(h, "\x00%s\x00%d", l.Item, l.Units)
	}
	ro.Version = csvVersionPrefix + hex.EncodeToString(h.Sum(nil)[:8])
	return ro, nil
}

// csvStatus maps an order file's status: 楽天's ステータス text (発送済 and
// 支払手続き… are shipped, キャンセル… canceled) and Yahoo's OrderStatus code
// (4 canceled, 5 completed).
func csvStatus(mall, s string) stock.OrderStatus {
	switch mall {
	case "rakuten":
		switch {
		case strings.HasPrefix(s, "キャンセル"):
			return stock.OrderCanceled
		case s == "発送済" || strings.HasPrefix(s, "支払手続き"):
			return stock.OrderShipped
		}
	case "yahoo":
		switch s {
		case "4":
			return stock.OrderCanceled
		case "5":
			return stock.OrderShipped
		}
	}
	return stock.OrderOpen
}
