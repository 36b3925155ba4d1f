package engine

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten/rakutentest"
	"github.com/mallkit/mallkit/stock"
)

// A System Event Notification for a configured shop triggers its poll at
// once; one for another shop or with a wrong key is refused.
func TestNotificationTriggersThePoll(t *testing.T) {
	rules := DefaultImportRules()
	a := newShop(t, "shopa", rules)
	h := newHarness(t, harnessOpts{channels: []Channel{a.ch},
		listings: []stock.Listing{listing("rakuten/shopa", "tee/m", "TEE-M")}, rules: rules, now: a.srv.Now})
	handler, err := NewNotificationHandler(h.eng, "notify-key", nil)
	require.NoError(t, err)
	srv := httptest.NewServer(handler)
	defer srv.Close()
	a.order("100001-20260105-0000000001", time.Minute, "tee", "m", 1)
	ctx := context.Background()

	n := a.srv.OrderNotificationFor(rakutentest.NotificationAuth{ShopURL: "shopa", AuthKey: "notify-key"}, "100001-20260105-0000000001")
	code, err := rakutentest.PostOrderNotification(ctx, nil, srv.URL, n)
	require.NoError(t, err)
	require.Equal(t, rakutentest.NotifyOK, code)
	require.Equal(t, []string{"rakuten/shopa"}, h.sched.polls)

	n = a.srv.OrderNotificationFor(rakutentest.NotificationAuth{ShopURL: "othershop", AuthKey: "notify-key"}, "100001-20260105-0000000001")
	code, err = rakutentest.PostOrderNotification(ctx, nil, srv.URL, n)
	require.NoError(t, err)
	require.NotEqual(t, rakutentest.NotifyOK, code)

	n = a.srv.OrderNotificationFor(rakutentest.NotificationAuth{ShopURL: "shopa", AuthKey: "wrong"}, "100001-20260105-0000000001")
	code, err = rakutentest.PostOrderNotification(ctx, nil, srv.URL, n)
	require.NoError(t, err)
	require.NotEqual(t, rakutentest.NotifyOK, code)
	require.Len(t, h.sched.polls, 1)
}
