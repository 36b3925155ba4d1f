package ordercsv_test

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/mallkit/mallkit/ordercsv"
)

func ExampleReadOrders() {
	// A 楽天ペイ export, cut down to a few columns. Real files are CP932;
	// ReadOrders sniffs the encoding, so this UTF-8 text reads the same.
	file := strings.Join([]string{
		`"注文番号","注文日時","送付先ID","送付先姓","商品管理番号","SKU管理番号","単価","個数","送料合計"`,
		`"100-20240102-01","2024-01-02 03:04:05","1","佐藤","towel","towel-white","1100","2","-9999"`,
		`"100-20240102-01","2024-01-02 03:04:05","2","比嘉","towel","towel-pink","1100","1","-9999"`,
		`"100-20240102-02","2024/01/02 9:15","1","鈴木","bath","","2200","1","600"`,
	}, "\r\n")
	for o, err := range ordercsv.ReadOrders(strings.NewReader(file)) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(o.Layout, o.Number, o.OrderedAt.Format("2006-01-02 15:04 MST"), "shipping:", o.Amounts.Shipping)
		for _, l := range o.Lines {
			fmt.Printf("  %s x%d @%d to %s\n", l.StockCode(), l.Quantity, l.UnitPrice, o.Recipients[l.RecipientIndex].Name)
		}
	}
	// Output:
	// rakuten-pay 100-20240102-01 2024-01-02 03:04 JST shipping: unknown
	//   towel-white x2 @1100 to 佐藤
	//   towel-pink x1 @1100 to 比嘉
	// rakuten-pay 100-20240102-02 2024-01-02 09:15 JST shipping: 600
	//   bath x1 @2200 to 鈴木
}

func ExampleReadOrders_errors() {
	file := "店舗伝票番号,受注日,商品コード,受注数量\r\n" +
		"A,2024/01/01,x,1\r\n" +
		"B,2024/01/01,y,2個\r\n" +
		"A,2024/01/01,z,1\r\n"
	for o, err := range ordercsv.ReadOrders(strings.NewReader(file)) {
		fmt.Printf("%s (%d lines): %v\n", o.Number, len(o.Lines), err)
	}
	// Output:
	// A (1 lines): <nil>
	// B (1 lines): ordercsv: line 3, column "受注数量", order B, SKU y: value "2個": invalid syntax
	// A (1 lines): ordercsv: order A appears at line 2 and again at line 4 after other orders
}

func ExampleOrderBook() {
	first := "店舗伝票番号,受注日,商品コード,受注数量,備考\r\nA,2024/01/01,x,1,午前中希望\r\n"
	second := "店舗伝票番号,受注日,商品コード,受注数量,備考\r\nA,2024/01/01,x,3,\r\nB,2024/01/02,y,1,\r\n"
	for _, mode := range []ordercsv.MergeMode{ordercsv.MergeUpdate, ordercsv.MergeOverwrite} {
		book := ordercsv.NewOrderBook(mode)
		for _, file := range []string{first, second, second} {
			if _, err := book.Import(ordercsv.ReadOrders(strings.NewReader(file))); err != nil {
				fmt.Println(err)
				return
			}
		}
		a, _ := book.Get("nextengine", "A")
		fmt.Printf("%s: %d orders; A: quantity %d, comment %q\n", mode, book.Len(), a.Lines[0].Quantity, a.Comment)
	}
	// Output:
	// update: 2 orders; A: quantity 3, comment "午前中希望"
	// overwrite: 2 orders; A: quantity 3, comment ""
}

func ExampleReadYahooOrders() {
	orders := "OrderId,OrderTime,BillLastName,BillFirstName,TotalPrice\r\nstore-1,2024-02-01T10:00:00+09:00,山田,太郎,3100\r\n"
	items := "OrderId,LineId,ItemId,SubCode,Quantity,UnitPrice\r\nstore-1,1,mug,mug-red,2,1000\r\nstore-1,2,coaster,,1,1100\r\n"
	for o, err := range ordercsv.ReadYahooOrders(strings.NewReader(orders), bytes.NewBufferString(items)) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(o.Number, o.Buyer.Name, o.Amounts.Total)
		for _, l := range o.Lines {
			fmt.Println(" ", l.LineID, l.ItemCode, l.SKU, l.Quantity)
		}
	}
	// Output:
	// store-1 山田 太郎 3100
	//   1 mug mug-red 2
	//   2 coaster coaster 1
}
