package rakutentest

import (
	"bytes"
	"cmp"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Inventory API 2.x limits and error codes. GE0014, IE0002, IE0003 and
// IE0004 are documented with their messages. From the 2.1 code table:
// IE0500 (RELATIVE on a variant without a row), IE0117 (the quantity a
// RELATIVE write leads to is out of range), IE1101 (the size of the
// inventories list), IE1102 (one variant twice in a call), IE0105 (an
// operationLeadTime id) and IE0113 (shipFromIds); their messages here, and
// which field IE0105/IE0113/IE1101 point at, are the fake's wording
// (unverified). IE0001 (required value missing) is the fake's choice; IE0116
// for a range over 1000 rows is reported by practitioners. CE0001 (409,
// another process is updating) comes only as a fault, see FailNext.
const (
	maxBulkGet          = 1000
	maxBulkUpsert       = 400
	maxRangeRows        = 1000
	maxQuantity         = 99999
	maxKeyBytes         = 32
	maxShipFromIDs      = 10 // the fake's limit (unverified)
	codeRequired        = "IE0001"
	codeInvalidValue    = "IE0002"
	codeOutOfRange      = "IE0003"
	codeTooLong         = "IE0004"
	codeLeadTime        = "IE0105"
	codeShipFrom        = "IE0113"
	codeTooMany         = "IE0116"
	codeRelativeRange   = "IE0117"
	codeRelativeMissing = "IE0500"
	codeListSize        = "IE1101"
	codeDuplicate       = "IE1102"
	codeConflict        = "CE0001"
	codeNotFound        = "GE0014"
	modeAbsolute        = "ABSOLUTE"
	modeRelative        = "RELATIVE"
)

// manageNumberRe is the character set of a manageNumber (商品管理番号) and,
// in writes, of a variantId (IE0002).
var manageNumberRe = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)

// inventoryKey identifies a variant of a shop's inventory ("" for the one
// shared by keys without a shop): manageNumber lower-cased (RMS folds it),
// variantId as given (case-sensitive).
type inventoryKey struct{ shop, manageNumber, variantID string }

// keyOf builds the key of a variant.
func keyOf(shop, manageNumber, variantID string) inventoryKey {
	return inventoryKey{shop, strings.ToLower(manageNumber), variantID}
}

// inventoryRow is the stock of one variant.
type inventoryRow struct {
	quantity                int
	created, updated        time.Time
	normalDeliveryTimeID    *int
	backOrderDeliveryTimeID *int
	shipFromIDs             []int
}

// SetInventory sets a variant's stock directly (as an ABSOLUTE write would),
// creating the row when needed, in the inventory that keys without a shop
// see.
func (s *Server) SetInventory(manageNumber, variantID string, quantity int) {
	s.SetShopInventory("", manageNumber, variantID, quantity)
}

// SetShopInventory is SetInventory for the inventory of the shop with the
// given ID (see AddShop).
func (s *Server) SetShopInventory(shopID, manageNumber, variantID string, quantity int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := keyOf(shopID, manageNumber, variantID)
	row, ok := s.inventory[k]
	if !ok {
		row = &inventoryRow{created: s.now}
		s.inventory[k] = row
	}
	row.quantity, row.updated = quantity, s.now
}

// Inventory returns a variant's stock in the inventory keys without a shop
// see; manageNumber is matched case-insensitively, variantID exactly.
func (s *Server) Inventory(manageNumber, variantID string) (quantity int, ok bool) {
	return s.ShopInventory("", manageNumber, variantID)
}

// ShopInventory is Inventory for the shop with the given ID.
func (s *Server) ShopInventory(shopID, manageNumber, variantID string) (quantity int, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	row, ok := s.inventory[keyOf(shopID, manageNumber, variantID)]
	if !ok {
		return 0, false
	}
	return row.quantity, true
}

