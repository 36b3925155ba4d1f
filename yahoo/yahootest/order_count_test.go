package yahootest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOrderCountCountsUnseenNewOrdersAndReservations(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t) // five unseen 処理中 orders
	reserved := NewOrder(testSeller, orderID(6), DefaultNow)
	reserved.Status = StatusReserved
	f.srv.AddOrder(reserved)
	held := NewOrder(testSeller, orderID(7), DefaultNow)
	held.Status = StatusHolding
	f.srv.AddOrder(held)
	require.Equal(t, http.StatusOK, f.xmlCall(opOrderChange, tok, changeReq(orderID(1), `<IsSeen>true</IsSeen>`)).status)

	res := f.call(http.MethodGet, opOrderCount, tok, "", "sellerId="+testSeller, false)
	require.Equal(t, http.StatusOK, res.status, res.body)
	root := parseTree(t, res.body)
	assert.Equal(t, "OK", root.text("Result", "Status"))
	assert.Equal(t, "4", root.text("Result", "Count", "NewOrder"))
	assert.Equal(t, "1", root.text("Result", "Count", "NewReserve"))
	assert.Equal(t, "1", root.text("Result", "Count", "Holding"))
}

func TestOrderCountNeedsTheDocumentedParameterName(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res := f.call(http.MethodGet, opOrderCount, f.exchange().AccessToken, "", "seller_id="+testSeller, false)
	assert.Equal(t, http.StatusBadRequest, res.status)
	assert.Equal(t, codeSellerIDMissing, parseTree(t, res.body).text("Code"))
}

func TestOrderCountIsNotARestrictedAPI(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tok := f.exchange()
	f.call(http.MethodGet, opOrderCount, tok.AccessToken, "", "sellerId="+testSeller, false)
	f.srv.Advance(ShortSessionLifetime + time.Minute)
	resp, _ := f.refresh(tok.RefreshToken)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}
