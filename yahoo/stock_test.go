package yahoo_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/yahoo"
)

func count(ops []string, op string) int {
	n := 0
	for _, o := range ops {
		if o == op {
			n++
		}
	}
	return n
}

func TestGetStockSplitsBatchesAndReportsUnknownCodes(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true, clientOpts: []yahoo.Option{yahoo.WithStockBatchSize(2)}})
	f.srv.SetStock(testSeller, "shirt", "red-m", 4, false)
	f.srv.SetStock(testSeller, "mug", "", 7, true)
	f.srv.SetStock(testSeller, "cap", "", 0, false)
	got, err := f.cli.GetStock(context.Background(), []string{"shirt:red-m", "mug", "ghost", "cap"})
	require.NoError(t, err)
	require.Len(t, got, 4)
	assert.Equal(t, yahoo.Stock{ItemCode: "shirt", SubCode: "red-m", Found: true, Quantity: 4, IsPublished: true, UpdatedAt: got[0].UpdatedAt}, got[0])
	assert.True(t, got[1].AllowOverdraft)
	assert.Equal(t, 7, got[1].Quantity)
	assert.False(t, got[2].Found, "unknown code")
	assert.Equal(t, "ghost", got[2].ItemCode)
	assert.True(t, got[3].Found)
	assert.Equal(t, 2, count(f.ops(), "getStock"))
	form, err := url.ParseQuery(string(f.lastRequest(t, "getStock").Body))
	require.NoError(t, err)
	assert.Equal(t, url.Values{"seller_id": {testSeller}, "item_code": {"ghost,cap"}}, form)
	assert.Equal(t, "application/x-www-form-urlencoded", f.lastRequest(t, "getStock").Header.Get("Content-Type"))
}

func TestStockCodesAreCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	cases := map[string][]string{
		"empty":     {"a", ""},
		"comma":     {"a,b"},
		"duplicate": {"a", "b", "a"},
		"too long":  {strings.Repeat("x", 100)},
	}
	for name, codes := range cases {
		_, err := f.cli.GetStock(context.Background(), codes)
		var ve *yahoo.ValidationError
		require.ErrorAs(t, err, &ve, name)
	}
	_, err := f.cli.GetStock(context.Background(), []string{"a", "b", "a"})
	assert.ErrorContains(t, err, "item 3")
	assert.ErrorContains(t, err, "duplicate of item 1")
	assert.Zero(t, count(f.ops(), "getStock"))
}

func TestSetStockPushesAbsoluteQuantitiesAndNamesFailedItems(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	for _, code := range []string{"a", "c"} {
		f.srv.SetStock(testSeller, code, "", 1, false)
	}
	f.srv.SetStock(testSeller, "shirt", "red-m", 1, false)
	err := f.cli.SetStock(context.Background(), []yahoo.StockUpdate{
		{ItemCode: "a", Quantity: 10},
		{ItemCode: "missing", Quantity: 3},
		{ItemCode: "shirt", SubCode: "red-m", Quantity: 0},
		{ItemCode: "c", Quantity: 5},
	})
	var be *yahoo.BatchError
	require.ErrorAs(t, err, &be)
	assert.ErrorIs(t, err, yahoo.ErrPartialFailure)
	require.Len(t, be.Failures, 1)
	assert.Equal(t, 1, be.Failures[0].Index)
	assert.Equal(t, "missing", be.Failures[0].ItemCode)
	assert.NotEmpty(t, be.Failures[0].Code)
	assert.Contains(t, err.Error(), "1 of 4 items failed: item 2 (missing)")
	for code, want := range map[string]int{"a": 10, "c": 5} {
		q, _ := f.srv.Stock(testSeller, code, "")
		assert.Equal(t, want, q, "%s applied despite the failure", code)
	}
	q, _ := f.srv.Stock(testSeller, "shirt", "red-m")
	assert.Zero(t, q)
	golden(t, "setStock.request.txt", f.lastRequest(t, "setStock").Body)
}

