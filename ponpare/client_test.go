package ponpare_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/jst"
	"github.com/mallkit/mallkit/ponpare"
	"github.com/mallkit/mallkit/ponpare/ponparetest"
)

var orderCreds = ponpare.Credentials{
	ShopURL:   "example-shop",
	UserID:    "api-order-user",
	Password:  "order-pass",
	ExpiresAt: time.Date(2026, 3, 1, 0, 0, 0, 0, jst.Location),
}

func newFake(t *testing.T, opts ...ponparetest.Option) *ponparetest.Server {
	t.Helper()
	srv := ponparetest.NewServer(opts...)
	t.Cleanup(srv.Close)
	srv.AddAccount(orderCreds)
	return srv
}

func newClient(t *testing.T, endpoint string, creds ponpare.Credentials, opts ...ponpare.Option) *ponpare.Client {
	t.Helper()
	opts = append([]ponpare.Option{
		ponpare.WithEndpoint(endpoint),
		ponpare.WithRateLimit(0, 0),
		ponpare.WithRetry(2, time.Millisecond, 5*time.Millisecond),
		ponpare.WithClock(func() time.Time { return time.Date(2026, 1, 5, 10, 0, 0, 0, jst.Location) }),
	}, opts...)
	c, err := ponpare.NewClient(creds, opts...)
	require.NoError(t, err)
	return c
}

func seedOrder(number, at, status string, items ...ponpare.Item) ponpare.Order {
	return ponpare.Order{
		Number:        number,
		OrderDateTime: at,
		Status:        status,
		TotalAmount:   3300,
		Customer:      ponpare.Customer{Zip1: "060", Zip2: "0001", LastName: "髙橋", FirstName: "花子", Tel: "09012345678"},
		Payment:       ponpare.Payment{MethodID: "4", MethodName: "クレジットカード"},
		Items:         items,
	}
}

func TestSearchThenFetchReturnsEveryMatchingOrder(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.AddOrder(seedOrder("pm-0001", "2026/01/02 09:15:00", ponpare.StatusNew,
		ponpare.Item{SubNumber: "1", Name: "珈琲豆 ①", ManageID: "coffee-01", HSKUItemID: "200g", SalePrice: 1200, Count: 2}))
	srv.AddOrder(seedOrder("pm-0002", "2026-01-03T23:59:59+09:00", ponpare.StatusAwaitingShipment))
	srv.AddOrder(seedOrder("pm-0003", "2026/01/04 00:00:00", ponpare.StatusNew))
	c := newClient(t, srv.URL, orderCreds)

	cond := ponpare.OrderSearchCond{From: jst.Date(2026, 1, 1), To: jst.Date(2026, 1, 3)}
	numbers, err := c.GetOrderNumbers(context.Background(), cond)
	require.NoError(t, err)
	assert.Equal(t, []string{"pm-0001", "pm-0002"}, numbers, "To is inclusive; pm-0003 is the next day")

	orders, err := c.GetOrders(context.Background(), cond, numbers)
	require.NoError(t, err)
	require.Len(t, orders, 2)
	o := orders[0]
	assert.Equal(t, "pm-0001", o.Number)
	assert.Equal(t, "060", o.Customer.Zip1, "codes stay strings")
	assert.Equal(t, "髙橋", o.Customer.LastName)
	require.Len(t, o.Items, 1)
	assert.Equal(t, ponpare.Item{SubNumber: "1", Name: "珈琲豆 ①", ManageID: "coffee-01", HSKUItemID: "200g", SalePrice: 1200, Count: 2}, o.Items[0])
	at, err := o.OrderedAt()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2026, 1, 2, 9, 15, 0, 0, jst.Location), at)
}

func TestStatusFilterIsSentAndApplied(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.AddOrder(seedOrder("pm-1", "2026/01/02 09:00:00", ponpare.StatusNew))
	srv.AddOrder(seedOrder("pm-2", "2026/01/02 10:00:00", ponpare.StatusDone))
	c := newClient(t, srv.URL, orderCreds)
	numbers, err := c.GetOrderNumbers(context.Background(), ponpare.OrderSearchCond{
		From: jst.Date(2026, 1, 2), To: jst.Date(2026, 1, 2), Statuses: []string{ponpare.StatusNew},
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"pm-1"}, numbers)
}

