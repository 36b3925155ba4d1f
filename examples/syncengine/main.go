// Command syncengine is the reference mallkit sync engine.
//
// With -demo it runs with no setup: for now it imports the bundled CP932
// order files (a 楽天ペイ受注 CSV and an Amazon JP order report) through
// ordercsv, registers the orders once each in an OrderBook, prints what it
// found in readable lines and then one JSON summary as its last line. It
// exits non-zero on any error.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/mallkit/mallkit/ordercsv"
)

func main() {
	demo := flag.Bool("demo", false, "run against the bundled sample data and print a JSON summary last")
	simulate := addSimulateFlags(flag.CommandLine)
	flag.Parse()
	if *simulate.on {
		if err := simulate.run(context.Background(), os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "syncengine:", err)
			os.Exit(1)
		}
		return
	}
	if !*demo {
		fmt.Fprintln(os.Stderr, "usage: syncengine -demo")
		os.Exit(2)
	}
	if err := runDemo(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "syncengine:", err)
		os.Exit(1)
	}
}

// runDemo imports the bundled order files and writes the report to w, the
// JSON summary last.
func runDemo(w io.Writer) error {
	book := ordercsv.NewOrderBook(ordercsv.MergeUpdate)
	files, err := importOrderFiles(sampleOrders, "samples", book, w)
	if err != nil {
		return err
	}
	sum := summarizeOrders(book, files)
	printSKUs(w, sum.SKUs)
	line, err := json.Marshal(sum)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", line)
	return err
}
