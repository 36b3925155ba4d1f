package fakemall_test

import (
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/ponpare/ponparetest"
	"github.com/mallkit/mallkit/rakuten/rakutentest"
	"github.com/mallkit/mallkit/yahoo/yahootest"
)

// TestLastUnitOnEveryMallAtOnce is the oversell a sync engine exists to
// prevent: the same SKU shows its last units on three malls, buyers rush
// every mall at the same moment, and since the malls do not know about
// each other each sells exactly what it shows.
func TestLastUnitOnEveryMallAtOnce(t *testing.T) {
	const shown, buyersPerMall = 2, 12

	rk := rakutentest.NewServer()
	t.Cleanup(rk.Close)
	rk.AddShop(rakutentest.Shop{ID: "123456", URL: "rshop"})
	require.NoError(t, rk.SetShown("rshop", "sku-1/std", shown))

	key, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	yh := yahootest.NewServer()
	t.Cleanup(yh.Close)
	yh.AddSeller(yahootest.Seller{ID: "ystore", ClientID: "app", PrivateKey: key})
	require.NoError(t, yh.SetShown("ystore", "sku-1", shown))

	pp := ponparetest.NewServer()
	t.Cleanup(pp.Close)
	require.NoError(t, pp.SetShown("pshop", "sku-1", shown))

	malls := map[string]func() error{
		"rakuten": func() error {
			_, err := rk.Buy(rakutentest.Buy{Shop: "rshop", Item: "sku-1/std", Units: 1})
			return err
		},
		"yahoo": func() error {
			_, err := yh.Buy(yahootest.Buy{Shop: "ystore", Item: "sku-1", Units: 1})
			return err
		},
		"ponpare": func() error {
			_, err := pp.Buy(ponparetest.Buy{Shop: "pshop", Item: "sku-1", Units: 1})
			return err
		},
	}
	soldOut := map[string]error{"rakuten": rakutentest.ErrSoldOut, "yahoo": yahootest.ErrSoldOut, "ponpare": ponparetest.ErrSoldOut}
	sold := map[string]*atomic.Int32{}
	for name := range malls {
		sold[name] = &atomic.Int32{}
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for name, buy := range malls {
		for range buyersPerMall {
			wg.Go(func() {
				<-start
				err := buy()
				switch {
				case err == nil:
					sold[name].Add(1)
				case !errors.Is(err, soldOut[name]):
					t.Errorf("%s: %v", name, err)
				}
			})
		}
	}
	close(start)
	wg.Wait()
	for name, n := range sold {
		assert.EqualValues(t, shown, n.Load(), name)
	}
	assert.Equal(t, 0, rk.Shown("rshop")["sku-1/std"])
	assert.Equal(t, 0, yh.Shown("ystore")["sku-1"])
	assert.Equal(t, 0, pp.Shown("pshop")["sku-1"])
	assert.Len(t, rk.MarketOrders("rshop"), shown)
	assert.Len(t, yh.MarketOrders("ystore"), shown)
	assert.Len(t, pp.MarketOrders("pshop"), shown)
}
