package market_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mallkit/mallkit/examples/fakemalls/market"
)

// Two malls sell the last unit of the same SKU: each sells what it shows.
func Example() {
	seed, err := market.ParseSeed([]byte(`{"version":1,"now":"2026-01-05 10:00:00",
	  "rakuten":{"shops":[{"name":"sakuragama","licenses":[{"service_secret":"SP387654_x","license_key":"SL387654_x"}]}]},
	  "ponpare":{"accounts":[{"shop_url":"sakuragama","user_id":"u","password":"p"}]},
	  "catalog":{"skus":[{"sku":"mino-mug-ai","on_hand":1}],
	    "listings":[{"channel":"rakuten/sakuragama","item":"mino-mug/mino-mug-ai","parts":[{"sku":"mino-mug-ai","units":1}]},
	                {"channel":"ponpare/sakuragama","item":"MINOMUG:AI","parts":[{"sku":"mino-mug-ai","units":1}]}]}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := market.Start(context.Background(), market.Config{Seed: seed, Manual: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer m.Close()

	order, err := m.Buy("rakuten/sakuragama", "mino-mug/mino-mug-ai", 1)
	fmt.Println(order, err)
	_, err = m.Buy("rakuten/sakuragama", "mino-mug/mino-mug-ai", 1)
	fmt.Println(errors.Is(err, market.ErrSoldOut))
	order, err = m.Buy("ponpare/sakuragama", "MINOMUG:AI", 1)
	fmt.Println(order != "", err, "(the oversell an engine prevents)")

	_ = m.Step(m.Now().Add(10 * time.Minute))
	fmt.Println(m.Cancel("rakuten/sakuragama", "387654-20260105-0000000001"))
	fmt.Println(m.Stock()["rakuten/sakuragama"])
	// Output:
	// 387654-20260105-0000000001 <nil>
	// true
	// true <nil> (the oversell an engine prevents)
	// <nil>
	// map[mino-mug/mino-mug-ai:1]
}
