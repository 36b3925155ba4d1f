package rakuten

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"time"

	"github.com/mallkit/mallkit/internal/httpx"
)

// Inventory API 2.x limits.
const (
	MaxInventoryGet    = 1000 // inventories per bulk-get
	MaxInventoryUpsert = 400  // inventories per bulk-upsert
	MaxInventoryQty    = 99999
)

// inventoryBase is the InventoryAPI 2.1 path; 2.1 answers every 2.0 route
// and adds lead times, ship-from ids and variant-lists.
const inventoryBase = "/es/2.1/inventories"

// VariantKey names one SKU: the item's manageNumber (商品管理番号, which RMS
// lower-cases) and the variantId (SKU管理番号, case-sensitive).
type VariantKey struct {
	ManageNumber string `json:"manageNumber"`
	VariantID    string `json:"variantId"`
}

func (k VariantKey) String() string { return k.ManageNumber + "/" + k.VariantID }

// Inventory is the stock of one SKU.
type Inventory struct {
	ManageNumber      string             `json:"manageNumber"`
	VariantID         string             `json:"variantId"`
	Quantity          int                `json:"quantity"`
	OperationLeadTime *OperationLeadTime `json:"operationLeadTime,omitempty"`
	ShipFromIDs       []int              `json:"shipFromIds,omitempty"`
	Created           time.Time          `json:"created"`
	Updated           time.Time          `json:"updated"`
}

