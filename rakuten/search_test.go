package rakuten_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/jst"
	"github.com/mallkit/mallkit/rakuten"
	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

// simNow is the fake's default clock: 2026-01-05 10:00 JST.
var simNow = rakutentest.DefaultNow

const wireLayout = "2006-01-02T15:04:05-0700"

// saleScenario spreads base orders evenly over days days from start and puts
// a flash sale of sale orders into one afternoon; RMS times have whole
// seconds.
func saleScenario(start time.Time, days, base, sale int) []time.Time {
	var ts []time.Time
	span := time.Duration(days) * 24 * time.Hour
	for i := range base {
		ts = append(ts, start.Add(span/time.Duration(base)*time.Duration(i)).Truncate(time.Second))
	}
	saleAt := start.Add(100*24*time.Hour + 13*time.Hour)
	for i := range sale {
		ts = append(ts, saleAt.Add(3*time.Hour/time.Duration(sale)*time.Duration(i)).Truncate(time.Second))
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	return ts
}

// seedSearch adds one order per time to the fake and returns their numbers.
func seedSearch(srv *rakutentest.Server, times []time.Time) map[string]bool {
	numbers := make(map[string]bool, len(times))
	for i, at := range times {
		n := fmt.Sprintf("123456-%s-%010d", at.In(jst.Location).Format("20060102"), i+1)
		numbers[n] = true
		srv.AddOrder(rakutentest.NewOrder(n, at))
	}
	return numbers
}

// searchRequest is one searchOrder request the fake received.
type searchRequest struct {
	start, end time.Time
	page, size int
}

func searchRequests(t testing.TB, srv *rakutentest.Server) []searchRequest {
	t.Helper()
	var out []searchRequest
	for _, r := range srv.Requests() {
		if r.Operation != "searchOrder" {
			continue
		}
		var req struct {
			Start string `json:"startDatetime"`
			End   string `json:"endDatetime"`
			Page  struct {
				Size int `json:"requestRecordsAmount"`
				Page int `json:"requestPage"`
			} `json:"PaginationRequestModel"`
		}
		require.NoError(t, json.Unmarshal(r.Body, &req))
		s, err := time.Parse(wireLayout, req.Start)
		require.NoError(t, err)
		e, err := time.Parse(wireLayout, req.End)
		require.NoError(t, err)
		out = append(out, searchRequest{s, e, req.Page.Page, req.Page.Size})
	}
	return out
}

// hits counts the times within [start, end].
func hits(times []time.Time, start, end time.Time) int {
	lo := sort.Search(len(times), func(i int) bool { return !times[i].Before(start) })
	hi := sort.Search(len(times), func(i int) bool { return times[i].After(end) })
	return hi - lo
}

func collect(t testing.TB, seq func(func(string, error) bool)) ([]string, error) {
	var out []string
	for n, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, n)
	}
	return out, nil
}

// TestSearchOrdersSplitsWindowsAndBisectsTruncatedOnes runs SearchOrders
// over 200 days holding 29,000 orders, 20,000 of them in a three-hour sale,
// against the fake in both of its 15,000-hit modes: every order comes back
// once, no request spans more than 63 days or asks for more than 1000
// numbers, and no call is wasted beyond one per bisected window and one
// partly filled page per paged window.
func TestSearchOrdersSplitsWindowsAndBisectsTruncatedOnes(t *testing.T) {
	t.Parallel()
	for _, capped := range []bool{false, true} {
		t.Run(fmt.Sprintf("totalRecordsAmount capped=%v", capped), func(t *testing.T) {
			t.Parallel()
			var opts []rakutentest.Option
			if capped {
				opts = append(opts, rakutentest.WithSearchTotalCapped())
			}
			srv, c := againstFake(t, rakutentest.License{}, opts...)
			start := simNow.Add(-210 * 24 * time.Hour)
			times := saleScenario(start, 200, 9000, 20000)
			want := seedSearch(srv, times)

			got := map[string]bool{}
			for n, err := range c.SearchOrders(context.Background(), rakuten.OrderQuery{
				DateType: rakuten.DateOrdered, Start: start, End: start.Add(200*24*time.Hour - time.Second),
			}) {
				require.NoError(t, err)
				require.False(t, got[n], "order %s yielded twice", n)
				got[n] = true
			}
			assert.Equal(t, want, got, "every order, including all 20,000 of the sale")

			reqs := searchRequests(t, srv)
			probes, windows := 0, 0
			for _, r := range reqs {
				assert.LessOrEqual(t, r.end.Sub(r.start), rakuten.MaxSearchWindow)
				assert.Equal(t, rakuten.MaxPageSize, r.size)
				if r.page == 1 {
					windows++
					if hits(times, r.start, r.end) >= rakuten.HitCap {
						probes++
					}
				}
			}
			lower := (len(times) + rakuten.MaxPageSize - 1) / rakuten.MaxPageSize
			t.Logf("searchOrder calls for %d orders over 200 days with a 20,000-order sale: %d made, %d minimum (ceil(N/1000)); "+
				"%d spent on windows that had to be bisected, %d windows paged", len(times), len(reqs), lower, probes, windows-probes)
			assert.Positive(t, probes)
			assert.LessOrEqual(t, len(reqs), lower+probes+(windows-probes))
		})
	}
}

