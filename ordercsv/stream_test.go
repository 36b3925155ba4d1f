package ordercsv

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// orderStream is an io.Reader that produces a CP932 楽天ペイ-style file of n
// orders with linesPer rows each, generated on the fly so that the test holds
// no copy of the file.
type orderStream struct {
	n, linesPer int
	next        int
	buf         bytes.Buffer
	header      bool
}

var streamHeader = sync.OnceValue(func() string {
	return mustEncode("注文番号,ステータス,注文日時,注文者姓,注文者名,注文者郵便番号1,注文者郵便番号2,送付先ID,商品管理番号,SKU管理番号,商品名,単価,個数,合計金額,コメント,お届け日指定\r\n")
})

// streamRow is filled with the order number, a SKU suffix and a quantity.
var streamRow = sync.OnceValue(func() string {
	return mustEncode("\"%s\",\"発送待ち\",\"2024-01-02 03:04:05\",\"髙橋\",\"一郎\",\"060\",\"0001\",\"1\",\"towel\",\"towel-%d\",\"今治タオル①フェイス　ホワイト\",\"1100\",\"%d\",\"-9999\",\"[配送日時指定:]\r\n午前中\",\"2024-01-05\"\r\n")
})

// mustEncode encodes test text that is known to be encodable. It runs after
// package initialisation (the codec's tables are built in init).
func mustEncode(s string) string {
	b, err := Encode(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func (s *orderStream) Read(p []byte) (int, error) {
	for s.buf.Len() < len(p) {
		if !s.header {
			s.buf.WriteString(streamHeader())
			s.header = true
			continue
		}
		if s.next == s.n {
			break
		}
		num := fmt.Sprintf("123456-20240102-%07d", s.next)
		for l := range s.linesPer {
			fmt.Fprintf(&s.buf, streamRow(), num, l, l+1)
		}
		s.next++
	}
	if s.buf.Len() == 0 {
		return 0, io.EOF
	}
	return s.buf.Read(p)
}

// TestReadOrdersStreamsInBoundedMemory reads generated files of 30,000
// orders with 2 and with 8 lines per order (~6 and ~23 MB). While the
// split-order window is filling (the default remembers 65,536 numbers) the
// live heap grows only by that index: under 120 bytes per order, and no more
// for four times the bytes. Once the window is full it does not grow at all.
func TestReadOrdersStreamsInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 50 MB")
	}
	const orders = 30000
	small, smallInput := heapGrowthPerOrder(t, orders, 2)
	large, largeInput := heapGrowthPerOrder(t, orders, 8)
	full, _ := heapGrowthPerOrder(t, orders, 2, WithSplitOrderWindow(1000))
	t.Logf("%d orders: %d MB read, %.1f B/order; %d MB read, %.1f B/order; window full: %.1f B/order", orders, smallInput>>20, small, largeInput>>20, large, full)
	assert.Less(t, small, 120.0)
	assert.Less(t, large, 120.0)
	assert.Less(t, large, small+20, "memory must not grow with the bytes per order")
	assert.Less(t, full, 5.0, "with the window full, memory must not grow with the number of orders")
}

// heapGrowthPerOrder streams a generated file and returns the live-heap
// growth per order between the 10% point and the last order, and the input size.
func heapGrowthPerOrder(t *testing.T, orders, linesPer int, opts ...OrderOption) (float64, int64) {
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var atTenth, atEnd uint64
	var input int64
	n, lines := 0, 0
	for o, err := range ReadOrdersAs(&countingReader{r: &orderStream{n: orders, linesPer: linesPer}, n: &input}, LayoutAuto, opts...) {
		require.NoError(t, err)
		n++
		lines += len(o.Lines)
		switch n {
		case orders / 10:
			atTenth = heap()
		case orders - 1:
			atEnd = heap() // the sequence's state is live until the last order
		}
	}
	require.Equal(t, orders, n)
	require.Equal(t, orders*linesPer, lines)
	return float64(int64(atEnd)-int64(atTenth)) / float64(orders-1-orders/10), input
}

type countingReader struct {
	r io.Reader
	n *int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.n += int64(n)
	return n, err
}

// BenchmarkReadOrders reports throughput and allocations per order for a
// 楽天ペイ-style file with two lines per order.
func BenchmarkReadOrders(b *testing.B) {
	var file bytes.Buffer
	_, err := io.Copy(&file, &orderStream{n: 2000, linesPer: 2})
	require.NoError(b, err)
	data := file.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		n := 0
		for _, err := range ReadOrders(bytes.NewReader(data)) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 2000 {
			b.Fatalf("%d orders", n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*2000), "ns/order")
}
