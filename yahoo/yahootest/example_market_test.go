package yahootest_test

import (
	"fmt"

	"github.com/mallkit/mallkit/yahoo/yahootest"
)

// A buyer orders what the store shows; a bank-transfer order waits unpaid
// and cannot be shipped until the money arrives.
func ExampleServer_Buy() {
	srv := yahootest.NewServer()
	defer srv.Close()
	srv.AddSeller(yahootest.Seller{ID: "mystore", ClientID: "app", PrivateKey: mkKey()})
	_ = srv.SetShown("mystore", "tshirt:red-m", 2)

	id, err := srv.Buy(yahootest.Buy{Shop: "mystore", Item: "tshirt:red-m", Units: 1, Payment: yahootest.PaymentBankTransfer})
	o, _ := srv.Order(id)
	fmt.Println(id, err, srv.Shown("mystore"), o.Pay.Status, o.Ship.Status)
	_ = srv.MarkPaid("mystore", id)
	o, _ = srv.Order(id)
	fmt.Println(o.Pay.Status, o.Ship.Status)
	// Output:
	// mystore-10000001 <nil> map[tshirt:red-m:1] 0 0
	// 1 1
}
