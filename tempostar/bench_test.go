package tempostar_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/mallkit/mallkit/tempostar"
)

// Benchmarks (run separately): go test -run='^$' -bench=. -benchmem ./tempostar/

func BenchmarkReadStock(b *testing.B) {
	recs := make([]tempostar.StockRecord, 100_000)
	for i := range recs {
		recs[i] = tempostar.StockRecord{Code: fmt.Sprintf("ソファ-%06d-赤", i), Quantity: i % 97, Reserved: i % 3}
	}
	var buf bytes.Buffer
	if err := tempostar.WriteStock(&buf, recs, tempostar.EncodingCP932); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		got, err := tempostar.ReadStockWith(bytes.NewReader(data), tempostar.WithEncoding(tempostar.EncodingCP932))
		if err != nil || len(got) != len(recs) {
			b.Fatal(err, len(got))
		}
	}
}

func BenchmarkWriteOrderRows(b *testing.B) {
	rows := make([]tempostar.OrderRow, 0, 10_000)
	for len(rows) < cap(rows) {
		rows = append(rows, sampleOrderRows()...)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := tempostar.WriteOrderRows(&buf, rows, tempostar.EncodingCP932); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(buf.Len()))
	}
}

// BenchmarkPutAndReceive measures a full atomic upload plus an
// ack-after-process receive of an 8 MB file over loopback FTPS.
func BenchmarkPutAndReceive(b *testing.B) {
	root := b.TempDir()
	srv, stop, err := launchServer(root, tempostar.ExplicitTLS)
	if err != nil {
		b.Fatal(err)
	}
	defer stop()
	cfg := srv.Config
	cfg.DeleteAfterReceive = true
	ctx := context.Background()
	c, err := tempostar.Dial(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	payload := bytes.Repeat([]byte("商品コード,想定在庫数\r\n"), 8<<20/32)
	b.SetBytes(int64(len(payload)))
	i := 0
	for b.Loop() {
		i++
		if err := c.Put(ctx, fmt.Sprintf("stock/bench%d.csv", i), bytes.NewReader(payload)); err != nil {
			b.Fatal(err)
		}
		n, err := c.Receive(ctx, tempostar.KindStock, func(_ string, r io.Reader) error {
			_, err := io.Copy(io.Discard, r)
			return err
		})
		if err != nil || n != 1 {
			b.Fatal(err, n)
		}
	}
}
