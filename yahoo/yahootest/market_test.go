package yahootest_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"regexp"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/yahoo"
	"github.com/mallkit/mallkit/yahoo/yahootest"
)

// Market test fixtures: one store and its application.
const (
	mkSeller   = "mkstore"
	mkClientID = "mk-app"
	mkSecret   = "mk-secret"
	mkRedirect = "https://app.example/cb"
	mkItem     = "tshirt:red-m"
)

// mkKey is one RSA key for the market tests' sellers.
var mkKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		panic(err)
	}
	return k
})

// newMarket starts a fake whose store shows qty of mkItem at 2,000 yen.
func newMarket(t *testing.T, qty int, opts ...yahootest.Option) *yahootest.Server {
	t.Helper()
	// No rate limit unless a test asks: the scripted calls below come
	// faster than the mall's 1 request/s.
	srv := yahootest.NewServer(append([]yahootest.Option{yahootest.WithRateLimit(0)}, opts...)...)
	t.Cleanup(srv.Close)
	srv.AddSeller(yahootest.Seller{ID: mkSeller, ClientID: mkClientID, ClientSecret: mkSecret, RedirectURL: mkRedirect, PrivateKey: mkKey()})
	require.NoError(t, srv.SetShown(mkSeller, mkItem, qty))
	require.NoError(t, srv.SetUnitPrice(mkSeller, mkItem, 2000))
	return srv
}

// marketClient is an authorized mallkit client for the market store.
func marketClient(t *testing.T, srv *yahootest.Server, opts ...yahoo.Option) *yahoo.Client {
	t.Helper()
	cfg := yahoo.Config{SellerID: mkSeller, ClientID: mkClientID, ClientSecret: mkSecret, RedirectURL: mkRedirect,
		PublicKeyPEM: srv.PublicKeyPEM(mkSeller), KeyVersion: 1, PublicKeyIssued: srv.Now()}
	opts = append([]yahoo.Option{yahoo.WithBaseURL(srv.StoreURL()), yahoo.WithAuthURL(srv.AuthURL()),
		yahoo.WithClock(srv.Now), yahoo.WithRateLimit(1000, 10)}, opts...)
	c, err := yahoo.NewClient(cfg, opts...)
	require.NoError(t, err)
	require.NoError(t, c.Exchange(context.Background(), srv.Authorize(mkClientID, mkRedirect, "s")))
	return c
}

func TestBuyCreatesNewOrder(t *testing.T) {
	srv := newMarket(t, 3)
	id, err := srv.Buy(yahootest.Buy{Shop: mkSeller, Item: mkItem, Units: 2})
	require.NoError(t, err)
	assert.Equal(t, "mkstore-10000001", id)
	assert.Equal(t, map[string]int{mkItem: 1}, srv.Shown(mkSeller))

	o, err := marketClient(t, srv).GetOrder(context.Background(), id)
	require.NoError(t, err)
	assert.Equal(t, yahoo.OrderStatus(yahootest.StatusProcessing), o.Status)
	require.Len(t, o.Items, 1)
	assert.Equal(t, "tshirt", o.Items[0].ItemID)
	assert.Equal(t, "red-m", o.Items[0].SubCode)
	assert.Equal(t, 2, o.Items[0].Quantity)
	assert.Equal(t, int64(2000), o.Items[0].UnitPrice)
	assert.Equal(t, int64(4000), o.Detail.TotalPrice)

	stored, _ := srv.Order(id)
	assert.False(t, stored.IsSeen, "a new order is 新規: 処理中 and unseen")
	assert.Equal(t, yahootest.PaymentCard, stored.Pay.Method)
	assert.NotEmpty(t, stored.Ship.Prefecture)

	next, err := srv.Buy(yahootest.Buy{Shop: mkSeller, Item: mkItem, Units: 1})
	require.NoError(t, err)
	assert.Regexp(t, regexp.MustCompile(`^mkstore-\d{8}$`), next)
	assert.Equal(t, "mkstore-10000002", next)
	mo := srv.MarketOrders(mkSeller)
	require.Len(t, mo, 2)
	assert.Equal(t, []yahootest.MarketLine{{Item: mkItem, Units: 2}}, mo[0].Lines)
}

