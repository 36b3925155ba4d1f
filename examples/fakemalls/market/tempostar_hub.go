package market

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mallkit/mallkit/internal/fakemall"
	"github.com/mallkit/mallkit/tempostar"
)

// hub is the fake TEMPOSTAR: the shop's stock master, working on the files
// of its FTP area as TEMPOSTAR does with a partner system's.
//
//   - Order files the engine uploads into Dirs.Orders (tempostar's 50-column
//     layout, read with tempostar.ReadOrderRows) are read once each and
//     moved into the folder's archive sub-folder; a file that does not read
//     moves into its "error" sub-folder. Each order (by ショップ受注番号,
//     "<shop code>-<mall order number>") is taken once: a second file with
//     the same order is counted as a duplicate and changes nothing.
//   - 想定在庫数 (expected stock) per SKU is the units on hand minus the units
//     of the orders it knows that are not shipped yet; it may go negative
//     when the malls oversold.
//   - Every `every` of its clock it writes a stock file (tempostar.WriteStock,
//     CP932) into Dirs.Stock with the SKUs whose 想定在庫数 changed since the
//     previous file (all SKUs in the first file, or always with all).
//   - ship writes a shipment file (tempostar.WriteShipments) into
//     Dirs.Shipments and takes the units off the shelf.
//   - An order cancelled on its mall is released (at once through the
//     marketplace, else at its next step), as TEMPOSTAR follows the malls'
//     order states itself.
//
// Files appear atomically: they are written as "<name>.tmp" (which the
// tempostar package never reads), renamed, and then a "<name>.lock"
// completion marker is written, for clients with Config.RequireLock.
type hub struct {
	root     string // the FTP root on disk
	dirs     tempostar.Dirs
	shopCode string
	every    time.Duration
	all      bool

	mu      sync.Mutex
	onHand  map[string]int
	known   map[string]hubOrder // by ショップ受注番号 as uploaded, unshipped
	shipped map[string]bool     // mall order numbers and ショップ受注番号 shipped
	read    map[string]bool     // order file names read
	last    map[string]int      // 想定在庫数 in the last stock file; nil before the first
	next    time.Time           // when the next stock file is due; zero: at the next step
	counts  map[string]int      // what the hub did, reported under Stats().Calls
	errs    []error             // order files that did not read
}

// hubOrder is an order the hub took from an order file: SKU → units.
type hubOrder struct {
	units map[string]int
}

// findLocked returns the ショップ受注番号 under which the hub knows the mall
// order number order: "<shop code>-<order>" with whatever shop code the
// engine used, or order itself.
func (h *hub) findLocked(order string) (string, bool) {
	if _, ok := h.known[order]; ok {
		return order, true
	}
	for k := range h.known {
		if strings.HasSuffix(k, "-"+order) {
			return k, true
		}
	}
	return "", false
}

// Hub operations counted in its Stats.
const (
	hubOrderFiles    = "order_files"      // order files read
	hubDuplicates    = "duplicate_orders" // orders already taken from an earlier file
	hubBadOrderFiles = "bad_order_files"  // order files that did not read
	hubStockFiles    = "stock_files"      // stock files written
	hubShipmentFiles = "shipment_files"   // shipment files written
)

// hubErrorSubfolder is where order files that did not read go.
const hubErrorSubfolder = "error"

// newHub prepares a hub over root with the given units on hand.
func newHub(root, shopCode string, onHand map[string]int, every time.Duration, all bool) *hub {
	return &hub{
		root: root, dirs: tempostar.DefaultDirs(), shopCode: shopCode, every: every, all: all,
		onHand: maps.Clone(onHand), known: map[string]hubOrder{}, shipped: map[string]bool{},
		read: map[string]bool{}, counts: map[string]int{},
	}
}

// expectedLocked returns 想定在庫数 per SKU.
func (h *hub) expectedLocked() map[string]int {
	exp := maps.Clone(h.onHand)
	for _, o := range h.known {
		for sku, n := range o.units {
			exp[sku] -= n
		}
	}
	return exp
}

// expected returns 想定在庫数 per SKU (GET /stock under the hub's channel).
func (h *hub) expected() map[string]int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.expectedLocked()
}

// stats reports the hub's work in the shape of the fakes' statistics.
func (h *hub) stats() fakemall.Stats {
	h.mu.Lock()
	defer h.mu.Unlock()
	return fakemall.Stats{Calls: maps.Clone(h.counts)}
}

// step imports pending order files and writes a stock file when one is due
// at now. Order files that do not read are reported by importErrors, not
// here: they are the engine's fault, not the hub's.
func (h *hub) step(now time.Time) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.importLocked(); err != nil {
		return err
	}
	if !h.next.IsZero() && now.Before(h.next) {
		return nil
	}
	h.next = now.Add(h.every)
	_, err := h.writeStockLocked(now)
	return err
}

// importErrors returns the errors of order files that did not read.
func (h *hub) importErrors() []error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.errs)
}

// importLocked reads every order file not read yet, in name order (upload
// names carry their time).
func (h *hub) importLocked() error {
	dir := filepath.Join(h.root, filepath.FromSlash(h.dirs.Orders))
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || h.read[name] || strings.HasPrefix(name, ".") ||
			strings.HasSuffix(name, ".tmp") || strings.HasSuffix(name, ".lock") {
			continue
		}
		h.read[name] = true
		rows, err := h.readOrderFile(filepath.Join(dir, name), name)
		into := h.dirs.Archive
		if err != nil {
			h.errs = append(h.errs, err)
			h.counts[hubBadOrderFiles]++
			into = hubErrorSubfolder
		} else {
			h.counts[hubOrderFiles]++
			h.takeLocked(rows)
		}
		if err := moveInto(dir, name, into); err != nil {
			return err
		}
		lock := strings.TrimSuffix(name, path.Ext(name)) + ".lock"
		if _, err := os.Stat(filepath.Join(dir, lock)); err == nil {
			if err := moveInto(dir, lock, into); err != nil {
				return err
			}
		}
	}
	return nil
}

