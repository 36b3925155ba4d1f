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

// errCode values the fake puts in its answers. The mall's codes were never
// published; these are the fake's own, so tests can tell the cases apart.
const (
	// ErrCodeInvalidCondition: the search condition is malformed.
	ErrCodeInvalidCondition = "E0101"
	// ErrCodeTooManyOrders: getOrderInfo asked for more than the cap.
	ErrCodeTooManyOrders = "E0102"
	// ErrCodeOrderNotFound (in orderErrBeanList or reserveErrList): a
	// requested order number does not exist or does not match the search
	// condition.
	ErrCodeOrderNotFound = "E0201"
	// ErrCodeInvalidStatus (in reserveErrList): changeOrderStatus named a
	// status the mall does not have.
	ErrCodeInvalidStatus = "E0202"
)

var dateRE = regexp.MustCompile(`^\d{4}/\d{2}/\d{2}$`)

type fault struct {
	status  int
	code    string
	subcode string
	reason  string
}

// apiErr is an answer-level errCode/errMessage.
type apiErr struct{ code, message string }

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
	if len(env.Body.Ops) != 1 {
		writeFault(w, fault{http.StatusBadRequest, "soap:Sender", "", "the Body must hold one operation element"})
		return
	}
	opElem := env.Body.Ops[0]
	op := opElem.XMLName.Local
	s.mu.Lock()
	s.requests.Append(Request{Operation: op, Body: body})
	s.mu.Unlock()
	if ns := opElem.XMLName.Space; ns != s.namespace {
		writeFault(w, fault{http.StatusBadRequest, "soap:Sender", "", fmt.Sprintf("namespace mismatch require %s found %s", s.namespace, ns)})
		return
	}
	if action := params["action"]; action != "" && action != "urn:"+op {
		writeFault(w, fault{http.StatusBadRequest, "soap:Sender", "", fmt.Sprintf("action %q does not match operation %q", action, op)})
		return
	}
	if op != "getOrderNo" && op != "getOrderInfo" && op != "changeOrderStatus" {
		writeFault(w, fault{http.StatusBadRequest, "soap:Sender", "", fmt.Sprintf("unknown operation %q", op)})
		return
	}
	// The WSDL names the one parameter <req>; Axis2's RPC receiver takes it
	// by position, so another name (args0) passes, another namespace not.
	if len(opElem.Children) != 1 || opElem.Children[0].XMLName.Space != s.namespace {
		writeFault(w, fault{http.StatusBadRequest, "soap:Sender", "", fmt.Sprintf("%s takes one parameter {%s}req", op, s.namespace)})
		return
	}
	req, err := s.parseReq(op, opElem.Children[0])
	if err != nil {
		writeFault(w, fault{http.StatusBadRequest, "soap:Sender", "", err.Error()})
		return
	}
	if f, ok := s.authenticate(req.auth); !ok {
		writeFault(w, f)
		return
	}
	if e, ok := s.takeInjected(op); ok {
		s.writeAnswer(w, op, e, nil, nil)
		return
	}
	switch op {
	case "getOrderNo":
		orders, e := s.search(req.cond)
		numbers := make([]string, len(orders))
		for i, o := range orders {
			numbers[i] = o.Number
		}
		s.writeAnswer(w, op, e, numbers, nil)
	case "getOrderInfo":
		orders, missing, e := s.info(req)
		s.writeAnswer(w, op, e, orders, missing)
	case "changeOrderStatus":
		s.writeReserve(w, op, s.changeStatus(req.changes))
	}
}

