package ponparetest

import (
	"encoding/xml"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/mallkit/mallkit/internal/jst"
	//lint:ignore SA1019 the fake serves the deprecated package itself
	"github.com/mallkit/mallkit/ponpare"
)

const soapNS = "http://www.w3.org/2003/05/soap-envelope"

// Fault reasons the fake sends. The mall's real texts are unverified.
const (
	ReasonAuthFailed     = "認証に失敗しました (authentication failed)"
	ReasonPasswordExpiry = "パスワードの有効期限が切れています (authentication failed: password expired)"
)

var dateRE = regexp.MustCompile(`^\d{4}/\d{2}/\d{2}$`)

type envelope struct {
	XMLName xml.Name
	Body    struct {
		XMLName xml.Name
		Op      struct {
			XMLName xml.Name
			Args    struct {
				Auth struct {
					ShopURL  *string `xml:"shopUrl"`
					UserID   *string `xml:"userId"`
					Password *string `xml:"password"`
				} `xml:"userAuthBean"`
				NoReq   *request `xml:"getOrderNoReq"`
				InfoReq *request `xml:"getOrderInfoReq"`
			} `xml:"args0"`
		} `xml:",any"`
	} `xml:"Body"`
}

type request struct {
	Cond *struct {
		From     string   `xml:"dateRangeFrom"`
		To       string   `xml:"dateRangeTo"`
		Column   string   `xml:"dateRangeSearchColumn"`
		Payment  string   `xml:"pymntMethodId"`
		Delivery string   `xml:"dlvMethodId"`
		Statuses []string `xml:"orderSts"`
	} `xml:"orderSearchCond"`
	Numbers []string `xml:"orderNoList"`
}

type fault struct {
	status  int
	code    string
	subcode string
	reason  string
}

func (s *Server) serveSOAP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	if err != nil {
		writeFault(w, fault{http.StatusBadRequest, "soap:Sender", "", "unreadable request"})
		return
	}
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/soap+xml" {
		// SOAP 1.2 over HTTP requires application/soap+xml; SOAP 1.1's text/xml is refused.
		writeFault(w, fault{http.StatusUnsupportedMediaType, "soap:VersionMismatch", "", "Content-Type must be application/soap+xml"})
		return
	}
	if cs := params["charset"]; cs != "" && !strings.EqualFold(cs, "utf-8") {
		writeFault(w, fault{http.StatusUnsupportedMediaType, "soap:Sender", "", "charset must be UTF-8"})
		return
	}
	var env envelope
	if err := xml.Unmarshal(body, &env); err != nil {
		writeFault(w, fault{http.StatusBadRequest, "soap:Sender", "", "malformed XML: " + err.Error()})
		return
	}
	if env.XMLName.Space != soapNS || env.XMLName.Local != "Envelope" || env.Body.XMLName.Space != soapNS {
		writeFault(w, fault{http.StatusBadRequest, "soap:VersionMismatch", "", "not a SOAP 1.2 envelope"})
		return
	}
	op := env.Body.Op.XMLName.Local
	s.mu.Lock()
	s.requests = append(s.requests, Request{Operation: op, Body: body})
	s.mu.Unlock()
	if ns := env.Body.Op.XMLName.Space; ns != s.namespace {
		writeFault(w, fault{http.StatusBadRequest, "soap:Sender", "", fmt.Sprintf("operation {%s}%s not found: the service namespace is %s", ns, op, s.namespace)})
		return
	}
	if action := params["action"]; action != "" && action != "urn:"+op {
		writeFault(w, fault{http.StatusBadRequest, "soap:Sender", "", fmt.Sprintf("action %q does not match operation %q", action, op)})
		return
	}
	args := env.Body.Op.Args
	if f, ok := s.authenticate(args.Auth.ShopURL, args.Auth.UserID, args.Auth.Password); !ok {
		writeFault(w, f)
		return
	}
	switch op {
	case "getOrderNo":
		if args.NoReq == nil {
			writeFault(w, fault{http.StatusBadRequest, "soap:Sender", "", "getOrderNoReq is required"})
			return
		}
		orders, f, ok := s.search(args.NoReq)
		if !ok {
			writeFault(w, f)
			return
		}
		numbers := make([]string, len(orders))
		for i, o := range orders {
			numbers[i] = o.Number
		}
		s.writeResponse(w, op, struct {
			Numbers []string `xml:"orderNoList"`
		}{numbers})
	case "getOrderInfo":
		if args.InfoReq == nil {
			writeFault(w, fault{http.StatusBadRequest, "soap:Sender", "", "getOrderInfoReq is required"})
			return
		}
		orders, f, ok := s.info(args.InfoReq)
		if !ok {
			writeFault(w, f)
			return
		}
		s.writeResponse(w, op, struct {
			Orders []ponpare.Order `xml:"orderList"`
		}{orders})
	default:
		writeFault(w, fault{http.StatusBadRequest, "soap:Sender", "", fmt.Sprintf("unknown operation %q", op)})
	}
}

