package ponpare_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/mallkit/mallkit/internal/ftpx"
	"github.com/mallkit/mallkit/internal/ftpx/ftpxtest"
	"github.com/mallkit/mallkit/ponpare"
)

// Publishing stock through the FTPS bulk path, against an in-process FTPS
// server standing in for the mall.
func ExampleStockUploader_Upload() {
	root, _ := os.MkdirTemp("", "ponpare-stock")
	defer os.RemoveAll(root)
	srv, stop, err := ftpxtest.Launch(root, ftpx.ExplicitTLS)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()

	// The stock API's own credentials (在庫API), not the order API's.
	creds := ponpare.Credentials{ShopURL: "example-shop", UserID: ftpxtest.User, Password: ftpxtest.Password}
	u, err := ponpare.NewStockUploader(creds, ponpare.StockFTPConfig{
		Host: srv.Host, Port: srv.Port, // omit both for the mall's host (unverified)
		TLSConfig: srv.ClientTLSConfig(), Timeout: 10 * time.Second,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	rows := []ponpare.StockRow{{Code: "tea-01", Quantity: 12}, {Code: "tea-02", SubCode: "100g", Quantity: 0}}
	fmt.Println("upload:", u.Upload(ctx, rows))

	onServer, _ := os.ReadFile(srv.Path("item.csv"))
	fmt.Printf("%q\n", onServer)

	pending, err := u.Pending(ctx)
	fmt.Println("pending:", pending, err)
	err = u.Upload(ctx, rows)
	fmt.Println("again:", errors.Is(err, ponpare.ErrPreviousFileNotConsumed))
	// Output:
	// upload: <nil>
	// "code,sub-code,quantity,allow-overdraft\r\ntea-01,,12,0\r\ntea-02,100g,0,0\r\n"
	// pending: true <nil>
	// again: true
}
