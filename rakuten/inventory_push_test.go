package rakuten_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten"
	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

func TestQuantityPushKeepsLeadTimesAndShipFrom(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := againstFake(t, rakutentest.License{})
	srv.SetInventory("tshirt-01", "red-m", 5)
	normal, back := 3, 7
	settings := rakutentest.InventorySettings{NormalDeliveryTimeID: &normal, BackOrderDeliveryTimeID: &back, ShipFromIDs: []int{1, 4}}
	require.True(t, srv.SetShopInventorySettings("", "tshirt-01", "red-m", settings))

	require.NoError(t, c.SetInventories(ctx, []rakuten.InventoryUpdate{{ManageNumber: "tshirt-01", VariantID: "red-m", Quantity: 42}}))

	q, _ := srv.Inventory("tshirt-01", "red-m")
	assert.Equal(t, 42, q)
	got, _ := srv.ShopInventorySettings("", "tshirt-01", "red-m")
	assert.Equal(t, settings, got, "a quantity-only push must not clear 出荷リードタイム, 配送リードタイム or ship-from")
	inv, err := c.GetInventory(ctx, rakuten.VariantKey{ManageNumber: "tshirt-01", VariantID: "red-m"})
	require.NoError(t, err)
	assert.Equal(t, 7, *inv.OperationLeadTime.BackOrderDeliveryTimeID)
	assert.Equal(t, []int{1, 4}, inv.ShipFromIDs)
}

func TestSetInventoriesDeduplicatesValidatesAndGoesOn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := againstFake(t, rakutentest.License{})
	var u []rakuten.InventoryUpdate
	for i := range 1000 {
		u = append(u, rakuten.InventoryUpdate{ManageNumber: "bulk-01", VariantID: fmt.Sprintf("v%04d", i), Quantity: 1})
	}
	// Same SKU once more, manageNumber in another case: last one wins,
	// one row is sent (RMS refuses a call holding both with IE1102).
	u = append(u, rakuten.InventoryUpdate{ManageNumber: "BULK-01", VariantID: "v0001", Quantity: 9})
	// Refused by RMS (IE0002) and so not sent at all.
	u = append(u, rakuten.InventoryUpdate{ManageNumber: "bulk-01", VariantID: "red.m", Quantity: 1})
	u = append(u, rakuten.InventoryUpdate{ManageNumber: "", VariantID: "x", Quantity: 1})
	u = append(u, rakuten.InventoryUpdate{ManageNumber: "bulk-01", VariantID: "big", Quantity: 100000})

	err := c.SetInventories(ctx, u)
	var be *rakuten.BatchError
	require.ErrorAs(t, err, &be)
	assert.ErrorIs(t, err, rakuten.ErrPartialFailure)
	assert.ErrorIs(t, err, rakuten.ErrInvalidInput)
	assert.Equal(t, len(u), be.Total)
	assert.Equal(t, []string{"bulk-01/red.m", "/x", "bulk-01/big"}, failureKeys(be))
	q, _ := srv.Inventory("bulk-01", "v0001")
	assert.Equal(t, 9, q, "the last update of a SKU wins")
	q, _ = srv.Inventory("bulk-01", "v0999")
	assert.Equal(t, 1, q)
	for _, r := range srv.Requests() {
		assert.NotContains(t, string(r.Body), "red.m", "refused rows are never sent")
	}
}

func TestARefusedBatchDoesNotStopTheOthers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := againstFake(t, rakutentest.License{})
	srv.SetInventory("bulk-01", "low", 1)
	var adj []rakuten.InventoryAdjustment
	for i := range 900 {
		v := fmt.Sprintf("v%04d", i)
		srv.SetInventory("bulk-01", v, 10)
		adj = append(adj, rakuten.InventoryAdjustment{ManageNumber: "bulk-01", VariantID: v, Delta: -1})
	}
	adj[10] = rakuten.InventoryAdjustment{ManageNumber: "bulk-01", VariantID: "low", Delta: -5}  // IE0117 in batch 1
	adj[500] = rakuten.InventoryAdjustment{ManageNumber: "bulk-01", VariantID: "none", Delta: 1} // IE0500 in batch 2

	err := c.AdjustInventoriesRelative(ctx, adj)
	var be *rakuten.BatchError
	require.ErrorAs(t, err, &be)
	require.Len(t, be.Failures, 2)
	assert.Equal(t, rakuten.Failure{Key: "bulk-01/low", Code: "IE0117", Message: "quantity after the update must be between 0 and 99999."},
		withoutErr(be.Failures)[0])
	assert.Equal(t, "bulk-01/none", be.Failures[1].Key)
	assert.Equal(t, "IE0500", be.Failures[1].Code)
	for _, i := range []int{0, 399, 400, 899} {
		q, _ := srv.Inventory("bulk-01", fmt.Sprintf("v%04d", i))
		assert.Equal(t, 9, q, "row %d applied", i)
	}
	q, _ := srv.Inventory("bulk-01", "low")
	assert.Equal(t, 1, q)
}

func TestInventoryConflictIsRetried(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := againstFake(t, rakutentest.License{})
	srv.SetInventory("a", "v", 3)
	srv.FailNext("inventories.bulk-upsert", http.StatusConflict, 2, 0)
	require.NoError(t, c.AdjustInventoriesRelative(ctx, []rakuten.InventoryAdjustment{{ManageNumber: "a", VariantID: "v", Delta: 2}}),
		"409 CE0001 proves the call was refused unprocessed, so even a relative write is resent")
	q, _ := srv.Inventory("a", "v")
	assert.Equal(t, 5, q)

	srv.FailNext("inventories.bulk-upsert", http.StatusConflict, 4, 0)
	err := c.SetInventories(ctx, []rakuten.InventoryUpdate{{ManageNumber: "a", VariantID: "v", Quantity: 1}})
	var ae *rakuten.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.StatusConflict, ae.StatusCode)
	assert.Equal(t, "CE0001", ae.Code)
}

func TestAFailedResendListsEachSKUOnce(t *testing.T) {
	t.Parallel()
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("Content-Type", "application/json")
		if calls == 1 {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `{"errors":[{"code":"IE0117","message":"out of range","metadata":{"propertyPath":"inventories[0].quantity"}}]}`)
			return
		}
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"Results":{"errorCode":"ES01-01","message":"Un-Authorised"}}`)
	}))
	t.Cleanup(srv.Close)
	c, err := rakuten.NewClient(fakeCreds, rakuten.WithBaseURL(srv.URL), rakuten.WithRateLimit(0, 0), rakuten.WithRetry(-1, 0, 0))
	require.NoError(t, err)

	err = c.AdjustInventoriesRelative(context.Background(), []rakuten.InventoryAdjustment{
		{ManageNumber: "a", VariantID: "low", Delta: -5}, {ManageNumber: "a", VariantID: "ok", Delta: 1}})
	var be *rakuten.BatchError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, 2, calls, "the batch is resent without its refused row")
	assert.Equal(t, []string{"a/low", "a/ok"}, failureKeys(be), "the refused row keeps its code, the resent one is not submitted")
	assert.Equal(t, "IE0117", be.Failures[0].Code)
	assert.Equal(t, "NOT_SUBMITTED", be.Failures[1].Code)
}