// UnmarshalJSON reads created/updated into JST.
func (i *Inventory) UnmarshalJSON(b []byte) error {
	type plain Inventory
	w := struct {
		*plain
		Created wireTime `json:"created"`
		Updated wireTime `json:"updated"`
	}{plain: (*plain)(i)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	i.Created, i.Updated = w.Created.Time, w.Updated.Time
	return nil
}

// OperationLeadTime holds the ids of the shop's lead-time settings (from
// ShopAPI shop.operationLeadTime.get).
type OperationLeadTime struct {
	NormalDeliveryTimeID    *int `json:"normalDeliveryTimeId,omitempty"`
	BackOrderDeliveryTimeID *int `json:"backOrderDeliveryTimeId,omitempty"`
}

// InventoryUpdate sets the stock of one SKU to Quantity (absolute, 0..99999).
// Setting absolute quantities is safe to repeat, so these pushes are retried.
// OperationLeadTime and ShipFromIDs are sent when set; the single-variant
// upsert replaces the whole row, clearing them when nil.
type InventoryUpdate struct {
	ManageNumber, VariantID string
	Quantity                int
	OperationLeadTime       *OperationLeadTime
	ShipFromIDs             []int
}

// InventoryAdjustment changes the stock of one SKU by Delta (RELATIVE mode).
type InventoryAdjustment struct {
	ManageNumber, VariantID string
	Delta                   int
}

type inventoryWrite struct {
	ManageNumber      string             `json:"manageNumber,omitempty"`
	VariantID         string             `json:"variantId,omitempty"`
	Mode              string             `json:"mode"`
	Quantity          int                `json:"quantity"`
	OperationLeadTime *OperationLeadTime `json:"operationLeadTime,omitempty"`
	ShipFromIDs       []int              `json:"shipFromIds,omitempty"`
}

type inventoriesBody[T any] struct {
	Inventories []T `json:"inventories"`
}

func (u InventoryUpdate) wire() (inventoryWrite, error) {
	if u.Quantity < 0 || u.Quantity > MaxInventoryQty {
		return inventoryWrite{}, fmt.Errorf("%w: %s/%s: quantity %d, want 0..%d", ErrInvalidInput, u.ManageNumber, u.VariantID, u.Quantity, MaxInventoryQty)
	}
	return inventoryWrite{ManageNumber: u.ManageNumber, VariantID: u.VariantID, Mode: "ABSOLUTE", Quantity: u.Quantity,
		OperationLeadTime: u.OperationLeadTime, ShipFromIDs: u.ShipFromIDs}, nil
}

// GetInventories returns the stock of each key with InventoryAPI
// inventories.bulk.get (POST /es/2.1/inventories/bulk-get), 1000 keys per
// call. SKUs without an inventory row are simply absent from the result.
func (c *Client) GetInventories(ctx context.Context, keys []VariantKey) ([]Inventory, error) {
	var all []Inventory
	for batch := range slices.Chunk(keys, MaxInventoryGet) {
		body := inventoriesBody[VariantKey]{batch}
		var out inventoriesBody[Inventory]
		if err := c.inventoryCall(ctx, "inventories.bulk-get", http.MethodPost, "/bulk-get", nil, body, &out, httpx.RetrySafe); err != nil {
			return all, err
		}
		all = append(all, out.Inventories...)
	}
	return all, nil
}

// SetInventories sets absolute stock quantities with InventoryAPI
// inventories.bulk.upsert (POST /es/2.1/inventories/bulk-upsert, mode
// ABSOLUTE), 400 SKUs per call. Absolute pushes are idempotent and retried.
//
// RMS validates each call as a whole: a bad row fails its batch of 400 with
// an *APIError whose Details name the row (property path and SKU). Earlier
// batches stay applied; the error says how many updates went through.
func (c *Client) SetInventories(ctx context.Context, u []InventoryUpdate) error {
	rows := make([]inventoryWrite, 0, len(u))
	for _, x := range u {
		w, err := x.wire()
		if err != nil {
			return err
		}
		rows = append(rows, w)
	}
	return c.bulkUpsert(ctx, rows, httpx.RetrySafe)
}

// AdjustInventoriesRelative adds each Delta to the current stock with
// InventoryAPI inventories.bulk.upsert in RELATIVE mode, 400 SKUs per call.
//
// Relative changes are NOT idempotent: a resend after a timeout or a 503
// could apply a delta twice, so a call is only resent when RMS proves it
// refused it (429, 403 QPSLimit). RMS also requires a SKU's first
// registration to be ABSOLUTE. Prefer SetInventories where possible.
func (c *Client) AdjustInventoriesRelative(ctx context.Context, adj []InventoryAdjustment) error {
	rows := make([]inventoryWrite, 0, len(adj))
	for _, a := range adj {
		rows = append(rows, inventoryWrite{ManageNumber: a.ManageNumber, VariantID: a.VariantID, Mode: "RELATIVE", Quantity: a.Delta})
	}
	return c.bulkUpsert(ctx, rows, httpx.RetryRejected)
}

// propertyIndex finds the row index in "inventories[12].quantity".
var propertyIndex = regexp.MustCompile(`^inventories\[(\d+)\]`)

func (c *Client) bulkUpsert(ctx context.Context, rows []inventoryWrite, p httpx.Policy) error {
	done := 0
	for batch := range slices.Chunk(rows, MaxInventoryUpsert) {
		err := c.inventoryCall(ctx, "inventories.bulk-upsert", http.MethodPost, "/bulk-upsert", nil, inventoriesBody[inventoryWrite]{batch}, nil, p)
		if err != nil {
			var ae *APIError
			if errors.As(err, &ae) {
				for i, d := range ae.Details {
					if m := propertyIndex.FindStringSubmatch(d.PropertyPath); m != nil {
						if n, _ := strconv.Atoi(m[1]); n < len(batch) {
							ae.Details[i].Key = batch[n].ManageNumber + "/" + batch[n].VariantID
						}
					}
				}
			}
			return fmt.Errorf("rakuten: bulk-upsert of rows %d-%d failed after %d of %d rows were applied: %w",
				done+1, done+len(batch), done, len(rows), err)
		}
		done += len(batch)
	}
	return nil
}

// variantCall is inventoryCall for one SKU's path; its *APIError names the SKU.
func (c *Client) variantCall(ctx context.Context, op, method string, k VariantKey, in, out any, p httpx.Policy) error {
	path := "/manage-numbers/" + url.PathEscape(k.ManageNumber) + "/variants/" + url.PathEscape(k.VariantID)
	err := c.inventoryCall(ctx, op, method, path, nil, in, out, p)
	var ae *APIError
	if errors.As(err, &ae) {
		ae.Key = k.String()
	}
	return err
}

// GetInventory returns one SKU's stock with InventoryAPI
// inventories.variants.get. A SKU without a row is an *APIError matching
// ErrNotFound (GE0014).
func (c *Client) GetInventory(ctx context.Context, k VariantKey) (*Inventory, error) {
	var out Inventory
	if err := c.variantCall(ctx, "inventories.variants.get", http.MethodGet, k, nil, &out, httpx.RetrySafe); err != nil {
		return nil, err
	}
	return &out, nil
}

// SetInventory replaces one SKU's row (absolute quantity, lead time,
// ship-from ids) with InventoryAPI inventories.variants.upsert. Retried
// like a read.
func (c *Client) SetInventory(ctx context.Context, u InventoryUpdate) error {
	w, err := u.wire()
	if err != nil {
		return err
	}
	k := VariantKey{w.ManageNumber, w.VariantID}
	w.ManageNumber, w.VariantID = "", ""
	return c.variantCall(ctx, "inventories.variants.upsert", http.MethodPut, k, w, nil, httpx.RetrySafe)
}

// AdjustInventoryRelative adds delta to one SKU's stock with InventoryAPI
// inventories.variants.upsert in RELATIVE mode. Not idempotent: resent only
// when RMS refused the call (429, 403 QPSLimit).
func (c *Client) AdjustInventoryRelative(ctx context.Context, k VariantKey, delta int) error {
	w := inventoryWrite{Mode: "RELATIVE", Quantity: delta}
	return c.variantCall(ctx, "inventories.variants.upsert", http.MethodPut, k, w, nil, httpx.RetryRejected)
}

// DeleteInventory removes one SKU's row with InventoryAPI
// inventories.variants.delete. A missing row matches ErrNotFound.
func (c *Client) DeleteInventory(ctx context.Context, k VariantKey) error {
	return c.variantCall(ctx, "inventories.variants.delete", http.MethodDelete, k, nil, nil, httpx.RetrySafe)
}

// VariantList is the answer of inventories.variant-lists.get.
type VariantList struct {
	ManageNumber string    `json:"manageNumber"`
	VariantIDs   []string  `json:"variantList"`
	Created      time.Time `json:"created"`
	Updated      time.Time `json:"updated"`
}

// UnmarshalJSON reads created/updated into JST.
func (v *VariantList) UnmarshalJSON(b []byte) error {
	type plain VariantList
	w := struct {
		*plain
		Created wireTime `json:"created"`
		Updated wireTime `json:"updated"`
	}{plain: (*plain)(v)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	v.Created, v.Updated = w.Created.Time, w.Updated.Time
	return nil
}

// VariantList returns the variant ids that have inventory rows under one
// item with InventoryAPI 2.1 inventories.variant-lists.get.
func (c *Client) VariantList(ctx context.Context, manageNumber string) (*VariantList, error) {
	var out VariantList
	path := "/variant-lists/manage-numbers/" + url.PathEscape(manageNumber)
	if err := c.inventoryCall(ctx, "inventories.variant-lists.get", http.MethodGet, path, nil, nil, &out, httpx.RetrySafe); err != nil {
		return nil, err
	}
	return &out, nil
}

// QuantityRange bounds InventoriesInRange; nil means unbounded, but at
// least one bound is required.
type QuantityRange struct{ Min, Max *int }

// InventoriesInRange lists the SKUs whose quantity lies in r (inclusive),
// newest update first, with InventoryAPI inventories.bulk.get.range. RMS
// answers at most 1000 rows and refuses ranges that hold more, so narrow
// the range when it fails with ErrBadRequest.
func (c *Client) InventoriesInRange(ctx context.Context, r QuantityRange) ([]Inventory, error) {
	if r.Min == nil && r.Max == nil {
		return nil, fmt.Errorf("%w: inventory range needs a minimum or a maximum quantity", ErrInvalidInput)
	}
	q := url.Values{}
	if r.Min != nil {
		q.Set("minQuantity", strconv.Itoa(*r.Min))
	}
	if r.Max != nil {
		q.Set("maxQuantity", strconv.Itoa(*r.Max))
	}
	var out inventoriesBody[Inventory]
	if err := c.inventoryCall(ctx, "inventories.bulk-get.range", http.MethodGet, "/bulk-get/range", q, nil, &out, httpx.RetrySafe); err != nil {
		return nil, err
	}
	return out.Inventories, nil
}

// inventoryCall sends one Inventory API request and decodes a 200 body
// into out (nil for 204 operations).
func (c *Client) inventoryCall(ctx context.Context, op, method, path string, q url.Values, in, out any, p httpx.Policy) error {
	r, err := c.do(ctx, call{op: op, method: method, path: inventoryBase + path, query: q, body: in,
		contentType: inventoryContentType, policy: p})
	if err != nil {
		return err
	}
	if out == nil || len(r.body) == 0 {
		return nil
	}
	if err := json.Unmarshal(r.body, out); err != nil {
		return fmt.Errorf("rakuten: %s: decode response (RequestId %s): %w", op, r.header.Get("RequestId"), err)
	}
	return nil
}