// TestStockCallsOverAThousandCodesAreChunked runs 2001 items against the
// fake's own limit of 1000 codes per call: three calls each way, and the
// failed items of every chunk (the last one a one-item call the fake refuses
// with a 400) named by their position in the caller's slice.
func TestStockCallsOverAThousandCodesAreChunked(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, fakeOptions{authorize: true})
	const n = 2001
	missing := map[int]bool{5: true, 1500: true, 2000: true}
	updates := make([]yahoo.StockUpdate, n)
	codes := make([]string, n)
	for i := range n {
		codes[i] = fmt.Sprintf("item-%04d", i)
		updates[i] = yahoo.StockUpdate{ItemCode: codes[i], Quantity: i % 7}
		if !missing[i] {
			f.srv.SetStock(testSeller, codes[i], "", 100, false)
		}
	}
	err := f.cli.SetStock(ctx, updates)
	var be *yahoo.BatchError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, n, be.Total)
	var failed []int
	for _, fl := range be.Failures {
		failed = append(failed, fl.Index)
		assert.Equal(t, codes[fl.Index], fl.ItemCode)
		assert.NotEmpty(t, fl.Code)
	}
	assert.Equal(t, []int{5, 1500, 2000}, failed)
	assert.ErrorContains(t, err, "item 1501 (item-1500)")
	assert.Equal(t, 3, count(f.ops(), "setStock"))
	for _, r := range f.srv.Requests() {
		if r.Operation == "setStock" {
			form, _ := url.ParseQuery(string(r.Body))
			assert.LessOrEqual(t, len(strings.Split(form.Get("item_code"), ",")), 1000)
		}
	}
	for _, i := range []int{0, 999, 1000, 1999} {
		q, _ := f.srv.Stock(testSeller, codes[i], "")
		assert.Equal(t, i%7, q, "item %d applied", i)
	}

	got, err := f.cli.GetStock(ctx, codes)
	require.NoError(t, err)
	require.Len(t, got, n)
	assert.Equal(t, 3, count(f.ops(), "getStock"))
	assert.False(t, got[2000].Found)
	assert.Equal(t, 1999%7, got[1999].Quantity)
}

func TestSetStockSingleItemRefusalIsABatchFailureWithTheAPIError(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	err := f.cli.SetStock(context.Background(), []yahoo.StockUpdate{{ItemCode: "missing", Quantity: 3}})
	var be *yahoo.BatchError
	require.ErrorAs(t, err, &be)
	require.Len(t, be.Failures, 1)
	assert.Equal(t, "missing", be.Failures[0].ItemCode)
	var ae *yahoo.APIError
	require.ErrorAs(t, err, &ae, "the 400 behind the one-item failure")
	assert.Equal(t, http.StatusBadRequest, ae.StatusCode)
	assert.Equal(t, be.Failures[0].Code, ae.Code)
}

func TestSetStockSendsAllowOverdraftInItsOwnBatches(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	for _, code := range []string{"a", "b", "c"} {
		f.srv.SetStock(testSeller, code, "", 1, code == "c")
	}
	yes, no := true, false
	res, err := f.cli.SetStockResults(context.Background(), []yahoo.StockUpdate{
		{ItemCode: "a", Quantity: 2, AllowOverdraft: &yes},
		{ItemCode: "b", Quantity: 3},
		{ItemCode: "c", Quantity: 4, AllowOverdraft: &no},
	})
	require.NoError(t, err)
	assert.ElementsMatch(t, []yahoo.StockResult{{ItemCode: "a", Quantity: 2}, {ItemCode: "b", Quantity: 3}, {ItemCode: "c", Quantity: 4}}, res)
	var bodies []url.Values
	for _, r := range f.srv.Requests() {
		if r.Operation == "setStock" {
			v, _ := url.ParseQuery(string(r.Body))
			bodies = append(bodies, v)
		}
	}
	require.Len(t, bodies, 3, "one call per AllowOverdraft value")
	assert.Equal(t, "b", bodies[0].Get("item_code"))
	assert.Empty(t, bodies[0].Get("allow_overdraft"))
	assert.Equal(t, "a", bodies[1].Get("item_code"))
	assert.Equal(t, "2", bodies[1].Get("quantity"))
	assert.Equal(t, "1", bodies[1].Get("allow_overdraft"), "one scalar per call")
	assert.Equal(t, "c", bodies[2].Get("item_code"))
	assert.Equal(t, "0", bodies[2].Get("allow_overdraft"))
	got, err := f.cli.GetStock(context.Background(), []string{"a", "c"})
	require.NoError(t, err)
	assert.True(t, got[0].AllowOverdraft)
	assert.False(t, got[1].AllowOverdraft)
}