// readOrderFile reads one uploaded order file.
func (h *hub) readOrderFile(p, name string) ([]tempostar.OrderRow, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	return tempostar.ReadOrderRows(bytes.NewReader(b), tempostar.WithFileName(name))
}

// takeLocked adds the orders of rows the hub does not know yet.
func (h *hub) takeLocked(rows []tempostar.OrderRow) {
	orders := map[string]hubOrder{}
	var order []string
	for _, r := range rows {
		num := r.ShopOrderNumber
		if _, ok := orders[num]; !ok {
			orders[num] = hubOrder{units: map[string]int{}}
			order = append(order, num)
		}
		orders[num].units[r.ItemCode] += r.Quantity
	}
	for _, num := range order {
		if _, ok := h.known[num]; ok || h.shipped[num] {
			h.counts[hubDuplicates]++
			continue
		}
		h.known[num] = orders[num]
	}
}

// release forgets orders cancelled on their malls, giving their units back
// to 想定在庫数. Orders the hub never took change nothing.
func (h *hub) release(orders ...string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, o := range orders {
		if k, ok := h.findLocked(o); ok {
			delete(h.known, k)
		}
	}
}

// releaseCanceled forgets the orders it knows whose mall order number is in
// canceled.
func (h *hub) releaseCanceled(canceled map[string]bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for k := range h.known {
		for rest := k; ; {
			if canceled[rest] {
				delete(h.known, k)
				break
			}
			_, after, ok := strings.Cut(rest, "-")
			if !ok {
				break
			}
			rest = after
		}
	}
}

// knows reports whether the hub holds any order not shipped yet.
func (h *hub) knows() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.known) > 0
}

// writeStockLocked writes a stock file with the SKUs that changed since the
// last one (all of them the first time or with h.all). It writes nothing
// when nothing changed and returns the remote path, or "".
func (h *hub) writeStockLocked(now time.Time) (string, error) {
	exp := h.expectedLocked()
	var recs []tempostar.StockRecord
	for _, sku := range slices.Sorted(maps.Keys(exp)) {
		if last, ok := h.last[sku]; h.all || h.last == nil || !ok || last != exp[sku] {
			recs = append(recs, tempostar.StockRecord{Code: sku, Quantity: exp[sku]})
		}
	}
	if len(recs) == 0 {
		return "", nil
	}
	var buf bytes.Buffer
	if err := tempostar.WriteStock(&buf, recs, tempostar.EncodingCP932); err != nil {
		return "", err
	}
	remote := path.Join(h.dirs.Stock, tempostar.FileName(tempostar.KindStock, now, tempostar.EncodingCP932))
	if err := h.publish(remote, buf.Bytes()); err != nil {
		return "", err
	}
	h.last = exp
	h.counts[hubStockFiles]++
	return remote, nil
}

// ship records that the warehouse shipped order with carrier and tracking,
// takes its units off the shelf and writes a shipment file, whose remote
// path it returns. units are the order's SKUs for an order the hub never
// took from an order file. システム受注番号 in the file is the ショップ受注番号
// the engine uploaded the order with ("<shop code>-<order number>" for an
// order it never uploaded), so that the engine finds its order.
func (h *hub) ship(now time.Time, channel, order string, units map[string]int, carrier, tracking string) (string, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.shipped[order] {
		return "", &NotOpenError{Channel: channel, Order: order, Status: StatusShipped}
	}
	number, known := h.findLocked(order)
	if known {
		units = h.known[number].units
	} else {
		number = tempostar.ShopOrderNumber(h.shopCode, order)
	}
	rec := tempostar.ShipmentRecord{
		SystemOrderNumber: number, DeliveryMethodCode: carrier,
		ShippedAt: now, ShipConfirmedAt: now, TrackingNumber: tracking,
	}
	var buf bytes.Buffer
	if err := tempostar.WriteShipments(&buf, []tempostar.ShipmentRecord{rec}, tempostar.EncodingCP932); err != nil {
		var re *tempostar.RecordError
		if errors.As(err, &re) {
			if re.Column == "荷物番号" {
				return "", &InputError{Field: "tracking", Value: tracking, Err: re.Err}
			}
			return "", &InputError{Field: "carrier", Value: carrier, Err: re.Err}
		}
		return "", err
	}
	remote := path.Join(h.dirs.Shipments, tempostar.FileName(tempostar.KindShipments, now, tempostar.EncodingCP932))
	if err := h.publish(remote, buf.Bytes()); err != nil {
		return "", err
	}
	for sku, n := range units {
		h.onHand[sku] -= n
	}
	delete(h.known, number)
	h.shipped[order], h.shipped[number] = true, true
	h.counts[hubShipmentFiles]++
	return remote, nil
}

// publish writes data to remote under the FTP root atomically, then its
// ".lock" completion marker.
func (h *hub) publish(remote string, data []byte) error {
	p := filepath.Join(h.root, filepath.FromSlash(remote))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, p); err != nil {
		return errors.Join(err, os.Remove(tmp))
	}
	return os.WriteFile(strings.TrimSuffix(p, path.Ext(p))+".lock", nil, 0o644)
}

// moveInto moves dir/name into the sub-folder sub of dir.
func moveInto(dir, name, sub string) error {
	if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
		return err
	}
	if err := os.Rename(filepath.Join(dir, name), filepath.Join(dir, sub, name)); err != nil {
		return fmt.Errorf("tempostar hub: moving %s: %w", name, err)
	}
	return nil
}