// writeAnswer renders getOrderNo's or getOrderInfo's return bean.
func (s *Server) writeAnswer(w http.ResponseWriter, op string, e *apiErr, result any, missing []string) {
	var code, message string
	if e != nil {
		code, message = e.code, e.message
	}
	var out []byte
	switch op {
	case "getOrderNo":
		numbers, _ := result.([]string)
		out = s.response(op, "GetOrderNoWsvcRspBean", func(w *wireWriter) {
			w.errFields(code, message)
			w.strings("orderNoList", numbers)
		})
	default:
		orders, _ := result.([]ponpare.Order)
		out = s.response(op, "GetOrderInfoWsvcRspBean", func(w *wireWriter) {
			w.errFields(code, message)
			if len(missing) == 0 {
				w.null("orderErrBeanList")
			}
			for _, n := range missing {
				w.bean("orderErrBeanList", "RequestErrResultBean")
				w.str("errCode", ErrCodeOrderNotFound)
				w.str("errMessage", "注文が見つかりません (order not found)")
				w.str("orderNo", n)
				w.end("orderErrBeanList")
			}
			if len(orders) == 0 {
				w.null("orderList")
			}
			for _, o := range orders {
				w.order("orderList", o)
			}
		})
	}
	w.Header().Set("Content-Type", "application/soap+xml; charset=UTF-8")
	w.Write(out)
}

func (s *Server) authenticate(a *authBean) (fault, bool) {
	if a == nil || a.shopURL == nil || a.userID == nil || a.password == nil {
		return fault{http.StatusBadRequest, "soap:Sender", "AuthenticationFailed", ReasonAuthFailed + ": userAuthBean needs shopUrl, userId and password"}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, acc := range s.accounts {
		if acc.ShopURL == *a.shopURL && acc.UserID == *a.userID && acc.Password == *a.password {
			if !acc.ExpiresAt.IsZero() && !s.now.Before(acc.ExpiresAt) {
				return fault{http.StatusBadRequest, "soap:Sender", "AuthenticationFailed", ReasonPasswordExpiry}, false
			}
			return fault{}, true
		}
	}
	return fault{http.StatusBadRequest, "soap:Sender", "AuthenticationFailed", ReasonAuthFailed}, false
}

// search answers a condition with errCode, never a fault: the mall's beans
// carry errCode/errMessage for refusals of a well-formed request.
func (s *Server) search(c *searchCond) ([]ponpare.Order, *apiErr) {
	if c == nil {
		return nil, &apiErr{ErrCodeInvalidCondition, "orderSearchCond is required"}
	}
	if !dateRE.MatchString(c.from) || !dateRE.MatchString(c.to) {
		return nil, &apiErr{ErrCodeInvalidCondition, fmt.Sprintf("dateRangeFrom/dateRangeTo must be yyyy/MM/dd, got %q/%q", c.from, c.to)}
	}
	from, err1 := time.ParseInLocation("2006/01/02", c.from, jst.Location)
	to, err2 := time.ParseInLocation("2006/01/02", c.to, jst.Location)
	if err1 != nil || err2 != nil || to.Before(from) {
		return nil, &apiErr{ErrCodeInvalidCondition, "invalid date range " + c.from + "–" + c.to}
	}
	if c.column != string(ponpare.DateOrdered) {
		return nil, &apiErr{ErrCodeInvalidCondition, fmt.Sprintf("unsupported dateRangeSearchColumn %q", c.column)}
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
		if len(c.statuses) > 0 && !slices.Contains(c.statuses, o.Status) {
			continue
		}
		if c.payment != "" && o.Payment.MethodID != c.payment {
			continue
		}
		if c.delivery != "" && o.Delivery.MethodID != c.delivery {
			continue
		}
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b ponpare.Order) int { return strings.Compare(a.Number, b.Number) })
	return out, nil
}

// info answers getOrderInfo: the requested orders matching the condition,
// and an orderErrBeanList entry for each other requested number.
func (s *Server) info(req parsedRequest) ([]ponpare.Order, []string, *apiErr) {
	if len(req.numbers) == 0 {
		return nil, nil, &apiErr{ErrCodeInvalidCondition, "orderNoList is required"}
	}
	if len(req.numbers) > s.maxPerCall {
		return nil, nil, &apiErr{ErrCodeTooManyOrders, fmt.Sprintf("orderNoList has %d numbers, at most %d allowed", len(req.numbers), s.maxPerCall)}
	}
	matching, e := s.search(req.cond)
	if e != nil {
		return nil, nil, e
	}
	var out []ponpare.Order
	var missing []string
	for _, n := range req.numbers {
		i := slices.IndexFunc(matching, func(o ponpare.Order) bool { return o.Number == n })
		if i < 0 {
			missing = append(missing, n)
			continue
		}
		out = append(out, matching[i])
	}
	return out, missing, nil
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
