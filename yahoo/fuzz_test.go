package yahoo

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The fuzz targets feed arbitrary bytes to every decoder of an answer body.
// A decoder must never panic, and a failure must be a typed error a caller
// can match: *DecodeError for a body it cannot read, *APIError for a result
// that says NG. Seeds are the recorded fixtures and golden answers; the
// corpus the fuzzer found interesting lives under testdata/fuzz.

// seedBodies adds every recorded answer under testdata to f.
func seedBodies(f *testing.F, patterns ...string) {
	f.Helper()
	for _, p := range patterns {
		files, err := filepath.Glob(filepath.Join("testdata", p))
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
	}
}

// typedFailure fails t unless err is nil or one of the package's typed
// errors.
func typedFailure(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var de *DecodeError
	var ae *APIError
	if !errors.As(err, &de) && !errors.As(err, &ae) {
		t.Fatalf("untyped error %T: %v", err, err)
	}
	if !strings.HasPrefix(err.Error(), "yahoo: ") {
		t.Fatalf("error without the package prefix: %v", err)
	}
}

func FuzzDecodeOrderList(f *testing.F) {
	seedBodies(f, "golden/*.response.xml", "fixtures/orderCount-1.response.xml")
	f.Add([]byte(`<Result><Status>OK</Status><Search><TotalCount>2</TotalCount><OrderInfo><Index>1</Index><OrderId>s-1</OrderId><OrderTime>2026-01-05T10:00:00+09:00</OrderTime><FraudHoldStatus>1</FraudHoldStatus></OrderInfo></Search></Result>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		page, err := decodeOrderList(body)
		typedFailure(t, err)
		if err == nil && page == nil {
			t.Fatal("nil page without an error")
		}
	})
}

func FuzzDecodeOrderInfo(f *testing.F) {
	seedBodies(f, "golden/*.response.xml")
	f.Add([]byte(`<ResultSet><Result><Status>OK</Status><OrderInfo><OrderId>s-1</OrderId><Item><LineId>1</LineId><ReleaseDate>2026-03-01</ReleaseDate></Item></OrderInfo></Result></ResultSet>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		o, err := decodeOrderInfo(body, "s-1")
		typedFailure(t, err)
		if err != nil {
			return
		}
		for _, it := range o.Items {
			if it.ReleaseDate.After(o.ReleaseDate) {
				t.Fatalf("order ReleaseDate %v before line's %v", o.ReleaseDate, it.ReleaseDate)
			}
		}
	})
}

func FuzzStockAnswer(f *testing.F) {
	seedBodies(f, "fixtures/getStock-*.response.xml", "fixtures/setStock-*.response.xml", "fixtures/stockApiError-1.response.xml")
	f.Fuzz(func(t *testing.T, body []byte) {
		rs, err := decodeStockResultSet(opGetStock, body)
		typedFailure(t, err)
		if err != nil {
			return
		}
		keys := []string{"test1234", "a:b", "c"}
		var lines int
		failures, problems, err := matchStockAnswer(opGetStock, keys, []int{0, 1, 2}, rs, func(l stockLine, row int) error {
			lines++
			_, err := decodeStockLine(l, row)
			return err
		})
		typedFailure(t, err)
		for _, p := range problems {
			if p == nil {
				t.Fatal("nil problem")
			}
		}
		for _, fl := range failures {
			if fl.Index < 0 || fl.Index >= len(keys) {
				t.Fatalf("failure index %d out of range", fl.Index)
			}
		}
		if lines+len(failures) < len(keys) && len(problems) == 0 && err == nil {
			t.Fatalf("%d lines and %d failures for %d keys: some key unaccounted for", lines, len(failures), len(keys))
		}
	})
}

func FuzzChangeOutcome(f *testing.F) {
	seedBodies(f, "fixtures/editItem-*.response.xml", "fixtures/deleteItem-*.response.xml", "fixtures/reservePublish-1.response.xml", "fixtures/submitItem-1.response.xml")
	f.Add([]byte(`<ResultSet><Result><Status>NG</Status><Error><Code>od90150</Code><Message>x</Message></Error></Result></ResultSet>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		_, err := outcome(opOrderChange, "s-1", body)
		typedFailure(t, err)
	})
}

func FuzzErrorBodyAndCount(f *testing.F) {
	seedBodies(f, "fixtures/expiredToken-1.response.xml", "fixtures/stockApiError-1.response.xml", "fixtures/getItem-2.response.xml", "fixtures/orderCount-1.response.xml")
	f.Fuzz(func(t *testing.T, body []byte) {
		b := parseErrorBody(body)
		if len(b.Message) > 200+len("…") && b.Code == "" && b.XMLName.Local != "Error" {
			t.Fatalf("a non-XML body is not shortened: %d bytes", len(b.Message))
		}
		_, err := decodeOrderCount(body)
		typedFailure(t, err)
	})
}