func TestSetStockIsRetriedAdjustStockIsNot(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, fakeOptions{authorize: true})
	f.srv.SetStock(testSeller, "a", "", 10, false)
	f.srv.SetStock(testSeller, "b", "", 10, false)

	f.srv.FailNext("setStock", http.StatusServiceUnavailable, 1, 0)
	require.NoError(t, f.cli.SetStock(ctx, []yahoo.StockUpdate{{ItemCode: "a", Quantity: 4}}))
	assert.Equal(t, 2, count(f.ops(), "setStock"), "an absolute push is safe to repeat")

	f.srv.FailNext("setStock", http.StatusServiceUnavailable, 1, 0)
	_, err := f.cli.AdjustStock(ctx, []yahoo.StockAdjustment{{ItemCode: "a", Delta: -1}})
	assert.ErrorIs(t, err, yahoo.ErrServer)
	assert.Equal(t, 3, count(f.ops(), "setStock"), "a relative change is not resent after a 503")
	q, _ := f.srv.Stock(testSeller, "a", "")
	assert.Equal(t, 4, q)

	f.srv.FailNext("setStock", http.StatusTooManyRequests, 1, 0)
	res, err := f.cli.AdjustStock(ctx, []yahoo.StockAdjustment{{ItemCode: "a", Delta: -1}, {ItemCode: "b", Delta: 5}})
	require.NoError(t, err, "a 429 proves the change was refused, so it is resent")
	assert.Equal(t, []yahoo.StockResult{{ItemCode: "a", Quantity: 3}, {ItemCode: "b", Quantity: 15}}, res)
	form, _ := url.ParseQuery(string(f.lastRequest(t, "setStock").Body))
	assert.Equal(t, "-1,+5", form.Get("quantity"))

	_, err = f.cli.AdjustStock(ctx, []yahoo.StockAdjustment{{ItemCode: "a", Delta: 0}})
	assert.ErrorIs(t, err, yahoo.ErrInvalidRequest)
	err = f.cli.SetStock(ctx, []yahoo.StockUpdate{{ItemCode: "a", Quantity: -1}})
	assert.ErrorIs(t, err, yahoo.ErrInvalidRequest, "negative absolute quantities are refused")
}

func TestStockBatchFailingAsAWholeKeepsEarlierFailures(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	for _, code := range []string{"a", "c", "d"} {
		f.srv.SetStock(testSeller, code, "", 1, false)
	}
	// The second batch meets a 500 on every attempt: the first batch's
	// per-line failure is still reported, and the error says where
	// processing stopped.
	batches := 0
	hc := &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
		if strings.HasSuffix(r.URL.Path, "/setStock") {
			if batches++; batches == 2 {
				f.srv.FailNext("setStock", http.StatusInternalServerError, 10, 0)
			}
		}
		return http.DefaultTransport.RoundTrip(r)
	})}
	cli, err := yahoo.NewClient(f.cli.Config(), yahoo.WithBaseURL(f.srv.StoreURL()), yahoo.WithAuthURL(f.srv.AuthURL()),
		yahoo.WithTokenStore(f.store), yahoo.WithClock(f.srv.Now), yahoo.WithRateLimit(0, 1), yahoo.WithStockBatchSize(2), yahoo.WithHTTPClient(hc),
		yahoo.WithRetry(3, time.Millisecond, 10*time.Millisecond))
	require.NoError(t, err)
	err = cli.SetStock(context.Background(), []yahoo.StockUpdate{{ItemCode: "a", Quantity: 5}, {ItemCode: "x", Quantity: 1}, {ItemCode: "c", Quantity: 5}, {ItemCode: "d", Quantity: 5}})
	var be *yahoo.BatchError
	require.ErrorAs(t, err, &be)
	require.Len(t, be.Failures, 1)
	assert.Equal(t, "x", be.Failures[0].ItemCode)
	assert.ErrorIs(t, err, yahoo.ErrServer)
	assert.ErrorContains(t, err, "items from 3 on not processed")
	assert.Equal(t, 1+1+3, batches, "an absolute push meeting a 500 is resent up to the retries")
	q, _ := f.srv.Stock(testSeller, "a", "")
	assert.Equal(t, 5, q)
	q, _ = f.srv.Stock(testSeller, "c", "")
	assert.Equal(t, 1, q)
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func ExampleBatchError() {
	err := error(&yahoo.BatchError{Operation: "setStock", Total: 3, Failures: []yahoo.ItemFailure{{Index: 1, ItemCode: "shirt", SubCode: "red-m", Code: "st-02104", Message: "quantity is invalid"}}})
	var be *yahoo.BatchError
	if errors.As(err, &be) {
		for _, f := range be.Failures {
			fmt.Println(f.Index, f.ItemCode, f.SubCode, f.Code)
		}
	}
	fmt.Println(err)
	// Output:
	// 1 shirt red-m st-02104
	// yahoo: setStock: 1 of 3 items failed: item 2 (shirt:red-m): st-02104 quantity is invalid
}

func TestRateLimitIsPerEndpoint(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	f.srv.SetStock(testSeller, "a", "", 1, false)
	cli, err := yahoo.NewClient(f.cli.Config(), yahoo.WithBaseURL(f.srv.StoreURL()), yahoo.WithAuthURL(f.srv.AuthURL()),
		yahoo.WithTokenStore(f.store), yahoo.WithClock(f.srv.Now), yahoo.WithRateLimit(1.0/3600, 1))
	require.NoError(t, err)
	ctx := context.Background()
	_, err = cli.GetStock(ctx, []string{"a"})
	require.NoError(t, err)
	_, err = cli.OrderCount(ctx)
	require.NoError(t, err, "another endpoint has its own budget")

	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	_, err = cli.GetStock(short, []string{"a"})
	require.Error(t, err, "the second getStock within the hour waits for the limiter until the context ends")
	assert.Equal(t, 1, count(f.ops(), "getStock"))
}

