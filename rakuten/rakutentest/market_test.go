package rakutentest_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten"
	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

// Market test fixtures: one shop with a license tied to it.
const (
	marketShopID  = "123456"
	marketShopURL = "mkshop"
	marketSecret  = "SP123456_market"
	marketKey     = "SL123456_market"
	marketItem    = "tshirt/red-m"
)

// newMarket starts a fake hosting the market shop, showing qty of
// marketItem at 2,000 yen.
func newMarket(t *testing.T, qty int, opts ...rakutentest.Option) *rakutentest.Server {
	t.Helper()
	srv := rakutentest.NewServer(opts...)
	t.Cleanup(srv.Close)
	srv.AddShop(rakutentest.Shop{ID: marketShopID, URL: marketShopURL, Name: "マーケット店"})
	srv.AddLicense(rakutentest.License{ServiceSecret: marketSecret, LicenseKey: marketKey, ShopID: marketShopID})
	require.NoError(t, srv.SetShown(marketShopURL, marketItem, qty))
	require.NoError(t, srv.SetUnitPrice(marketShopURL, marketItem, 2000))
	return srv
}

// marketClient is the mallkit client for the market shop.
func marketClient(t *testing.T, srv *rakutentest.Server) *rakuten.Client {
	t.Helper()
	c, err := rakuten.NewClient(rakuten.Credentials{ServiceSecret: marketSecret, LicenseKey: marketKey},
		rakuten.WithBaseURL(srv.URL), rakuten.WithRetry(-1, time.Millisecond, time.Millisecond), rakuten.WithClock(srv.Now),
		rakuten.WithRateLimit(1000, 10))
	require.NoError(t, err)
	return c
}

func TestBuyCreatesOrderAndLowersShown(t *testing.T) {
	srv := newMarket(t, 3)
	n, err := srv.Buy(rakutentest.Buy{Shop: marketShopURL, Item: marketItem, Units: 2})
	require.NoError(t, err)
	assert.Regexp(t, regexp.MustCompile(`^123456-20260105-\d{10}$`), n)
	assert.Equal(t, map[string]int{marketItem: 1}, srv.Shown(marketShopURL))

	o, ok := srv.Order(n)
	require.True(t, ok)
	assert.Equal(t, rakutentest.ProgressAwaitingConfirmation, o.Progress)
	assert.Equal(t, int64(4000), o.GoodsPrice)
	assert.Equal(t, int64(4000), o.TotalPrice)
	assert.Equal(t, 1, o.Settlement.RpaySettlementFlag, "card goes through 楽天ペイ共通決済")
	assert.NotEmpty(t, o.Orderer.FamilyName)
	assert.NotEmpty(t, o.Packages[0].Sender.Prefecture)

	got, err := marketClient(t, srv).GetOrders(context.Background(), []string{n})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, rakuten.Progress(100), got[0].Progress)
	assert.Equal(t, "tshirt", got[0].Packages[0].Items[0].ManageNumber)
	assert.Equal(t, 2, got[0].Packages[0].Items[0].Units)

	mo := srv.MarketOrders(marketShopURL)
	require.Len(t, mo, 1)
	assert.Equal(t, rakutentest.MarketOrder{Number: n, Status: "open", PlacedAt: o.OrderDatetime,
		Lines: []rakutentest.MarketLine{{Item: marketItem, Units: 2}}}, mo[0])
}

