package yahootest

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Operation names of the stock APIs.
const (
	opGetStock = "getStock"
	opSetStock = "setStock"
)

// DefaultStockBatchMax is how many item codes one getStock or setStock call
// may carry: 1000, as clients chunk; the official cap is unverified.
const DefaultStockBatchMax = 1000

// WithStockBatchMax sets how many item codes one stock call may carry.
func WithStockBatchMax(n int) Option {
	return func(c *config) { c.stockBatchMax = n }
}

// WithSingleStockErrorAsHTTP chooses how a setStock call with one item
// reports that item's failure: as an HTTP 400 <Error> (the default, after a
// remark in a public client that one-item calls "raise") or, when off, as a
// 200 ResultSet with ng="1" and the line's ErrorCode like multi-item calls.
// Unverified either way.
func WithSingleStockErrorAsHTTP(on bool) Option {
	return func(c *config) { c.singleStockHTTPErr = on }
}

// WithAllowOverdraftList makes setStock also take allow_overdraft as a comma
// list lined up with item_code. By default it takes one value (0 or 1) that
// applies to every item of the call, the form public clients send, and
// refuses a list with 400: whether Yahoo takes a list is unverified.
func WithAllowOverdraftList(on bool) Option {
	return func(c *config) { c.overdraftList = on }
}

// stockKey names one stock record: a store's item, or one SKU of it.
type stockKey struct{ seller, item, sub string }

// stockRecord is the stock of one item or SKU.
type stockRecord struct {
	quantity       int
	initial        int // what quantity=INI restores: the quantity set through SetStock
	allowOverdraft bool
	unpublished    bool
	updated        time.Time
}

