package ftpx_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/mallkit/mallkit/internal/ftpx"
	"github.com/mallkit/mallkit/internal/ftpx/ftpxtest"
)

// Benchmarks (run separately): go test -run='^$' -bench=. -benchmem ./internal/ftpx/

// BenchmarkPut measures an atomic upload (LIST, STOR .tmp, SIZE, LIST,
// RNFR/RNTO) of an 8 MB file over loopback explicit FTPS.
func BenchmarkPut(b *testing.B) {
	srv := ftpxtest.Start(b, ftpx.ExplicitTLS)
	c := dialTest(b, srv.Config())
	payload := bytes.Repeat([]byte("商品コード,想定在庫数\r\n"), 8<<20/32)
	b.SetBytes(int64(len(payload)))
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		name := fmt.Sprintf("bench%d.csv", i)
		if err := c.Put(ctx, name, bytes.NewReader(payload), ftpx.PutOptions{}); err != nil {
			b.Fatal(err)
		}
		if err := os.Remove(srv.Path(name)); err != nil { // keep the disk use flat
			b.Fatal(err)
		}
	}
}
