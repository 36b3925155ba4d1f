package engine

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/mallkit/mallkit/rakuten"
	"github.com/mallkit/mallkit/stock"
)

// CSVError is a bad cell in a listings or on-hand CSV file.
type CSVError struct {
	File   string
	Line   int // 1-based
	Column string
	Err    error
}

func (e *CSVError) Error() string {
	return fmt.Sprintf("engine: %s line %d column %s: %v", e.File, e.Line, e.Column, e.Err)
}
func (e *CSVError) Unwrap() error        { return e.Err }
func (e *CSVError) Is(target error) bool { return target == ErrInvalidInput }

// ListingsHeader is the listings CSV header.
var ListingsHeader = []string{"channel", "item", "parts", "safety", "max"}

// OnHandHeader is the on-hand CSV header.
var OnHandHeader = []string{"sku", "units"}

// ReadListings reads a listings CSV (UTF-8, header ListingsHeader). parts
// is "SKU" for one unit of one SKU, or "SKU*n" terms joined by "+" for a
// set. Rakuten channels are normalized, so every spelling of a shop names
// the same channel.
func ReadListings(name string, r io.Reader) ([]stock.Listing, error) {
	var out []stock.Listing
	err := readCSV(name, r, ListingsHeader, func(line int, rec []string) error {
		ch, err := NormalizeChannel(rec[0])
		if err != nil {
			return &CSVError{File: name, Line: line, Column: "channel", Err: err}
		}
		if rec[1] == "" {
			return &CSVError{File: name, Line: line, Column: "item", Err: errors.New("empty")}
		}
		parts, err := parseParts(rec[2])
		if err != nil {
			return &CSVError{File: name, Line: line, Column: "parts", Err: err}
		}
		safety, err := atoiOr0(rec[3])
		if err != nil {
			return &CSVError{File: name, Line: line, Column: "safety", Err: err}
		}
		mx, err := atoiOr0(rec[4])
		if err != nil {
			return &CSVError{File: name, Line: line, Column: "max", Err: err}
		}
		out = append(out, stock.Listing{Channel: ch, Item: rec[1], Parts: parts, Safety: safety, Max: mx})
		return nil
	})
	return out, err
}

// ReadOnHand reads an on-hand CSV (header OnHandHeader).
func ReadOnHand(name string, r io.Reader) (map[string]int, error) {
	out := map[string]int{}
	err := readCSV(name, r, OnHandHeader, func(line int, rec []string) error {
		if rec[0] == "" {
			return &CSVError{File: name, Line: line, Column: "sku", Err: errors.New("empty")}
		}
		n, err := strconv.Atoi(rec[1])
		if err != nil || n < 0 {
			return &CSVError{File: name, Line: line, Column: "units", Err: fmt.Errorf("want a count, not %q", rec[1])}
		}
		out[rec[0]] = n
		return nil
	})
	return out, err
}

func readCSV(name string, r io.Reader, header []string, row func(line int, rec []string) error) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(header)
	cr.TrimLeadingSpace = true
	first := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return &CSVError{File: name, Line: pe.Line, Column: strconv.Itoa(pe.Column), Err: pe.Err}
			}
			return err
		}
		if first {
			first = false
			for i, h := range header {
				if strings.TrimPrefix(rec[i], "\ufeff") != h {
					return &CSVError{File: name, Line: line, Column: strconv.Itoa(i + 1),
						Err: fmt.Errorf("header: want %s", strings.Join(header, ","))}
				}
			}
			continue
		}
		if err := row(line, rec); err != nil {
			return err
		}
	}
}

func parseParts(s string) ([]stock.Part, error) {
	var out []stock.Part
	for _, term := range strings.Split(s, "+") {
		sku, n, found := strings.Cut(strings.TrimSpace(term), "*")
		units := 1
		if found {
			v, err := strconv.Atoi(n)
			if err != nil || v <= 0 {
				return nil, fmt.Errorf("bad units in %q", term)
			}
			units = v
		}
		if sku == "" {
			return nil, fmt.Errorf("empty SKU in %q", s)
		}
		out = append(out, stock.Part{SKU: sku, Units: units})
	}
	return out, nil
}

func atoiOr0(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("want a count, not %q", s)
	}
	return n, nil
}

// NormalizeChannel checks a channel name "<mall>/<shop>" and spells a
// Rakuten shop as its account ("rakuten/https://www.rakuten.co.jp/xxxx/"
// is "rakuten/xxxx").
func NormalizeChannel(s string) (string, error) {
	mall, shop, ok := strings.Cut(s, "/")
	if !ok || shop == "" {
		return "", fmt.Errorf("want <mall>/<shop>, not %q", s)
	}
	switch mall {
	case "rakuten":
		acct, err := rakuten.NormalizeShopURL(shop)
		if err != nil {
			return "", err
		}
		return "rakuten/" + acct, nil
	case "yahoo", "ponpare", "tempostar":
		return s, nil
	}
	return "", fmt.Errorf("unknown mall %q", mall)
}

// readFileWith opens path and reads it with read.
func readFileWith[T any](path string, read func(string, io.Reader) (T, error)) (T, error) {
	f, err := os.Open(path)
	if err != nil {
		var zero T
		return zero, fmt.Errorf("engine: %w", err)
	}
	defer f.Close()
	return read(path, f)
}