func (s *Server) authenticate(shop, user, pass *string) (fault, bool) {
	if shop == nil || user == nil || pass == nil {
		return fault{http.StatusBadRequest, "soap:Sender", "AuthenticationFailed", ReasonAuthFailed + ": userAuthBean needs shopUrl, userId and password"}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.accounts {
		if a.ShopURL == *shop && a.UserID == *user && a.Password == *pass {
			if !a.ExpiresAt.IsZero() && !s.now.Before(a.ExpiresAt) {
				return fault{http.StatusBadRequest, "soap:Sender", "AuthenticationFailed", ReasonPasswordExpiry}, false
			}
			return fault{}, true
		}
	}
	return fault{http.StatusBadRequest, "soap:Sender", "AuthenticationFailed", ReasonAuthFailed}, false
}

func (s *Server) search(req *request) ([]ponpare.Order, fault, bool) {
	c := req.Cond
	if c == nil {
		return nil, fault{http.StatusBadRequest, "soap:Sender", "", "orderSearchCond is required"}, false
	}
	if !dateRE.MatchString(c.From) || !dateRE.MatchString(c.To) {
		return nil, fault{http.StatusBadRequest, "soap:Sender", "", fmt.Sprintf("dateRangeFrom/dateRangeTo must be yyyy/MM/dd, got %q/%q", c.From, c.To)}, false
	}
	from, err1 := time.ParseInLocation("2006/01/02", c.From, jst.Location)
	to, err2 := time.ParseInLocation("2006/01/02", c.To, jst.Location)
	if err1 != nil || err2 != nil || to.Before(from) {
		return nil, fault{http.StatusBadRequest, "soap:Sender", "", "invalid date range " + c.From + "–" + c.To}, false
	}
	if c.Column != string(ponpare.DateOrdered) {
		return nil, fault{http.StatusBadRequest, "soap:Sender", "", fmt.Sprintf("unsupported dateRangeSearchColumn %q", c.Column)}, false
	}
	end := to.AddDate(0, 0, 1)
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []ponpare.Order
	for _, o := range s.orders {
		at, err := o.OrderedAt()
		if err != nil || at.Before(from) || !at.Before(end) {
			continue
		}
		if len(c.Statuses) > 0 && !slices.Contains(c.Statuses, o.Status) {
			continue
		}
		if c.Payment != "" && o.Payment.MethodID != c.Payment {
			continue
		}
		if c.Delivery != "" && o.Delivery.MethodID != c.Delivery {
			continue
		}
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b ponpare.Order) int { return strings.Compare(a.Number, b.Number) })
	return out, fault{}, true
}

func (s *Server) info(req *request) ([]ponpare.Order, fault, bool) {
	if len(req.Numbers) == 0 {
		return nil, fault{http.StatusBadRequest, "soap:Sender", "", "orderNoList is required"}, false
	}
	if len(req.Numbers) > s.maxPerCall {
		return nil, fault{http.StatusBadRequest, "soap:Sender", "", fmt.Sprintf("orderNoList has %d numbers, at most %d allowed", len(req.Numbers), s.maxPerCall)}, false
	}
	matching, f, ok := s.search(req)
	if !ok {
		return nil, f, false
	}
	var out []ponpare.Order
	for _, o := range matching {
		if slices.Contains(req.Numbers, o.Number) {
			out = append(out, o)
		}
	}
	return out, fault{}, true
}

func (s *Server) writeResponse(w http.ResponseWriter, op string, ret any) {
	type wrapper struct {
		XMLName xml.Name
		Return  any `xml:"return"`
	}
	type env struct {
		XMLName xml.Name `xml:"http://www.w3.org/2003/05/soap-envelope Envelope"`
		Body    struct {
			Content wrapper
		} `xml:"Body"`
	}
	var e env
	e.Body.Content = wrapper{XMLName: xml.Name{Space: s.namespace, Local: op + "Response"}, Return: ret}
	out, err := xml.Marshal(e)
	if err != nil {
		writeFault(w, fault{http.StatusInternalServerError, "soap:Receiver", "", err.Error()})
		return
	}
	w.Header().Set("Content-Type", "application/soap+xml; charset=UTF-8")
	io.WriteString(w, xml.Header)
	w.Write(out)
}

func writeFault(w http.ResponseWriter, f fault) {
	w.Header().Set("Content-Type", "application/soap+xml; charset=UTF-8")
	w.WriteHeader(f.status)
	var sub string
	if f.subcode != "" {
		sub = "<soap:Subcode><soap:Value>" + escape(f.subcode) + "</soap:Value></soap:Subcode>"
	}
	fmt.Fprintf(w, `%s<soap:Envelope xmlns:soap="%s"><soap:Body><soap:Fault><soap:Code><soap:Value>%s</soap:Value>%s</soap:Code><soap:Reason><soap:Text xml:lang="ja">%s</soap:Text></soap:Reason></soap:Fault></soap:Body></soap:Envelope>`,
		xml.Header, soapNS, escape(f.code), sub, escape(f.reason))
}

func escape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