// restockLocked puts a cancelled item's units back when its variant has a
// row in the shop's inventory.
func (s *Server) restockLocked(shop string, it Item) {
	if row, ok := s.inventory[keyOf(shop, it.ManageNumber, it.VariantID)]; ok {
		row.quantity = min(row.quantity+it.Units, maxQuantity)
		row.updated = s.now
	}
}

// routeInventory registers InventoryAPI 2.0 and 2.1.
func (s *Server) routeInventory() {
	for _, v := range []string{"2.0", "2.1"} {
		base := "/es/" + v + "/inventories"
		variant := base + "/manage-numbers/{manageNumber}/variants/{variantId}"
		v21 := v == "2.1"
		s.inventoryRoute("GET "+variant, "inventories.variants.get", func(c *call) { s.variantGet(c, v21) })
		s.inventoryRoute("PUT "+variant, "inventories.variants.upsert", func(c *call) { s.variantUpsert(c, v21) })
		s.inventoryRoute("DELETE "+variant, "inventories.variants.delete", s.variantDelete)
		s.inventoryRoute("POST "+base+"/bulk-get", "inventories.bulk-get", func(c *call) { s.bulkGet(c, v21) })
		s.inventoryRoute("GET "+base+"/bulk-get/range", "inventories.bulk-get.range", func(c *call) { s.rangeGet(c, v21) })
		s.inventoryRoute("POST "+base+"/bulk-upsert", "inventories.bulk-upsert", func(c *call) { s.bulkUpsert(c, v21) })
	}
	s.inventoryRoute("GET /es/2.1/inventories/variant-lists/manage-numbers/{manageNumber}",
		"inventories.variant-lists.get", s.variantListGet)
}

// inventoryRoute registers one inventory operation; its RMS function is
// "inventoryapi." + op (unverified naming).
func (s *Server) inventoryRoute(pattern, op string, h func(*call)) {
	s.handle(pattern, op, functionInventoryPref+op, false, h)
}

// renderInventory builds one inventory object; 2.1 adds operationLeadTime
// and shipFromIds.
func renderInventory(k inventoryKey, row *inventoryRow, v21 bool) object {
	o := object{{"manageNumber", k.manageNumber}, {"variantId", k.variantID}, {"quantity", row.quantity}}
	if v21 {
		ships := row.shipFromIDs
		if ships == nil {
			ships = []int{}
		}
		o = append(o,
			member{"operationLeadTime", object{
				{"normalDeliveryTimeId", nullInt(row.normalDeliveryTimeID)},
				{"backOrderDeliveryTimeId", nullInt(row.backOrderDeliveryTimeID)},
			}},
			member{"shipFromIds", ships})
	}
	return append(o,
		member{"created", row.created.In(jst).Format(isoDatetimeLayout)},
		member{"updated", row.updated.In(jst).Format(isoDatetimeLayout)})
}

// notFound is the GE0014 error of a missing variant.
func notFound(manageNumber, variantID string) []inventoryError {
	return []inventoryError{{codeNotFound, "Not found for inputs; manageNumber=" + manageNumber + ", variantId=" + variantID, ""}}
}

// checkKey validates a manageNumber/variantId pair; prefix is the
// propertyPath prefix ("inventories[3]." or "").
func checkKey(manageNumber, variantID, prefix string) []inventoryError {
	var errs []inventoryError
	switch {
	case manageNumber == "":
		errs = append(errs, inventoryError{codeRequired, "manageNumber must not be empty.", prefix + "manageNumber"})
	case len(manageNumber) > maxKeyBytes:
		errs = append(errs, inventoryError{codeTooLong, "Max length of manageNumber must be within 32 bytes.", prefix + "manageNumber"})
	case !manageNumberRe.MatchString(manageNumber):
		errs = append(errs, inventoryError{codeInvalidValue, "manageNumber has an invalid value : " + manageNumber + ".", prefix + "manageNumber"})
	}
	switch {
	case variantID == "":
		errs = append(errs, inventoryError{codeRequired, "variantId must not be empty.", prefix + "variantId"})
	case len(variantID) > maxKeyBytes:
		errs = append(errs, inventoryError{codeTooLong, "Max length of variantId must be within 32 bytes.", prefix + "variantId"})
	}
	return errs
}

