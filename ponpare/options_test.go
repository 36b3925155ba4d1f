package ponpare_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/ponpare"
)

func TestRateAndRetryErrorsNameThePackage(t *testing.T) {
	t.Parallel()
	endpoint := ponpare.WithEndpoint("https://127.0.0.1/")
	cases := map[string]struct {
		opt  ponpare.Option
		want string
	}{
		"burst 0":       {ponpare.WithRateLimit(1, 0), "ponpare: rate limit burst 0, want >= 1"},
		"negative wait": {ponpare.WithRetry(3, time.Second, -time.Second), "ponpare: negative retry wait"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := ponpare.NewClient(orderCreds, endpoint, tc.opt)
			require.EqualError(t, err, tc.want)
		})
	}
	_, err := ponpare.NewClient(orderCreds, endpoint, ponpare.WithRateLimit(0, 0), ponpare.WithRetry(-1, 0, 0))
	require.NoError(t, err, "perSecond <= 0 turns the limit off, whatever the burst")
}
