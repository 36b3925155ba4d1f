package yahoo_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/mallkit/mallkit/yahoo"
)

// hostileClient is a client with a valid stored token pointed at a
// hand-written server, for answers no faithful fake would give.
func hostileClient(t *testing.T, h http.HandlerFunc, opts ...yahoo.Option) *yahoo.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	store := yahoo.NewMemoryTokenStore()
	require.NoError(t, store.Save(context.Background(), &oauth2.Token{AccessToken: "at", RefreshToken: "rt", Expiry: time.Now().Add(time.Hour)}))
	cli, err := yahoo.NewClient(yahoo.Config{SellerID: "store", ClientID: "c", ClientSecret: "s", RedirectURL: "https://app.example/cb"},
		append([]yahoo.Option{yahoo.WithBaseURL(srv.URL + "/ShoppingWebService/V1/"), yahoo.WithAuthURL(srv.URL + "/yconnect/v2/"),
			yahoo.WithTokenStore(store), yahoo.WithRateLimit(0, 1), yahoo.WithRetry(-1, time.Millisecond, time.Millisecond)}, opts...)...)
	require.NoError(t, err)
	return cli
}

// endless is a body that never ends.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

func TestResponsesAreCappedAtTheConfiguredSize(t *testing.T) {
	t.Parallel()
	cli := hostileClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		_, _ = io.Copy(w, io.LimitReader(endless{}, 3<<20))
	}, yahoo.WithMaxResponseSize(1<<20))
	_, err := cli.OrderCount(context.Background())
	var tl *yahoo.ResponseTooLargeError
	require.ErrorAs(t, err, &tl)
	assert.Equal(t, "orderCount", tl.Operation)
	assert.Equal(t, int64(1<<20), tl.Limit)
	assert.ErrorIs(t, err, yahoo.ErrResponseTooLarge)

	_, err = yahoo.NewClient(yahoo.Config{SellerID: "store", ClientID: "c", ClientSecret: "s", RedirectURL: "https://app.example/cb"}, yahoo.WithMaxResponseSize(0))
	assert.Error(t, err)
	assert.Equal(t, int64(64<<20), int64(yahoo.DefaultMaxResponseSize))
}

func TestAPIErrorCarriesTheRequestID(t *testing.T) {
	t.Parallel()
	cli := hostileClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req-42")
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `<Error><Message>nope</Message><Code>od91801</Code></Error>`)
	})
	_, err := cli.OrderCount(context.Background())
	var ae *yahoo.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "req-42", ae.RequestID)
	assert.Contains(t, ae.Error(), "req-42")
}

func TestUndecodableAnswersAreDecodeErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, body string
		call       func(*yahoo.Client) error
	}{
		{"orderCount", `<Result><Status>OK`, func(c *yahoo.Client) error { _, err := c.OrderCount(context.Background()); return err }},
		{"orderList", `<html>`, func(c *yahoo.Client) error {
			_, err := c.SearchOrdersPage(context.Background(), yahoo.OrderQuery{OrderID: "store-1"}, 1)
			return err
		}},
		{"orderInfo", `not xml at all <`, func(c *yahoo.Client) error { _, err := c.GetOrder(context.Background(), "store-1"); return err }},
		{"getStock", `<Other/>`, func(c *yahoo.Client) error { _, err := c.GetStock(context.Background(), []string{"a"}); return err }},
		{"orderChange", `<ResultSet><Result>`, func(c *yahoo.Client) error { _, err := c.MarkSeen(context.Background(), "store-1"); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cli := hostileClient(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, tc.body) })
			err := tc.call(cli)
			var de *yahoo.DecodeError
			require.ErrorAs(t, err, &de, "%v", err)
			assert.Equal(t, tc.name, de.Operation)
		})
	}
}

func TestStockAnswersAreMatchedToTheRequest(t *testing.T) {
	t.Parallel()
	answer := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/xml")
			_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+body)
		}
	}
	t.Run("a requested code without a line is not returned", func(t *testing.T) {
		t.Parallel()
		cli := hostileClient(t, answer(`<ResultSet ok="1" ng="0"><Result><ItemCode>a</ItemCode><SubCode></SubCode><Quantity>4</Quantity></Result></ResultSet>`))
		res, err := cli.SetStockResults(context.Background(), []yahoo.StockUpdate{{ItemCode: "a", Quantity: 4}, {ItemCode: "b", SubCode: "s", Quantity: 1}})
		var be *yahoo.BatchError
		require.ErrorAs(t, err, &be)
		assert.True(t, be.Failed("b:s"))
		assert.False(t, be.Failed("a"))
		require.Len(t, be.Failures, 1)
		assert.Equal(t, 1, be.Failures[0].Index)
		assert.Contains(t, be.Failures[0].Message, "not returned")
		assert.Equal(t, []yahoo.StockResult{{ItemCode: "a", Quantity: 4}}, res)
	})
	t.Run("failures counted but not listed are an error", func(t *testing.T) {
		t.Parallel()
		cli := hostileClient(t, answer(`<ResultSet ok="2" ng="1"><Result><ItemCode>a</ItemCode><Quantity>4</Quantity></Result><Result><ItemCode>b</ItemCode><Quantity>1</Quantity></Result></ResultSet>`))
		err := cli.SetStock(context.Background(), []yahoo.StockUpdate{{ItemCode: "a", Quantity: 4}, {ItemCode: "b", Quantity: 1}})
		require.Error(t, err)
		assert.ErrorContains(t, err, "counts 1 failed items (ng) but lists 0")
	})
	t.Run("getStock: an empty answer fails every code", func(t *testing.T) {
		t.Parallel()
		cli := hostileClient(t, answer(`<ResultSet ok="0" ng="0"></ResultSet>`))
		_, err := cli.GetStock(context.Background(), []string{"a", "b:s"})
		var be *yahoo.BatchError
		require.ErrorAs(t, err, &be)
		assert.True(t, be.Failed("a"))
		assert.True(t, be.Failed("b:s"))
		assert.ErrorIs(t, err, yahoo.ErrPartialFailure)
	})
	t.Run("getStock: a bare code is answered by its SKUs", func(t *testing.T) {
		t.Parallel()
		cli := hostileClient(t, answer(`<ResultSet ok="2" ng="0"><Result><ItemCode>a</ItemCode><SubCode>x</SubCode><Status>1</Status><Quantity>1</Quantity></Result><Result><ItemCode>a</ItemCode><SubCode>y</SubCode><Status>1</Status><Quantity>2</Quantity></Result></ResultSet>`))
		got, err := cli.GetStock(context.Background(), []string{"a"})
		require.NoError(t, err)
		assert.Len(t, got, 2)
	})
	t.Run("a line nobody asked for is an error", func(t *testing.T) {
		t.Parallel()
		cli := hostileClient(t, answer(`<ResultSet ok="2" ng="0"><Result><ItemCode>a</ItemCode><Quantity>1</Quantity></Result><Result><ItemCode>zzz</ItemCode><Quantity>9</Quantity></Result></ResultSet>`))
		err := cli.SetStock(context.Background(), []yahoo.StockUpdate{{ItemCode: "a", Quantity: 1}})
		var de *yahoo.DecodeError
		require.ErrorAs(t, err, &de)
		assert.Equal(t, "zzz", de.ItemCode)
	})
}

