package yahoo_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/mallkit/mallkit/yahoo"
	"github.com/mallkit/mallkit/yahoo/yahootest"
)

// exampleFake starts a fake store with one seller; in production the
// Config comes from ストアクリエイターPro and the YConnect application page.
func exampleFake() (*yahootest.Server, yahoo.Config) {
	srv := yahootest.NewServer()
	srv.AddSeller(yahootest.Seller{ID: "snbx-example", ClientID: "app-id", ClientSecret: "app-secret", RedirectURL: "https://app.example/cb", KeyVersion: 1, PrivateKey: sharedKey()})
	return srv, yahoo.Config{
		SellerID: "snbx-example", ClientID: "app-id", ClientSecret: "app-secret", RedirectURL: "https://app.example/cb",
		PublicKeyPEM: srv.PublicKeyPEM("snbx-example"), KeyVersion: 1, PublicKeyIssued: srv.Now(),
	}
}

// The authorization-code flow once, with the token kept in a file so the
// next run of the program does not need the seller again.
func ExampleClient_Exchange() {
	srv, cfg := exampleFake()
	defer srv.Close()
	dir, _ := os.MkdirTemp("", "yahoo-example")
	defer os.RemoveAll(dir)
	store := yahoo.NewFileTokenStore(filepath.Join(dir, "token.json"))
	ctx := context.Background()

	cli, err := yahoo.NewClient(cfg, yahoo.WithBaseURL(srv.StoreURL()), yahoo.WithAuthURL(srv.AuthURL()),
		yahoo.WithTokenStore(store), yahoo.WithClock(srv.Now))
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = cli.AuthCodeURL("random-state") // send the seller here; Yahoo redirects back with ?code=...&state=...
	code := srv.Authorize(cfg.ClientID, cfg.RedirectURL, "random-state")
	if err := cli.Exchange(ctx, code); err != nil {
		fmt.Println(err)
		return
	}

	// A later run: a new client finds the token in the file.
	later, _ := yahoo.NewClient(cfg, yahoo.WithBaseURL(srv.StoreURL()), yahoo.WithAuthURL(srv.AuthURL()),
		yahoo.WithTokenStore(yahoo.NewFileTokenStore(filepath.Join(dir, "token.json"))), yahoo.WithClock(srv.Now))
	due, err := later.ReauthorizationDue(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	info, _ := os.Stat(filepath.Join(dir, "token.json"))
	fmt.Println("token file mode:", info.Mode().Perm())
	fmt.Println("re-authorize by:", due.Format(time.DateTime))
	fmt.Println(cfg)
	// Output:
	// token file mode: -rw-------
	// re-authorize by: 2026-02-02 10:00:00
	// yahoo.Config{SellerID:"snbx-example" ClientID:"app-id" ClientSecret:[REDACTED] RedirectURL:"https://app.example/cb" PublicKeyPEM:[REDACTED] KeyVersion:1 PublicKeyIssued:2026-01-05}
}

// Search new orders, read one in full and report its shipment.
func ExampleClient_SearchOrders() {
	srv, cfg := exampleFake()
	defer srv.Close()
	ctx := context.Background()
	orderedAt := srv.Now().Add(-2 * time.Hour)
	srv.AddOrder(yahootest.NewOrder("snbx-example", "snbx-example-10000001", orderedAt,
		yahootest.Item{ItemID: "tshirt", SubCode: "red-m", Title: "Tシャツ 赤 M", Quantity: 2, UnitPrice: 1980}))

	cli, _ := yahoo.NewClient(cfg, yahoo.WithBaseURL(srv.StoreURL()), yahoo.WithAuthURL(srv.AuthURL()), yahoo.WithClock(srv.Now))
	if err := cli.Exchange(ctx, srv.Authorize(cfg.ClientID, cfg.RedirectURL, "s")); err != nil {
		fmt.Println(err)
		return
	}
	unseen := false
	for summary, err := range cli.SearchOrders(ctx, yahoo.OrderQuery{Start: srv.Now().Add(-24 * time.Hour), End: srv.Now(), IsSeen: &unseen}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		o, err := cli.GetOrder(ctx, summary.ID)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(o.ID, o.Status, o.OrderedAt.Format(time.DateTime), o.Detail.TotalPrice)
		for _, it := range o.Items {
			fmt.Println(" ", it.LineID, it.ItemID, it.SubCode, it.Quantity, it.UnitPrice)
		}
		_, err = cli.ChangeShipStatus(ctx, yahoo.ShipStatusChange{
			OrderID: o.ID, Status: yahoo.ShipShipped, CompanyCode: yahoo.YamatoShipCompanyCode,
			InvoiceNumber1: "1234-5678-9012", ShippedOn: srv.Now(),
		})
		if err != nil {
			fmt.Println(err)
			return
		}
		o, _ = cli.GetOrder(ctx, o.ID)
		fmt.Println("shipped:", o.Ship.Status == yahoo.ShipShipped, o.Ship.InvoiceNumber1, o.Ship.ShippedOn.Format(time.DateOnly))
	}
	// Output:
	// snbx-example-10000001 処理中 2026-01-05 08:00:00 3960
	//   1 tshirt red-m 2 1980
	// shipped: true 1234-5678-9012 2026-01-05
}

// Push absolute stock quantities; a line Yahoo refuses is named while the
// others apply.
func ExampleClient_SetStock() {
	srv, cfg := exampleFake()
	defer srv.Close()
	ctx := context.Background()
	srv.SetStock("snbx-example", "tshirt", "red-m", 5, false)
	srv.SetStock("snbx-example", "mug", "", 1, false)

	cli, _ := yahoo.NewClient(cfg, yahoo.WithBaseURL(srv.StoreURL()), yahoo.WithAuthURL(srv.AuthURL()), yahoo.WithClock(srv.Now))
	if err := cli.Exchange(ctx, srv.Authorize(cfg.ClientID, cfg.RedirectURL, "s")); err != nil {
		fmt.Println(err)
		return
	}
	err := cli.SetStock(ctx, []yahoo.StockUpdate{
		{ItemCode: "tshirt", SubCode: "red-m", Quantity: 12},
		{ItemCode: "discontinued", Quantity: 3},
		{ItemCode: "mug", Quantity: 0},
	})
	fmt.Println(err)
	stock, _ := cli.GetStock(ctx, []string{"tshirt:red-m", "mug"})
	for _, s := range stock {
		fmt.Println(s.ItemCode, s.SubCode, s.Quantity)
	}
	// Output:
	// yahoo: setStock: 1 of 3 items failed: item 2 (discontinued): st-99001 item_code(discontinued) does not exist.
	// tshirt red-m 12
	// mug  0
}

// Poll new orders by publication time (orders held for fraud screening
// appear after their order time) and mark each one seen inside the loop:
// the iterator still yields every order that matched when it began.
func ExampleClient_MarkSeen() {
	srv, cfg := exampleFake()
	defer srv.Close()
	ctx := context.Background()
	for i, ago := range []time.Duration{3 * time.Hour, 20 * time.Minute} {
		srv.AddOrder(yahootest.NewOrder("snbx-example", fmt.Sprintf("snbx-example-1000000%d", i+1), srv.Now().Add(-ago),
			yahootest.Item{ItemID: "mug", Quantity: 1, UnitPrice: 1200}))
	}
	cli, _ := yahoo.NewClient(cfg, yahoo.WithBaseURL(srv.StoreURL()), yahoo.WithAuthURL(srv.AuthURL()), yahoo.WithClock(srv.Now))
	if err := cli.Exchange(ctx, srv.Authorize(cfg.ClientID, cfg.RedirectURL, "s")); err != nil {
		fmt.Println(err)
		return
	}
	watermark := srv.Now().Add(-24 * time.Hour) // from the last successful poll
	const overlap = 5 * time.Minute
	now := srv.Now()
	unseen := false
	q := yahoo.OrderQuery{PublicationStart: watermark.Add(-overlap), PublicationEnd: now, IsSeen: &unseen, PageSize: 1}
	for o, err := range cli.SearchOrders(ctx, q) {
		if err != nil {
			fmt.Println(err)
			return
		}
		if _, err := cli.MarkSeen(ctx, o.ID); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("processed", o.ID, "published", o.PublishedAt.Format(time.TimeOnly))
	}
	fmt.Println("next watermark:", now.Format(time.DateTime)) // store it only now that the poll succeeded
	_, calls := cli.CallCount()
	fmt.Println("requests today:", calls)
	// Output:
	// processed snbx-example-10000001 published 07:00:00
	// processed snbx-example-10000002 published 09:40:00
	// next watermark: 2026-01-05 10:00:00
	// requests today: 4
}
