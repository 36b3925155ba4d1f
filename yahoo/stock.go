package yahoo

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mallkit/mallkit/internal/httpx"
)

const (
	opGetStock = "getStock"
	opSetStock = "setStock"
)

// formContentType is what the stock APIs take; a JSON body gives px-04001.
const formContentType = "application/x-www-form-urlencoded"

// Stock is one getStock line.
type Stock struct {
	ItemCode string
	SubCode  string
	// Found is false for a code Yahoo does not know (<Status>0</Status>,
	// counted in ng); the other fields are then zero.
	Found bool
	// Quantity is the stock; AllowOverdraft lets buyers order when it is 0.
	Quantity       int
	AllowOverdraft bool
	// IsPublished says whether the last change has been reflected.
	IsPublished bool
	UpdatedAt   time.Time
}

// stockResultSet is the getStock/setStock answer: a compact one-line
// <ResultSet> with ok/ng counts (absent in some samples).
type stockResultSet struct {
	XMLName xml.Name
	OK      string      `xml:"ok,attr"`
	NG      string      `xml:"ng,attr"`
	Results []stockLine `xml:"Result"`
}

type stockLine struct {
	ItemCode       string `xml:"ItemCode"`
	SubCode        string `xml:"SubCode"`
	Status         string `xml:"Status"`
	Quantity       string `xml:"Quantity"`
	AllowOverdraft string `xml:"AllowOverdraft"`
	IsPublished    string `xml:"IsPublished"`
	UpdateTime     string `xml:"UpdateTime"`
	ErrorCode      string `xml:"ErrorCode"`
	ErrorMessage   string `xml:"ErrorMessage"`
}

func (l stockLine) key() string {
	return stockKey(strings.TrimSpace(l.ItemCode), strings.TrimSpace(l.SubCode))
}

func stockKey(item, sub string) string {
	if sub == "" {
		return item
	}
	return item + ":" + sub
}

func decodeStockResultSet(op string, body []byte) (*stockResultSet, error) {
	var rs stockResultSet
	if err := xml.NewDecoder(bytes.NewReader(body)).Decode(&rs); err != nil {
		return nil, &DecodeError{Operation: op, Err: err}
	}
	if rs.XMLName.Local != "ResultSet" {
		return nil, &DecodeError{Operation: op, Path: rs.XMLName.Local, Err: errors.New("response root is not <ResultSet>")}
	}
	return &rs, nil
}

