package yahoo_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/yahoo"
)

func TestConditionAndChangeNamesCannotInjectMarkup(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, fakeOptions{authorize: true})
	before := len(f.srv.Requests())
	for _, name := range []string{"", "IsSeen><OrderStatus>5</OrderStatus><X", "Ship Status", "1abc", "名前", "a/b"} {
		_, err := f.cli.SearchOrdersPage(ctx, yahoo.OrderQuery{OrderID: orderID("10000001"), Conditions: []yahoo.Condition{{Name: name, Value: "1"}}}, 1)
		var ve *yahoo.ValidationError
		require.ErrorAs(t, err, &ve, "condition %q", name)
		assert.ErrorIs(t, err, yahoo.ErrInvalidInput)
		assert.Equal(t, 0, ve.Index)

		_, err = f.cli.OrderChange(ctx, yahoo.OrderUpdate{OrderID: orderID("10000001"), Ship: []yahoo.RawField{{Name: "ShipLastName", Attrs: []yahoo.Attr{{Name: name, Value: "x"}}}}})
		assert.ErrorIs(t, err, yahoo.ErrInvalidInput, "attribute %q", name)
		_, err = f.cli.OrderChange(ctx, yahoo.OrderUpdate{OrderID: orderID("10000001"), Pay: []yahoo.RawField{{Name: "BillLastName"}, {Name: name}}})
		assert.ErrorIs(t, err, yahoo.ErrInvalidInput, "element %q", name)
	}
	assert.Len(t, f.srv.Requests(), before, "nothing was sent")

	// Values are escaped, never refused.
	_, err := f.cli.SearchOrdersPage(ctx, yahoo.OrderQuery{OrderID: orderID("10000001"), Conditions: []yahoo.Condition{{Name: "StoreStatus", Value: "1</StoreStatus><OrderStatus>5"}}}, 1)
	assert.NotErrorIs(t, err, yahoo.ErrInvalidInput)
	body := string(f.lastRequest(t, "orderList").Body)
	assert.Contains(t, body, "1&lt;/StoreStatus&gt;&lt;OrderStatus&gt;5")
}
