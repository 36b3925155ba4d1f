package ponparetest_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/jst"
	//lint:ignore SA1019 the fake serves the deprecated package itself
	"github.com/mallkit/mallkit/ponpare"
	"github.com/mallkit/mallkit/ponpare/ponparetest"
)

const (
	mkShop = "mk-shop"
	mkItem = "tea-01:100g"
)

var mkCreds = ponpare.Credentials{ShopURL: mkShop, UserID: "api-user", Password: "secret"}

// newMarket starts a fake whose shop shows qty of mkItem at 980 yen.
func newMarket(t *testing.T, qty int) *ponparetest.Server {
	t.Helper()
	srv := ponparetest.NewServer()
	t.Cleanup(srv.Close)
	srv.AddAccount(mkCreds)
	require.NoError(t, srv.SetShown(mkShop, mkItem, qty))
	require.NoError(t, srv.SetUnitPrice(mkShop, mkItem, 980))
	return srv
}

// today is the search condition for the fake's default day.
var today = ponpare.OrderSearchCond{From: jst.Date(2026, 1, 5), To: jst.Date(2026, 1, 5)}

func TestBuyIsServedByTheOrderAPI(t *testing.T) {
	srv := newMarket(t, 3)
	n, err := srv.Buy(ponparetest.Buy{Shop: mkShop, Item: mkItem, Units: 2})
	require.NoError(t, err)
	assert.Equal(t, "mk-shop-20260105-00000001", n)
	assert.Equal(t, map[string]int{mkItem: 1}, srv.Shown(mkShop))

	c, err := ponpare.NewClient(mkCreds, ponpare.WithEndpoint(srv.URL))
	require.NoError(t, err)
	var got []ponpare.Order
	for o, err := range c.Orders(context.Background(), today) {
		require.NoError(t, err)
		got = append(got, o)
	}
	require.Len(t, got, 1)
	o := got[0]
	assert.Equal(t, n, o.Number)
	assert.Equal(t, ponpare.StatusNew, o.Status)
	assert.Equal(t, int64(1960), o.TotalPaymentAmount)
	assert.Equal(t, "東京都", o.DeliveryAddress.Prefecture)
	require.Len(t, o.Items, 1)
	assert.Equal(t, "tea-01", o.Items[0].ManageID)
	assert.Equal(t, 2, o.Items[0].Count)
	require.NotNil(t, o.Payment.CreditCard)

	mo := srv.MarketOrders(mkShop)
	require.Len(t, mo, 1)
	assert.Equal(t, []ponparetest.MarketLine{{Item: mkItem, Units: 2}}, mo[0].Lines)
	assert.Equal(t, "open", mo[0].Status)
}

func TestBuySoldOutAndPayments(t *testing.T) {
	srv := newMarket(t, 2)
	_, err := srv.Buy(ponparetest.Buy{Shop: mkShop, Item: mkItem, Units: 3})
	var so *ponparetest.SoldOutError
	require.ErrorAs(t, err, &so)
	assert.ErrorIs(t, err, ponparetest.ErrSoldOut)
	assert.Equal(t, 2, so.Shown)
	_, err = srv.Buy(ponparetest.Buy{Shop: mkShop, Item: "nope", Units: 1})
	assert.ErrorIs(t, err, ponparetest.ErrUnknownItem)

	pre, err := srv.Buy(ponparetest.Buy{Shop: mkShop, Item: mkItem, Units: 1, Payment: ponparetest.PaymentBankTransfer})
	require.NoError(t, err)
	cod, err := srv.Buy(ponparetest.Buy{Shop: mkShop, Item: mkItem, Units: 1, Payment: ponparetest.PaymentCOD})
	require.NoError(t, err)
	c, err := ponpare.NewClient(mkCreds, ponpare.WithEndpoint(srv.URL))
	require.NoError(t, err)
	orders, err := c.GetOrders(context.Background(), today, []string{pre, cod})
	require.NoError(t, err)
	require.Len(t, orders, 2)
	byNumber := map[string]ponpare.Order{orders[0].Number: orders[0], orders[1].Number: orders[1]}
	assert.Equal(t, "未入金", byNumber[pre].PaymentStatus)
	assert.Nil(t, byNumber[pre].Payment.CreditCard)
	assert.Equal(t, int64(ponparetest.CODFee), byNumber[cod].PaymentFee)

	require.NoError(t, srv.MarkPaid(mkShop, pre))
	require.NoError(t, srv.Ship(mkShop, cod))
	orders, err = c.GetOrders(context.Background(), today, []string{pre, cod})
	require.NoError(t, err)
	for _, o := range orders {
		if o.Number == pre {
			assert.Equal(t, "入金済", o.PaymentStatus)
		} else {
			assert.Equal(t, ponpare.StatusAwaitingPostpayment, o.Status, "a shipped COD order waits for the money")
		}
	}
}

