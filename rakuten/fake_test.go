package rakuten_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/jst"
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

// TestShippingAsyncAgainstTheFakesClock submits an asynchronous shipping
// report and waits for it with polls that advance the fake's clock: the fake
// has the result only after its processing delay, so the client must poll
// until then.
func TestShippingAsyncAgainstTheFakesClock(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := rakutentest.NewServer(rakutentest.WithProcessingDelay(0), rakutentest.WithAsyncShippingDelay(time.Minute))
	t.Cleanup(srv.Close)
	srv.AddLicense(rakutentest.License{ServiceSecret: fakeCreds.ServiceSecret, LicenseKey: fakeCreds.LicenseKey})
	var waited []time.Duration
	c, err := rakuten.NewClient(fakeCreds, rakuten.WithBaseURL(srv.URL), rakuten.WithRateLimit(0, 0),
		rakuten.WithClock(srv.Now), rakuten.WithShippingPoll(15*time.Second, 10*time.Minute),
		rakuten.WithWait(func(ctx context.Context, d time.Duration) error {
			waited = append(waited, d)
			srv.Advance(d)
			return ctx.Err()
		}))
	require.NoError(t, err)
	seedOrder(srv, order1, 100)
	seedOrder(srv, order2, 100)
	require.NoError(t, c.ConfirmOrders(ctx, []string{order1}))
	orders, err := c.GetOrders(ctx, []string{order1, order2})
	require.NoError(t, err)
	require.Equal(t, rakuten.ProgressAwaitingShipment, orders[0].Progress)

	shipment := func(o rakuten.Order) []rakuten.BasketShipping {
		return []rakuten.BasketShipping{{BasketID: o.Packages[0].BasketID, Shipments: []rakuten.Shipment{
			{Company: rakuten.DeliverySagawa, Number: "4000-1111-2222", Date: srv.Now()}}}}
	}
	ids, err := c.UpdateShippingAsync(ctx, []rakuten.ShippingUpdate{
		{OrderNumber: order1, Baskets: shipment(orders[0])},
		{OrderNumber: order2, Baskets: shipment(orders[1])}, // still 100: refused when processed
	})
	require.NoError(t, err)
	require.Len(t, ids, 1)
	assert.Regexp(t, `^[0-9a-f-]{36}_20260105100000$`, ids[0])

	_, done, err := c.ShippingAsyncResult(ctx, ids[0])
	require.NoError(t, err)
	assert.False(t, done, "nothing before the processing delay")

	res, err := c.WaitShippingAsync(ctx, ids[0])
	var be *rakuten.BatchError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, []string{order2}, failureKeys(be), "the order that was not ready to ship")
	assert.Equal(t, []time.Duration{15 * time.Second, 15 * time.Second, 15 * time.Second, 15 * time.Second}, waited)
	require.Len(t, res, 2)
	assert.Equal(t, order1, res[0].OrderNumber)
	require.Len(t, res[0].Results, 1)
	assert.Equal(t, 1, res[0].Results[0].DataNumber)
	assert.NotZero(t, res[0].Results[0].ShippingDetailID)
	o, _ := srv.Order(order1)
	assert.Equal(t, rakutentest.ProgressShipped, o.Progress)
	assert.Equal(t, "4000-1111-2222", o.Packages[0].Shippings[0].Number)

	t.Run("an unknown request id is pending until the poll timeout", func(t *testing.T) {
		waited = nil
		_, err := c.WaitShippingAsync(ctx, "00000000-0000-4000-8000-000000000000_20260105100000")
		require.ErrorIs(t, err, rakuten.ErrResultPending)
		assert.Len(t, waited, 40, "10 minutes of 15-second polls")
	})
}

func failureKeys(be *rakuten.BatchError) []string {
	var keys []string
	for _, f := range be.Failures {
		keys = append(keys, f.Key)
	}
	return keys
}

