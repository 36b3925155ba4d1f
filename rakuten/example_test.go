package rakuten_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mallkit/mallkit/rakuten"
	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

// Search the last week's new orders, read them, and confirm them.
func Example_searchGetConfirm() {
	srv := rakutentest.NewServer()
	defer srv.Close()
	srv.AddLicense(rakutentest.License{ServiceSecret: "SP123456_secret", LicenseKey: "SL123456_key"})
	now := srv.Now()
	srv.AddOrder(rakutentest.NewOrder("123456-20260104-0000000001", now.Add(-26*time.Hour),
		rakutentest.Item{ItemID: 10000001, ManageNumber: "tshirt-01", ItemNumber: "tshirt-01", Name: "Tシャツ", Price: 1650, Units: 2, VariantID: "red-m"}))
	srv.AddOrder(rakutentest.NewOrder("123456-20260105-0000000002", now.Add(-2*time.Hour),
		rakutentest.Item{ItemID: 10000002, ManageNumber: "mug-01", ItemNumber: "mug-01", Name: "マグカップ", Price: 1200, Units: 1, VariantID: "white"}))

	c, err := rakuten.NewClient(rakuten.Credentials{ServiceSecret: "SP123456_secret", LicenseKey: "SL123456_key"},
		rakuten.WithBaseURL(srv.URL), rakuten.WithClock(srv.Now),
		rakuten.WithRateLimit(20, 1)) // the fake is local; RMS gets the default 1/s
	if err != nil {
		panic(err)
	}
	ctx := context.Background()

	var numbers []string
	for n, err := range c.SearchOrders(ctx, rakuten.OrderQuery{
		DateType: rakuten.DateOrdered,
		Start:    now.Add(-7 * 24 * time.Hour),
		End:      now,
		Progress: []rakuten.Progress{rakuten.ProgressAwaitingConfirmation},
	}) {
		if err != nil {
			panic(err)
		}
		numbers = append(numbers, n)
	}

	orders, err := c.GetOrders(ctx, numbers)
	if err != nil {
		panic(err)
	}
	for _, o := range orders {
		it := o.Packages[0].Items[0]
		fmt.Printf("%s %s: %s %s x%d @%d\n", o.Number, o.Progress, it.ManageNumber, it.SKUs[0].VariantID, it.Units, it.Price)
	}

	if err := c.ConfirmOrders(ctx, numbers); err != nil {
		var be *rakuten.BatchError
		if errors.As(err, &be) {
			fmt.Println("refused:", be.Failures)
		}
		panic(err)
	}
	o, _ := srv.Order(numbers[0])
	fmt.Println("after confirm:", rakuten.Progress(o.Progress))
	// Output:
	// 123456-20260104-0000000001 awaiting confirmation (注文確認待ち): tshirt-01 red-m x2 @1650
	// 123456-20260105-0000000002 awaiting confirmation (注文確認待ち): mug-01 white x1 @1200
	// after confirm: Rakuten processing (楽天処理中)
}

// Push absolute stock quantities and read them back.
func Example_stockPush() {
	srv := rakutentest.NewServer()
	defer srv.Close()
	srv.AddLicense(rakutentest.License{ServiceSecret: "SP123456_secret", LicenseKey: "SL123456_key"})

	c, err := rakuten.NewClient(rakuten.Credentials{ServiceSecret: "SP123456_secret", LicenseKey: "SL123456_key"},
		rakuten.WithBaseURL(srv.URL), rakuten.WithRateLimit(20, 1))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	err = c.SetInventories(ctx, []rakuten.InventoryUpdate{
		{ManageNumber: "tshirt-01", VariantID: "red-m", Quantity: 12},
		{ManageNumber: "tshirt-01", VariantID: "red-l", Quantity: 0},
	})
	if err != nil {
		panic(err)
	}
	inv, err := c.GetInventories(ctx, []rakuten.VariantKey{{ManageNumber: "tshirt-01", VariantID: "red-m"}, {ManageNumber: "tshirt-01", VariantID: "red-l"}})
	if err != nil {
		panic(err)
	}
	for _, i := range inv {
		fmt.Printf("%s/%s: %d\n", i.ManageNumber, i.VariantID, i.Quantity)
	}
	q, _ := srv.Inventory("tshirt-01", "red-m")
	fmt.Println("fake holds", q)
	// Output:
	// tshirt-01/red-m: 12
	// tshirt-01/red-l: 0
	// fake holds 12
}

