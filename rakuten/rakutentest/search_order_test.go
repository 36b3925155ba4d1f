package rakutentest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

func TestSearchOrderValidation(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	const ok = `"startDatetime":"2026-01-01T00:00:00+0900","endDatetime":"2026-01-05T00:00:00+0900"`
	cases := []struct {
		name, body, code string
	}{
		{"dateType missing", `{` + ok + `}`, "ORDER_EXT_API_SEARCH_ORDER_ERROR_009"},
		{"dateType null", `{"dateType":null,` + ok + `}`, "ORDER_EXT_API_SEARCH_ORDER_ERROR_010"},
		{"dateType 7", `{"dateType":7,` + ok + `}`, "ORDER_EXT_API_SEARCH_ORDER_ERROR_011"},
		{"start empty", `{"dateType":1,"startDatetime":"","endDatetime":"2026-01-05T00:00:00+0900"}`, "ORDER_EXT_API_SEARCH_ORDER_ERROR_010"},
		{"start with colon offset", `{"dateType":1,"startDatetime":"2026-01-01T00:00:00+09:00","endDatetime":"2026-01-05T00:00:00+0900"}`, "ORDER_EXT_API_SEARCH_ORDER_ERROR_011"},
		{"start in UTC", `{"dateType":1,"startDatetime":"2025-12-31T15:00:00Z","endDatetime":"2026-01-05T00:00:00+0900"}`, "ORDER_EXT_API_SEARCH_ORDER_ERROR_011"},
		{"start +0000", `{"dateType":1,"startDatetime":"2025-12-31T15:00:00+0000","endDatetime":"2026-01-05T00:00:00+0900"}`, "ORDER_EXT_API_SEARCH_ORDER_ERROR_011"},
		{"end with millis", `{"dateType":1,"startDatetime":"2026-01-01T00:00:00+0900","endDatetime":"2026-01-05T00:00:00.000+0900"}`, "ORDER_EXT_API_SEARCH_ORDER_ERROR_011"},
		{"end missing", `{"dateType":1,"startDatetime":"2026-01-01T00:00:00+0900"}`, "ORDER_EXT_API_SEARCH_ORDER_ERROR_009"},
		{"window of 63 days and 1 second", `{"dateType":1,"startDatetime":"2025-11-01T00:00:00+0900","endDatetime":"2026-01-03T00:00:01+0900"}`, "ORDER_EXT_API_SEARCH_ORDER_ERROR_023"},
		{"end before start", `{"dateType":1,"startDatetime":"2026-01-02T00:00:00+0900","endDatetime":"2026-01-01T00:00:00+0900"}`, "ORDER_EXT_API_SEARCH_ORDER_ERROR_023"},
		{"start older than 730 days", `{"dateType":1,"startDatetime":"2024-01-05T09:59:59+0900","endDatetime":"2024-01-06T00:00:00+0900"}`, "ORDER_EXT_API_SEARCH_ORDER_ERROR_023"},
		{"page size 1001", `{"dateType":1,` + ok + `,"PaginationRequestModel":{"requestRecordsAmount":1001}}`, "ORDER_EXT_API_SEARCH_ORDER_ERROR_011"},
		{"page 0", `{"dateType":1,` + ok + `,"PaginationRequestModel":{"requestPage":0}}`, "ORDER_EXT_API_SEARCH_ORDER_ERROR_011"},
		{"sort column 2", `{"dateType":1,` + ok + `,"PaginationRequestModel":{"SortModelList":[{"sortColumn":2,"sortDirection":1}]}}`, "ORDER_EXT_API_SEARCH_ORDER_ERROR_011"},
		{"unknown progress", `{"dateType":1,` + ok + `,"orderProgressList":[150]}`, "ORDER_EXT_API_SEARCH_ORDER_ERROR_011"},
		{"sub-status -1 without progress", `{"dateType":1,` + ok + `,"subStatusIdList":[-1]}`, "ORDER_EXT_API_SEARCH_ORDER_ERROR_011"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := orderCall(t, srv, "searchOrder", tc.body)
			require.Equal(t, http.StatusBadRequest, r.status, "%s", r.body)
			v := r.json(t)
			assert.Contains(t, codes(t, v), tc.code)
			assert.Nil(t, v["orderNumberList"])
			assert.Nil(t, v["PaginationResponseModel"])
			assert.Contains(t, v, "orderNumberList", "null, not absent")
			assert.Equal(t, "ERROR", messages(t, v)[0]["messageType"])
		})
	}
}