func TestInventoryAgainstTheFake(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := againstFake(t, rakutentest.License{})

	updates := make([]rakuten.InventoryUpdate, 1001)
	keys := make([]rakuten.VariantKey, 1001)
	for i := range updates {
		v := fmt.Sprintf("v%04d", i)
		updates[i] = rakuten.InventoryUpdate{ManageNumber: "Bulk-01", VariantID: v, Quantity: i % 7}
		keys[i] = rakuten.VariantKey{ManageNumber: "Bulk-01", VariantID: v}
	}
	require.NoError(t, c.SetInventories(ctx, updates))
	inv, err := c.GetInventories(ctx, keys)
	require.NoError(t, err)
	require.Len(t, inv, 1001)
	assert.Equal(t, "bulk-01", inv[1000].ManageNumber, "RMS lower-cases manageNumber")
	assert.Equal(t, 1000%7, inv[1000].Quantity)
	assert.Equal(t, srv.Now(), inv[0].Updated)
	count := map[string]int{}
	for _, r := range srv.Requests() {
		count[r.Operation]++
	}
	assert.Equal(t, map[string]int{"inventories.bulk-upsert": 3, "inventories.bulk-get": 2}, count, "400 per upsert, 1000 per get")

	t.Run("relative", func(t *testing.T) {
		require.NoError(t, c.AdjustInventoriesRelative(ctx, []rakuten.InventoryAdjustment{{ManageNumber: "bulk-01", VariantID: "v0006", Delta: -2}}))
		require.NoError(t, c.AdjustInventoryRelative(ctx, rakuten.VariantKey{ManageNumber: "bulk-01", VariantID: "v0006"}, 10))
		q, _ := srv.Inventory("bulk-01", "v0006")
		assert.Equal(t, 14, q)
	})
	t.Run("a relative first write is refused and the error names the SKU", func(t *testing.T) {
		err := c.AdjustInventoriesRelative(ctx, []rakuten.InventoryAdjustment{
			{ManageNumber: "bulk-01", VariantID: "v0001", Delta: 1}, {ManageNumber: "new-01", VariantID: "Red", Delta: 1}})
		var be *rakuten.BatchError
		require.ErrorAs(t, err, &be)
		assert.Equal(t, []string{"new-01/Red"}, failureKeys(be))
		assert.Equal(t, "IE0500", be.Failures[0].Code)
		var ae *rakuten.APIError
		require.ErrorAs(t, err, &ae)
		require.Len(t, ae.Details, 1)
		assert.Equal(t, "inventories[1].mode", ae.Details[0].PropertyPath)
		assert.Equal(t, "new-01/Red", ae.Details[0].Key)
		assert.Contains(t, err.Error(), "new-01/Red")
		q, _ := srv.Inventory("bulk-01", "v0001")
		assert.Equal(t, 2, q, "RMS refused the first call whole; the other row went through when resent alone")
	})
	t.Run("variantId is case-sensitive", func(t *testing.T) {
		_, err := c.GetInventory(ctx, rakuten.VariantKey{ManageNumber: "BULK-01", VariantID: "V0001"})
		var ae *rakuten.APIError
		require.ErrorAs(t, err, &ae)
		assert.ErrorIs(t, err, rakuten.ErrNotFound)
		assert.Equal(t, "GE0014", ae.Code)
		assert.Equal(t, "BULK-01/V0001", ae.Key)
		got, err := c.GetInventory(ctx, rakuten.VariantKey{ManageNumber: "BULK-01", VariantID: "v0001"})
		require.NoError(t, err)
		assert.Equal(t, 2, got.Quantity)
	})
	t.Run("single upsert with lead time, range and variant list", func(t *testing.T) {
		require.NoError(t, c.SetInventory(ctx, rakuten.InventoryUpdate{ManageNumber: "mug-01", VariantID: "white", Quantity: 99999,
			OperationLeadTime: &rakuten.OperationLeadTime{NormalDeliveryTimeID: ptr(3)}, ShipFromIDs: []int{1, 2}}))
		require.NoError(t, c.SetInventory(ctx, rakuten.InventoryUpdate{ManageNumber: "mug-01", VariantID: "black", Quantity: 99998}))
		got, err := c.GetInventory(ctx, rakuten.VariantKey{ManageNumber: "mug-01", VariantID: "white"})
		require.NoError(t, err)
		assert.Equal(t, 3, *got.OperationLeadTime.NormalDeliveryTimeID)
		assert.Nil(t, got.OperationLeadTime.BackOrderDeliveryTimeID)
		assert.Equal(t, []int{1, 2}, got.ShipFromIDs)

		in, err := c.InventoriesInRange(ctx, rakuten.QuantityRange{Min: ptr(99998)})
		require.NoError(t, err)
		require.Len(t, in, 2)
		assert.ElementsMatch(t, []string{"white", "black"}, []string{in[0].VariantID, in[1].VariantID})

		_, err = c.InventoriesInRange(ctx, rakuten.QuantityRange{Min: ptr(0), Max: ptr(99999)})
		assert.ErrorIs(t, err, rakuten.ErrBadRequest, "more than 1000 rows in range")

		vl, err := c.VariantList(ctx, "mug-01")
		require.NoError(t, err)
		assert.Equal(t, []string{"black", "white"}, vl.VariantIDs)
		assert.Equal(t, srv.Now(), vl.Updated)

		require.NoError(t, c.DeleteInventory(ctx, rakuten.VariantKey{ManageNumber: "mug-01", VariantID: "white"}))
		err = c.DeleteInventory(ctx, rakuten.VariantKey{ManageNumber: "mug-01", VariantID: "white"})
		assert.ErrorIs(t, err, rakuten.ErrNotFound)
		assert.Contains(t, err.Error(), "mug-01/white")
	})
}