// variantGet serves InventoryAPI variants.get.
func (s *Server) variantGet(c *call, v21 bool) {
	m, v := c.r.PathValue("manageNumber"), c.r.PathValue("variantId")
	if errs := checkKey(m, v, ""); errs != nil {
		s.writeInventoryErrors(c, errs)
		return
	}
	s.mu.Lock()
	k := keyOf(c.shop, m, v)
	row, ok := s.inventory[k]
	var body object
	if ok {
		body = renderInventory(k, row, v21)
	}
	s.mu.Unlock()
	if !ok {
		s.writeInventoryErrors(c, notFound(m, v))
		return
	}
	s.writeJSON(c, http.StatusOK, body)
}

// variantDelete serves InventoryAPI variants.delete: 204, or 404 GE0014.
func (s *Server) variantDelete(c *call) {
	m, v := c.r.PathValue("manageNumber"), c.r.PathValue("variantId")
	if errs := checkKey(m, v, ""); errs != nil {
		s.writeInventoryErrors(c, errs)
		return
	}
	s.mu.Lock()
	k := keyOf(c.shop, m, v)
	_, ok := s.inventory[k]
	delete(s.inventory, k)
	s.mu.Unlock()
	if !ok {
		s.writeInventoryErrors(c, notFound(m, v))
		return
	}
	s.writeNoContent(c)
}

// upsert is one validated stock write.
type upsert struct {
	key                     inventoryKey
	mode                    string
	quantity                int
	normalDeliveryTimeID    *int
	backOrderDeliveryTimeID *int
	shipFromIDs             []int
	path                    string // propertyPath prefix
}

// upsertBody is the wire form of one write; quantity stays raw so that a
// non-number can be reported with its text.
type upsertBody struct {
	ManageNumber      string          `json:"manageNumber"`
	VariantID         string          `json:"variantId"`
	Mode              string          `json:"mode"`
	Quantity          json.RawMessage `json:"quantity"`
	OperationLeadTime *struct {
		NormalDeliveryTimeID    *int `json:"normalDeliveryTimeId"`
		BackOrderDeliveryTimeID *int `json:"backOrderDeliveryTimeId"`
	} `json:"operationLeadTime"`
	ShipFromIDs []int `json:"shipFromIds"`
}