func TestSearchOrderAcceptsExactly63DaysAndNumbersAsStrings(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	r := orderCall(t, srv, "searchOrder", `{"dateType":"1","startDatetime":"2025-11-01T00:00:00+0900","endDatetime":"2026-01-03T00:00:00+0900"}`)
	assert.Equal(t, http.StatusOK, r.status, "%s", r.body)
}

func TestSearchOrderZeroHits(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	r := search(t, srv, "")
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, `{"orderNumberList":[],"MessageModelList":[{"messageType":"INFO","messageCode":"ORDER_EXT_API_SEARCH_ORDER_INFO_102","message":"注文検索に成功しました。(検索結果０件)"}],"PaginationResponseModel":{"totalRecordsAmount":null,"totalPages":null,"requestPage":null}}`,
		string(r.body))
}

// seedOrders adds n orders one minute apart from 2026-01-01 00:00 JST.
func seedOrders(srv *rakutentest.Server, n int) []string {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, jst)
	numbers := make([]string, n)
	for i := range n {
		at := base.Add(time.Duration(i) * time.Minute)
		numbers[i] = fmt.Sprintf("123456-%s-%010d", at.Format("20060102"), i+1)
		srv.AddOrder(rakutentest.NewOrder(numbers[i], at, tshirt(1)))
	}
	return numbers
}

func TestSearchOrderPagesAndSorts(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	numbers := seedOrders(srv, 5)
	page := func(size, page, dir int) map[string]any {
		body := fmt.Sprintf(`{"dateType":1,"startDatetime":"2026-01-01T00:00:00+0900","endDatetime":"2026-01-01T00:04:00+0900",`+
			`"PaginationRequestModel":{"requestRecordsAmount":%d,"requestPage":%d,"SortModelList":[{"sortColumn":1,"sortDirection":%d}]}}`, size, page, dir)
		r := orderCall(t, srv, "searchOrder", body)
		require.Equal(t, http.StatusOK, r.status, "%s", r.body)
		return r.json(t)
	}
	v := page(2, 1, 1)
	assert.Equal(t, []any{numbers[0], numbers[1]}, v["orderNumberList"], "ascending, end is inclusive")
	assert.Equal(t, map[string]any{"totalRecordsAmount": 5.0, "totalPages": 3.0, "requestPage": 1.0}, v["PaginationResponseModel"])
	assert.Equal(t, []string{"ORDER_EXT_API_SEARCH_ORDER_INFO_101"}, codes(t, v))
	v = page(2, 3, 1)
	assert.Equal(t, []any{numbers[4]}, v["orderNumberList"])
	v = page(2, 1, 2)
	assert.Equal(t, []any{numbers[4], numbers[3]}, v["orderNumberList"], "descending")
	v = page(2, 4, 1)
	assert.Equal(t, []any{}, v["orderNumberList"], "past the last page")
}

func TestSearchOrderDefaultsTo30PerPageNewestFirst(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	numbers := seedOrders(srv, 31)
	r := orderCall(t, srv, "searchOrder", `{"dateType":1,"startDatetime":"2026-01-01T00:00:00+0900","endDatetime":"2026-01-02T00:00:00+0900"}`)
	v := r.json(t)
	list := v["orderNumberList"].([]any)
	assert.Len(t, list, 30)
	assert.Equal(t, numbers[30], list[0])
	assert.Equal(t, 2.0, v["PaginationResponseModel"].(map[string]any)["totalPages"])
}

