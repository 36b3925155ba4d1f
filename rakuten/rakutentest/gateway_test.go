package rakutentest_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

func TestLicenseExpiryDate(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddLicense(rakutentest.License{ServiceSecret: testSecret, LicenseKey: "SL123456_old",
		Expiry: time.Date(2026, 11, 28, 23, 59, 59, 0, jst)})
	url := srv.URL + "/es/1.0/license-management/license-key/expiry-date?licenseKey="
	r := do(t, http.MethodGet, url+"SL123456_old", "", "", "")
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	assert.Equal(t, `{"expiryDate":"2026-11-28T23:59:59"}`, string(r.body), "JST without an offset")

	r = do(t, http.MethodGet, url+testKey, "", "", "")
	assert.Equal(t, `{"expiryDate":"2026-04-05T23:59:59"}`, string(r.body), "90 days from activation, end of day")

	srv.AddLicense(rakutentest.License{ServiceSecret: "SP999", LicenseKey: "SL999"})
	assert.Equal(t, http.StatusBadRequest, do(t, http.MethodGet, url+"SL999", "", "", "").status, "another shop's key")
	assert.Equal(t, http.StatusUnauthorized, do(t, http.MethodGet, url+testKey, "", esa("SP999", "nope"), "").status)

	srv.AddLicense(rakutentest.License{ServiceSecret: "SP4", LicenseKey: "SL4", Functions: []string{"rpay.order.searchOrder"}})
	assert.Equal(t, http.StatusUnauthorized, do(t, http.MethodGet, url+"SL4", "", esa("SP4", "SL4"), "").status,
		"license.expiryDate.get not enabled")
}

func TestFailNextInjectsFaults(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.FailNext("searchOrder", http.StatusServiceUnavailable, 2, 1500*time.Millisecond)
	srv.FailNext(rakutentest.AnyOperation, http.StatusTooManyRequests, 1, 0)

	r := search(t, srv, "")
	assert.Equal(t, http.StatusServiceUnavailable, r.status)
	assert.Equal(t, "2", r.header.Get("Retry-After"), "rounded up to whole seconds")
	assert.JSONEq(t, `{"Results":{"errorCode":"ES99-99","message":"Service Unavailable"}}`, string(r.body))
	assert.Equal(t, http.StatusServiceUnavailable, search(t, srv, "").status)

	r = inventoryCall(t, srv, http.MethodGet, "/es/2.0/inventories/manage-numbers/a/variants/b", "")
	assert.Equal(t, http.StatusTooManyRequests, r.status, "AnyOperation")
	assert.Contains(t, string(r.body), `"code":"QPSLimit"`)
	assert.Empty(t, r.header.Get("Retry-After"))

	assert.Equal(t, http.StatusOK, search(t, srv, "").status, "faults are used up")
	assert.Len(t, srv.Requests(), 4)
}

func TestRateLimitPerLicenseKey(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		opts   []rakutentest.Option
		status int
	}{
		{"429 by default", []rakutentest.Option{rakutentest.WithRateLimit(0.01)}, http.StatusTooManyRequests},
		{"403 QPSLimit", []rakutentest.Option{rakutentest.WithRateLimit(0.01), rakutentest.WithThrottleStatus(http.StatusForbidden)}, http.StatusForbidden},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, tc.opts...)
			srv.AddLicense(rakutentest.License{ServiceSecret: "SP5", LicenseKey: "SL5"})
			assert.Equal(t, http.StatusOK, search(t, srv, "").status)
			r := search(t, srv, "")
			assert.Equal(t, tc.status, r.status)
			assert.Equal(t, `{"errors":[{"code":"QPSLimit","message":"QPSLimit: the request rate limit was exceeded."}]}`, string(r.body))
			assert.Equal(t, "100", r.header.Get("Retry-After"))
			assert.Equal(t, http.StatusOK, search(t, srv, esa("SP5", "SL5")).status, "another key has its own budget")
		})
	}
}

func TestConcurrentUseIsSafe(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	numbers := seedOrders(srv, 20)
	srv.SetInventory("m", "v", 0)
	send := func(path, contentType, body string) error {
		req, err := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", esa(testSecret, testKey))
		req.Header.Set("Content-Type", contentType)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		return resp.Body.Close()
	}
	errs := make(chan error, 16)
	for i := range 8 {
		go func() {
			errs <- send("/es/2.0/order/confirmOrder/", "application/json; charset=utf-8", `{"orderNumberList":["`+numbers[i]+`"]}`)
			errs <- send(bulkUpsert, "application/json", `{"inventories":[{"manageNumber":"m","variantId":"v","mode":"RELATIVE","quantity":1}]}`)
			srv.Advance(time.Second)
			srv.Requests()
		}()
	}
	for range 16 {
		require.NoError(t, <-errs)
	}
	q, _ := srv.Inventory("m", "v")
	assert.Equal(t, 8, q)
	confirmed := 0
	for _, n := range numbers[:8] {
		if o, _ := srv.Order(n); o.Progress == rakutentest.ProgressRakutenProcessing {
			confirmed++
		}
	}
	assert.Equal(t, 8, confirmed)
}