// itemCodePattern is the format of item and sub codes the fake accepts:
// half-width letters, digits, "-" and "_", at most 99 characters.
var itemCodePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,99}$`)

// quantityPattern is setStock's quantity: absolute, relative (+N / -N) or INI.
var quantityPattern = regexp.MustCompile(`^([+-]?[0-9]{1,9}|INI)$`)

// SetStock seeds (or overwrites) the stock of an item (subCode "") or of one
// SKU. The quantity also becomes what setStock's quantity=INI restores.
func (s *Server) SetStock(sellerID, itemCode, subCode string, quantity int, allowOverdraft bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stock[stockKey{sellerID, itemCode, subCode}] = &stockRecord{
		quantity: quantity, initial: quantity, allowOverdraft: allowOverdraft, updated: s.now,
	}
}

// SetPublished sets the IsPublished flag getStock reports for a record
// (true unless changed here). It returns false for an unknown record.
func (s *Server) SetPublished(sellerID, itemCode, subCode string, published bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.stock[stockKey{sellerID, itemCode, subCode}]
	if ok {
		rec.unpublished = !published
	}
	return ok
}

// Stock returns the current quantity of an item or SKU.
func (s *Server) Stock(sellerID, itemCode, subCode string) (quantity int, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.stock[stockKey{sellerID, itemCode, subCode}]
	if !ok {
		return 0, false
	}
	return rec.quantity, true
}

// stockResultSet is the compact ResultSet root of both stock APIs.
type stockResultSet struct {
	XMLName   xml.Name `xml:"ResultSet"`
	Available int      `xml:"totalResultsAvailable,attr"`
	Returned  int      `xml:"totalResultsReturned,attr"`
	First     int      `xml:"firstResultPosition,attr"`
	OK        int      `xml:"ok,attr"`
	NG        int      `xml:"ng,attr"`
	Results   []any
}

// getStockResult is one Result of getStock; a code that matched nothing has
// only ItemCode, SubCode and Status 0.
type getStockResult struct {
	XMLName        xml.Name `xml:"Result"`
	ItemCode       string
	SubCode        string
	Status         int
	Quantity       *int   `xml:",omitempty"`
	AllowOverdraft *int   `xml:",omitempty"`
	IsPublished    *int   `xml:",omitempty"`
	UpdateTime     string `xml:",omitempty"`
}

// setStockResult is one Result of setStock: the quantity after the update,
// or the line's error (ErrorMessage is the fake's guess at the live shape).
type setStockResult struct {
	XMLName      xml.Name `xml:"Result"`
	ItemCode     string
	SubCode      string
	Quantity     *int   `xml:",omitempty"`
	ErrorCode    string `xml:",omitempty"`
	ErrorMessage string `xml:",omitempty"`
}

// codeRef is one entry of item_code: "code" or "code:subCode".
type codeRef struct{ item, sub string }

// parseItemCodes splits and checks item_code, answering st-02101 or the
// batch-size error itself.
func (s *Server) parseItemCodes(c *call, raw string) ([]codeRef, bool) {
	if raw == "" {
		s.writeError(c, http.StatusBadRequest, codeItemCodeFormat, "item_code() is invalid format.", "")
		return nil, false
	}
	parts := strings.Split(raw, ",")
	if s.cfg.stockBatchMax > 0 && len(parts) > s.cfg.stockBatchMax {
		s.writeError(c, http.StatusBadRequest, codeStockParam,
			fmt.Sprintf("The number of item_code must be %d or less (got %d).", s.cfg.stockBatchMax, len(parts)), "")
		return nil, false
	}
	refs := make([]codeRef, len(parts))
	for i, p := range parts {
		item, sub, hasSub := strings.Cut(p, ":")
		if !itemCodePattern.MatchString(item) || (hasSub && !itemCodePattern.MatchString(sub)) {
			s.writeError(c, http.StatusBadRequest, codeItemCodeFormat, "item_code("+p+") is invalid format.", "")
			return nil, false
		}
		refs[i] = codeRef{item, sub}
	}
	return refs, true
}

// stockRequest reads the form both stock APIs start with: seller_id and
// item_code, from the form body only (a JSON body or query parameters leave
// seller_id unset: px-04001). It answers and returns false on failure.
func (s *Server) stockRequest(c *call) (*sellerState, []codeRef, bool) {
	_ = c.r.ParseForm()
	seller := s.authorizeSeller(c, c.r.PostForm.Get("seller_id"), false)
	if seller == nil {
		return nil, nil, false
	}
	refs, ok := s.parseItemCodes(c, c.r.PostForm.Get("item_code"))
	return seller, refs, ok
}

// getStock is POST getStock (seller_id, item_code). A bare item code lists
// every SKU of the item, one Result each; "code:sub" one SKU.
func (s *Server) getStock(c *call) {
	seller, refs, ok := s.stockRequest(c)
	if !ok {
		return
	}
	rs := stockResultSet{First: 1}
	s.mu.Lock()
	for _, ref := range refs {
		keys := s.matchStockLocked(seller.ID, ref)
		if len(keys) == 0 {
			rs.NG++
			rs.Results = append(rs.Results, getStockResult{ItemCode: ref.item, SubCode: ref.sub})
			continue
		}
		for _, k := range keys {
			rec := s.stock[k]
			rs.OK++
			rs.Results = append(rs.Results, getStockResult{
				ItemCode: k.item, SubCode: k.sub, Status: 1,
				Quantity:       ptr(rec.quantity),
				AllowOverdraft: ptr(boolInt(rec.allowOverdraft)),
				IsPublished:    ptr(boolInt(!rec.unpublished)),
				UpdateTime:     rec.updated.In(jst).Format(time.RFC3339),
			})
		}
	}
	s.mu.Unlock()
	s.writeStockResultSet(c, rs)
}

// matchStockLocked returns the records a getStock code names, SKUs sorted.
func (s *Server) matchStockLocked(seller string, ref codeRef) []stockKey {
	if ref.sub != "" {
		k := stockKey{seller, ref.item, ref.sub}
		if _, ok := s.stock[k]; ok {
			return []stockKey{k}
		}
		return nil
	}
	var keys []stockKey
	for k := range s.stock {
		if k.seller == seller && k.item == ref.item {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].sub < keys[j].sub })
	return keys
}

// setStock is POST setStock (seller_id, item_code, quantity[,
// allow_overdraft]), the lists lining up index for index. Each line is
// applied on its own; a failing line gets an ErrorCode and does not stop
// the others.
func (s *Server) setStock(c *call) {
	seller, refs, ok := s.stockRequest(c)
	if !ok {
		return
	}
	quantities := strings.Split(c.r.PostForm.Get("quantity"), ",")
	if len(quantities) != len(refs) {
		s.writeError(c, http.StatusBadRequest, codeStockParam,
			fmt.Sprintf("quantity has %d values for %d item_code values.", len(quantities), len(refs)), "")
		return
	}
	var overdraft []string
	if raw := c.r.PostForm.Get("allow_overdraft"); raw != "" {
		overdraft = strings.Split(raw, ",")
		switch {
		case len(overdraft) == 1:
			overdraft = slices.Repeat(overdraft, len(refs))
		case !s.cfg.overdraftList:
			s.writeError(c, http.StatusBadRequest, codeStockParam,
				fmt.Sprintf("allow_overdraft(%s) is invalid: one value (0 or 1) for the whole call.", raw), "")
			return
		case len(overdraft) != len(refs):
			s.writeError(c, http.StatusBadRequest, codeStockParam,
				fmt.Sprintf("allow_overdraft has %d values for %d item_code values.", len(overdraft), len(refs)), "")
			return
		}
		for i, v := range overdraft {
			if v != "0" && v != "1" {
				s.writeError(c, http.StatusBadRequest, codeStockParam,
					fmt.Sprintf("allow_overdraft(%s) at position %d is invalid.", v, i+1), "")
				return
			}
		}
	}
	rs := stockResultSet{First: 1}
	s.mu.Lock()
	for i, ref := range refs {
		res := setStockResult{ItemCode: ref.item, SubCode: ref.sub}
		od := ""
		if overdraft != nil {
			od = overdraft[i]
		}
		if q, code, msg := s.applyCountedStockLocked(stockKey{seller.ID, ref.item, ref.sub}, quantities[i], od); code != "" {
			res.ErrorCode, res.ErrorMessage = code, msg
			rs.NG++
		} else {
			res.Quantity = ptr(q)
			rs.OK++
		}
		rs.Results = append(rs.Results, res)
	}
	s.mu.Unlock()
	if len(refs) == 1 && rs.NG == 1 && s.cfg.singleStockHTTPErr {
		res := rs.Results[0].(setStockResult)
		s.writeError(c, http.StatusBadRequest, res.ErrorCode, res.ErrorMessage, "")
		return
	}
	s.writeStockResultSet(c, rs)
}

// applyStockLocked applies one setStock line and returns the new quantity,
// or an error code and message.
func (s *Server) applyStockLocked(k stockKey, quantity, overdraft string) (int, string, string) {
	code := k.item
	if k.sub != "" {
		code += ":" + k.sub
	}
	if !quantityPattern.MatchString(quantity) {
		return 0, codeStockQuantity, fmt.Sprintf("quantity(%s) of %s is invalid.", quantity, code)
	}
	rec, ok := s.stock[k]
	if !ok {
		return 0, codeStockNotFound, fmt.Sprintf("item_code(%s) does not exist.", code)
	}
	next := rec.initial
	if quantity != "INI" {
		n, _ := strconv.Atoi(quantity) // the pattern guarantees a number
		next = n
		if quantity[0] == '+' || quantity[0] == '-' {
			next = rec.quantity + n
		}
	}
	if next < 0 {
		return 0, codeStockQuantity, fmt.Sprintf("quantity(%s) of %s would make the stock negative (%d).", quantity, code, next)
	}
	rec.quantity = next
	if overdraft != "" {
		rec.allowOverdraft = overdraft == "1"
	}
	rec.updated = s.now
	return next, "", ""
}

// writeStockResultSet answers the one-line text/xml ResultSet of the
// stock APIs (getStock-1, setStock-1).
func (s *Server) writeStockResultSet(c *call, rs stockResultSet) {
	rs.Available, rs.Returned = len(rs.Results), len(rs.Results)
	b, err := xml.Marshal(rs)
	if err != nil {
		http.Error(c.w, "yahootest: encoding stock answer: "+err.Error(), http.StatusInternalServerError)
		return
	}
	s.writeBody(c, http.StatusOK, contentStockXML, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+string(b)+"\n")
}

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// boolInt is 1 for true, 0 for false, as the stock APIs write flags.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