func TestBuyPaymentsAndPrepayment(t *testing.T) {
	srv := newMarket(t, 3)
	cod, err := srv.Buy(yahootest.Buy{Shop: mkSeller, Item: mkItem, Units: 1, Payment: yahootest.PaymentCOD})
	require.NoError(t, err)
	o, _ := srv.Order(cod)
	assert.Equal(t, 4, o.Pay.Kind)
	assert.Equal(t, int64(yahootest.CODFee), o.Charges.PayCharge)

	pre, err := srv.Buy(yahootest.Buy{Shop: mkSeller, Item: mkItem, Units: 1, Payment: yahootest.PaymentBankTransfer})
	require.NoError(t, err)
	o, _ = srv.Order(pre)
	assert.Equal(t, 1, o.Pay.Type, "前払い")
	assert.Equal(t, 0, o.Pay.Status, "未入金")
	assert.Equal(t, 0, o.Ship.Status, "出荷不可 until paid")
	require.NoError(t, srv.MarkPaid(mkSeller, pre))
	o, _ = srv.Order(pre)
	assert.Equal(t, 1, o.Pay.Status)
	assert.Equal(t, 1, o.Ship.Status)

	_, err = srv.Buy(yahootest.Buy{Shop: mkSeller, Item: mkItem, Units: 1, Payment: "payment_x9"})
	assert.ErrorIs(t, err, yahootest.ErrInvalidBuy)
}

func TestBuySoldOut(t *testing.T) {
	srv := newMarket(t, 1)
	_, err := srv.Buy(yahootest.Buy{Shop: mkSeller, Item: mkItem, Units: 2})
	var so *yahootest.SoldOutError
	require.ErrorAs(t, err, &so)
	assert.ErrorIs(t, err, yahootest.ErrSoldOut)
	assert.Equal(t, 1, so.Shown)
	_, err = srv.Buy(yahootest.Buy{Shop: mkSeller, Item: "other", Units: 1})
	assert.ErrorIs(t, err, yahootest.ErrUnknownItem)
	_, err = srv.Buy(yahootest.Buy{Shop: "nobody", Item: mkItem, Units: 1})
	assert.ErrorIs(t, err, yahootest.ErrUnknownItem)
	srv.SetPublished(mkSeller, "tshirt", "red-m", false)
	_, err = srv.Buy(yahootest.Buy{Shop: mkSeller, Item: mkItem, Units: 1})
	assert.ErrorIs(t, err, yahootest.ErrUnknownItem, "an unpublished item cannot be bought")
}