// parseUpsert validates one write. mode ABSOLUTE takes 0..99999, RELATIVE
// a delta of -99999..99999.
func parseUpsert(shop string, b upsertBody, prefix string, v21 bool) (upsert, []inventoryError) {
	u := upsert{key: keyOf(shop, b.ManageNumber, b.VariantID), mode: b.Mode, path: prefix}
	errs := checkKey(b.ManageNumber, b.VariantID, prefix)
	if b.VariantID != "" && len(b.VariantID) <= maxKeyBytes && !manageNumberRe.MatchString(b.VariantID) {
		errs = append(errs, inventoryError{codeInvalidValue, "variantId has an invalid value : " + b.VariantID + ".", prefix + "variantId"})
	}
	switch b.Mode {
	case modeAbsolute, modeRelative:
	case "":
		errs = append(errs, inventoryError{codeRequired, "mode must not be empty.", prefix + "mode"})
	default:
		errs = append(errs, inventoryError{codeInvalidValue, "mode has an invalid value : " + b.Mode + ".", prefix + "mode"})
	}
	raw := strings.TrimSpace(string(b.Quantity))
	q, err := strconv.Atoi(raw)
	switch {
	case raw == "" || raw == "null":
		errs = append(errs, inventoryError{codeRequired, "quantity must not be empty.", prefix + "quantity"})
	case err != nil:
		text, uerr := strconv.Unquote(raw)
		if uerr != nil {
			text = raw
		}
		errs = append(errs, inventoryError{codeInvalidValue, "quantity has an invalid value : " + text + ".", prefix + "quantity"})
	case b.Mode == modeRelative && (q < -maxQuantity || q > maxQuantity):
		errs = append(errs, inventoryError{codeOutOfRange, "quantity must be between -99999 and 99999.", prefix + "quantity"})
	case b.Mode != modeRelative && (q < 0 || q > maxQuantity):
		errs = append(errs, inventoryError{codeOutOfRange, "quantity must be between 0 and 99999.", prefix + "quantity"})
	}
	u.quantity = q
	if v21 {
		if lt := b.OperationLeadTime; lt != nil {
			u.normalDeliveryTimeID, u.backOrderDeliveryTimeID = lt.NormalDeliveryTimeID, lt.BackOrderDeliveryTimeID
			for _, f := range []struct {
				name string
				id   *int
			}{{"normalDeliveryTimeId", lt.NormalDeliveryTimeID}, {"backOrderDeliveryTimeId", lt.BackOrderDeliveryTimeID}} {
				if f.id != nil && *f.id <= 0 {
					errs = append(errs, inventoryError{codeLeadTime, f.name + " has an invalid value : " + strconv.Itoa(*f.id) + ".", prefix + "operationLeadTime." + f.name})
				}
			}
		}
		u.shipFromIDs = b.ShipFromIDs
		if badShipFrom(b.ShipFromIDs) {
			errs = append(errs, inventoryError{codeShipFrom, "shipFromIds must hold at most 10 distinct positive ids.", prefix + "shipFromIds"})
		}
	}
	return u, errs
}

// badShipFrom reports a shipFromIds list the fake refuses (IE0113): more
// than maxShipFromIDs ids, a repeated one or one below 1.
func badShipFrom(ids []int) bool {
	if len(ids) > maxShipFromIDs {
		return true
	}
	seen := map[int]bool{}
	for _, id := range ids {
		if id < 1 || seen[id] {
			return true
		}
		seen[id] = true
	}
	return false
}

// applyUpsertsLocked checks writes against the stored stock, in order,
// and applies them all only when none fails: the first write of a variant
// must be ABSOLUTE and a RELATIVE result must stay within 0..99999.
func (s *Server) applyUpsertsLocked(ups []upsert, v21 bool) []inventoryError {
	next := map[inventoryKey]int{}
	var errs []inventoryError
	for _, u := range ups {
		cur, ok := next[u.key]
		if !ok {
			if row, found := s.inventory[u.key]; found {
				cur, ok = row.quantity, true
			}
		}
		switch {
		case u.mode == modeAbsolute:
			next[u.key] = u.quantity
		case !ok:
			errs = append(errs, inventoryError{codeRelativeMissing,
				"mode RELATIVE cannot be used for the first registration; manageNumber=" + u.key.manageNumber + ", variantId=" + u.key.variantID,
				u.path + "mode"})
		case cur+u.quantity < 0 || cur+u.quantity > maxQuantity:
			errs = append(errs, inventoryError{codeRelativeRange, "quantity after the update must be between 0 and 99999.", u.path + "quantity"})
		default:
			next[u.key] = cur + u.quantity
		}
	}
	if errs != nil {
		return errs
	}
	for _, u := range ups {
		row, ok := s.inventory[u.key]
		if !ok {
			row = &inventoryRow{created: s.now}
			s.inventory[u.key] = row
		}
		if u.mode == modeAbsolute {
			row.quantity = u.quantity
		} else {
			row.quantity += u.quantity
		}
		row.updated = s.now
		if v21 {
			row.normalDeliveryTimeID, row.backOrderDeliveryTimeID = u.normalDeliveryTimeID, u.backOrderDeliveryTimeID
			row.shipFromIDs = slices.Clone(u.shipFromIDs)
		}
	}
	return nil
}

