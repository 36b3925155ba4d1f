package ponpare_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/ponpare"
	"github.com/mallkit/mallkit/ponpare/ponparetest"
)

func TestChangeOrderStatusQueuesAndNamesRefusedOrders(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.AddOrder(seedOrder("pm-1", "2026/01/02 09:00:00", ponpare.StatusNew))
	c := newClient(t, srv.URL, orderCreds)
	res, err := c.ChangeOrderStatus(context.Background(), []ponpare.StatusChange{
		{OrderNumber: "pm-1", Status: ponpare.StatusAwaitingShipment},
		{OrderNumber: "pm-404", Status: ponpare.StatusDone},
	})
	require.NotNil(t, res)
	assert.Equal(t, int64(1), res.RequestID)
	assert.Equal(t, []string{"pm-1"}, res.AcceptedNumbers)
	var be *ponpare.BatchError
	require.ErrorAs(t, err, &be)
	assert.True(t, be.Failed("pm-404"))
	assert.False(t, be.Failed("pm-1"))
	assert.Equal(t, ponparetest.ErrCodeOrderNotFound, be.Failures[0].Code)

	numbers, err := c.GetOrderNumbers(context.Background(), ponpare.OrderSearchCond{
		From: january.From, To: january.To, Statuses: []string{ponpare.StatusAwaitingShipment}})
	require.NoError(t, err)
	assert.Equal(t, []string{"pm-1"}, numbers, "the change took effect")
}

func TestChangeOrderStatusRefusesBadInputBeforeSending(t *testing.T) {
	t.Parallel()
	c := newClient(t, "http://127.0.0.1:1/never", orderCreds)
	for _, changes := range [][]ponpare.StatusChange{nil, {{Status: ponpare.StatusDone}}, {{OrderNumber: "pm-1", Status: "発送済"}}} {
		_, err := c.ChangeOrderStatus(context.Background(), changes)
		require.ErrorIs(t, err, ponpare.ErrInvalidInput)
	}
}