func TestConcurrentBuysNeverOversell(t *testing.T) {
	const shown, buyers = 3, 25
	srv := newMarket(t, shown)
	var ok atomic.Int32
	var wg sync.WaitGroup
	for range buyers {
		wg.Go(func() {
			_, err := srv.Buy(ponparetest.Buy{Shop: mkShop, Item: mkItem, Units: 1})
			if err == nil {
				ok.Add(1)
			} else if !errors.Is(err, ponparetest.ErrSoldOut) {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	assert.EqualValues(t, shown, ok.Load())
	assert.Equal(t, 0, srv.Shown(mkShop)[mkItem])
}

func TestCancelsRestoreStock(t *testing.T) {
	srv := newMarket(t, 3)
	a, err := srv.Buy(ponparetest.Buy{Shop: mkShop, Item: mkItem, Units: 1})
	require.NoError(t, err)
	b, err := srv.Buy(ponparetest.Buy{Shop: mkShop, Item: mkItem, Units: 1, KeepStock: true})
	require.NoError(t, err)
	require.NoError(t, srv.CancelByBuyer(mkShop, a))
	require.NoError(t, srv.CancelByMall(mkShop, b))
	assert.Equal(t, 2, srv.Shown(mkShop)[mkItem])
	var no *ponparetest.NotOpenError
	require.ErrorAs(t, srv.CancelByBuyer(mkShop, a), &no)
	assert.Equal(t, "canceled", no.Status)
	assert.ErrorIs(t, srv.Ship(mkShop, "nope"), ponparetest.ErrUnknownOrder)
}

func TestApplyStockCSV(t *testing.T) {
	srv := newMarket(t, 3)
	file, err := ponpare.MarshalStockCSV([]ponpare.StockRow{
		{Code: "tea-01", SubCode: "100g", Quantity: 3}, // unchanged: a no-op push
		{Code: "tea-02", Quantity: 9},
	})
	require.NoError(t, err)
	require.NoError(t, srv.ApplyStockCSV(mkShop, bytes.NewReader(file)))
	assert.Equal(t, map[string]int{mkItem: 3, "tea-02": 9}, srv.Shown(mkShop))

	bad := strings.Replace(string(file), "9,0", "x,0", 1)
	err = srv.ApplyStockCSV(mkShop, strings.NewReader(bad))
	var se *ponparetest.StockCSVError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 3, se.Line)
	assert.Equal(t, "quantity", se.Column)

	st := srv.Stats()[mkShop]
	assert.Equal(t, 1, st.NoopPushes)
	assert.Equal(t, 1, st.Calls[ponparetest.OpStockCSV], "a refused file is not taken")
}

func TestStatsFromScriptedClientCalls(t *testing.T) {
	srv := newMarket(t, 3)
	n, err := srv.Buy(ponparetest.Buy{Shop: mkShop, Item: mkItem, Units: 1})
	require.NoError(t, err)
	c, err := ponpare.NewClient(mkCreds, ponpare.WithEndpoint(srv.URL), ponpare.WithRetry(-1, time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	ctx := context.Background()

	_, err = c.GetOrderNumbers(ctx, today)
	require.NoError(t, err)
	_, err = c.GetOrders(ctx, today, []string{n}) // first read
	require.NoError(t, err)
	_, err = c.GetOrders(ctx, today, []string{n}) // unchanged
	require.NoError(t, err)
	require.NoError(t, srv.MarkPaid(mkShop, n))
	_, err = c.GetOrders(ctx, today, []string{n}) // changed
	require.NoError(t, err)

	st := srv.Stats()[mkShop]
	assert.Equal(t, map[string]int{"getOrderNo": 1, "getOrderInfo": 3}, st.Calls)
	assert.Equal(t, 1, st.RefetchedUnchanged)
	assert.Zero(t, st.NoopPushes)
}