func TestSearchOrderFilters(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	numbers := seedOrders(srv, 3)
	r := orderCall(t, srv, "confirmOrder", `{"orderNumberList":["`+numbers[1]+`"]}`)
	require.Equal(t, http.StatusOK, r.status)
	window := `"startDatetime":"2026-01-01T00:00:00+0900","endDatetime":"2026-01-05T12:00:00+0900"`
	cases := []struct {
		name, filter string
		want         []any
	}{
		{"progress 100", `"dateType":1,"orderProgressList":[100]`, []any{numbers[2], numbers[0]}},
		{"progress 200", `"dateType":1,"orderProgressList":[200]`, []any{numbers[1]}},
		{"confirmation date", `"dateType":2`, []any{numbers[1]}},
		{"settlement card", `"dateType":1,"settlementMethod":1`, []any{numbers[2], numbers[1], numbers[0]}},
		{"settlement COD", `"dateType":1,"settlementMethod":2`, []any{}},
		{"SKU keyword", `"dateType":1,"searchKeywordType":7,"searchKeyword":"red-M"`, []any{numbers[2], numbers[1], numbers[0]}},
		{"SKU keyword is case-sensitive", `"dateType":1,"searchKeywordType":7,"searchKeyword":"red-m"`, []any{}},
		{"no shipping date", `"dateType":1,"shippingDateBlankFlag":1`, []any{numbers[2], numbers[1], numbers[0]}},
		{"no sub-status", `"dateType":1,"orderProgressList":[100],"subStatusIdList":[-1]`, []any{numbers[2], numbers[0]}},
		{"smartphone", `"dateType":1,"purchaseSiteType":3`, []any{numbers[2], numbers[1], numbers[0]}},
		{"PC", `"dateType":1,"purchaseSiteType":1`, []any{}},
		{"coupon used", `"dateType":1,"couponUseFlag":1`, []any{}},
		{"asuraku", `"dateType":1,"asurakuFlag":"1"`, []any{}},
		{"asuraku not restricted", `"dateType":1,"asurakuFlag":0`, []any{numbers[2], numbers[1], numbers[0]}},
		{"reserve number", `"dateType":1,"reserveNumber":"123456-20260105-0000000001-r"`, []any{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := orderCall(t, srv, "searchOrder", `{`+tc.filter+`,`+window+`}`)
			require.Equal(t, http.StatusOK, r.status, "%s", r.body)
			assert.Equal(t, tc.want, r.json(t)["orderNumberList"])
		})
	}
}

func TestSearchOrderReachesOnly15000Hits(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		opts      []rakutentest.Option
		wantTotal float64
		wantPages float64
	}{
		{"total counts every hit", nil, 15001, 16},
		{"total capped", []rakutentest.Option{rakutentest.WithSearchTotalCapped()}, 15000, 15},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, tc.opts...)
			base := time.Date(2026, 1, 1, 0, 0, 0, 0, jst)
			for i := range 15001 {
				srv.AddOrder(rakutentest.NewOrder(fmt.Sprintf("123456-20260101-%010d", i+1), base.Add(time.Duration(i)*time.Second), tshirt(1)))
			}
			body := func(page int) string {
				return fmt.Sprintf(`{"dateType":1,"startDatetime":"2026-01-01T00:00:00+0900","endDatetime":"2026-01-02T00:00:00+0900",`+
					`"PaginationRequestModel":{"requestRecordsAmount":1000,"requestPage":%d,"SortModelList":[{"sortColumn":1,"sortDirection":1}]}}`, page)
			}
			v := orderCall(t, srv, "searchOrder", body(15)).json(t)
			list := v["orderNumberList"].([]any)
			require.Len(t, list, 1000)
			assert.Equal(t, "123456-20260101-0000015000", list[999], "the 15,000th hit is the last reachable")
			p := v["PaginationResponseModel"].(map[string]any)
			assert.Equal(t, tc.wantTotal, p["totalRecordsAmount"])
			assert.Equal(t, tc.wantPages, p["totalPages"])
			v = orderCall(t, srv, "searchOrder", body(16)).json(t)
			assert.Equal(t, []any{}, v["orderNumberList"], "the 15,001st cannot be retrieved")
			assert.False(t, strings.Contains(fmt.Sprint(v), "0000015001"))
		})
	}
}

// RMS keeps an order's time to the second: an order placed at
// 10:00:00.7 is one of 10:00:00, found by a search that ends at 10:00:00.
func TestSearchOrderComparesWholeSeconds(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	at := time.Date(2026, 1, 1, 10, 0, 0, 700_000_000, jst)
	srv.AddOrder(rakutentest.NewOrder("123456-20260101-0000000001", at, tshirt(1)))
	r := orderCall(t, srv, "searchOrder", `{"dateType":1,"startDatetime":"2026-01-01T09:00:00+0900","endDatetime":"2026-01-01T10:00:00+0900"}`)
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	assert.Equal(t, []any{"123456-20260101-0000000001"}, r.json(t)["orderNumberList"])
}
