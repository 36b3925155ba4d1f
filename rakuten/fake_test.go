package rakuten_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten"
	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

var fakeCreds = rakuten.Credentials{ServiceSecret: "SP123456_secret", LicenseKey: "SL123456_key"}

// againstFake starts a rakutentest server with fakeCreds licensed and a
// fast client for it.
func againstFake(t *testing.T, lic rakutentest.License, opts ...rakutentest.Option) (*rakutentest.Server, *rakuten.Client) {
	t.Helper()
	srv := rakutentest.NewServer(opts...)
	t.Cleanup(srv.Close)
	lic.ServiceSecret, lic.LicenseKey = fakeCreds.ServiceSecret, fakeCreds.LicenseKey
	srv.AddLicense(lic)
	c, err := rakuten.NewClient(fakeCreds, rakuten.WithBaseURL(srv.URL), rakuten.WithClock(srv.Now),
		rakuten.WithRateLimit(0, 0), rakuten.WithRetry(3, time.Millisecond, 5*time.Millisecond))
	require.NoError(t, err)
	return srv, c
}

func TestFakeRefusalsAreUnauthorized(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("function not enabled", func(t *testing.T) {
		t.Parallel()
		_, c := againstFake(t, rakutentest.License{Functions: []string{"rpay.order.getOrder"}})
		_, err := c.SearchOrderPage(ctx, rakuten.OrderQuery{DateType: 1, Start: rakutentest.DefaultNow.Add(-time.Hour), End: rakutentest.DefaultNow}, 1, 0)
		require.ErrorIs(t, err, rakuten.ErrUnauthorized)
	})
	t.Run("expired key", func(t *testing.T) {
		t.Parallel()
		_, c := againstFake(t, rakutentest.License{Expiry: rakutentest.DefaultNow.Add(-time.Second)})
		_, err := c.LicenseExpiry(ctx)
		require.ErrorIs(t, err, rakuten.ErrUnauthorized)
		assert.Contains(t, err.Error(), "90 days")
	})
	t.Run("re-issued key not active yet", func(t *testing.T) {
		t.Parallel()
		srv, c := againstFake(t, rakutentest.License{ActiveFrom: rakutentest.DefaultNow.Add(30 * time.Minute)})
		_, err := c.LicenseExpiry(ctx)
		require.ErrorIs(t, err, rakuten.ErrUnauthorized)
		srv.Advance(31 * time.Minute)
		_, err = c.LicenseExpiry(ctx)
		require.NoError(t, err)
	})
}

func TestFakeInjectedFailuresAreRetriedOnlyWhenSafe(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := againstFake(t, rakutentest.License{})
	now := srv.Now()
	srv.AddOrder(rakutentest.NewOrder("123456-20260105-0000000001", now.Add(-time.Hour),
		rakutentest.Item{ItemID: 1, ManageNumber: "a", ItemNumber: "a", Name: "A", Price: 100, Units: 1, VariantID: "v"}))

	srv.FailNext("getOrder", http.StatusServiceUnavailable, 2, 0)
	orders, err := c.GetOrders(ctx, []string{"123456-20260105-0000000001"})
	require.NoError(t, err)
	require.Len(t, orders, 1)

	srv.FailNext("confirmOrder", http.StatusServiceUnavailable, 1, 0)
	err = c.ConfirmOrders(ctx, []string{"123456-20260105-0000000001"})
	require.ErrorIs(t, err, rakuten.ErrUnavailable)
	o, _ := srv.Order("123456-20260105-0000000001")
	assert.Equal(t, rakutentest.ProgressAwaitingConfirmation, o.Progress, "a 503 confirm is not resent")

	srv.FailNext("confirmOrder", http.StatusTooManyRequests, 2, 0)
	require.NoError(t, c.ConfirmOrders(ctx, []string{"123456-20260105-0000000001"}))
	o, _ = srv.Order("123456-20260105-0000000001")
	assert.Equal(t, rakutentest.ProgressRakutenProcessing, o.Progress)

	srv.FailNext("inventories.bulk-upsert", http.StatusForbidden, 2, 0)
	require.NoError(t, c.SetInventories(ctx, []rakuten.InventoryUpdate{{ManageNumber: "a", VariantID: "v", Quantity: 5}}))
	q, ok := srv.Inventory("a", "v")
	require.True(t, ok)
	assert.Equal(t, 5, q)

	count := map[string]int{}
	for _, r := range srv.Requests() {
		count[r.Operation]++
	}
	assert.Equal(t, map[string]int{"getOrder": 3, "confirmOrder": 4, "inventories.bulk-upsert": 3}, count)
}

func TestFakeShippingReportAndInventoryRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := againstFake(t, rakutentest.License{}, rakutentest.WithProcessingDelay(0))
	srv.AddOrder(rakutentest.NewOrder("123456-20260105-0000000001", srv.Now().Add(-time.Hour),
		rakutentest.Item{ItemID: 1, ManageNumber: "a", ItemNumber: "a", Name: "A", Price: 100, Units: 1, VariantID: "v"}))
	require.NoError(t, c.ConfirmOrders(ctx, []string{"123456-20260105-0000000001"}))
	orders, err := c.GetOrders(ctx, []string{"123456-20260105-0000000001"})
	require.NoError(t, err)
	basket := orders[0].Packages[0].BasketID

	res, err := c.UpdateShipping(ctx, rakuten.ShippingUpdate{OrderNumber: "123456-20260105-0000000001",
		Baskets: []rakuten.BasketShipping{{BasketID: basket, Shipments: []rakuten.Shipment{
			{Company: rakuten.DeliveryYamato, Number: "1234-5678-9012", Date: srv.Now()}}}}})
	require.NoError(t, err)
	require.Len(t, res, 1)
	assert.Equal(t, 1, res[0].DataNumber)
	assert.NotZero(t, res[0].ShippingDetailID)

	orders, err = c.GetOrders(ctx, []string{"123456-20260105-0000000001"})
	require.NoError(t, err)
	s := orders[0].Packages[0].Shippings
	require.Len(t, s, 1)
	assert.Equal(t, rakuten.DeliveryYamato, s[0].Company)
	assert.Equal(t, "1234-5678-9012", s[0].Number)

	require.NoError(t, c.SetInventory(ctx, rakuten.InventoryUpdate{ManageNumber: "a", VariantID: "v", Quantity: 7}))
	require.NoError(t, c.AdjustInventoryRelative(ctx, rakuten.VariantKey{ManageNumber: "a", VariantID: "v"}, -2))
	inv, err := c.GetInventory(ctx, rakuten.VariantKey{ManageNumber: "a", VariantID: "v"})
	require.NoError(t, err)
	assert.Equal(t, 5, inv.Quantity)
	require.NoError(t, c.DeleteInventory(ctx, rakuten.VariantKey{ManageNumber: "a", VariantID: "v"}))
	_, err = c.GetInventory(ctx, rakuten.VariantKey{ManageNumber: "a", VariantID: "v"})
	require.ErrorIs(t, err, rakuten.ErrNotFound)
}
