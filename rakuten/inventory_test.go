package rakuten_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten"
)

func TestInventoryCallsAreBatched(t *testing.T) {
	t.Parallel()
	c, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/es/2.1/inventories/bulk-get" {
			var body struct {
				Inventories []rakuten.VariantKey `json:"inventories"`
			}
			require.NoError(t, json.Unmarshal(readBody(r), &body))
			out := []map[string]any{}
			for _, k := range body.Inventories {
				out = append(out, map[string]any{"manageNumber": k.ManageNumber, "variantId": k.VariantID, "quantity": 3,
					"created": "2026-01-05T10:00:00+09:00", "updated": "2026-01-05T10:00:00+09:00"})
			}
			b, _ := json.Marshal(map[string]any{"inventories": out})
			jsonReply(w, 200, string(b))
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	keys := make([]rakuten.VariantKey, 2500)
	ups := make([]rakuten.InventoryUpdate, 1000)
	for i := range keys {
		keys[i] = rakuten.VariantKey{ManageNumber: "item", VariantID: fmt.Sprint(i)}
	}
	for i := range ups {
		ups[i] = rakuten.InventoryUpdate{ManageNumber: "item", VariantID: fmt.Sprint(i), Quantity: i}
	}
	inv, err := c.GetInventories(context.Background(), keys)
	require.NoError(t, err)
	require.Equal(t, 2500, len(inv))
	assert.Equal(t, "JST", inv[0].Updated.Location().String())
	require.NoError(t, c.SetInventories(context.Background(), ups))
	var sizes []int
	for _, r := range rec.all() {
		var body struct {
			Inventories []json.RawMessage `json:"inventories"`
		}
		require.NoError(t, json.Unmarshal(r.Body, &body))
		sizes = append(sizes, len(body.Inventories))
	}
	assert.Equal(t, []int{1000, 1000, 500, 400, 400, 200}, sizes)
}

func TestBulkUpsertErrorsNameTheSKU(t *testing.T) {
	t.Parallel()
	c, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(string(readBody(r)), `"v2"`) {
			jsonReply(w, 400, `{"errors":[{"code":"IE0117","message":"quantity after the update must be between 0 and 99999.","metadata":{"propertyPath":"inventories[1].quantity"}}]}`)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	err := c.SetInventories(context.Background(), []rakuten.InventoryUpdate{
		{ManageNumber: "ok", VariantID: "v1", Quantity: 1},
		{ManageNumber: "ok", VariantID: "v2", Quantity: 1},
	})
	var be *rakuten.BatchError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, 2, be.Total)
	assert.True(t, be.Failed("ok/v2"))
	assert.False(t, be.Failed("ok/v1"))
	var ae *rakuten.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "IE0117", ae.Code)
	assert.Equal(t, "ok/v2", ae.Details[0].Key)
	assert.Contains(t, ae.Error(), "inventories[1].quantity at ok/v2")
	reqs := rec.all()
	require.Len(t, reqs, 2, "the refused batch is sent again without the refused row")
	assert.JSONEq(t, `{"inventories":[{"manageNumber":"ok","variantId":"v1","mode":"ABSOLUTE","quantity":1}]}`, string(reqs[1].Body))
}

func TestInventoryInputIsCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	c, rec := serve(t, okFor)
	err := c.SetInventories(context.Background(), []rakuten.InventoryUpdate{{ManageNumber: "a", VariantID: "b", Quantity: 100000}})
	require.ErrorIs(t, err, rakuten.ErrInvalidInput)
	assert.Contains(t, err.Error(), "a/b: quantity 100000")
	_, err = c.InventoriesInRange(context.Background(), rakuten.QuantityRange{})
	require.ErrorIs(t, err, rakuten.ErrInvalidInput)
	assert.Empty(t, rec.all())
}

func TestInventoryRangeAndVariantList(t *testing.T) {
	t.Parallel()
	c, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/es/2.1/inventories/bulk-get/range":
			jsonReply(w, 200, `{"inventories":[{"manageNumber":"a","variantId":"v","quantity":0,"created":"2026-01-05T10:00:00+09:00","updated":"2026-01-05T10:00:00+09:00"}]}`)
		case "/es/2.1/inventories/variant-lists/manage-numbers/a":
			jsonReply(w, 200, `{"manageNumber":"a","variantList":["v","w"],"created":"2026-01-05T10:00:00+09:00","updated":"2026-01-05T11:00:00+09:00"}`)
		}
	})
	zero := 0
	inv, err := c.InventoriesInRange(context.Background(), rakuten.QuantityRange{Max: &zero})
	require.NoError(t, err)
	require.Len(t, inv, 1)
	assert.Equal(t, "maxQuantity=0", rec.all()[0].Query)
	vl, err := c.VariantList(context.Background(), "a")
	require.NoError(t, err)
	assert.Equal(t, []string{"v", "w"}, vl.VariantIDs)
}