// decodeInventoryBody parses a JSON body or answers IE0002.
func (s *Server) decodeInventoryBody(c *call, v any) bool {
	if err := json.NewDecoder(bytes.NewReader(c.body)).Decode(v); err != nil {
		s.writeInventoryErrors(c, []inventoryError{{codeInvalidValue, "request body has an invalid value.", ""}})
		return false
	}
	return true
}

// variantUpsert serves InventoryAPI variants.upsert (PUT, full replace of
// the 2.1 lead-time settings): 204 on success.
func (s *Server) variantUpsert(c *call, v21 bool) {
	var b upsertBody
	if !s.decodeInventoryBody(c, &b) {
		return
	}
	b.ManageNumber, b.VariantID = c.r.PathValue("manageNumber"), c.r.PathValue("variantId")
	u, errs := parseUpsert(c.shop, b, "", v21)
	s.upsertAndAnswer(c, []upsert{u}, errs, v21)
}

// upsertAndAnswer applies ups unless parsing found errs, and answers 204 or
// the errors.
func (s *Server) upsertAndAnswer(c *call, ups []upsert, errs []inventoryError, v21 bool) {
	if errs == nil {
		s.mu.Lock()
		errs = s.applyCountedUpsertsLocked(c, ups, v21)
		s.mu.Unlock()
	}
	if errs != nil {
		s.writeInventoryErrors(c, errs)
		return
	}
	s.writeNoContent(c)
}

// bulkUpsert serves InventoryAPI bulk.upsert: 1..400 writes (IE1101), no
// variant twice (IE1102, manageNumber compared lower-cased), all or none,
// 204 on success; errors carry propertyPath "inventories[i].field". On 2.1
// each write replaces the whole row: lead times and ship-from ids it leaves
// out are cleared. On 2.0 they are kept.
func (s *Server) bulkUpsert(c *call, v21 bool) {
	var req struct {
		Inventories []upsertBody `json:"inventories"`
	}
	if !s.decodeInventoryBody(c, &req) {
		return
	}
	if n := len(req.Inventories); n < 1 || n > maxBulkUpsert {
		s.writeInventoryErrors(c, []inventoryError{{codeListSize, "inventories size must be between 1 and 400.", "inventories"}})
		return
	}
	var errs []inventoryError
	ups := make([]upsert, 0, len(req.Inventories))
	first := map[inventoryKey]int{}
	for i, b := range req.Inventories {
		prefix := "inventories[" + strconv.Itoa(i) + "]."
		u, e := parseUpsert(c.shop, b, prefix, v21)
		errs = append(errs, e...)
		if j, dup := first[u.key]; dup && e == nil {
			errs = append(errs, inventoryError{codeDuplicate, "inventories[" + strconv.Itoa(j) + "] and inventories[" + strconv.Itoa(i) +
				"] are the same variant; manageNumber=" + u.key.manageNumber + ", variantId=" + u.key.variantID, prefix + "variantId"})
		} else if !dup {
			first[u.key] = i
		}
		ups = append(ups, u)
	}
	s.upsertAndAnswer(c, ups, errs, v21)
}

// bulkGet serves InventoryAPI bulk.get: 1..1000 keys; variants without
// stock are left out of the answer, the others come in request order.
func (s *Server) bulkGet(c *call, v21 bool) {
	var req struct {
		Inventories []struct {
			ManageNumber string `json:"manageNumber"`
			VariantID    string `json:"variantId"`
		} `json:"inventories"`
	}
	if !s.decodeInventoryBody(c, &req) {
		return
	}
	if n := len(req.Inventories); n < 1 || n > maxBulkGet {
		s.writeInventoryErrors(c, []inventoryError{{codeOutOfRange, "inventories size must be between 1 and 1000.", "inventories"}})
		return
	}
	var errs []inventoryError
	for i, k := range req.Inventories {
		errs = append(errs, checkKey(k.ManageNumber, k.VariantID, "inventories["+strconv.Itoa(i)+"].")...)
	}
	if errs != nil {
		s.writeInventoryErrors(c, errs)
		return
	}
	s.mu.Lock()
	out := []any{}
	for _, k := range req.Inventories {
		key := keyOf(c.shop, k.ManageNumber, k.VariantID)
		if row, ok := s.inventory[key]; ok {
			out = append(out, renderInventory(key, row, v21))
		}
	}
	s.mu.Unlock()
	s.writeJSON(c, http.StatusOK, object{{"inventories", out}})
}