func TestBuyPaymentFields(t *testing.T) {
	srv := newMarket(t, 5)
	cod, err := srv.Buy(rakutentest.Buy{Shop: marketShopURL, Item: marketItem, Units: 1, Payment: rakutentest.PaymentCOD})
	require.NoError(t, err)
	o, _ := srv.Order(cod)
	assert.Equal(t, 0, o.Settlement.RpaySettlementFlag, "代引 is 選択制")
	assert.Equal(t, 2, o.Settlement.MethodCode)
	assert.Empty(t, o.Settlement.CardNumber)
	assert.Equal(t, int64(rakutentest.CODFee), o.DeliveryPrice, "代引料")
	assert.Equal(t, int64(2000), o.TotalPrice)
	assert.Equal(t, int64(2000+rakutentest.CODFee), o.RequestPrice)

	pre, err := srv.Buy(rakutentest.Buy{Shop: marketShopURL, Item: marketItem, Units: 1, Payment: rakutentest.PaymentBankTransfer})
	require.NoError(t, err)
	o, _ = srv.Order(pre)
	assert.Equal(t, 9, o.Settlement.MethodCode)
	require.Len(t, o.DueDates, 1, "a prepayment has a 支払期限")
	assert.True(t, o.PaymentFixDatetime.IsZero(), "waiting unpaid")
	require.NoError(t, srv.MarkPaid(marketShopURL, pre))
	o, _ = srv.Order(pre)
	assert.Equal(t, srv.Now(), o.PaymentFixDatetime)

	_, err = srv.Buy(rakutentest.Buy{Shop: marketShopURL, Item: marketItem, Units: 1, Payment: "物々交換"})
	assert.ErrorIs(t, err, rakutentest.ErrInvalidBuy)
}

func TestBuySoldOutAndUnknown(t *testing.T) {
	srv := newMarket(t, 1)
	_, err := srv.Buy(rakutentest.Buy{Shop: marketShopURL, Item: marketItem, Units: 2})
	var so *rakutentest.SoldOutError
	require.ErrorAs(t, err, &so)
	assert.ErrorIs(t, err, rakutentest.ErrSoldOut)
	assert.Equal(t, 1, so.Shown)
	assert.Equal(t, 2, so.Units)
	assert.Equal(t, 1, srv.Shown(marketShopURL)[marketItem], "a refused buy changes nothing")

	_, err = srv.Buy(rakutentest.Buy{Shop: marketShopURL, Item: "nope/x", Units: 1})
	assert.ErrorIs(t, err, rakutentest.ErrUnknownItem)
	_, err = srv.Buy(rakutentest.Buy{Shop: "other", Item: marketItem, Units: 1})
	assert.ErrorIs(t, err, rakutentest.ErrUnknownItem)
	_, err = srv.Buy(rakutentest.Buy{Shop: marketShopURL, Item: marketItem, Units: 0})
	assert.ErrorIs(t, err, rakutentest.ErrInvalidBuy)
}