func TestCallsAreCountedPerJSTDay(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 5, 23, 59, 0, 0, time.FixedZone("JST", 9*3600))
	clock := func() time.Time { return now }
	shared := yahoo.NewCallCounter()
	h := func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `<ResultSet><Result><Status>OK</Status><Count><NewOrder>1</NewOrder></Count></Result></ResultSet>`)
	}
	a := hostileClient(t, h, yahoo.WithClock(clock), yahoo.WithCallCounter(shared))
	b := hostileClient(t, h, yahoo.WithClock(clock), yahoo.WithCallCounter(shared))
	for range 2 {
		_, err := a.OrderCount(context.Background())
		require.NoError(t, err)
	}
	_, err := b.OrderCount(context.Background())
	require.NoError(t, err)
	day, n := a.CallCount()
	assert.Equal(t, 3, n, "both clients of the application count")
	assert.Equal(t, time.Date(2026, 1, 5, 0, 0, 0, 0, time.FixedZone("JST", 9*3600)).Unix(), day.Unix())

	now = now.Add(2 * time.Minute) // 00:01 JST the next day
	_, n = b.CallCount()
	assert.Zero(t, n, "a new JST day starts at zero")
	assert.True(t, errors.Is(yahoo.ErrInvalidRequest, yahoo.ErrInvalidInput))
	assert.True(t, strings.HasPrefix(yahoo.ErrInvalidInput.Error(), "yahoo: "))
}

func TestSignedAnswerWithoutAuthorizeStatusIsUnknownNotAFailure(t *testing.T) {
	t.Parallel()
	der, err := x509.MarshalPKIXPublicKey(&sharedKey().PublicKey)
	require.NoError(t, err)
	var logged bytes.Buffer
	var signed []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		signed = append(signed, r.Header.Get("X-sws-signature"))
		_, _ = io.WriteString(w, `<Result><Status>OK</Status><Search><TotalCount>1</TotalCount><OrderInfo><Index>1</Index><OrderId>store-1</OrderId></OrderInfo></Search></Result>`)
	}))
	t.Cleanup(srv.Close)
	store := yahoo.NewMemoryTokenStore()
	require.NoError(t, store.Save(context.Background(), &oauth2.Token{AccessToken: "at", RefreshToken: "rt", Expiry: time.Now().Add(time.Hour)}))
	cli, err := yahoo.NewClient(yahoo.Config{SellerID: "store", ClientID: "c", ClientSecret: "s", RedirectURL: "https://app.example/cb",
		PublicKeyPEM: pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), KeyVersion: 1},
		yahoo.WithBaseURL(srv.URL), yahoo.WithTokenStore(store), yahoo.WithRateLimit(0, 1),
		yahoo.WithLogger(slog.New(slog.NewTextHandler(&logged, nil))))
	require.NoError(t, err)
	for range 3 {
		page, err := cli.SearchOrdersPage(context.Background(), yahoo.OrderQuery{OrderID: "store-1"}, 1)
		require.NoError(t, err, "an absent X-SWS-Authorize-Status is unknown, not a failure")
		require.Len(t, page.Orders, 1)
	}
	assert.Len(t, signed, 3)
	assert.NotEmpty(t, signed[0])
	assert.Equal(t, 1, strings.Count(logged.String(), "X-SWS-Authorize-Status"), "logged once: %s", logged.String())
	tok, _ := store.Load(context.Background())
	assert.False(t, yahoo.ShortSession(tok), "unknown is not recorded as a shortened session")
}

func TestCallTimeoutBoundsACallToASilentMall(t *testing.T) {
	t.Parallel()
	done := make(chan struct{})
	cli := hostileClient(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}, yahoo.WithCallTimeout(100*time.Millisecond), yahoo.WithHTTPClient(&http.Client{Timeout: time.Hour}))
	defer close(done)
	start := time.Now()
	_, err := cli.OrderCount(context.Background())
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 30*time.Second)
	assert.Equal(t, 90*time.Second, yahoo.DefaultCallTimeout)
}
