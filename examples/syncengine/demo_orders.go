package main

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"

	"github.com/mallkit/mallkit/ordercsv"
)

// sampleOrders holds the order files the demo reads: real CP932 bytes in the
// layouts the malls export (楽天ペイ受注 CSV and an Amazon JP order report).
//
//go:embed samples
var sampleOrders embed.FS

// orderFileReport is what one order file contained.
type orderFileReport struct {
	File           string `json:"file"`
	Layout         string `json:"layout"`
	Orders         int    `json:"orders"`
	Lines          int    `json:"lines"`
	Units          int    `json:"units"`
	UnknownAmounts int    `json:"unknown_amounts"`
}

// orderSummary is the demo's order-import result; its JSON form is the
// summary line the demo prints last.
type orderSummary struct {
	Files          int               `json:"files"`
	Orders         int               `json:"orders"`
	Lines          int               `json:"lines"`
	Units          int               `json:"units"`
	UnknownAmounts int               `json:"unknown_amounts"`
	SKUs           map[string]int    `json:"skus"`
	PerFile        []orderFileReport `json:"per_file"`
}

// importOrderFiles reads every file under dir in fsys with ordercsv's layout
// detection, registers the orders in book (so an order read twice is merged,
// not counted twice), and describes each file and order on w.
func importOrderFiles(fsys fs.FS, dir string, book *ordercsv.OrderBook, w io.Writer) ([]orderFileReport, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var reports []orderFileReport
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		rep, err := importOrderFile(fsys, dir+"/"+e.Name(), book, w)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		rep.File = e.Name()
		reports = append(reports, rep)
	}
	return reports, nil
}

func importOrderFile(fsys fs.FS, name string, book *ordercsv.OrderBook, w io.Writer) (orderFileReport, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return orderFileReport{}, err
	}
	defer f.Close()
	var rep orderFileReport
	for o, err := range ordercsv.ReadOrders(f) {
		if err != nil {
			return rep, err
		}
		if _, err := book.Put(o); err != nil {
			return rep, err
		}
		rep.Layout = o.Layout.String()
		rep.Orders++
		rep.Lines += len(o.Lines)
		unknown := unknownAmounts(o)
		rep.UnknownAmounts += unknown
		units := 0
		for _, l := range o.Lines {
			units += l.Quantity
		}
		rep.Units += units
		fmt.Fprintf(w, "  %s order %s at %s: %d lines, %d units, %d recipients, total %s, %d unknown amounts\n",
			o.Mall, o.Number, o.OrderedAt.Format("2006-01-02 15:04 MST"), len(o.Lines), units, len(o.Recipients), orDash(o.Amounts.Total), unknown)
	}
	fmt.Fprintf(w, "%s: layout %s, %d orders, %d lines, %d units\n", name, rep.Layout, rep.Orders, rep.Lines, rep.Units)
	return rep, nil
}

// orDash renders a blank amount as "-".
func orDash(a ordercsv.Amount) string {
	if a.IsBlank() {
		return "-"
	}
	return a.String()
}

// unknownAmounts counts the amounts the mall marked as not yet known
// (楽天 -9999 / -99999): they must be fetched again, never summed.
func unknownAmounts(o ordercsv.Order) int {
	a := o.Amounts
	n := 0
	for _, v := range []ordercsv.Amount{a.Items, a.Tax, a.Shipping, a.COD, a.PaymentFee, a.Points, a.Coupon, a.Discount, a.Other, a.Total, a.Billed} {
		if v.Pending {
			n++
		}
	}
	for _, r := range o.Recipients {
		if r.Shipping.Pending {
			n++
		}
	}
	for _, l := range o.Lines {
		if l.Price.Pending {
			n++
		}
		if l.Total.Pending {
			n++
		}
	}
	return n
}

// summarizeOrders totals the book (each order once) and the file reports.
func summarizeOrders(book *ordercsv.OrderBook, files []orderFileReport) orderSummary {
	s := orderSummary{Files: len(files), SKUs: map[string]int{}, PerFile: files}
	for _, o := range book.Orders() {
		s.Orders++
		s.Lines += len(o.Lines)
		s.UnknownAmounts += unknownAmounts(o)
		for _, l := range o.Lines {
			s.Units += l.Quantity
			s.SKUs[l.StockCode()] += l.Quantity
		}
	}
	return s
}

// printSKUs writes the per-SKU quantities in code order.
func printSKUs(w io.Writer, skus map[string]int) {
	fmt.Fprintln(w, "units per SKU:")
	for _, k := range slices.Sorted(maps.Keys(skus)) {
		fmt.Fprintf(w, "  %-12s %d\n", k, skus[k])
	}
}
