package rakuten_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten"
	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

// TestConfirmingWhileIteratingSkipsNoOrder runs the documented loop: search
// the orders awaiting confirmation and confirm them every 100. Confirming
// shrinks the live result set under the iterator; every order must still
// come back.
func TestConfirmingWhileIteratingSkipsNoOrder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := againstFake(t, rakutentest.License{})
	start := simNow.Add(-24 * time.Hour)
	var times []time.Time
	for i := range 2500 {
		times = append(times, start.Add(time.Duration(i)*20*time.Second))
	}
	seedSearch(srv, times)

	q := rakuten.OrderQuery{DateType: rakuten.DateOrdered, Start: start, End: simNow,
		Progress: []rakuten.Progress{rakuten.ProgressAwaitingConfirmation}}
	var batch []string
	seen := 0
	for n, err := range c.SearchOrders(ctx, q) {
		require.NoError(t, err)
		seen++
		if batch = append(batch, n); len(batch) == 100 {
			require.NoError(t, c.ConfirmOrders(ctx, batch))
			batch = nil
		}
	}
	require.NoError(t, c.ConfirmOrders(ctx, batch))
	assert.Equal(t, 2500, seen)
	left, err := collect(t, c.SearchOrders(ctx, q))
	require.NoError(t, err)
	assert.Empty(t, left, "every order was confirmed")
}

// TestSearchOrdersNeverTrustsTotalPages answers with a server that claims
// two billion pages: paging stops at the first empty or short page and
// never goes past the 15 pages that reach the 15,000-hit cap.
func TestSearchOrdersNeverTrustsTotalPages(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		perPage   func(page int) int
		wantCalls int
		wantCount int
	}{
		{"empty pages", func(int) int { return 0 }, 1, 0},
		{"full pages forever", func(int) int { return 1000 }, 15, 15000},
		{"a short page ends the window", func(p int) int { return map[bool]int{true: 1000, false: 10}[p < 3] }, 3, 2010},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
				page := int(calls.Add(1))
				n := tc.perPage(page)
				numbers := make([]string, n)
				for i := range numbers {
					numbers[i] = fmt.Sprintf(`"123456-20260105-%04d%06d"`, page, i)
				}
				jsonReply(w, 200, `{"orderNumberList":[`+join(numbers)+`],"MessageModelList":[{"messageType":"INFO","messageCode":"ORDER_EXT_API_SEARCH_ORDER_INFO_101","message":"注文検索に成功しました。"}],`+
					`"PaginationResponseModel":{"totalRecordsAmount":14999,"totalPages":2000000000,"requestPage":1}}`)
			}, rakuten.WithClock(func() time.Time { return simNow }))
			got, err := collect(t, c.SearchOrders(context.Background(), rakuten.OrderQuery{DateType: 1, Start: simNow.Add(-time.Hour), End: simNow}))
			require.NoError(t, err)
			assert.Len(t, got, tc.wantCount)
			assert.Equal(t, tc.wantCalls, int(calls.Load()))
		})
	}
}

func join(parts []string) string { return strings.Join(parts, ",") }

func TestA2xxWithoutTheFieldsOfASuccessIsAnError(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, body string
		apiError   bool
	}{
		{"empty body", "", false},
		{"empty object", "{}", false},
		{"gateway envelope", `{"Results":{"errorCode":"ES04-01","message":"Bad Request"}}`, true},
		{"inventory envelope", `{"errors":[{"code":"IE0001","message":"x"}]}`, true},
		{"messages only", `{"MessageModelList":[{"messageType":"INFO","messageCode":"X","message":"y"}]}`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) { jsonReply(w, 200, tc.body) },
				rakuten.WithClock(func() time.Time { return simNow }))
			checkErr := func(err error) {
				t.Helper()
				require.Error(t, err)
				var ae *rakuten.APIError
				var de *rakuten.DecodeError
				if tc.apiError {
					assert.ErrorAs(t, err, &ae)
				} else {
					assert.ErrorAs(t, err, &de)
				}
			}
			got, err := collect(t, c.SearchOrders(context.Background(), rakuten.OrderQuery{DateType: 1, Start: simNow.Add(-time.Hour), End: simNow}))
			assert.Empty(t, got)
			checkErr(err)
			_, err = c.GetInventories(context.Background(), []rakuten.VariantKey{{ManageNumber: "a", VariantID: "b"}})
			checkErr(err)
			_, err = c.InventoriesInRange(context.Background(), rakuten.QuantityRange{Min: new(int)})
			checkErr(err)
			_, err = c.GetInventory(context.Background(), rakuten.VariantKey{ManageNumber: "a", VariantID: "b"})
			checkErr(err)
			if tc.apiError {
				require.Error(t, c.SetInventories(context.Background(), []rakuten.InventoryUpdate{{ManageNumber: "a", VariantID: "b", Quantity: 1}}),
					"a write answered 2xx with an error envelope did not happen")
			}
		})
	}
}

// TestSearchFromTheHorizonAgainstAWallClockServer asks for everything
// reachable the obvious way while the fake judges the 730 days on its own
// wall clock, to the nanosecond.
func TestSearchFromTheHorizonAgainstAWallClockServer(t *testing.T) {
	t.Parallel()
	srv := rakutentest.NewServer(rakutentest.WithWallClock())
	t.Cleanup(srv.Close)
	srv.AddLicense(rakutentest.License{ServiceSecret: fakeCreds.ServiceSecret, LicenseKey: fakeCreds.LicenseKey})
	old := srv.Now().Add(-729 * 24 * time.Hour)
	srv.AddOrder(rakutentest.NewOrder("123456-"+old.Format("20060102")+"-0000000001", old))
	c, err := rakuten.NewClient(fakeCreds, rakuten.WithBaseURL(srv.URL), rakuten.WithRateLimit(0, 0))
	require.NoError(t, err)
	for range 3 {
		got, err := collect(t, c.SearchOrders(context.Background(), rakuten.OrderQuery{DateType: 1,
			Start: time.Now().Add(-rakuten.SearchHorizon), End: time.Now()}))
		require.NoError(t, err)
		assert.Len(t, got, 1)
	}
	starts := searchRequests(t, srv)
	require.NotEmpty(t, starts)
	assert.True(t, starts[0].start.After(srv.Now().Add(-rakuten.SearchHorizon)), "the start was moved inside the horizon")
}
