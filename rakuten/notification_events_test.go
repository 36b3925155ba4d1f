package rakuten_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/jst"
	"github.com/mallkit/mallkit/rakuten"
)

func TestScreeningEventsAreTyped(t *testing.T) {
	t.Parallel()
	var got *rakuten.Notification
	h, err := rakuten.NewNotificationHandler("shared-key", func(_ context.Context, n *rakuten.Notification) error {
		got = n
		return nil
	}, nil)
	require.NoError(t, err)
	body := `<notifyModel><authModel><contractId>C1</contractId><shopUrl>https://www.rakuten.co.jp/mallkit/</shopUrl><authKey>shared-key</authKey></authModel>` +
		event("r-1", "5000", "123456-20260105-0000000001", "1") +
		event("r-2", "5000", "123456-20260105-0000000002", "2") +
		event("r-3", "5000", "123456-20260105-0000000003", "3") +
		event("r-4", "5100", "123456-20260105-0000000004", "1") +
		event("r-5", "5000", "123456-20260105-0000000005", "7") +
		`</notifyModel>`
	status, reply := notify(t, h, "POST", body)
	require.Equal(t, 200, status)
	require.Contains(t, reply, rakuten.NotifyOK)
	require.NotNil(t, got)
	assert.Equal(t, "mallkit", got.ShopURL, "the shop URL is normalized")
	assert.Equal(t, "https://www.rakuten.co.jp/mallkit/", got.RawShopURL)
	rs, err := got.ScreeningResults()
	require.Error(t, err, "notificationType 7 is not understood")
	assert.Contains(t, err.Error(), "123456-20260105-0000000005")
	require.Len(t, rs, 3)
	assert.Equal(t, rakuten.ShippingInstructed, rs[0].Kind)
	assert.Equal(t, rakuten.CancelledByRakuten, rs[1].Kind)
	assert.Equal(t, rakuten.ShippingInstructionWithdrawn, rs[2].Kind)
	assert.Equal(t, "123456-20260105-0000000003", rs[2].OrderNumber)
	assert.True(t, rs[0].OccurredAt.Equal(time.Date(2026, 1, 5, 10, 0, 0, 0, jst.Location)))
	_, ok, _ := got.Events[3].ScreeningResult()
	assert.False(t, ok, "5100:1100 is another event")
}

func TestScreeningEventValuesByPosition(t *testing.T) {
	t.Parallel()
	e := rakuten.SystemEvent{ServiceID: "5000", FunctionID: "1100", Values: []rakuten.EventValue{
		{Value: "123456-20260105-0000000001"}, {Value: "3"}, {Value: "2026/01/05 10:00:00"}}}
	r, ok, err := e.ScreeningResult()
	require.True(t, ok)
	require.NoError(t, err)
	assert.Equal(t, rakuten.ShippingInstructionWithdrawn, r.Kind)
	assert.Equal(t, "123456-20260105-0000000001", r.OrderNumber)
}

func event(id, service, order, typ string) string {
	return strings.NewReplacer("ID", id, "SVC", service, "ORDER", order, "TYPE", typ).Replace(
		`<notifyInfoModel><requestId>ID</requestId><serviceId>SVC</serviceId><functionId>1100</functionId>` +
			`<value1 name="orderNumber">ORDER</value1><value2 name="notificationType">TYPE</value2><value3 name="occurrenceDatetime">2026-01-05 10:00:00</value3></notifyInfoModel>`)
}