func TestConcurrentBuysNeverOversell(t *testing.T) {
	const shown, buyers = 5, 40
	srv := newMarket(t, shown)
	var ok, soldOut atomic.Int32
	var wg sync.WaitGroup
	for range buyers {
		wg.Go(func() {
			_, err := srv.Buy(rakutentest.Buy{Shop: marketShopURL, Item: marketItem, Units: 1})
			switch {
			case err == nil:
				ok.Add(1)
			case errors.Is(err, rakutentest.ErrSoldOut):
				soldOut.Add(1)
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	assert.EqualValues(t, shown, ok.Load())
	assert.EqualValues(t, buyers-shown, soldOut.Load())
	assert.Equal(t, 0, srv.Shown(marketShopURL)[marketItem])
	assert.Len(t, srv.MarketOrders(marketShopURL), shown)
}

func TestCancelByBuyerWindow(t *testing.T) {
	srv := newMarket(t, 2)
	inside, err := srv.Buy(rakutentest.Buy{Shop: marketShopURL, Item: marketItem, Units: 1})
	require.NoError(t, err)
	kept, err := srv.Buy(rakutentest.Buy{Shop: marketShopURL, Item: marketItem, Units: 1, KeepStock: true})
	require.NoError(t, err)
	assert.Equal(t, 0, srv.Shown(marketShopURL)[marketItem])

	srv.Advance(29 * time.Minute)
	require.NoError(t, srv.CancelByBuyer(marketShopURL, inside))
	assert.Equal(t, 1, srv.Shown(marketShopURL)[marketItem], "restored")
	o, _ := srv.Order(inside)
	assert.Equal(t, rakutentest.ProgressCancelled, o.Progress)

	srv.Advance(2 * time.Minute)
	err = srv.CancelByBuyer(marketShopURL, kept)
	var no *rakutentest.NotOpenError
	require.ErrorAs(t, err, &no)
	assert.ErrorIs(t, err, rakutentest.ErrNotOpen)
	assert.Equal(t, "open", no.Status)
	assert.Equal(t, o.OrderDatetime.Add(30*time.Minute), no.Deadline)

	err = srv.CancelByBuyer(marketShopURL, inside)
	require.ErrorAs(t, err, &no)
	assert.Equal(t, "canceled", no.Status)
	assert.ErrorIs(t, srv.CancelByBuyer(marketShopURL, "123456-20260105-9999999999"), rakutentest.ErrUnknownOrder)
}

func TestCancelByMallKeepsStockSetting(t *testing.T) {
	srv := newMarket(t, 2)
	kept, err := srv.Buy(rakutentest.Buy{Shop: marketShopURL, Item: marketItem, Units: 1, KeepStock: true})
	require.NoError(t, err)
	srv.Advance(time.Hour) // Rakuten may cancel long after the buyer's window
	require.NoError(t, srv.CancelByMall(marketShopURL, kept))
	o, _ := srv.Order(kept)
	assert.Equal(t, rakutentest.ProgressCancelled, o.Progress)
	assert.Equal(t, 1, srv.Shown(marketShopURL)[marketItem], "restoreInventoryFlag 0: not restored")
	assert.Equal(t, "canceled", srv.MarketOrders(marketShopURL)[0].Status)

	shipped, err := srv.Buy(rakutentest.Buy{Shop: marketShopURL, Item: marketItem, Units: 1})
	require.NoError(t, err)
	require.NoError(t, srv.Ship(marketShopURL, shipped))
	assert.ErrorIs(t, srv.CancelByMall(marketShopURL, shipped), rakutentest.ErrNotOpen)
	o, _ = srv.Order(shipped)
	assert.Equal(t, rakutentest.ProgressShipped, o.Progress)
	assert.Equal(t, "shipped", srv.MarketOrders(marketShopURL)[1].Status)
}

func TestPostageLater(t *testing.T) {
	srv := newMarket(t, 2)
	n, err := srv.Buy(rakutentest.Buy{Shop: marketShopURL, Item: marketItem, Units: 1, PostageLater: true})
	require.NoError(t, err)
	got, err := marketClient(t, srv).GetOrders(context.Background(), []string{n})
	require.NoError(t, err)
	o, _ := srv.Order(n)
	assert.Equal(t, int64(rakutentest.Undetermined), o.PostagePrice)
	assert.Equal(t, int64(rakutentest.Undetermined), o.TotalPrice)
	require.Len(t, got, 1)

	require.NoError(t, srv.SetPostage(marketShopURL, n, 800))
	o, _ = srv.Order(n)
	assert.Equal(t, int64(800), o.PostagePrice)
	assert.Equal(t, int64(2800), o.TotalPrice)
	assert.Equal(t, int64(2800), o.RequestPrice)
}

func TestEditQuantity(t *testing.T) {
	srv := newMarket(t, 5)
	n, err := srv.Buy(rakutentest.Buy{Shop: marketShopURL, Item: marketItem, Units: 2})
	require.NoError(t, err)
	require.NoError(t, srv.EditQuantity(marketShopURL, n, marketItem, 4))
	o, _ := srv.Order(n)
	assert.Equal(t, rakutentest.ProgressAwaitingChange, o.Progress)
	assert.Equal(t, 4, o.Packages[0].Items[0].Units)
	assert.Equal(t, int64(8000), o.TotalPrice)
	assert.Equal(t, 1, srv.Shown(marketShopURL)[marketItem])

	err = srv.EditQuantity(marketShopURL, n, marketItem, 6)
	assert.ErrorIs(t, err, rakutentest.ErrSoldOut, "2 more units, 1 shown")

	require.NoError(t, srv.EditQuantity(marketShopURL, n, marketItem, 1))
	assert.Equal(t, 4, srv.Shown(marketShopURL)[marketItem])
	require.NoError(t, srv.ConfirmChange(marketShopURL, n))
	o, _ = srv.Order(n)
	assert.Equal(t, rakutentest.ProgressAwaitingConfirmation, o.Progress)
	assert.Equal(t, []rakutentest.MarketLine{{Item: marketItem, Units: 1}}, srv.MarketOrders(marketShopURL)[0].Lines)
	assert.ErrorIs(t, srv.ConfirmChange(marketShopURL, n), rakutentest.ErrNotOpen)
}

// receiver is a test server running rakuten.NotificationHandler.
type receiver struct {
	mu     sync.Mutex
	got    []*rakuten.Notification
	signal chan struct{}
}

func newReceiver(t *testing.T, authKey string, fail int) (*receiver, string) {
	t.Helper()
	rc := &receiver{signal: make(chan struct{}, 16)}
	var refusals atomic.Int32
	h, err := rakuten.NewNotificationHandler(authKey, func(_ context.Context, n *rakuten.Notification) error {
		if refusals.Add(1) <= int32(fail) {
			return errors.New("receiver not ready")
		}
		rc.mu.Lock()
		rc.got = append(rc.got, n)
		rc.mu.Unlock()
		rc.signal <- struct{}{}
		return nil
	}, nil)
	require.NoError(t, err)
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return rc, ts.URL
}

// wait returns the next notification received, failing after a while.
func (rc *receiver) wait(t *testing.T) *rakuten.Notification {
	t.Helper()
	select {
	case <-rc.signal:
	case <-time.After(5 * time.Second):
		t.Fatal("no notification received")
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.got[len(rc.got)-1]
}

func TestNotificationsReachNotificationHandler(t *testing.T) {
	rc, url := newReceiver(t, "secret-auth", 1) // the first delivery is refused: retried
	srv := newMarket(t, 3, rakutentest.WithNotificationAuthKey("secret-auth"),
		rakutentest.WithNotificationRetry(3, time.Millisecond))
	srv.SetNotificationURL(marketShopURL, url)

	n, err := srv.Buy(rakutentest.Buy{Shop: marketShopURL, Item: marketItem, Units: 2})
	require.NoError(t, err)
	got := rc.wait(t)
	assert.Equal(t, marketShopURL, got.ShopURL)
	require.Len(t, got.Orders, 1)
	assert.Equal(t, n, got.Orders[0].Number)
	o, _ := srv.Order(n)
	assert.True(t, got.Orders[0].OrderedAt.Equal(o.OrderDatetime))
	require.Len(t, got.Orders[0].Items, 1)
	assert.Equal(t, 2, got.Orders[0].Items[0].Units)
	assert.Equal(t, "tshirt", got.Orders[0].Items[0].OrgItemNumber)

	require.NoError(t, srv.CancelByMall(marketShopURL, n))
	got = rc.wait(t)
	require.Len(t, got.Events, 1)
	ev := got.Events[0]
	assert.Equal(t, rakuten.EventScreeningResult, ev.Kind())
	v, _ := ev.Value("orderNumber")
	assert.Equal(t, n, v)
	v, _ = ev.Value("notificationType")
	assert.Equal(t, "2", v)

	other, err := srv.Buy(rakutentest.Buy{Shop: marketShopURL, Item: marketItem, Units: 1})
	require.NoError(t, err)
	rc.wait(t)
	require.NoError(t, srv.CancelByBuyer(marketShopURL, other))
	got = rc.wait(t)
	require.Len(t, got.Events, 1)
	assert.Equal(t, rakuten.EventPurchaseChanged, got.Events[0].Kind())
	v, _ = got.Events[0].Value("orderNumber")
	assert.Equal(t, other, v)

	later, err := srv.Buy(rakutentest.Buy{Shop: marketShopURL, Item: marketItem, Units: 1, PostageLater: true})
	require.NoError(t, err)
	rc.wait(t)
	require.NoError(t, srv.SetPostage(marketShopURL, later, 600))
	got = rc.wait(t)
	require.Len(t, got.Events, 1)
	assert.Equal(t, rakuten.EventPurchaseChanged, got.Events[0].Kind())
	for name, want := range map[string]string{"orderNumber": later, "field": "postagePrice", "before": "-9999", "after": "600"} {
		v, _ = got.Events[0].Value(name)
		assert.Equal(t, want, v, name)
	}
	require.NoError(t, srv.EditQuantity(marketShopURL, later, marketItem, 2))
	got = rc.wait(t)
	for name, want := range map[string]string{"class": "item", "subkey": marketItem, "field": "units", "before": "1", "after": "2"} {
		v, _ = got.Events[0].Value(name)
		assert.Equal(t, want, v, name)
	}
}

func TestNotificationsStopAtClose(t *testing.T) {
	var calls atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	t.Cleanup(ts.Close)
	srv := rakutentest.NewServer(rakutentest.WithNotificationURL(ts.URL),
		rakutentest.WithNotificationRetry(1000, time.Hour))
	srv.AddShop(rakutentest.Shop{ID: marketShopID, URL: marketShopURL})
	require.NoError(t, srv.SetShown(marketShopURL, marketItem, 1))
	_, err := srv.Buy(rakutentest.Buy{Shop: marketShopURL, Item: marketItem, Units: 1})
	require.NoError(t, err)
	require.Eventually(t, func() bool { return calls.Load() == 1 }, 5*time.Second, time.Millisecond)
	done := make(chan struct{})
	go func() { srv.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close waited for a retry an hour away")
	}
	assert.EqualValues(t, 1, calls.Load())
}

func TestStatsFromScriptedClientCalls(t *testing.T) {
	srv := newMarket(t, 3)
	require.NoError(t, srv.SetShown(marketShopURL, "tshirt/blue-m", 7))
	c := marketClient(t, srv)
	ctx := context.Background()
	n, err := srv.Buy(rakutentest.Buy{Shop: marketShopURL, Item: marketItem, Units: 1})
	require.NoError(t, err)

	var found []string
	for num, err := range c.SearchOrders(ctx, rakuten.OrderQuery{DateType: 1, Start: srv.Now().Add(-time.Hour), End: srv.Now()}) {
		require.NoError(t, err)
		found = append(found, num)
	}
	assert.Equal(t, []string{n}, found)
	_, err = c.GetOrders(ctx, []string{n}) // first read
	require.NoError(t, err)
	_, err = c.GetOrders(ctx, []string{n}) // unchanged
	require.NoError(t, err)
	require.NoError(t, srv.SetPostage(marketShopURL, n, 500))
	_, err = c.GetOrders(ctx, []string{n}) // changed
	require.NoError(t, err)
	_, err = c.GetOrders(ctx, []string{n}) // unchanged
	require.NoError(t, err)

	// red-m shows 2 after the buy: setting 2 is a no-op, blue-m 7→6 is not.
	require.NoError(t, c.SetInventories(ctx, []rakuten.InventoryUpdate{
		{ManageNumber: "tshirt", VariantID: "red-m", Quantity: 2},
		{ManageNumber: "tshirt", VariantID: "blue-m", Quantity: 6},
	}))
	require.NoError(t, c.SetInventories(ctx, []rakuten.InventoryUpdate{{ManageNumber: "tshirt", VariantID: "blue-m", Quantity: 6}}))

	st := srv.Stats()[marketShopURL]
	assert.Equal(t, map[string]int{"searchOrder": 1, "getOrder": 4, "inventories.bulk-upsert": 2}, st.Calls)
	assert.Equal(t, 2, st.RefetchedUnchanged)
	assert.Equal(t, 2, st.NoopPushes)
	assert.Zero(t, st.Throttled)
}

func TestStatsCountThrottledCalls(t *testing.T) {
	srv := newMarket(t, 1, rakutentest.WithPublishedLimits())
	ctx := context.Background()
	c, err := rakuten.NewClient(rakuten.Credentials{ServiceSecret: marketSecret, LicenseKey: marketKey},
		rakuten.WithBaseURL(srv.URL), rakuten.WithRetry(-1, time.Millisecond, time.Millisecond),
		rakuten.WithRateLimit(1000, 10))
	require.NoError(t, err)
	_, err = c.GetInventories(ctx, []rakuten.VariantKey{{ManageNumber: "tshirt", VariantID: "red-m"}})
	require.NoError(t, err)
	_, err = c.GetInventories(ctx, []rakuten.VariantKey{{ManageNumber: "tshirt", VariantID: "red-m"}})
	require.ErrorIs(t, err, rakuten.ErrRateLimited, "a second call within the second is refused")
	st := srv.Stats()[marketShopURL]
	assert.Equal(t, 1, st.Throttled)
	assert.Equal(t, map[string]int{"inventories.bulk-get": 2}, st.Calls)
}