func TestLicenseStatusAgainstTheFake(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := againstFake(t, rakutentest.License{}) // the fake's default: 90 days from now, 23:59:59 JST
	st, err := c.LicenseStatus(ctx)
	require.NoError(t, err)
	assert.Equal(t, jst.Date(2026, 4, 5).Add(24*time.Hour-time.Second), st.Expiry)
	assert.Equal(t, 90, st.DaysLeft)
	assert.False(t, st.Warn)
	assert.Equal(t, "licenseKey=SL123456_key", srv.Requests()[0].Query)

	srv.SetNow(jst.Date(2026, 3, 29).Add(12 * time.Hour))
	st, err = c.LicenseStatus(ctx)
	require.NoError(t, err)
	assert.Equal(t, 7, st.DaysLeft)
	assert.True(t, st.Warn)

	srv.SetNow(st.Expiry.Add(time.Second))
	_, err = c.LicenseStatus(ctx)
	assert.ErrorIs(t, err, rakuten.ErrUnauthorized, "an expired key cannot even ask")
}

func TestUnauthorizedAnswersAgainstTheFake(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cases := []struct {
		name string
		opts []rakutentest.Option
		lic  rakutentest.License
		code string
	}{
		{"expired key, ES01-01", nil, rakutentest.License{Expiry: rakutentest.DefaultNow.Add(-time.Second)}, "ES01-01"},
		{"expired key, GA0001", []rakutentest.Option{rakutentest.WithExpiredKeyError("GA0001", "Un-Authorised")},
			rakutentest.License{Expiry: rakutentest.DefaultNow.Add(-time.Second)}, "GA0001"},
		{"function not enabled", nil, rakutentest.License{Functions: []string{"rpay.order.searchOrder"}}, "ES01-01"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, c := againstFake(t, tc.lic, tc.opts...)
			seedOrder(srv, order1, 100)
			_, err := c.GetOrders(ctx, []string{order1})
			var ae *rakuten.APIError
			require.ErrorAs(t, err, &ae)
			assert.ErrorIs(t, err, rakuten.ErrUnauthorized)
			assert.Equal(t, tc.code, ae.Code)
			assert.NotEmpty(t, ae.RequestID)
			assert.Contains(t, err.Error(), "not enabled for this key")
			assert.Len(t, srv.Requests(), 1, "a refused key is not retried")
		})
	}
}