func TestSearchOrdersWindowsNeitherOverlapNorLeaveGaps(t *testing.T) {
	t.Parallel()
	srv, c := againstFake(t, rakutentest.License{})
	start := jst.Date(2025, 6, 1)
	_, err := collect(t, c.SearchOrders(context.Background(), rakuten.OrderQuery{DateType: rakuten.DateShipped, Start: start, End: start.Add(130 * 24 * time.Hour)}))
	require.NoError(t, err)
	reqs := searchRequests(t, srv)
	require.Len(t, reqs, 3)
	for i, want := range []time.Duration{rakuten.MaxSearchWindow, rakuten.MaxSearchWindow, 4*24*time.Hour - 2*time.Second} {
		assert.Equal(t, want, reqs[i].end.Sub(reqs[i].start))
	}
	assert.True(t, start.Equal(reqs[0].start))
	assert.True(t, reqs[0].end.Add(time.Second).Equal(reqs[1].start))
	assert.True(t, reqs[1].end.Add(time.Second).Equal(reqs[2].start))
	assert.True(t, start.Add(130*24*time.Hour).Equal(reqs[2].end))
}

func TestSearchOrdersRefusesWhatItCannotAnswer(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		q    rakuten.OrderQuery
		want string
	}{
		{"span beyond 730 days", rakuten.OrderQuery{DateType: 1, Start: simNow.Add(-800 * 24 * time.Hour), End: simNow.Add(-731 * 24 * time.Hour)}, "more than 730 days ago"},
		{"hold covers the span", rakuten.OrderQuery{DateType: 1, Start: simNow.Add(-time.Hour), End: simNow, Hold: 2 * time.Hour}, "within the hold"},
		{"not UTF-8", rakuten.OrderQuery{DateType: 1, Start: simNow.Add(-time.Hour), End: simNow, SearchKeyword: "\xff"}, "not valid UTF-8"},
		{"end before start", rakuten.OrderQuery{DateType: 1, Start: simNow, End: simNow.Add(-time.Hour)}, "before Start"},
		{"no date type", rakuten.OrderQuery{Start: simNow.Add(-time.Hour), End: simNow}, "DateType is required"},
		{"no end", rakuten.OrderQuery{DateType: 1, Start: simNow.Add(-time.Hour)}, "Start and End are required"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, c := againstFake(t, rakutentest.License{})
			_, err := collect(t, c.SearchOrders(context.Background(), tc.q))
			require.ErrorIs(t, err, rakuten.ErrInvalidInput)
			assert.Contains(t, err.Error(), tc.want)
			assert.Empty(t, srv.Requests(), "nothing is sent")
		})
	}
}

func TestSearchOrdersGivesUpOnASecondWithTooManyHits(t *testing.T) {
	t.Parallel()
	srv, c := againstFake(t, rakutentest.License{})
	at := simNow.Add(-24 * time.Hour)
	times := make([]time.Time, rakuten.HitCap)
	for i := range times {
		times[i] = at
	}
	seedSearch(srv, times)
	_, err := collect(t, c.SearchOrders(context.Background(), rakuten.OrderQuery{DateType: 1, Start: at.Add(-time.Minute), End: at.Add(time.Minute)}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "15000 hits within the single second 2026-01-04T10:00:00+0900")
}

func TestSearchOrdersStopsWhenTheCallerStops(t *testing.T) {
	t.Parallel()
	srv, c := againstFake(t, rakutentest.License{})
	start := simNow.Add(-100 * 24 * time.Hour)
	seedSearch(srv, saleScenario(start, 5, 3000, 0))
	n := 0
	for _, err := range c.SearchOrders(context.Background(), rakuten.OrderQuery{DateType: 1, Start: start, End: simNow}) {
		require.NoError(t, err)
		if n++; n == 5 {
			break
		}
	}
	assert.Len(t, searchRequests(t, srv), 3, "the first window's three pages are read before it is yielded; the second window never")
}

func TestSearchOrdersStopsAtTheFirstError(t *testing.T) {
	t.Parallel()
	c, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
		jsonReply(w, 400, `{"orderNumberList":null,"MessageModelList":[{"messageType":"ERROR","messageCode":"ORDER_EXT_API_SEARCH_ORDER_ERROR_011","message":"startDatetimeの書式が不正です。"}],"PaginationResponseModel":null}`)
	}, rakuten.WithClock(func() time.Time { return simNow }))
	got, err := collect(t, c.SearchOrders(context.Background(), rakuten.OrderQuery{DateType: 1, Start: simNow.Add(-200 * 24 * time.Hour), End: simNow}))
	assert.Empty(t, got)
	var ae *rakuten.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "ORDER_EXT_API_SEARCH_ORDER_ERROR_011", ae.Code)
	assert.ErrorIs(t, err, rakuten.ErrBadRequest)
	assert.Len(t, rec.all(), 1)
}
