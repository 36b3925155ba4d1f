package rakuten_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/jst"
	"github.com/mallkit/mallkit/rakuten"
)

// searchSim is a searchOrder that behaves like RMS's: it filters by an
// inclusive window, pages, and cannot page past the 15,000th hit while still
// reporting the true total. It also checks the window rules.
type searchSim struct {
	t      testing.TB
	times  []time.Time // sorted
	now    time.Time
	mu     sync.Mutex
	spans  []time.Duration
	starts []time.Time
	probes int // page-1 answers reporting HitCap hits or more
}

const wireLayout = "2006-01-02T15:04:05-0700"

func (s *searchSim) number(i int) string {
	return fmt.Sprintf("123456-%s-%010d", s.times[i].In(jst.Location).Format("20060102"), i+1)
}

func (s *searchSim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Start string `json:"startDatetime"`
		End   string `json:"endDatetime"`
		Page  struct {
			Size int `json:"requestRecordsAmount"`
			Page int `json:"requestPage"`
		} `json:"PaginationRequestModel"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		jsonReply(w, 400, `{"MessageModelList":[{"messageType":"ERROR","messageCode":"BAD","message":"json"}]}`)
		return
	}
	start, err1 := time.Parse(wireLayout, req.Start)
	end, err2 := time.Parse(wireLayout, req.End)
	if err1 != nil || err2 != nil || end.Sub(start) > 63*24*time.Hour || start.Before(s.now.Add(-730*24*time.Hour)) {
		jsonReply(w, 400, `{"orderNumberList":null,"MessageModelList":[{"messageType":"ERROR","messageCode":"ORDER_EXT_API_SEARCH_ORDER_ERROR_011","message":"bad window"}],"PaginationResponseModel":null}`)
		return
	}
	s.mu.Lock()
	s.spans = append(s.spans, end.Sub(start))
	s.starts = append(s.starts, start)
	s.mu.Unlock()
	lo := sort.Search(len(s.times), func(i int) bool { return !s.times[i].Before(start) })
	hi := sort.Search(len(s.times), func(i int) bool { return s.times[i].After(end) })
	total := hi - lo
	if total == 0 {
		jsonReply(w, 200, `{"orderNumberList":[],"MessageModelList":[{"messageType":"INFO","messageCode":"ORDER_EXT_API_SEARCH_ORDER_INFO_102","message":"0件"}],"PaginationResponseModel":{"totalRecordsAmount":null,"totalPages":null,"requestPage":null}}`)
		return
	}
	if total >= rakuten.HitCap && req.Page.Page == 1 {
		s.mu.Lock()
		s.probes++
		s.mu.Unlock()
	}
	reachable := min(total, rakuten.HitCap)
	pages := (reachable + req.Page.Size - 1) / req.Page.Size
	var nums []string
	for i := lo + (req.Page.Page-1)*req.Page.Size; i < lo+min(req.Page.Page*req.Page.Size, reachable); i++ {
		nums = append(nums, `"`+s.number(i)+`"`)
	}
	jsonReply(w, 200, fmt.Sprintf(`{"orderNumberList":[%s],"MessageModelList":[{"messageType":"INFO","messageCode":"ORDER_EXT_API_SEARCH_ORDER_INFO_101","message":"ok"}],"PaginationResponseModel":{"totalRecordsAmount":%d,"totalPages":%d,"requestPage":%d}}`,
		strings.Join(nums, ","), total, pages, req.Page.Page))
}

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

var simNow = time.Date(2026, 1, 5, 10, 0, 0, 0, jst.Location)

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

func TestSearchOrdersSplitsWindowsAndBisectsTruncatedOnes(t *testing.T) {
	t.Parallel()
	start := simNow.Add(-210 * 24 * time.Hour)
	sim := &searchSim{t: t, times: saleScenario(start, 200, 9000, 20000), now: simNow}
	c, _ := serve(t, sim.ServeHTTP, rakuten.WithClock(func() time.Time { return simNow }))
	got, err := collect(t, c.SearchOrders(context.Background(), rakuten.OrderQuery{
		DateType: rakuten.DateOrdered, Start: start, End: start.Add(200*24*time.Hour - time.Second),
	}))
	require.NoError(t, err)
	require.Equal(t, 29000, len(got), "every order, including all 20,000 of the sale")
	seen := map[string]bool{}
	for _, n := range got {
		require.False(t, seen[n], "order %s yielded twice", n)
		seen[n] = true
	}
	for _, sp := range sim.spans {
		assert.LessOrEqual(t, sp, rakuten.MaxSearchWindow)
	}
	lower := (29000 + rakuten.MaxPageSize - 1) / rakuten.MaxPageSize
	leaves := countDistinct(sim.spans, sim.starts) - sim.probes
	t.Logf("searchOrder calls for 29,000 orders over 200 days with a 20,000-order sale: %d made, %d minimum (ceil(N/1000)); "+
		"%d spent on windows that had to be bisected, %d windows paged", len(sim.spans), lower, sim.probes, leaves)
	// Each bisected window costs one call, each paged window at most one
	// partly filled page beyond N/1000: anything more is wasted paging.
	assert.LessOrEqual(t, len(sim.spans), lower+sim.probes+leaves)
}

// countDistinct counts the distinct windows among the requests.
func countDistinct(spans []time.Duration, starts []time.Time) int {
	type w struct {
		start time.Time
		span  time.Duration
	}
	m := map[w]bool{}
	for i := range starts {
		m[w{starts[i], spans[i]}] = true
	}
	return len(m)
}

func TestSearchOrdersWindowsNeitherOverlapNorLeaveGaps(t *testing.T) {
	t.Parallel()
	sim := &searchSim{t: t, now: simNow}
	c, _ := serve(t, sim.ServeHTTP, rakuten.WithClock(func() time.Time { return simNow }))
	start := jst.Date(2025, 6, 1)
	_, err := collect(t, c.SearchOrders(context.Background(), rakuten.OrderQuery{DateType: rakuten.DateShipped, Start: start, End: start.Add(130 * 24 * time.Hour)}))
	require.NoError(t, err)
	require.Len(t, sim.starts, 3)
	assert.Equal(t, []time.Duration{rakuten.MaxSearchWindow, rakuten.MaxSearchWindow, 4*24*time.Hour - 2*time.Second}, sim.spans)
	assert.Equal(t, start.Add(rakuten.MaxSearchWindow+time.Second), sim.starts[1].In(jst.Location))
}

func TestSearchOrdersRefusesWhatItCannotAnswer(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		q    rakuten.OrderQuery
		want string
	}{
		{"start beyond 730 days", rakuten.OrderQuery{DateType: 1, Start: simNow.Add(-731 * 24 * time.Hour), End: simNow}, "more than 730 days ago"},
		{"end before start", rakuten.OrderQuery{DateType: 1, Start: simNow, End: simNow.Add(-time.Hour)}, "before Start"},
		{"no date type", rakuten.OrderQuery{Start: simNow.Add(-time.Hour), End: simNow}, "DateType is required"},
		{"no end", rakuten.OrderQuery{DateType: 1, Start: simNow.Add(-time.Hour)}, "Start and End are required"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, rec := serve(t, okFor, rakuten.WithClock(func() time.Time { return simNow }))
			_, err := collect(t, c.SearchOrders(context.Background(), tc.q))
			require.ErrorIs(t, err, rakuten.ErrInvalidInput)
			assert.Contains(t, err.Error(), tc.want)
			assert.Empty(t, rec.all(), "nothing is sent")
		})
	}
}

func TestSearchOrdersGivesUpOnASecondWithTooManyHits(t *testing.T) {
	t.Parallel()
	at := simNow.Add(-24 * time.Hour)
	ts := make([]time.Time, rakuten.HitCap)
	for i := range ts {
		ts[i] = at
	}
	sim := &searchSim{t: t, times: ts, now: simNow}
	c, _ := serve(t, sim.ServeHTTP, rakuten.WithClock(func() time.Time { return simNow }))
	_, err := collect(t, c.SearchOrders(context.Background(), rakuten.OrderQuery{DateType: 1, Start: at.Add(-time.Minute), End: at.Add(time.Minute)}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "15000 hits within the single second")
}

func TestSearchOrdersStopsWhenTheCallerStops(t *testing.T) {
	t.Parallel()
	start := simNow.Add(-10 * 24 * time.Hour)
	sim := &searchSim{t: t, times: saleScenario(start, 5, 3000, 0), now: simNow}
	c, _ := serve(t, sim.ServeHTTP, rakuten.WithClock(func() time.Time { return simNow }))
	n := 0
	for _, err := range c.SearchOrders(context.Background(), rakuten.OrderQuery{DateType: 1, Start: start, End: simNow}) {
		require.NoError(t, err)
		if n++; n == 5 {
			break
		}
	}
	assert.Len(t, sim.spans, 1, "no further page is fetched")
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
