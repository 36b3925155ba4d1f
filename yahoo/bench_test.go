package yahoo

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// largeOrderInfo builds an orderInfo answer with n <Item> lines from the
// golden response's single line.
func largeOrderInfo(tb testing.TB, n int) []byte {
	tb.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", "golden", "orderInfo.response.xml"))
	if err != nil {
		tb.Fatal(err)
	}
	s := string(body)
	start, end := strings.Index(s, "<Item>"), strings.Index(s, "</Item>")+len("</Item>")
	item := s[start:end]
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString(strings.Replace(item, "<LineId>1</LineId>", fmt.Sprintf("<LineId>%d</LineId>", i), 1))
		b.WriteString("\n      ")
	}
	return []byte(s[:start] + b.String() + s[end:])
}

func BenchmarkDecodeOrderInfo(b *testing.B) {
	body := largeOrderInfo(b, 200)
	o, err := decodeOrderInfo(body, "store-10000001")
	if err != nil || len(o.Items) != 200 || o.Items[199].LineID != 200 {
		b.Fatalf("setup: %v", err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeOrderInfo(body, "store-10000001"); err != nil {
			b.Fatal(err)
		}
	}
}