func TestOrdersIteratesInChunksOfTheCallCap(t *testing.T) {
	t.Parallel()
	srv := newFake(t, ponparetest.WithOrdersPerCall(3))
	for i := range 7 {
		srv.AddOrder(seedOrder(fmt.Sprintf("pm-%02d", i), "2026/01/02 09:00:00", ponpare.StatusNew))
	}
	c := newClient(t, srv.URL, orderCreds, ponpare.WithOrdersPerCall(3))
	var got []string
	for o, err := range c.Orders(context.Background(), ponpare.OrderSearchCond{From: jst.Date(2026, 1, 1), To: jst.Date(2026, 1, 5)}) {
		require.NoError(t, err)
		got = append(got, o.Number)
	}
	assert.Equal(t, []string{"pm-00", "pm-01", "pm-02", "pm-03", "pm-04", "pm-05", "pm-06"}, got)
	var ops []string
	for _, r := range srv.Requests() {
		ops = append(ops, r.Operation)
	}
	assert.Equal(t, []string{"getOrderNo", "getOrderInfo", "getOrderInfo", "getOrderInfo"}, ops)
}

func TestOverTheCallCapIsAnErrCodeAnswer(t *testing.T) {
	t.Parallel()
	srv := newFake(t, ponparetest.WithOrdersPerCall(2))
	c := newClient(t, srv.URL, orderCreds, ponpare.WithOrdersPerCall(5))
	_, err := c.GetOrders(context.Background(), ponpare.OrderSearchCond{From: jst.Date(2026, 1, 1), To: jst.Date(2026, 1, 5)}, []string{"a", "b", "c"})
	var apiErr *ponpare.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, ponparetest.ErrCodeTooManyOrders, apiErr.Code)
	assert.Contains(t, apiErr.Message, "at most 2")
	assert.Empty(t, apiErr.RequestID, "the order service has no request id")
	assert.NotErrorIs(t, err, ponpare.ErrUnauthorized)
}

func TestUnknownOrderIsAPerOrderFailureNotDropped(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.AddOrder(seedOrder("pm-1", "2026/01/02 09:00:00", ponpare.StatusNew))
	c := newClient(t, srv.URL, orderCreds)
	orders, err := c.GetOrders(context.Background(), ponpare.OrderSearchCond{From: jst.Date(2026, 1, 1), To: jst.Date(2026, 1, 5)}, []string{"pm-1", "pm-gone"})
	var be *ponpare.BatchError
	require.ErrorAs(t, err, &be)
	require.ErrorIs(t, err, ponpare.ErrPartialFailure)
	assert.Equal(t, 2, be.Total)
	require.Len(t, be.Failures, 1)
	assert.Equal(t, "pm-gone", be.Failures[0].Key)
	assert.Equal(t, ponparetest.ErrCodeOrderNotFound, be.Failures[0].Code)
	assert.True(t, be.Failed("pm-gone"))
	assert.False(t, be.Failed("pm-1"))
	require.Len(t, orders, 1, "the good order still comes back")
	assert.Equal(t, "pm-1", orders[0].Number)
}

func TestRefusedCredentials(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	cond := ponpare.OrderSearchCond{From: jst.Date(2026, 1, 1), To: jst.Date(2026, 1, 5)}

	wrong := orderCreds
	wrong.Password = "stock-pass"
	_, err := newClient(t, srv.URL, wrong).GetOrderNumbers(context.Background(), cond)
	require.ErrorIs(t, err, ponpare.ErrUnauthorized)
	assert.NotErrorIs(t, err, ponpare.ErrPasswordExpired, "the recorded expiry has not passed")
	assert.NotContains(t, err.Error(), "stock-pass")

	srv.SetNow(time.Date(2026, 3, 1, 0, 0, 0, 0, jst.Location))
	late := func() time.Time { return time.Date(2026, 3, 2, 0, 0, 0, 0, jst.Location) }
	_, err = newClient(t, srv.URL, orderCreds, ponpare.WithClock(late)).GetOrderNumbers(context.Background(), cond)
	require.ErrorIs(t, err, ponpare.ErrUnauthorized)
	require.ErrorIs(t, err, ponpare.ErrPasswordExpired)
}

