package yahoo_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/yahoo"
	"github.com/mallkit/mallkit/yahoo/yahootest"
)

func TestRateAndRetryErrorsNameThePackage(t *testing.T) {
	t.Parallel()
	cfg := yahoo.Config{SellerID: "store", ClientID: "cid", ClientSecret: "sec", RedirectURL: "https://app.example/cb"}
	cases := map[string]struct {
		opt  yahoo.Option
		want string
	}{
		"burst 0":       {yahoo.WithRateLimit(1, 0), "yahoo: rate limit burst 0, want >= 1"},
		"negative wait": {yahoo.WithRetry(3, time.Second, -time.Second), "yahoo: negative retry wait"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := yahoo.NewClient(cfg, tc.opt)
			require.EqualError(t, err, tc.want)
		})
	}
	_, err := yahoo.NewClient(cfg, yahoo.WithRateLimit(0, 0), yahoo.WithRetry(-1, 0, 0))
	require.NoError(t, err, "perSecond <= 0 turns the limit off, whatever the burst")
}

func TestDefaultListsAreCopies(t *testing.T) {
	t.Parallel()
	for name, list := range map[string]func() []string{
		"DefaultOrderInfoFields": yahoo.DefaultOrderInfoFields, "DefaultOrderListFields": yahoo.DefaultOrderListFields,
		"DefaultScopeList": yahoo.DefaultScopeList, "DefaultRestrictedOperationList": yahoo.DefaultRestrictedOperationList,
	} {
		a := list()
		require.NotEmpty(t, a, name)
		want := a[0]
		a[0] = "Changed"
		assert.Equal(t, want, list()[0], "%s hands out a copy", name)
	}
	// The deprecated variables are copies too: changing them changes
	// nothing the client sends.
	yahoo.OrderListFields[0] = "Broken"
	yahoo.OrderInfoFields[0] = "Broken"
	yahoo.DefaultScopes[0] = "broken"
	f := newFixture(t, fakeOptions{authorize: true})
	f.srv.AddOrder(yahootest.NewOrder(testSeller, orderID("10000001"), f.srv.Now().Add(-time.Hour), yahootest.Item{ItemID: "a", UnitPrice: 1}))
	_, err := f.cli.SearchOrdersPage(context.Background(), yahoo.OrderQuery{OrderID: orderID("10000001")}, 1)
	require.NoError(t, err)
	_, err = f.cli.GetOrder(context.Background(), orderID("10000001"))
	require.NoError(t, err)
	assert.Contains(t, f.cli.AuthCodeURL("s"), "scope=openid+profile")
}
