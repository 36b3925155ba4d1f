package yahoo_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/yahoo"
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