// GetStock reads stock with getStock. A code is "itemCode" or
// "itemCode:subCode"; lists longer than the batch size (1000) are split into
// several calls. Unknown codes come back with Found false. Lines Yahoo
// answers with an ErrorCode are left out and reported in a *BatchError;
// the other lines are returned with it.
func (c *Client) GetStock(ctx context.Context, codes []string) ([]Stock, error) {
	if err := checkStockCodes(opGetStock, codes); err != nil {
		return nil, err
	}
	out := make([]Stock, 0, len(codes))
	failures, err := c.runStock(ctx, opGetStock, codes, positions(len(codes)), httpx.RetrySafe, nil, func(l stockLine, row int) error {
		s, err := decodeStockLine(l, row)
		if err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	return out, batchResult(opGetStock, len(codes), failures, err)
}

// decodeStockLine reads the row-th (0-based) <Result> of a getStock answer; a
// bad value is a *DecodeError naming the row and the line's item code.
func decodeStockLine(l stockLine, row int) (Stock, error) {
	d := &fieldDecoder{op: opGetStock, itemCode: l.key()}
	at := "Result[" + strconv.Itoa(row+1) + "]/"
	s := Stock{ItemCode: strings.TrimSpace(l.ItemCode), SubCode: strings.TrimSpace(l.SubCode)}
	s.Found = d.int(at, "Status", l.Status) == 1
	s.Quantity = d.int(at, "Quantity", l.Quantity)
	s.AllowOverdraft = d.bool(at, "AllowOverdraft", l.AllowOverdraft)
	s.IsPublished = d.bool(at, "IsPublished", l.IsPublished)
	s.UpdatedAt = d.time(at, "UpdateTime", l.UpdateTime)
	return s, d.err
}

// checkStockCodes applies the public clients' rules: no empty codes, at most
// 99 characters, no commas (the list separator), no duplicates.
func checkStockCodes(op string, codes []string) error {
	seen := make(map[string]int, len(codes))
	for i, code := range codes {
		invalid := func(reason string) error {
			return &ValidationError{Operation: op, Index: i, Field: "item_code", Value: code, Reason: reason}
		}
		item, _, _ := strings.Cut(code, ":")
		switch {
		case item == "":
			return invalid("empty item code")
		case len(item) > 99:
			return invalid("item codes are at most 99 characters")
		case strings.ContainsAny(code, ", \t\r\n"):
			return invalid("codes cannot contain commas or white space")
		}
		if j, dup := seen[code]; dup {
			return invalid("duplicate of item " + strconv.Itoa(j+1))
		}
		seen[code] = i
	}
	return nil
}

// runStock sends keys (each "item" or "item:sub") to op in batches.
// pos[i] is keys[i]'s position in the caller's slice. extra adds the other
// form fields of a batch keys[lo:hi]. Each good result line goes to onLine;
// lines with an ErrorCode, a one-item batch Yahoo refuses with a 400, and a
// requested key the answer does not return ("not returned") become
// failures. onLine gets the line's 0-based row in its answer. An answer
// whose ng count is higher than the failures it lists, or that lists an item
// nobody asked for, is an error besides. A batch that fails as a whole ends
// the run with err.
func (c *Client) runStock(ctx context.Context, op string, keys []string, pos []int, policy httpx.Policy,
	extra func(form url.Values, lo, hi int), onLine func(l stockLine, row int) error) (failures []Failure, err error) {
	size := c.opts.stockBatchSize
	var problems []error
	for lo := 0; lo < len(keys); lo += size {
		hi := min(lo+size, len(keys))
		form := c.sellerForm()
		form.Set("item_code", strings.Join(keys[lo:hi], ","))
		if extra != nil {
			extra(form, lo, hi)
		}
		answer, err := c.do(ctx, call{op: op, method: http.MethodPost, body: []byte(form.Encode()), ctype: formContentType, policy: policy})
		var ae *APIError
		if answer == nil && hi-lo == 1 && errors.As(err, &ae) && ae.StatusCode == http.StatusBadRequest {
			item, sub, _ := strings.Cut(keys[lo], ":")
			failures = append(failures, Failure{Key: keys[lo], Index: pos[lo], ItemCode: item, SubCode: sub, Code: ae.Code, Message: ae.Message, Err: ae})
			continue
		}
		if answer == nil {
			return failures, errors.Join(append(problems, fmt.Errorf("yahoo: %s: items from %d on not processed: %w", op, pos[lo]+1, err))...)
		}
		if err != nil {
			problems = append(problems, err)
		}
		rs, err := decodeStockResultSet(op, answer)
		if err != nil {
			return failures, errors.Join(append(problems, err)...)
		}
		f, p, err := matchStockAnswer(op, keys[lo:hi], pos[lo:hi], rs, onLine)
		failures = append(failures, f...)
		problems = append(problems, p...)
		if err != nil {
			return failures, errors.Join(append(problems, err)...)
		}
	}
	return failures, errors.Join(problems...)
}

// matchStockAnswer matches the lines of one answer to the batch's keys. A
// line answers the key it names, or a bare item code that was asked for
// (getStock lists every SKU of a bare code). It returns the failures, the
// answer's inconsistencies, and the first error onLine returned.
func matchStockAnswer(op string, keys []string, pos []int, rs *stockResultSet, onLine func(l stockLine, row int) error) (failures []Failure, problems []error, err error) {
	index := make(map[string]int, len(keys))
	for i, k := range keys {
		index[k] = i
	}
	answered := make([]bool, len(keys))
	listed := 0 // lines the ng count covers
	for row, l := range rs.Results {
		item, sub := strings.TrimSpace(l.ItemCode), strings.TrimSpace(l.SubCode)
		key := stockKey(item, sub)
		i, ok := index[key]
		if !ok {
			i, ok = index[item]
		}
		if !ok {
			problems = append(problems, &DecodeError{Operation: op, ItemCode: key, Path: "Result[" + strconv.Itoa(row+1) + "]/ItemCode", Value: key, Err: errors.New("the answer lists an item that was not requested")})
			continue
		}
		answered[i] = true
		if code := strings.TrimSpace(l.ErrorCode); code != "" {
			listed++
			failures = append(failures, Failure{
				Key: key, Index: pos[i], ItemCode: item, SubCode: sub,
				Code: code, Message: strings.TrimSpace(l.ErrorMessage),
			})
			continue
		}
		if strings.TrimSpace(l.Status) == "0" {
			listed++
		}
		if err := onLine(l, row); err != nil {
			return failures, problems, err
		}
	}
	for i, k := range keys {
		if !answered[i] {
			item, sub, _ := strings.Cut(k, ":")
			failures = append(failures, Failure{Key: k, Index: pos[i], ItemCode: item, SubCode: sub, Message: "not returned: the answer has no line for this item"})
		}
	}
	if ng, err := parseInt(rs.NG); err != nil {
		problems = append(problems, &DecodeError{Operation: op, Path: "ResultSet/@ng", Value: rs.NG, Err: err})
	} else if ng > listed {
		problems = append(problems, fmt.Errorf("yahoo: %s: the answer counts %d failed items (ng) but lists %d: the others' outcome is unknown", op, ng, listed))
	}
	return failures, problems, nil
}

// positions is 0..n-1.
func positions(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	return p
}

// batchResult combines per-item failures and a whole-call error: the
// *BatchError (sorted by the caller's positions) and, after it, err.
func batchResult(op string, total int, failures []Failure, err error) error {
	if len(failures) == 0 {
		return err
	}
	slices.SortStableFunc(failures, func(a, b Failure) int { return a.Index - b.Index })
	be := &BatchError{Operation: op, Total: total, Failures: failures}
	if err != nil {
		return errors.Join(be, err)
	}
	return be
}