// Check how long the license key has left.
func ExampleClient_LicenseStatus() {
	srv := rakutentest.NewServer()
	defer srv.Close()
	expiry := time.Date(2026, 1, 10, 23, 59, 59, 0, time.FixedZone("JST", 9*3600))
	srv.AddLicense(rakutentest.License{ServiceSecret: "SP123456_secret", LicenseKey: "SL123456_key", Expiry: expiry})

	c, _ := rakuten.NewClient(rakuten.Credentials{ServiceSecret: "SP123456_secret", LicenseKey: "SL123456_key"},
		rakuten.WithBaseURL(srv.URL), rakuten.WithClock(srv.Now))
	st, err := c.LicenseStatus(context.Background())
	if err != nil {
		panic(err)
	}
	fmt.Println(st.Expiry.Format(time.DateTime), st.DaysLeft, st.Warn)
	// Output:
	// 2026-01-10 23:59:59 5 true
}

func ExampleNormalizeShopURL() {
	for _, s := range []string{"https://www.rakuten.co.jp/mallkit/", "https://www.rakuten.ne.jp/gold/mallkit/", "mallkit"} {
		name, _ := rakuten.NormalizeShopURL(s)
		fmt.Println(name)
	}
	_, err := rakuten.NormalizeShopURL("https://item.rakuten.co.jp/mallkit/tshirt-01/")
	fmt.Println(errors.Is(err, rakuten.ErrShopURL))
	// Output:
	// mallkit
	// mallkit
	// mallkit
	// true
}

// Confirm every new order while iterating, 100 at a time, holding back
// orders younger than 30 minutes that their buyers may still cancel.
// Confirming moves orders out of the search under the iterator; SearchOrders
// reads a window's numbers before yielding them, so none is skipped.
func ExampleClient_SearchOrders_confirmWhileIterating() {
	srv := rakutentest.NewServer()
	defer srv.Close()
	srv.AddLicense(rakutentest.License{ServiceSecret: "SP123456_secret", LicenseKey: "SL123456_key"})
	now := srv.Now()
	for i := range 250 {
		srv.AddOrder(rakutentest.NewOrder(fmt.Sprintf("123456-20260105-%010d", i+1), now.Add(-time.Duration(i+31)*time.Minute),
			rakutentest.Item{ItemID: 1, ManageNumber: "mug-01", Name: "マグカップ", Price: 1200, Units: 1, VariantID: "white"}))
	}
	srv.AddOrder(rakutentest.NewOrder("123456-20260105-0000009999", now.Add(-5*time.Minute),
		rakutentest.Item{ItemID: 1, ManageNumber: "mug-01", Name: "マグカップ", Price: 1200, Units: 1, VariantID: "white"}))

	c, err := rakuten.NewClient(rakuten.Credentials{ServiceSecret: "SP123456_secret", LicenseKey: "SL123456_key"},
		rakuten.WithBaseURL(srv.URL), rakuten.WithClock(srv.Now), rakuten.WithRateLimit(50, 1))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	q := rakuten.OrderQuery{DateType: rakuten.DateOrdered, Start: now.Add(-7 * 24 * time.Hour), End: now,
		Progress: []rakuten.Progress{rakuten.ProgressAwaitingConfirmation}, Hold: rakuten.DefaultHold}
	var batch []string
	confirmed := 0
	flush := func() {
		err := c.ConfirmOrders(ctx, batch)
		var be *rakuten.BatchError
		switch {
		case errors.As(err, &be):
			confirmed += len(batch) - len(be.Failures) // every order not listed was confirmed
		case err != nil:
			panic(err)
		default:
			confirmed += len(batch)
		}
		batch = nil
	}
	for n, err := range c.SearchOrders(ctx, q) {
		if err != nil {
			panic(err)
		}
		if batch = append(batch, n); len(batch) == rakuten.MaxOrdersPerCall {
			flush()
		}
	}
	flush()
	fmt.Println("confirmed:", confirmed)
	// Output:
	// confirmed: 250
}
