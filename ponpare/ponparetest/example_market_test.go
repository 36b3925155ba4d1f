package ponparetest_test

import (
	"bytes"
	"fmt"

	//lint:ignore SA1019 the fake serves the deprecated package itself
	"github.com/mallkit/mallkit/ponpare"
	"github.com/mallkit/mallkit/ponpare/ponparetest"
)

// The shop's stock file sets what buyers see; a buyer's order lowers it.
func ExampleServer_Buy() {
	srv := ponparetest.NewServer()
	defer srv.Close()
	file, _ := ponpare.MarshalStockCSV([]ponpare.StockRow{{Code: "tea-01", Quantity: 3}})
	_ = srv.ApplyStockCSV("myshop", bytes.NewReader(file))

	n, err := srv.Buy(ponparetest.Buy{Shop: "myshop", Item: "tea-01", Units: 2})
	fmt.Println(n, err, srv.Shown("myshop"))
	fmt.Println(srv.Stats()["myshop"].Calls)
	// Output:
	// myshop-20260105-00000001 <nil> map[tea-01:1]
	// map[item.csv:1]
}