func TestThrottlingAgainstTheFake(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("the fake's per-key limit is absorbed by retries", func(t *testing.T) {
		t.Parallel()
		srv := rakutentest.NewServer(rakutentest.WithRateLimit(50))
		t.Cleanup(srv.Close)
		srv.AddLicense(rakutentest.License{ServiceSecret: fakeCreds.ServiceSecret, LicenseKey: fakeCreds.LicenseKey})
		c, err := rakuten.NewClient(fakeCreds, rakuten.WithBaseURL(srv.URL), rakuten.WithRateLimit(0, 0),
			rakuten.WithRetry(50, 5*time.Millisecond, 30*time.Millisecond))
		require.NoError(t, err)
		for i := range 5 {
			require.NoError(t, c.SetInventories(ctx, []rakuten.InventoryUpdate{{ManageNumber: "a", VariantID: "v", Quantity: i}}))
		}
		q, _ := srv.Inventory("a", "v")
		assert.Equal(t, 4, q)
	})
	for _, status := range []int{http.StatusTooManyRequests, http.StatusForbidden} {
		t.Run(fmt.Sprintf("%d QPSLimit until retries run out", status), func(t *testing.T) {
			t.Parallel()
			srv, c := againstFake(t, rakutentest.License{})
			srv.FailNext(rakutentest.AnyOperation, status, 4, time.Second)
			_, err := c.GetInventories(ctx, []rakuten.VariantKey{{ManageNumber: "a", VariantID: "v"}})
			var ae *rakuten.APIError
			require.ErrorAs(t, err, &ae)
			assert.ErrorIs(t, err, rakuten.ErrRateLimited)
			assert.Equal(t, "QPSLimit", ae.Code)
			assert.Len(t, srv.Requests(), 4, "the first try and three retries")
		})
	}
	t.Run("a 503 read is retried, Retry-After capped by the client", func(t *testing.T) {
		t.Parallel()
		srv, c := againstFake(t, rakutentest.License{})
		srv.FailNext("license.expiryDate.get", http.StatusServiceUnavailable, 2, time.Hour)
		start := time.Now()
		_, err := c.LicenseExpiry(ctx)
		require.NoError(t, err)
		assert.Less(t, time.Since(start), 10*time.Second, "Retry-After: 3600 waited at most maxWait")
		assert.Len(t, srv.Requests(), 3)
	})
}

func TestUpdateShippingRefusalsNameTheOrder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := againstFake(t, rakutentest.License{})
	seedOrder(srv, order1, 100)
	o, _ := srv.Order(order1)
	cases := []struct {
		name string
		u    rakuten.ShippingUpdate
		code string
	}{
		{"not ready to ship", rakuten.ShippingUpdate{OrderNumber: order1, Baskets: []rakuten.BasketShipping{{BasketID: o.Packages[0].BasketID,
			Shipments: []rakuten.Shipment{{Company: rakuten.DeliveryYamato, Date: srv.Now()}}}}}, "ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_103"},
		{"unknown carrier code", rakuten.ShippingUpdate{OrderNumber: order1, Baskets: []rakuten.BasketShipping{{BasketID: o.Packages[0].BasketID,
			Shipments: []rakuten.Shipment{{Company: 999, Date: srv.Now()}}}}}, "ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_011"},
	}
	for _, tc := range cases {
		_, err := c.UpdateShipping(ctx, tc.u)
		var ae *rakuten.APIError
		require.ErrorAs(t, err, &ae, tc.name)
		assert.Equal(t, tc.code, ae.Code, tc.name)
		assert.Equal(t, order1, ae.Key, tc.name)
		assert.Contains(t, err.Error(), "updateOrderShipping "+order1, tc.name)
	}
	o, _ = srv.Order(order1)
	assert.Empty(t, o.Packages[0].Shippings)
}

