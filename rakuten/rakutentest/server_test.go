package rakutentest_test

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

func TestResponsesCarryTheLiveHeaders(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	r := search(t, srv, "")
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, "application/json;charset=UTF-8", r.header.Get("Content-Type"))
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, r.header.Get("RequestId"))
	assert.Equal(t, "2026-01-05T01:00:00", r.header.Get("Timestamp"), "UTC, no zone, from the fake clock")
	assert.Equal(t, "no-cache,no-store", r.header.Get("Cache-Control"))
	assert.NotRegexp(t, regexp.MustCompile(`\s`), string(r.body), "compact JSON")
	assert.Contains(t, string(r.body), "注文検索に成功しました", "raw UTF-8, no \\u escapes")
}

func TestOrderAPIRequiresCharset(t *testing.T) {
	t.Parallel()
	cases := []struct {
		contentType string
		strict      int
		lenient     int
	}{
		{"application/json; charset=utf-8", 200, 200},
		{"application/json;charset=UTF-8", 200, 200},
		{"application/json", 415, 200},
		{"text/plain; charset=utf-8", 415, 200},
	}
	strict := newServer(t)
	lenient := newServer(t, rakutentest.WithLenientContentType())
	for _, tc := range cases {
		t.Run(tc.contentType, func(t *testing.T) {
			r := do(t, http.MethodPost, strict.URL+"/es/2.0/order/searchOrder/", tc.contentType, "", searchBody)
			assert.Equal(t, tc.strict, r.status)
			if r.status == http.StatusUnsupportedMediaType {
				assert.JSONEq(t, `{"Results":{"errorCode":"ES04-03","message":"Unsupported Media Type"}}`, string(r.body))
			}
			r = do(t, http.MethodPost, lenient.URL+"/es/2.0/order/searchOrder/", tc.contentType, "", searchBody)
			assert.Equal(t, tc.lenient, r.status)
		})
	}
}

func TestOrderRoutesWithAndWithoutTrailingSlash(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	for _, path := range []string{"/es/2.0/order/searchOrder/", "/es/2.0/order/searchOrder"} {
		r := do(t, http.MethodPost, srv.URL+path, "application/json; charset=utf-8", "", searchBody)
		assert.Equal(t, http.StatusOK, r.status, path)
	}
	r := do(t, http.MethodPost, srv.URL+"/es/2.0/order/searchOrder/extra", "application/json; charset=utf-8", "", searchBody)
	assert.Equal(t, http.StatusNotFound, r.status)
	r = do(t, http.MethodGet, srv.URL+"/es/2.0/order/searchOrder/", "", "", "")
	assert.Equal(t, http.StatusMethodNotAllowed, r.status)
}

func TestRequestsAreRecordedInOrder(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	search(t, srv, "")
	search(t, srv, esa("x", "y"))
	do(t, http.MethodGet, srv.URL+"/nowhere", "", "", "")
	reqs := srv.Requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, "searchOrder", reqs[0].Operation)
	assert.Equal(t, searchBody, string(reqs[0].Body))
	assert.Equal(t, "/es/2.0/order/searchOrder/", reqs[0].Path)
	assert.Equal(t, esa("x", "y"), reqs[1].Header.Get("Authorization"), "rejected requests are recorded too")
	assert.Equal(t, "", reqs[2].Operation)
}

func TestWithRequestLogKeepsOnlyTheLatestRequests(t *testing.T) {
	t.Parallel()
	srv := newServer(t, rakutentest.WithRequestLog(2))
	for range 10 {
		search(t, srv, "")
	}
	do(t, http.MethodGet, srv.URL+"/nowhere", "", "", "")
	reqs := srv.Requests()
	require.Len(t, reqs, 2, "the log does not grow past its size")
	assert.Equal(t, "searchOrder", reqs[0].Operation, "a kept request still gets its operation")
	assert.Equal(t, "/nowhere", reqs[1].Path)

	none := newServer(t, rakutentest.WithRequestLog(0))
	search(t, none, "")
	assert.Empty(t, none.Requests())
	assert.Equal(t, 1, none.Stats()[""].Calls["searchOrder"], "calls are still counted")
}

func TestBodyThatIsNotJSONIsABadRequest(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	r := orderCall(t, srv, "searchOrder", `not json`)
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.JSONEq(t, `{"Results":{"errorCode":"ES04-01","message":"Bad Request"}}`, string(r.body))
}
