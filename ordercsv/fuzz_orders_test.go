package ordercsv

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzReadOrders checks that ReadOrders never panics and never loses a row:
// every data row the CSV reader returns lands in exactly one yielded order
// (with or without an error), up to the first error that ends the file; and
// that merging an order with itself changes nothing in either MergeMode.
func FuzzReadOrders(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "orders", "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		neHeader + "A,2024/01/01,x,1,100\r\nB,2024/01/01,x,1,100\r\nA,2024/01/01,x,1,100\r\n",
		neHeader + ",2024/01/01,x,1,100\r\nA,bad,x,-1,1.5\r\nA,2024/01/01,x\r\n",
		"OrderId,OrderTime\r\nA,2024-01-01\r\nA,2024-01-01\r\n",
		"店舗伝票番号,受注日,商品コード,受注数量,予備,予備\r\nA,2024/01/01,x,1,p,q\r\n", // repeated unmapped header
		"order-id\torder-item-id\tpurchase-date\tsku\tquantity-purchased\r\n\"a\t1\t2024-01-02T03:04:05+09:00\t\"s\t1\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, ended := 0, false
		for o, err := range ReadOrders(bytes.NewReader(data)) {
			if ended {
				t.Fatalf("order %q yielded after an error that ends the file", o.Number)
			}
			ended = endsSequence(err)
			rows += o.Rows
			if o.Rows == 0 {
				if err == nil {
					t.Fatal("empty order without an error")
				}
				continue
			}
			spec := specFor(o.Layout)
			if spec == nil {
				t.Fatalf("order with layout %v", o.Layout)
			}
			switch {
			case spec.onePerOrder && (o.Rows != 1 || len(o.Lines) != 0):
				t.Fatalf("%s order %q: %d rows, %d lines", o.Layout, o.Number, o.Rows, len(o.Lines))
			case !spec.onePerOrder && len(o.Lines) != o.Rows:
				t.Fatalf("order %q: %d rows but %d lines", o.Number, o.Rows, len(o.Lines))
			case err == nil && o.Number == "":
				t.Fatal("order without a number and without an error")
			}
			for _, l := range o.Lines {
				if len(o.Recipients) > 0 && (l.RecipientIndex < 0 || l.RecipientIndex >= len(o.Recipients)) {
					t.Fatalf("order %q: line %d points at recipient %d of %d", o.Number, l.Line, l.RecipientIndex, len(o.Recipients))
				}
			}
			for _, mode := range []MergeMode{MergeUpdate, MergeOverwrite} {
				if got := Merge(o, o, mode); !reflect.DeepEqual(got, o) {
					t.Fatalf("%s: merging order %q with itself changed it:\n%+v\n%+v", mode, o.Number, o, got)
				}
			}
		}
		if want, ok := dataRecords(data); ok && rows != want {
			t.Fatalf("orders hold %d rows, the file has %d", rows, want)
		}
	})
}

// dataRecords counts the data records a Reader set up as ReadOrders does
// returns before the first error that ends the file. ok is false when the
// header row does not name a layout (then no order is expected at all).
func dataRecords(data []byte) (n int, ok bool) {
	br := bufio.NewReaderSize(bytes.NewReader(data), sniffWindow)
	var opts []ReaderOption
	tsv := looksTSV(br)
	if tsv {
		opts = append(opts, WithComma('\t'), WithQuoting(false))
	}
	r := NewReader(br, opts...)
	header, err := r.Read()
	if err != nil {
		return 0, false
	}
	if _, err := detect(normalizedSet(header, nil), tsv); err != nil {
		return 0, false
	}
	for {
		_, err := r.Read()
		if err == io.EOF {
			return n, true
		}
		if err != nil && !errors.Is(err, ErrFieldCount) {
			return n, true
		}
		n++
	}
}
