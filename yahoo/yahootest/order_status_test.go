package yahootest

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// statusReq builds an orderStatusChange body.
func statusReq(id string, to int, extra string) string {
	return fmt.Sprintf(`<Req><Target><OrderId>%s</OrderId><IsPointFix>true</IsPointFix><OperationUser>tester</OperationUser></Target>`+
		`<Order><OrderStatus>%d</OrderStatus>%s</Order><SellerId>%s</SellerId></Req>`, id, to, extra, testSeller)
}

// cancelReason is the CancelReason element every move to 4 needs.
const cancelReason = `<CancelReason>220</CancelReason>`

// moveTo runs orderStatusChange on a fresh order prepared by setup.
func moveTo(t *testing.T, setup func(o *Order), to int) exchangeResult {
	t.Helper()
	f := newFixture(t)
	o := NewOrder(testSeller, orderID(1), f.srv.Now().Add(-time.Hour), Item{ItemID: "a", UnitPrice: 100})
	setup(&o)
	f.srv.AddOrder(o)
	extra := ""
	if to == StatusCancelled {
		extra = cancelReason
	}
	return f.xmlCall(opOrderStatusChange, f.exchange().AccessToken, statusReq(o.ID, to, extra))
}

func TestOrderStatusTransitionTable(t *testing.T) {
	t.Parallel()
	// Rows are from, columns to (1..5); true is ◯.
	table := map[int][5]bool{
		StatusReserved:   {false, false, false, true, true},
		StatusProcessing: {false, false, true, true, true},
		StatusHolding:    {false, true, false, true, true},
		StatusCancelled:  {false, false, false, false, false},
		StatusCompleted:  {false, true, false, true, false},
	}
	for from := StatusReserved; from <= StatusCompleted; from++ {
		for to := StatusReserved; to <= StatusCompleted; to++ {
			t.Run(fmt.Sprintf("%d to %d", from, to), func(t *testing.T) {
				t.Parallel()
				res := moveTo(t, func(o *Order) {
					o.Status = from
					if from == StatusCompleted {
						o.CompletedAt = o.OrderTime
					}
				}, to)
				if table[from][to-1] {
					assert.Equal(t, http.StatusOK, res.status, res.body)
					return
				}
				assert.Equal(t, http.StatusBadRequest, res.status)
				root := parseTree(t, res.body)
				assert.Equal(t, codeTransition, root.text("Code"))
				assert.Equal(t, "Cannot Be Operated : "+statusNames[from]+" OrderStatus", root.text("Message"))
			})
		}
	}
}

func TestOrderStatusTransitionNotes(t *testing.T) {
	t.Parallel()
	future := DefaultNow.AddDate(0, 1, 0)
	tests := []struct {
		name  string
		setup func(o *Order)
		to    int
		ok    bool
	}{
		{"※1 hold to reserved with a future release date", func(o *Order) { o.Status, o.ReleaseDate = StatusHolding, future }, StatusReserved, true},
		{"※1 hold to reserved with a past release date", func(o *Order) { o.Status, o.ReleaseDate = StatusHolding, DefaultNow.AddDate(0, -1, 0) }, StatusReserved, false},
		{"※2 suspect processing order cannot complete", func(o *Order) { o.Suspect = 1 }, StatusCompleted, false},
		{"※2 suspect reserved order cannot complete", func(o *Order) { o.Status, o.Suspect = StatusReserved, 1 }, StatusCompleted, false},
		{"※2 suspect held order cannot resume", func(o *Order) { o.Status, o.Suspect = StatusHolding, 1 }, StatusProcessing, false},
		{"※2 cleared suspicion may complete", func(o *Order) { o.Suspect = 2 }, StatusCompleted, true},
		{"※2 suspect completed order cannot be cancelled", func(o *Order) {
			o.Status, o.Suspect, o.CompletedAt = StatusCompleted, 1, DefaultNow
		}, StatusCancelled, false},
		{"※2 suspect orders can still be cancelled", func(o *Order) { o.Suspect = 1 }, StatusCancelled, true},
		{"※3 convenience-store payment cannot reopen", func(o *Order) {
			o.Status, o.CompletedAt, o.Pay.Kind, o.Pay.Method = StatusCompleted, DefaultNow, 5, "payment_a7"
		}, StatusProcessing, false},
		{"※3 bank transfer may reopen", func(o *Order) {
			o.Status, o.CompletedAt, o.Pay.Kind, o.Pay.Method = StatusCompleted, DefaultNow, 3, "payment_b1"
		}, StatusProcessing, true},
		{"※3 not 180 days after the first completion", func(o *Order) {
			o.Status, o.CompletedAt = StatusCompleted, DefaultNow.Add(-ReopenedAutoComplete)
		}, StatusProcessing, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := moveTo(t, tt.setup, tt.to)
			if tt.ok {
				assert.Equal(t, http.StatusOK, res.status, res.body)
			} else {
				assert.Equal(t, http.StatusBadRequest, res.status)
				assert.Equal(t, codeTransition, parseTree(t, res.body).text("Code"))
			}
		})
	}
}