func TestConcurrentBuysNeverOversell(t *testing.T) {
	const shown, buyers = 4, 30
	srv := newMarket(t, shown)
	var ok atomic.Int32
	var wg sync.WaitGroup
	for range buyers {
		wg.Go(func() {
			_, err := srv.Buy(yahootest.Buy{Shop: mkSeller, Item: mkItem, Units: 1})
			if err == nil {
				ok.Add(1)
			} else if !errors.Is(err, yahootest.ErrSoldOut) {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	assert.EqualValues(t, shown, ok.Load())
	assert.Equal(t, 0, srv.Shown(mkSeller)[mkItem])
}

func TestCancelsRestoreStock(t *testing.T) {
	srv := newMarket(t, 3)
	a, err := srv.Buy(yahootest.Buy{Shop: mkSeller, Item: mkItem, Units: 1})
	require.NoError(t, err)
	b, err := srv.Buy(yahootest.Buy{Shop: mkSeller, Item: mkItem, Units: 1, KeepStock: true})
	require.NoError(t, err)
	c, err := srv.Buy(yahootest.Buy{Shop: mkSeller, Item: mkItem, Units: 1})
	require.NoError(t, err)

	require.NoError(t, srv.CancelByBuyer(mkSeller, a))
	assert.Equal(t, 1, srv.Shown(mkSeller)[mkItem])
	require.NoError(t, srv.CancelByMall(mkSeller, b))
	assert.Equal(t, 1, srv.Shown(mkSeller)[mkItem], "KeepStock: not restored")
	o, _ := srv.Order(a)
	assert.Equal(t, yahootest.StatusCancelled, o.Status)
	assert.Equal(t, 100, o.CancelReason)

	require.NoError(t, srv.Ship(mkSeller, c))
	var no *yahootest.NotOpenError
	require.ErrorAs(t, srv.CancelByBuyer(mkSeller, c), &no)
	assert.Equal(t, "shipped", no.Status)
	require.ErrorAs(t, srv.CancelByBuyer(mkSeller, a), &no)
	assert.Equal(t, "canceled", no.Status)
	assert.ErrorIs(t, srv.Ship(mkSeller, "mkstore-99999999"), yahootest.ErrUnknownOrder)

	statuses := map[string]string{}
	for _, mo := range srv.MarketOrders(mkSeller) {
		statuses[mo.Number] = mo.Status
	}
	assert.Equal(t, map[string]string{a: "canceled", b: "canceled", c: "shipped"}, statuses)
}

func TestFraudHold(t *testing.T) {
	srv := newMarket(t, 2)
	id, err := srv.Buy(yahootest.Buy{Shop: mkSeller, Item: mkItem, Units: 1, FraudHold: true})
	require.NoError(t, err)
	held, pub, ok := srv.FraudHold(id)
	require.True(t, ok)
	assert.True(t, held)
	assert.True(t, pub.IsZero())
	orderedAt := srv.Now()
	c := marketClient(t, srv)
	ctx := context.Background()
	listed := func() []string {
		var ids []string
		for sum, err := range c.SearchOrders(ctx, yahoo.OrderQuery{Start: orderedAt.Add(-time.Hour), End: srv.Now()}) {
			require.NoError(t, err)
			ids = append(ids, sum.ID)
		}
		return ids
	}
	assert.Empty(t, listed(), "held orders are not listed")
	_, err = c.GetOrder(ctx, id)
	assert.Error(t, err, "nor readable")
	assert.Len(t, srv.MarketOrders(mkSeller), 1, "but the buyer has ordered")
	assert.ErrorIs(t, srv.Ship(mkSeller, id), yahootest.ErrNotOpen)

	srv.Advance(3 * time.Hour)
	require.NoError(t, srv.ReleaseFraudHold(mkSeller, id))
	held, pub, _ = srv.FraudHold(id)
	assert.False(t, held)
	assert.Equal(t, orderedAt.Add(3*time.Hour), pub, "published later than ordered")
	assert.Equal(t, []string{id}, listed())
	var byPublication []string
	for sum, err := range c.SearchOrders(ctx, yahoo.OrderQuery{PublicationStart: orderedAt.Add(2 * time.Hour), PublicationEnd: srv.Now()}) {
		require.NoError(t, err)
		byPublication = append(byPublication, sum.ID)
	}
	assert.Equal(t, []string{id}, byPublication, "a publication-time watermark past the order time still sees the released order")
	assert.ErrorIs(t, srv.ReleaseFraudHold(mkSeller, id), yahootest.ErrNotOpen)

	ng, err := srv.Buy(yahootest.Buy{Shop: mkSeller, Item: mkItem, Units: 1, FraudHold: true})
	require.NoError(t, err)
	assert.Equal(t, 0, srv.Shown(mkSeller)[mkItem])
	require.NoError(t, srv.CancelByMall(mkSeller, ng), "the fraud check says no")
	assert.Equal(t, 1, srv.Shown(mkSeller)[mkItem])
	assert.ErrorIs(t, srv.ReleaseFraudHold(mkSeller, ng), yahootest.ErrNotOpen)
	assert.Equal(t, []string{id}, listed(), "a cancelled held order never shows")
}

func TestStatsFromScriptedClientCalls(t *testing.T) {
	srv := newMarket(t, 3)
	require.NoError(t, srv.SetShown(mkSeller, "cap", 5))
	c := marketClient(t, srv)
	ctx := context.Background()
	id, err := srv.Buy(yahootest.Buy{Shop: mkSeller, Item: mkItem, Units: 1})
	require.NoError(t, err)

	_, err = c.GetOrder(ctx, id) // first read
	require.NoError(t, err)
	_, err = c.GetOrder(ctx, id) // unchanged
	require.NoError(t, err)
	require.NoError(t, srv.MarkPaid(mkSeller, id))
	_, err = c.GetOrder(ctx, id) // changed
	require.NoError(t, err)

	// red-m shows 2 after the buy: 2 is a no-op, cap 5→4 is not.
	require.NoError(t, c.SetStock(ctx, []yahoo.StockUpdate{
		{ItemCode: "tshirt", SubCode: "red-m", Quantity: 2},
		{ItemCode: "cap", Quantity: 4},
	}))

	st := srv.Stats()[mkSeller]
	assert.Equal(t, 3, st.Calls["orderInfo"])
	assert.Equal(t, 1, st.Calls["setStock"])
	assert.Equal(t, 1, st.RefetchedUnchanged)
	assert.Equal(t, 1, st.NoopPushes)
	assert.Zero(t, st.Throttled)
}

func TestStatsCountThrottledCalls(t *testing.T) {
	srv := newMarket(t, 1, yahootest.WithPublishedLimits())
	c := marketClient(t, srv, yahoo.WithRetry(-1, time.Millisecond, time.Millisecond))
	ctx := context.Background()
	_, err := c.GetStock(ctx, []string{mkItem})
	require.NoError(t, err)
	_, err = c.GetStock(ctx, []string{mkItem})
	require.Error(t, err, "a second call within the second is refused")
	st := srv.Stats()[mkSeller]
	assert.Equal(t, 1, st.Throttled)
	assert.Equal(t, 2, st.Calls["getStock"])
}