func TestConditionIsValidatedBeforeSending(t *testing.T) {
	t.Parallel()
	c := newClient(t, "http://127.0.0.1:1/never", orderCreds)
	_, err := c.GetOrderNumbers(context.Background(), ponpare.OrderSearchCond{From: jst.Date(2026, 1, 5), To: jst.Date(2026, 1, 1)})
	require.ErrorContains(t, err, "To is before From")
	require.ErrorIs(t, err, ponpare.ErrInvalidInput)
	_, err = c.GetOrderNumbers(context.Background(), ponpare.OrderSearchCond{})
	require.ErrorContains(t, err, "needs From and To")
}

func TestRequestMatchesTheGoldenEnvelope(t *testing.T) {
	t.Parallel()
	var body []byte
	var contentType string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		contentType = r.Header.Get("Content-Type")
		body = readAll(t, r)
		w.Header().Set("Content-Type", "application/soap+xml; charset=UTF-8")
		w.Write(mustRead(t, "testdata/getOrderNo.response.xml"))
	}))
	defer srv.Close()
	c := newClient(t, srv.URL, orderCreds)
	numbers, err := c.GetOrderNumbers(context.Background(), ponpare.OrderSearchCond{
		From: time.Date(2026, 1, 1, 3, 0, 0, 0, time.UTC), To: time.Date(2026, 1, 31, 20, 0, 0, 0, time.UTC),
		Statuses: []string{ponpare.StatusNew, ponpare.StatusAwaitingShipment},
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"pm-0001", "pm-0002"}, numbers)
	assert.Equal(t, `application/soap+xml; charset=UTF-8; action="urn:getOrderNo"`, contentType)
	assert.Equal(t, strings.TrimSpace(string(mustRead(t, "testdata/getOrderNo.request.xml"))), string(body),
		"dates are JST calendar days: 2026-01-31T20:00Z is 2026/02/01 in Japan")
}

func TestNonSOAPErrorIsAnAPIError(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "<html>502 Bad Gateway</html>", http.StatusBadGateway)
	}))
	defer srv.Close()
	_, err := newClient(t, srv.URL, orderCreds).GetOrderNumbers(context.Background(), ponpare.OrderSearchCond{From: jst.Date(2026, 1, 1), To: jst.Date(2026, 1, 1)})
	var apiErr *ponpare.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusBadGateway, apiErr.StatusCode)
	assert.Equal(t, "getOrderNo", apiErr.Operation)
}

func TestNewClientDefaultsToTheWSDLAndNeedsCredentials(t *testing.T) {
	t.Parallel()
	c, err := ponpare.NewClient(orderCreds)
	require.NoError(t, err)
	assert.Contains(t, c.String(), ponpare.DefaultEndpoint)
	_, err = ponpare.NewClient(ponpare.Credentials{ShopURL: "s"}, ponpare.WithEndpoint("https://127.0.0.1/"))
	require.ErrorIs(t, err, ponpare.ErrInvalidInput)
	_, err = ponpare.NewClient(orderCreds, ponpare.WithEndpoint("not a url"))
	require.Error(t, err)
	_, err = ponpare.NewClient(orderCreds, ponpare.WithEndpoint("https://127.0.0.1/"), ponpare.WithRateLimit(1, 0))
	require.ErrorContains(t, err, "burst 0")
	_, err = ponpare.NewClient(orderCreds, ponpare.WithEndpoint("https://127.0.0.1/"), ponpare.WithRetry(1, -time.Second, time.Second))
	require.ErrorContains(t, err, "negative retry wait")
}

func TestCredentialsNeverPrintThePassword(t *testing.T) {
	t.Parallel()
	for _, s := range []string{fmt.Sprint(orderCreds), fmt.Sprintf("%+v %#v %s", orderCreds, orderCreds, orderCreds)} {
		assert.NotContains(t, s, "order-pass")
		assert.Contains(t, s, "api-order-user")
	}
}

