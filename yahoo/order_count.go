package yahoo

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/mallkit/mallkit/internal/httpx"
)

const opOrderCount = "orderCount"

// OrderCounts is orderCount's <Count>. NewOrder is OrderStatus 処理中 not yet
// seen, NewReserve 予約中 not yet seen. The page lists more children whose
// names are unverified; All holds every child by element name.
type OrderCounts struct {
	NewOrder   int
	NewReserve int
	Holding    int
	All        map[string]int
}

type orderCountResponse struct {
	XMLName xml.Name
	Result  struct {
		Status string   `xml:"Status"`
		Errors []Notice `xml:"Error"`
		Count  RawField `xml:"Count"`
	} `xml:"Result"`
}

// OrderCount reads the per-status order counts with orderCount (GET
// ?sellerId=).
func (c *Client) OrderCount(ctx context.Context) (*OrderCounts, error) {
	answer, err := c.do(ctx, call{op: opOrderCount, method: http.MethodGet, query: url.Values{"sellerId": {c.cfg.SellerID}}, policy: httpx.RetrySafe})
	if answer == nil {
		return nil, err
	}
	counts, derr := decodeOrderCount(answer)
	if derr != nil {
		return nil, errors.Join(derr, err)
	}
	return counts, err
}

func decodeOrderCount(body []byte) (*OrderCounts, error) {
	var r orderCountResponse
	if err := xml.NewDecoder(bytes.NewReader(body)).Decode(&r); err != nil {
		return nil, &DecodeError{Operation: opOrderCount, Err: err}
	}
	if st := strings.TrimSpace(r.Result.Status); st != "OK" {
		return nil, notOK(opOrderCount, "", st, r.Result.Errors)
	}
	d := &fieldDecoder{op: opOrderCount}
	out := &OrderCounts{All: make(map[string]int, len(r.Result.Count.Fields))}
	for _, f := range r.Result.Count.Fields {
		n := d.int("Count/", f.Name, f.Value)
		out.All[f.Name] = n
		switch f.Name {
		case "NewOrder":
			out.NewOrder = n
		case "NewReserve":
			out.NewReserve = n
		case "Holding":
			out.Holding = n
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	return out, nil
}