func TestOrderStatusChangeParameters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
	}{
		{"IsPointFix is required", `<Req><Target><OrderId>` + orderID(1) + `</OrderId></Target><Order><OrderStatus>3</OrderStatus></Order><SellerId>` + testSeller + `</SellerId></Req>`},
		{"completing needs IsPointFix true", `<Req><Target><OrderId>` + orderID(1) + `</OrderId><IsPointFix>false</IsPointFix></Target><Order><OrderStatus>5</OrderStatus></Order><SellerId>` + testSeller + `</SellerId></Req>`},
		{"cancelling needs a CancelReason", statusReq(orderID(1), StatusCancelled, "")},
		{"unknown CancelReason", statusReq(orderID(1), StatusCancelled, `<CancelReason>999</CancelReason>`)},
		{"status out of range", statusReq(orderID(1), 6, "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, tok := orderFixture(t)
			res := f.xmlCall(opOrderStatusChange, tok, tt.body)
			assert.Equal(t, http.StatusBadRequest, res.status)
			assert.Equal(t, codeChangeParam, parseTree(t, res.body).text("Code"))
			o, _ := f.srv.Order(orderID(1))
			assert.False(t, o.IsSeen, "a refused change does not mark the order seen")
			assert.Equal(t, 1, o.Version)
		})
	}
}

func TestOrderStatusChangeRecordsTheChange(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t)
	f.srv.Advance(time.Minute)
	res := f.xmlCall(opOrderStatusChange, tok, statusReq(orderID(2), StatusCancelled, cancelReason))
	require.Equal(t, http.StatusOK, res.status, res.body)
	root := parseTree(t, res.body)
	assert.Equal(t, "ResultSet(Result(Status))", shape(root))
	assert.Equal(t, "OK", root.text("Result", "Status"))
	o, _ := f.srv.Order(orderID(2))
	assert.Equal(t, StatusCancelled, o.Status)
	assert.Equal(t, 220, o.CancelReason)
	assert.True(t, o.IsSeen, "any change sets IsSeen")
	assert.Equal(t, 2, o.Version)
	assert.Equal(t, DefaultNow.Add(time.Minute), o.LastUpdateTime)
}

func TestReopenedOrderCompletesItself180DaysAfterFirstCompletion(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t)
	require.Equal(t, http.StatusOK, f.xmlCall(opOrderStatusChange, tok, statusReq(orderID(1), StatusCompleted, "")).status)
	completed := f.srv.Now()
	f.srv.Advance(24 * time.Hour)
	tok = f.exchange().AccessToken
	require.Equal(t, http.StatusOK, f.xmlCall(opOrderStatusChange, tok, statusReq(orderID(1), StatusProcessing, "")).status)
	f.srv.SetNow(completed.Add(ReopenedAutoComplete - time.Second))
	o, _ := f.srv.Order(orderID(1))
	assert.Equal(t, StatusProcessing, o.Status)
	f.srv.Advance(time.Second)
	o, _ = f.srv.Order(orderID(1))
	assert.Equal(t, StatusCompleted, o.Status)
	assert.Equal(t, completed.Add(ReopenedAutoComplete), o.LastUpdateTime)
}
