package ponparetest

import (
	"bytes"
	"encoding/xml"
	"hash/fnv"
	"io"
	"net/http"

	"github.com/mallkit/mallkit/internal/fakemall"
)

// maxCountedBody bounds the request bodies the statistics read, as the
// service itself does.
const maxCountedBody = 16 << 20

// Stats returns the call statistics per shop URL (the userAuthBean shopUrl
// of each SOAP call, "" when a call carries none). Calls are counted by
// operation ("getOrderNo", "getOrderInfo", and OpStockCSV for stock files
// given to ApplyStockCSV), refused ones included; RefetchedUnchanged counts
// orders getOrderInfo returned exactly as it had returned them to the same
// shop the time before; NoopPushes counts stock file lines that set a
// listing to the quantity it already showed. The mall publishes no rate
// limit, so Throttled stays 0.
func (s *Server) Stats() map[string]fakemall.Stats { return s.market.stats.Snapshot() }

// counted wraps the SOAP endpoint with the statistics: it reads the
// operation and shopUrl of each call and, for getOrderInfo, each returned
// order's number and content. It never changes the exchange.
func (s *Server) counted(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxCountedBody+1))
		r.Body = io.NopCloser(bytes.NewReader(body))
		op, shop, ok := soapCall(body)
		if err != nil || !ok {
			next.ServeHTTP(w, r)
			return
		}
		s.market.stats.Call(shop, op)
		if op != "getOrderInfo" {
			next.ServeHTTP(w, r)
			return
		}
		tee := &teeWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(tee, r)
		if tee.status == http.StatusOK {
			s.countReads(shop, tee.body.Bytes())
		}
	})
}

// soapCall finds the operation (the first element inside the SOAP Body)
// and the first shopUrl of a request.
func soapCall(body []byte) (op, shop string, ok bool) {
	d := xml.NewDecoder(bytes.NewReader(body))
	depth, inBody := 0, false
	for {
		tok, err := d.Token()
		if err != nil {
			return op, shop, op != ""
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case depth == 2 && t.Name.Local == "Body":
				inBody = true
			case depth == 3 && inBody && op == "":
				op = t.Name.Local
			case t.Name.Local == "shopUrl" && shop == "":
				var v string
				if d.DecodeElement(&v, &t) == nil {
					shop = v
				}
				depth--
			}
		case xml.EndElement:
			depth--
		}
	}
}

// countReads records each order of a getOrderInfo answer as read by shop,
// its version being a hash of the order element's content.
func (s *Server) countReads(shop string, answer []byte) {
	d := xml.NewDecoder(bytes.NewReader(answer))
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		start, ok := tok.(xml.StartElement)
		if !ok || start.Name.Local != "orderList" {
			continue
		}
		var o struct {
			Number string `xml:"orderNo"`
			Inner  []byte `xml:",innerxml"`
		}
		if err := d.DecodeElement(&o, &start); err != nil {
			return
		}
		if o.Number == "" {
			continue
		}
		h := fnv.New64a()
		_, _ = h.Write(o.Inner)
		s.market.stats.ReadOrder(shop, o.Number, int64(h.Sum64()))
	}
}

// teeWriter passes a response through while keeping a copy of its body and
// its status.
type teeWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (t *teeWriter) WriteHeader(status int) {
	t.status = status
	t.ResponseWriter.WriteHeader(status)
}

func (t *teeWriter) Write(b []byte) (int, error) {
	t.body.Write(b)
	return t.ResponseWriter.Write(b)
}