func TestAdjustStockBelowZeroIsNamedWithTheMallCode(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	f.srv.SetStock(testSeller, "shirt", "red-m", 2, false)
	f.srv.SetStock(testSeller, "mug", "", 5, false)
	res, err := f.cli.AdjustStock(context.Background(), []yahoo.StockAdjustment{
		{ItemCode: "mug", Delta: 3},
		{ItemCode: "shirt", SubCode: "red-m", Delta: -3},
	})
	var be *yahoo.BatchError
	require.ErrorAs(t, err, &be)
	require.Len(t, be.Failures, 1)
	assert.Equal(t, yahoo.ItemFailure{Key: "shirt:red-m", Index: 1, ItemCode: "shirt", SubCode: "red-m", Code: "st-02104", Message: be.Failures[0].Message}, be.Failures[0])
	assert.ErrorContains(t, err, "item 2 (shirt:red-m): st-02104")
	assert.Equal(t, []yahoo.StockResult{{ItemCode: "mug", Quantity: 8}}, res, "the other line applied")
	q, _ := f.srv.Stock(testSeller, "shirt", "red-m")
	assert.Equal(t, 2, q)
}

func TestDefaultRateLimitIsOneRequestPerSecondPerEndpoint(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	f.srv.SetStock(testSeller, "a", "", 1, false)
	cli, err := yahoo.NewClient(f.cli.Config(), yahoo.WithBaseURL(f.srv.StoreURL()), yahoo.WithAuthURL(f.srv.AuthURL()),
		yahoo.WithTokenStore(f.store), yahoo.WithClock(f.srv.Now), yahoo.WithRetry(-1, 0, 0))
	require.NoError(t, err)
	ctx := context.Background()
	_, err = cli.GetStock(ctx, []string{"a"})
	require.NoError(t, err)
	_, err = cli.OrderCount(ctx)
	require.NoError(t, err, "another endpoint has its own budget")

	// The limiter refuses at once a wait longer than the deadline allows
	// (retries are off, so nothing waits after it), so this shows the next
	// getStock slot is more than 0.5 s away without waiting for it.
	short, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	began := time.Now()
	_, err = cli.GetStock(short, []string{"a"})
	require.Error(t, err)
	assert.Less(t, time.Since(began), 400*time.Millisecond, "refused without waiting out the deadline")
	assert.Equal(t, 1, count(f.ops(), "getStock"))
	assert.Equal(t, 1.0, yahoo.DefaultRatePerSecond)
}

func TestRetryAfterIsHonoured(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true, clientOpts: []yahoo.Option{yahoo.WithRetry(1, time.Millisecond, time.Hour)}})
	f.srv.SetStock(testSeller, "a", "", 1, false)
	ctx := context.Background()

	f.srv.FailNext("getStock", http.StatusServiceUnavailable, 1, 0)
	_, err := f.cli.GetStock(ctx, []string{"a"})
	require.NoError(t, err, "without Retry-After the 1 ms backoff retries at once")

	f.srv.FailNext("getStock", http.StatusServiceUnavailable, 1, time.Second)
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	_, err = f.cli.GetStock(short, []string{"a"})
	require.ErrorIs(t, err, context.DeadlineExceeded, "Retry-After: 1 outlasts the context, not the 1 ms backoff")
	assert.Equal(t, 3, count(f.ops(), "getStock"), "the second 503 was not resent within the deadline")
}

func TestWithHTTPClientCopiesTheClient(t *testing.T) {
	t.Parallel()
	f := newFixture(t, fakeOptions{authorize: true})
	f.srv.SetStock(testSeller, "a", "", 1, false)
	var used []string
	via := func(name string) http.RoundTripper {
		return roundTrip(func(r *http.Request) (*http.Response, error) {
			used = append(used, name)
			return http.DefaultTransport.RoundTrip(r)
		})
	}
	hc := &http.Client{Transport: via("given")}
	cli, err := yahoo.NewClient(f.cli.Config(), yahoo.WithBaseURL(f.srv.StoreURL()), yahoo.WithAuthURL(f.srv.AuthURL()),
		yahoo.WithTokenStore(f.store), yahoo.WithClock(f.srv.Now), yahoo.WithRateLimit(0, 1), yahoo.WithHTTPClient(hc))
	require.NoError(t, err)
	hc.Transport = via("changed later")
	_, err = cli.GetStock(context.Background(), []string{"a"})
	require.NoError(t, err)
	assert.Equal(t, []string{"given"}, used)
	assert.Zero(t, hc.Timeout, "the caller's client is not modified")
}
