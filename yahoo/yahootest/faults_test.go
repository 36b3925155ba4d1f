package yahootest

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFailNextAnswersInTheOperationsFamily(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, op    string
		status      int
		contentType string
		code        string
	}{
		{"503 on a stock API", opGetStock, http.StatusServiceUnavailable, contentStockXML, codeInjected},
		{"500 on an order API", opOrderList, http.StatusInternalServerError, contentXML, codeInjected},
		{"403 is the throttling answer, without a code", opGetStock, http.StatusForbidden, contentStockXML, "<missing>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, tok := stockFixture(t)
			f.srv.FailNext(tt.op, tt.status, 2, 1500*time.Millisecond)
			for range 2 {
				res := f.call(http.MethodPost, tt.op, tok, "application/x-www-form-urlencoded", getStockForm.Encode(), false)
				assert.Equal(t, tt.status, res.status)
				assert.Equal(t, "2", res.header.Get("Retry-After"), "whole seconds, rounded up")
				assert.Equal(t, tt.contentType, res.header.Get("Content-Type"))
				assert.Equal(t, tt.code, parseTree(t, res.body).text("Code"))
			}
			res := f.form(opGetStock, tok, getStockForm)
			assert.Equal(t, http.StatusOK, res.status, "the third request goes through")
		})
	}
}

func TestFailNext401IsTheExpiredTokenAnswer(t *testing.T) {
	t.Parallel()
	f, tok := stockFixture(t)
	f.srv.FailNext(AnyOperation, http.StatusUnauthorized, 1, 0)
	res := f.form(opGetStock, tok, getStockForm)
	assert.Equal(t, http.StatusUnauthorized, res.status)
	assert.Equal(t, challengeExpired, res.header.Get("WWW-Authenticate"))
	assert.Empty(t, res.header.Get("Retry-After"))
}

func TestFailNextOnTheTokenEndpoint(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tok := f.exchange()
	f.srv.FailNext(opToken, http.StatusServiceUnavailable, 1, 0)
	resp, tj := f.refresh(tok.RefreshToken)
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	assert.Equal(t, "server_error", tj.Error)
	resp, _ = f.refresh(tok.RefreshToken)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestRateLimitPerOperation(t *testing.T) {
	t.Parallel()
	f, tok := stockFixture(t, WithRateLimit(1), WithThrottleCode("px-99429"))
	require.Equal(t, http.StatusOK, f.form(opGetStock, tok, getStockForm).status)
	res := f.form(opGetStock, tok, getStockForm)
	assert.Equal(t, http.StatusForbidden, res.status)
	assert.Equal(t, "1", res.header.Get("Retry-After"))
	root := parseTree(t, res.body)
	assert.Equal(t, msgThrottled, root.text("Message"))
	assert.Equal(t, "px-99429", root.text("Code"))
	other := f.form(opSetStock, tok, url.Values{"seller_id": {testSeller}, "item_code": {"plain"}, "quantity": {"1"}})
	assert.Equal(t, http.StatusOK, other.status, "each operation has its own budget")
}
