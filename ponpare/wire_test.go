package ponpare_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/jst"
	"github.com/mallkit/mallkit/ponpare"
)

// answering serves the hand-written documents in order, the last one again
// for any further request, and counts the requests.
func answering(t *testing.T, files ...string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		w.Header().Set("Content-Type", "application/soap+xml; charset=UTF-8")
		w.Write(mustRead(t, files[min(i, len(files)-1)]))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

var january = ponpare.OrderSearchCond{From: jst.Date(2026, 1, 1), To: jst.Date(2026, 1, 31)}

func TestNilOrderNoListIsAnEmptySearch(t *testing.T) {
	t.Parallel()
	srv, n := answering(t, "testdata/getOrderNo.empty.response.xml")
	c := newClient(t, srv.URL, orderCreds)
	numbers, err := c.GetOrderNumbers(context.Background(), january)
	require.NoError(t, err)
	assert.Empty(t, numbers, "<orderNoList xsi:nil=\"true\"/> is no order, not one with an empty number")

	var got int
	for _, err := range c.Orders(context.Background(), january) {
		require.NoError(t, err)
		got++
	}
	assert.Zero(t, got)
	assert.Equal(t, int32(2), n.Load(), "two getOrderNo calls and no getOrderInfo for a phantom order")
}

func TestAnErrCodeAnswerIsAnErrorNotNoOrders(t *testing.T) {
	t.Parallel()
	srv, _ := answering(t, "testdata/getOrderNo.errcode.response.xml")
	c := newClient(t, srv.URL, orderCreds)
	numbers, err := c.GetOrderNumbers(context.Background(), january)
	var apiErr *ponpare.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "E9001", apiErr.Code)
	assert.Equal(t, "検索条件が不正です", apiErr.Message)
	assert.Equal(t, "getOrderNo", apiErr.Operation)
	assert.Nil(t, numbers)
	for _, err := range c.Orders(context.Background(), january) {
		require.ErrorAs(t, err, &apiErr, "the iterator reports it too")
	}
}

func TestAnErrCodeFromTheFakeIsAnError(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.AddOrder(seedOrder("pm-1", "2026/01/02 09:00:00", ponpare.StatusNew))
	srv.FailNext("getOrderInfo", "E5000", "システムエラー", 1)
	c := newClient(t, srv.URL, orderCreds)
	var errs []error
	for _, err := range c.Orders(context.Background(), january) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	var apiErr *ponpare.APIError
	require.ErrorAs(t, errs[0], &apiErr)
	assert.Equal(t, "E5000", apiErr.Code)
}

func TestNilBeansAndArraysDecodeAsAbsent(t *testing.T) {
	t.Parallel()
	srv, _ := answering(t, "testdata/getOrderInfo.response.xml")
	c := newClient(t, srv.URL, orderCreds)
	orders, err := c.GetOrders(context.Background(), january, []string{"pm-0001", "pm-0002", "pm-0009"})
	require.Len(t, orders, 1)
	o := orders[0]
	assert.Equal(t, "pm-0001", o.Number)
	assert.Nil(t, o.Wrapping1, "nil wrapping1")
	assert.Nil(t, o.Payment.CreditCard, "nil creditCard")
	assert.Nil(t, o.EncloseChildren, "nil encloseChildOrderList")
	assert.Nil(t, o.Coupons, "nil useCouponList")
	require.NotNil(t, o.Wrapping2)
	assert.Equal(t, ponpare.Wrapping{Name: "和紙", Price: 330}, *o.Wrapping2)
	require.Len(t, o.Items, 1)
	assert.Equal(t, ponpare.Item{SubNumber: "1", Name: "珈琲豆 ①", ManageID: "coffee-01", HSKUItemID: "200g", SalePrice: 1200, Count: 2}, o.Items[0])
	assert.Equal(t, "4", o.Payment.MethodID)
	assert.Equal(t, int64(3300), o.TotalAmount)

	// pm-0002 cannot be read (itemAmount "12,00") and pm-0009 is in
	// orderErrBeanList: both are named, neither hides pm-0001.
	var be *ponpare.BatchError
	require.ErrorAs(t, err, &be)
	assert.True(t, be.Failed("pm-0002"))
	assert.True(t, be.Failed("pm-0009"))
	assert.False(t, be.Failed("pm-0001"))
	var de *ponpare.DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "pm-0002", de.Key)
	assert.Equal(t, "getOrderInfo", de.Operation)
	assert.Equal(t, "return/orderList[1]", de.Path)
	for _, f := range be.Failures {
		if f.Key == "pm-0009" {
			assert.Equal(t, "E2001", f.Code)
			assert.Equal(t, "対象の注文が存在しません", f.Message)
		}
	}
}

func TestAnOrderLeftOutOfTheAnswerIsMissing(t *testing.T) {
	t.Parallel()
	srv, _ := answering(t, "testdata/getOrderInfo.response.xml")
	c := newClient(t, srv.URL, orderCreds)
	_, err := c.GetOrders(context.Background(), january, []string{"pm-0001", "pm-0404"})
	var missing *ponpare.MissingOrdersError
	require.ErrorAs(t, err, &missing)
	assert.Equal(t, []string{"pm-0404"}, missing.Numbers)
	assert.ErrorIs(t, err, ponpare.ErrNotFound)
}

