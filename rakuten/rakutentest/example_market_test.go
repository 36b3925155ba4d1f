package rakutentest_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

// A buyer orders what the shop shows; the last unit cannot be sold twice,
// and a buyer may cancel within 30 minutes of ordering.
func ExampleServer_Buy() {
	srv := rakutentest.NewServer()
	defer srv.Close()
	srv.AddShop(rakutentest.Shop{ID: "123456", URL: "myshop"})
	_ = srv.SetShown("myshop", "tshirt/red-m", 1)
	_ = srv.SetUnitPrice("myshop", "tshirt/red-m", 1980)

	n, err := srv.Buy(rakutentest.Buy{Shop: "myshop", Item: "tshirt/red-m", Units: 1})
	fmt.Println(n, err, srv.Shown("myshop"))

	_, err = srv.Buy(rakutentest.Buy{Shop: "myshop", Item: "tshirt/red-m", Units: 1})
	var soldOut *rakutentest.SoldOutError
	fmt.Println(errors.As(err, &soldOut), soldOut.Shown)

	srv.Advance(31 * time.Minute)
	err = srv.CancelByBuyer("myshop", n)
	fmt.Println(errors.Is(err, rakutentest.ErrNotOpen))
	fmt.Println(srv.CancelByMall("myshop", n), srv.Shown("myshop"), srv.MarketOrders("myshop")[0].Status)
	// Output:
	// 123456-20260105-0000000001 <nil> map[tshirt/red-m:0]
	// true 0
	// true
	// <nil> map[tshirt/red-m:1] canceled
}