// rangeGet serves InventoryAPI bulk.get.range: minQuantity and/or
// maxQuantity (0..99999), at most 1000 rows sorted by updated, newest first.
func (s *Server) rangeGet(c *call, v21 bool) {
	q := c.r.URL.Query()
	lo, hi := 0, maxQuantity
	var errs []inventoryError
	given := 0
	for _, p := range []struct {
		name string
		dst  *int
	}{{"minQuantity", &lo}, {"maxQuantity", &hi}} {
		if !q.Has(p.name) {
			continue
		}
		given++
		v := q.Get(p.name)
		n, err := strconv.Atoi(v)
		switch {
		case err != nil:
			errs = append(errs, inventoryError{codeInvalidValue, p.name + " has an invalid value : " + v + ".", p.name})
		case n < 0 || n > maxQuantity:
			errs = append(errs, inventoryError{codeOutOfRange, p.name + " must be between 0 and 99999.", p.name})
		default:
			*p.dst = n
		}
	}
	if given == 0 {
		errs = append(errs, inventoryError{codeRequired, "minQuantity or maxQuantity must be specified.", "minQuantity"})
	}
	if errs != nil {
		s.writeInventoryErrors(c, errs)
		return
	}
	s.mu.Lock()
	type hit struct {
		key inventoryKey
		row inventoryRow
	}
	var hits []hit
	for k, row := range s.inventory {
		if k.shop == c.shop && row.quantity >= lo && row.quantity <= hi {
			hits = append(hits, hit{k, *row})
		}
	}
	s.mu.Unlock()
	if len(hits) > maxRangeRows {
		s.writeInventoryErrors(c, []inventoryError{{codeTooMany, "Too many search results", ""}})
		return
	}
	slices.SortFunc(hits, func(a, b hit) int {
		return cmp.Or(b.row.updated.Compare(a.row.updated),
			strings.Compare(a.key.manageNumber, b.key.manageNumber), strings.Compare(a.key.variantID, b.key.variantID))
	})
	out := make([]any, 0, len(hits))
	for _, h := range hits {
		out = append(out, renderInventory(h.key, &h.row, v21))
	}
	s.writeJSON(c, http.StatusOK, object{{"inventories", out}})
}

// variantListGet serves InventoryAPI 2.1 variant-lists.get: the variants
// with stock under a manageNumber (sorted), created = oldest, updated =
// newest; 404 GE0014 when there are none. The variantList element shape is
// unverified (plain variantId strings here).
func (s *Server) variantListGet(c *call) {
	m := c.r.PathValue("manageNumber")
	s.mu.Lock()
	var ids []string
	var created, updated time.Time
	for k, row := range s.inventory {
		if k.shop != c.shop || k.manageNumber != strings.ToLower(m) {
			continue
		}
		ids = append(ids, k.variantID)
		if created.IsZero() || row.created.Before(created) {
			created = row.created
		}
		if row.updated.After(updated) {
			updated = row.updated
		}
	}
	s.mu.Unlock()
	if ids == nil {
		s.writeInventoryErrors(c, []inventoryError{{codeNotFound, "Not found for inputs; manageNumber=" + m, ""}})
		return
	}
	slices.Sort(ids)
	s.writeJSON(c, http.StatusOK, object{
		{"manageNumber", strings.ToLower(m)}, {"variantList", ids},
		{"created", created.In(jst).Format(isoDatetimeLayout)},
		{"updated", updated.In(jst).Format(isoDatetimeLayout)},
	})
}