// TestAsyncShippingRefusedAtSubmissionNamesTheShipment checks both answers
// the fake can give to an updateOrderShippingAsync request it refuses at
// submission (400, or 200 as the documentation copy shows): either way no
// request id comes back, nothing was queued, and every order of the
// request is failed: the refused one with its shipment's dataNumber, the
// valid one as NOT_SUBMITTED (it must be reported again).
func TestAsyncShippingRefusedAtSubmissionNamesTheShipment(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusBadRequest, http.StatusOK} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			t.Parallel()
			srv, c := againstFake(t, rakutentest.License{}, rakutentest.WithAsyncShippingValidationStatus(status))
			seedOrder(srv, order1, 300)
			seedOrder(srv, order2, 300)
			o1, _ := srv.Order(order1)
			o2, _ := srv.Order(order2)
			ids, err := c.UpdateShippingAsync(context.Background(), []rakuten.ShippingUpdate{
				{OrderNumber: order1, Baskets: []rakuten.BasketShipping{{BasketID: o1.Packages[0].BasketID,
					Shipments: []rakuten.Shipment{{Company: rakuten.DeliveryYamato, Date: srv.Now()}}}}},
				{OrderNumber: order2, Baskets: []rakuten.BasketShipping{{BasketID: o2.Packages[0].BasketID,
					Shipments: []rakuten.Shipment{{Company: rakuten.DeliveryYamato}, {Company: 999, Date: srv.Now()}}}}},
			})
			assert.Empty(t, ids, "the whole request was refused")
			var be *rakuten.BatchError
			require.ErrorAs(t, err, &be)
			assert.Equal(t, 2, be.Total)
			assert.True(t, be.Failed(order1), "the valid order was not queued either")
			assert.True(t, be.Failed(order2))
			assert.True(t, be.Failed(order2+"#2"))
			require.Len(t, be.Failures, 2)
			assert.Equal(t, rakuten.Failure{Key: order2, Code: "ORDER_EXT_API_UPDATE_ORDERSHIPPING_ASYNC_ERROR_011",
				Message: "deliveryCompanyの書式が不正です。", DataNumber: 2}, withoutErr(be.Failures)[0])
			assert.Equal(t, "NOT_SUBMITTED", be.Failures[1].Code)
			assert.Equal(t, order1, be.Failures[1].Key)
			var ae *rakuten.APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, "ORDER_EXT_API_UPDATE_ORDERSHIPPING_ASYNC_ERROR_011", ae.Code)
			if status == http.StatusBadRequest {
				assert.Equal(t, []string{order2 + "#2"}, ae.Orders)
			}
			o, _ := srv.Order(order1)
			assert.Empty(t, o.Packages[0].Shippings)
		})
	}
}

func TestOneFakeServesAHubOfShops(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := rakutentest.NewServer()
	t.Cleanup(srv.Close)
	clients := map[string]*rakuten.Client{}
	for i, id := range []string{"123456", "654321"} {
		srv.AddShop(rakutentest.Shop{ID: id, URL: "shop-" + id})
		creds := rakuten.Credentials{ServiceSecret: "SP" + id + "_s", LicenseKey: "SL" + id + "_k"}
		srv.AddLicense(rakutentest.License{ServiceSecret: creds.ServiceSecret, LicenseKey: creds.LicenseKey, ShopID: id})
		srv.AddOrder(rakutentest.NewOrder(id+"-20260105-0000000001", srv.Now().Add(-time.Hour)))
		srv.SetShopInventory(id, "mug-01", "white", 10*(i+1))
		c, err := rakuten.NewClient(creds, rakuten.WithBaseURL(srv.URL), rakuten.WithClock(srv.Now), rakuten.WithRateLimit(0, 0))
		require.NoError(t, err)
		clients[id] = c
	}
	for i, id := range []string{"123456", "654321"} {
		got, err := collect(t, clients[id].SearchOrders(ctx, rakuten.OrderQuery{DateType: rakuten.DateOrdered, Start: srv.Now().Add(-24 * time.Hour), End: srv.Now()}))
		require.NoError(t, err)
		assert.Equal(t, []string{id + "-20260105-0000000001"}, got)
		inv, err := clients[id].GetInventory(ctx, rakuten.VariantKey{ManageNumber: "mug-01", VariantID: "white"})
		require.NoError(t, err)
		assert.Equal(t, 10*(i+1), inv.Quantity)
	}
	_, err := clients["123456"].GetOrders(ctx, []string{"654321-20260105-0000000001"})
	var be *rakuten.BatchError
	require.ErrorAs(t, err, &be)
	assert.True(t, be.Failed("654321-20260105-0000000001"), "another shop's order is not found")
}