func TestTheFakeWritesNilsAsAxis2Does(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.AddOrder(seedOrder("pm-1", "2026/01/02 09:00:00", ponpare.StatusNew))
	c := newClient(t, srv.URL, orderCreds)
	orders, err := c.GetOrders(context.Background(), january, []string{"pm-1"})
	require.NoError(t, err)
	require.Len(t, orders, 1)
	assert.Nil(t, orders[0].Wrapping1)
	assert.Nil(t, orders[0].Payment.CreditCard)
	assert.Nil(t, orders[0].Items)
	numbers, err := c.GetOrderNumbers(context.Background(), ponpare.OrderSearchCond{From: jst.Date(2025, 1, 1), To: jst.Date(2025, 1, 1)})
	require.NoError(t, err)
	assert.Empty(t, numbers)
	empty := newFake(t)
	resp, err := http.Post(empty.URL, `application/soap+xml; charset=UTF-8; action="urn:getOrderNo"`,
		strings.NewReader(string(mustRead(t, "testdata/getOrderNo.request.xml"))))
	require.NoError(t, err)
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	assert.Contains(t, b.String(), `<ax23:orderNoList xsi:nil="true"/>`, "an empty search is one nil element")
	assert.Contains(t, b.String(), `xsi:type="ax23:GetOrderNoWsvcRspBean"`)
}

func TestTheFakeRefusesBeansInTheWrongNamespace(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	c := newClient(t, srv.URL, orderCreds, ponpare.WithBeanNamespaces("urn:wrong", ponpare.DefaultCommonBeanNamespace))
	_, err := c.GetOrderNumbers(context.Background(), january)
	var fault *ponpare.FaultError
	require.ErrorAs(t, err, &fault)
	assert.Contains(t, fault.Reason, "expected namespace")
}

func TestCallTimeoutBoundsACallToASilentMall(t *testing.T) {
	t.Parallel()
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}))
	defer func() { close(done); srv.Close() }()
	c := newClient(t, srv.URL, orderCreds, ponpare.WithCallTimeout(100*time.Millisecond),
		ponpare.WithHTTPClient(&http.Client{Timeout: time.Hour}))
	start := time.Now()
	_, err := c.GetOrderNumbers(context.Background(), january)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 30*time.Second)
}

func TestAnOversizedAnswerIsResponseTooLarge(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/soap+xml")
		chunk := bytes.Repeat([]byte(" "), 1<<20)
		for range ponpare.MaxResponseBytes>>20 + 1 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	_, err := newClient(t, srv.URL, orderCreds).GetOrderNumbers(context.Background(), january)
	var tooLarge *ponpare.ResponseTooLargeError
	require.ErrorAs(t, err, &tooLarge)
	assert.Equal(t, int64(ponpare.MaxResponseBytes), tooLarge.Limit)
	assert.ErrorIs(t, err, ponpare.ErrResponseTooLarge)
}

func TestAGarbledAnswerIsADecodeError(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/soap+xml")
		fmt.Fprint(w, `<soapenv:Envelope xmlns:soapenv="http://www.w3.org/2003/05/soap-envelope"><soapenv:Body><ns:getOrderNoResponse`)
	}))
	defer srv.Close()
	_, err := newClient(t, srv.URL, orderCreds).GetOrderNumbers(context.Background(), january)
	var de *ponpare.DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "getOrderNo", de.Operation)
}

func TestSecretsNeverPrintThroughAnyVerbOrJSON(t *testing.T) {
	t.Parallel()
	c := newClient(t, "http://127.0.0.1:1/orderWsvc", orderCreds)
	u, err := ponpare.NewStockUploader(ponpare.Credentials{UserID: "stock-user", Password: "stock-pass"}, ponpare.StockFTPConfig{})
	require.NoError(t, err)
	for _, v := range []any{orderCreds, &orderCreds, c, *c, u, *u} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%t", "%e", "%x"} {
			s := fmt.Sprintf(verb, v)
			assert.NotContains(t, s, "order-pass", verb)
			assert.NotContains(t, s, "stock-pass", verb)
		}
		j, err := json.Marshal(v)
		require.NoError(t, err)
		assert.NotContains(t, string(j), "order-pass")
		assert.NotContains(t, string(j), "stock-pass")
	}
	j, _ := json.Marshal(orderCreds)
	assert.Contains(t, string(j), "api-order-user")
}

func TestStockCSVHeaderIsACopy(t *testing.T) {
	t.Parallel()
	h := ponpare.StockCSVHeader()
	h[0] = "changed"
	assert.Equal(t, "code", ponpare.StockCSVHeader()[0])
	b, err := ponpare.MarshalStockCSV([]ponpare.StockRow{{Code: "a", Quantity: 1}})
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(b, []byte("code,")), "%q", b)
}

func TestStockFTPUnavailableMatchesTheSharedSentinel(t *testing.T) {
	t.Parallel()
	err := error(&ponpare.StockFTPError{Op: "upload", Err: &ponpare.FTPError{Op: "STOR", Code: 421, Message: "Service not available"}})
	assert.ErrorIs(t, err, ponpare.ErrUnavailable)
	err = &ponpare.StockFTPError{Op: "upload", Err: &ponpare.FTPError{Op: "STOR", Code: 553}}
	assert.NotErrorIs(t, err, ponpare.ErrUnavailable)
}