func TestPasswordStatusWarnsTwoWeeksAhead(t *testing.T) {
	t.Parallel()
	cases := []struct {
		now      time.Time
		daysLeft int
		warn     bool
		expired  bool
	}{
		{time.Date(2026, 2, 1, 0, 0, 0, 0, jst.Location), 28, false, false},
		{time.Date(2026, 2, 15, 0, 0, 0, 0, jst.Location), 14, true, false},
		{time.Date(2026, 2, 28, 23, 0, 0, 0, jst.Location), 1, true, false},
		{time.Date(2026, 3, 1, 0, 0, 0, 0, jst.Location), 0, true, true},
	}
	for _, tc := range cases {
		st := orderCreds.PasswordStatus(tc.now)
		assert.True(t, st.Known)
		assert.Equal(t, tc.daysLeft, st.DaysLeft, tc.now)
		assert.Equal(t, tc.warn, st.Warn, tc.now)
		assert.Equal(t, tc.expired, st.Expired, tc.now)
	}
	assert.False(t, ponpare.Credentials{}.PasswordStatus(time.Now()).Known)
}

func TestOrderedAtAcceptsTheFormatsSeen(t *testing.T) {
	t.Parallel()
	want := time.Date(2026, 1, 2, 9, 15, 0, 0, jst.Location)
	for _, s := range []string{"2026/01/02 09:15:00", "2026-01-02T09:15:00+09:00", "2026-01-02T00:15:00.000Z", "2026-01-02T09:15:00"} {
		got, err := ponpare.Order{OrderDateTime: s}.OrderedAt()
		require.NoError(t, err, s)
		assert.True(t, want.Equal(got), "%s → %v", s, got)
	}
	_, err := ponpare.Order{OrderDateTime: "yesterday"}.OrderedAt()
	require.Error(t, err)
}

func readAll(t *testing.T, r *http.Request) []byte {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	return b
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

func TestClientsNeverPrintThePassword(t *testing.T) {
	t.Parallel()
	c := newClient(t, "http://127.0.0.1:1/orderWsvc", orderCreds)
	u, err := ponpare.NewStockUploader(ponpare.Credentials{UserID: "stock-user", Password: "stock-pass"}, ponpare.StockFTPConfig{})
	require.NoError(t, err)
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("clients", "order", c, "stock", u)
	for _, s := range []string{fmt.Sprint(c, u), fmt.Sprintf("%+v %+v", c, u), fmt.Sprintf("%#v %#v", c, u), logs.String()} {
		assert.NotContains(t, s, "order-pass")
		assert.NotContains(t, s, "stock-pass")
		assert.Contains(t, s, "api-order-user")
		assert.Contains(t, s, "stock-user")
	}
}

func TestTheNamespaceMustMatchTheService(t *testing.T) {
	t.Parallel()
	cond := ponpare.OrderSearchCond{From: jst.Date(2026, 1, 1), To: jst.Date(2026, 1, 5)}
	srv := newFake(t)
	_, err := newClient(t, srv.URL, orderCreds, ponpare.WithNamespace("urn:elsewhere")).GetOrderNumbers(context.Background(), cond)
	var fault *ponpare.FaultError
	require.ErrorAs(t, err, &fault, "a service refuses an operation outside its namespace")
	assert.Equal(t, "soap:Sender", fault.Code)
	assert.NotErrorIs(t, err, ponpare.ErrUnauthorized)

	other := newFake(t, ponparetest.WithNamespace("urn:elsewhere"))
	other.AddOrder(seedOrder("pm-1", "2026/01/02 09:00:00", ponpare.StatusNew))
	numbers, err := newClient(t, other.URL, orderCreds, ponpare.WithNamespace("urn:elsewhere")).GetOrderNumbers(context.Background(), cond)
	require.NoError(t, err)
	assert.Equal(t, []string{"pm-1"}, numbers)
}

// countingTransport counts the requests it carries.
type countingTransport struct{ n atomic.Int32 }

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return http.DefaultTransport.RoundTrip(r)
}

func TestWithHTTPClientUsesACopy(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	ct := &countingTransport{}
	hc := &http.Client{Transport: ct}
	c := newClient(t, srv.URL, orderCreds, ponpare.WithHTTPClient(hc))
	hc.Transport = nil // later changes to the caller's client do not reach the copy
	_, err := c.GetOrderNumbers(context.Background(), ponpare.OrderSearchCond{From: jst.Date(2026, 1, 1), To: jst.Date(2026, 1, 1)})
	require.NoError(t, err)
	assert.Equal(t, int32(1), ct.n.Load())

	_, err = ponpare.NewClient(orderCreds, ponpare.WithEndpoint(srv.URL), ponpare.WithHTTPClient(nil))
	assert.Error(t, err, "options validate eagerly")
}
