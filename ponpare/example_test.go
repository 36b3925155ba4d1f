package ponpare_test

import (
	"context"
	"fmt"

	"github.com/mallkit/mallkit/internal/jst"
	"github.com/mallkit/mallkit/ponpare"
	"github.com/mallkit/mallkit/ponpare/ponparetest"
)

// Reading an archive of orders: getOrderNo, then getOrderInfo in chunks.
func ExampleClient_Orders() {
	srv := ponparetest.NewServer()
	defer srv.Close()
	creds := ponpare.Credentials{ShopURL: "example-shop", UserID: "api-user", Password: "secret"}
	srv.AddAccount(creds)
	srv.AddOrder(ponpare.Order{Number: "pm-0001", OrderDateTime: "2024/05/30 12:00:00", Status: ponpare.StatusDone,
		Items: []ponpare.Item{{Name: "緑茶", ManageID: "tea-01", SalePrice: 980, Count: 3}}})

	c, err := ponpare.NewClient(creds, ponpare.WithEndpoint(srv.URL))
	if err != nil {
		panic(err)
	}
	cond := ponpare.OrderSearchCond{From: jst.Date(2024, 5, 1), To: jst.Date(2024, 6, 30)}
	for o, err := range c.Orders(context.Background(), cond) {
		if err != nil {
			panic(err)
		}
		fmt.Println(o.Number, o.Status, o.Items[0].ManageID, o.Items[0].Count)
	}
	fmt.Println(creds)
	// Output:
	// pm-0001 処理済み tea-01 3
	// ponpare.Credentials{ShopURL:"example-shop" UserID:"api-user" Password:[REDACTED]}
}
