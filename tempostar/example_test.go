package tempostar_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/mallkit/mallkit/tempostar"
)

// Example uploads an order file and then receives a stock file, against an
// in-process FTPS server standing in for TEMPOSTAR.
func Example() {
	root, _ := os.MkdirTemp("", "tempostar-example")
	defer os.RemoveAll(root)
	srv, stop, err := launchServer(root, tempostar.ExplicitTLS)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	cfg := srv.Config // Host, Port, User, Password, TLS: ExplicitTLS, TLSConfig, ShopCode "demo01"

	ctx := context.Background()
	c, err := tempostar.Dial(ctx, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()

	name, err := c.UploadOrders(ctx, []tempostar.OrderRow{{
		ShopOrderNumber: tempostar.ShopOrderNumber(cfg.ShopCode, "1001"),
		OrderedAt:       time.Date(2026, 11, 23, 9, 0, 0, 0, time.FixedZone("JST", 9*3600)),
		OrdererName:     "山田 太郎",
		ItemCode:        "SOFA-001", ItemName: "ソファ", Quantity: 1, UnitPriceInclTax: 8800,
	}})
	fmt.Println(strings.HasPrefix(name, "order/order"), err)

	// TEMPOSTAR drops a stock file into the stock folder.
	_ = os.WriteFile(srv.Path("stock/stock20261123093000_utf8.csv"), []byte("商品コード,想定在庫数\r\nSOFA-001,4\r\n"), 0o644)

	n, err := c.Receive(ctx, tempostar.KindStock, func(name string, r io.Reader) error {
		recs, err := tempostar.ReadStockWith(r, tempostar.WithFileName(name))
		for _, rec := range recs {
			fmt.Println(name, rec.Code, rec.Quantity)
		}
		return err
	})
	fmt.Println(n, err)
	// Output:
	// true <nil>
	// stock/stock20261123093000_utf8.csv SOFA-001 4
	// 1 <nil>
}

func ExampleReadStock() {
	recs, err := tempostar.ReadStock(strings.NewReader("A-001,5\r\nB-002,0\r\n"))
	fmt.Println(recs, err)
	// Output: [A-001=5 B-002=0] <nil>
}

func ExampleFileName() {
	name := tempostar.FileName(tempostar.KindStock, time.Date(2026, 11, 23, 0, 30, 0, 0, time.UTC), tempostar.EncodingUTF8)
	fmt.Println(name[:len("stock20261123093000")], strings.HasSuffix(name, "_utf8.csv"))
	// Output: stock20261123093000 true
}
