package rakutentest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// WithLenientContentType accepts order API requests whose Content-Type
// lacks "charset=utf-8". By default the fake answers them 415 ES04-03, as
// practitioners report live does (unverified).
func WithLenientContentType() Option {
	return func(c *config) { c.strictContentType = false }
}

// orderOperations maps each RakutenPayOrderAPI operation the fake serves to
// its handler.
func (s *Server) orderOperations() map[string]func(*call) {
	ops := map[string]func(*call){
		"searchOrder":                       s.searchOrder,
		"getOrder":                          s.getOrder,
		"confirmOrder":                      s.confirmOrder,
		"updateOrderShipping":               s.updateOrderShipping,
		"updateOrderShippingAsync":          s.updateOrderShippingAsync,
		"getResultUpdateOrderShippingAsync": s.getResultUpdateOrderShippingAsync,
		"cancelOrder":                       s.cancelOrder,
		"cancelOrderAfterShipping":          s.cancelOrderAfterShipping,
		"updateOrderMemo":                   s.updateOrderMemo,
		"updateOrderRemarks":                s.updateOrderRemarks,
		"updateOrderDelivery":               s.updateOrderDelivery,
		"getSubStatusList":                  s.getSubStatusList,
		"updateOrderSubStatus":              s.updateOrderSubStatus,
	}
	for _, op := range unsupportedOperations {
		ops[op] = s.notSupported
	}
	return ops
}

// routeOrders registers POST /es/2.0/order/{op}/, with and without the
// trailing slash (live accepts both).
func (s *Server) routeOrders() {
	for op, h := range s.orderOperations() {
		for _, suffix := range []string{"", "/{$}"} {
			s.handle("POST /es/2.0/order/"+op+suffix, op, functionOrderPrefix+op, true, s.withTick(h))
		}
	}
}

// withTick applies due time-driven transitions before an order operation.
func (s *Server) withTick(h func(*call)) func(*call) {
	return func(c *call) {
		s.mu.Lock()
		s.tickLocked()
		s.mu.Unlock()
		h(c)
	}
}

// fields is a decoded JSON request object, read leniently: numbers may come
// as JSON numbers or numeric strings, as the official samples send them.
type fields map[string]json.RawMessage

// decodeFields parses an order API body; a body that is not a JSON object
// gets 400 ES04-01 and ok=false.
func (s *Server) decodeFields(c *call) (fields, bool) {
	var f fields
	d := json.NewDecoder(bytes.NewReader(c.body))
	d.UseNumber()
	if err := d.Decode(&f); err != nil || f == nil {
		s.writeJSON(c, http.StatusBadRequest, gatewayError(codeBadRequest, "Bad Request"))
		return nil, false
	}
	return f, true
}

// fieldState says what a request carried for one key.
type fieldState int

const (
	fieldMissing fieldState = iota // key absent
	fieldEmpty                     // null or ""
	fieldBad                       // wrong type or format
	fieldOK
)

// int reads an integer given as a number or a numeric string.
func (f fields) int(name string) (int, fieldState) {
	raw, ok := f[name]
	if !ok {
		return 0, fieldMissing
	}
	return rawInt(raw)
}

// rawInt parses one lenient integer value.
func rawInt(raw json.RawMessage) (int, fieldState) {
	t := strings.TrimSpace(string(raw))
	if t == "null" || t == `""` {
		return 0, fieldEmpty
	}
	if s, err := strconv.Unquote(t); err == nil {
		t = s
	}
	n, err := strconv.Atoi(t)
	if err != nil {
		return 0, fieldBad
	}
	return n, fieldOK
}

// str reads a string value.
func (f fields) str(name string) (string, fieldState) {
	raw, ok := f[name]
	if !ok {
		return "", fieldMissing
	}
	var v *string
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", fieldBad
	}
	if v == nil || *v == "" {
		return "", fieldEmpty
	}
	return *v, fieldOK
}

// strList reads a list of strings; null counts as empty.
func (f fields) strList(name string) ([]string, fieldState) {
	raw, ok := f[name]
	if !ok {
		return nil, fieldMissing
	}
	var v []string
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fieldBad
	}
	if len(v) == 0 {
		return nil, fieldEmpty
	}
	return v, fieldOK
}

// intList reads a list of lenient integers; null counts as empty.
func (f fields) intList(name string) ([]int, fieldState) {
	raw, ok := f[name]
	if !ok {
		return nil, fieldMissing
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fieldBad
	}
	if len(items) == 0 {
		return nil, fieldEmpty
	}
	out := make([]int, len(items))
	for i, it := range items {
		n, st := rawInt(it)
		if st != fieldOK {
			return nil, fieldBad
		}
		out[i] = n
	}
	return out, fieldOK
}

// object reads a nested object; null counts as missing.
func (f fields) object(name string) (fields, fieldState) {
	raw, ok := f[name]
	if !ok || strings.TrimSpace(string(raw)) == "null" {
		return nil, fieldMissing
	}
	var v fields
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fieldBad
	}
	return v, fieldOK
}

// objects reads a list of nested objects; null counts as missing.
func (f fields) objects(name string) ([]fields, fieldState) {
	raw, ok := f[name]
	if !ok || strings.TrimSpace(string(raw)) == "null" {
		return nil, fieldMissing
	}
	var v []fields
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fieldBad
	}
	if len(v) == 0 {
		return nil, fieldEmpty
	}
	return v, fieldOK
}

// checker collects the validation messages of one order API request. The
// codes follow the documented grammar ORDER_EXT_API_<OPERATION>_ERROR_NNN:
// 009 key missing, 010 value empty, 011 bad format or value.
type checker struct {
	prefix string // e.g. "ORDER_EXT_API_SEARCH_ORDER"
	msgs   []any
	// machineDependentOK accepts 機種依存文字 in the fields that refuse them
	// (WithMachineDependentChars).
	machineDependentOK bool
}

// badText reports whether a text value holds characters the API refuses.
func (k *checker) badText(s string) bool { return !k.machineDependentOK && machineDependent(s) }

// report adds the message for a field that is not fieldOK.
func (k *checker) report(field string, st fieldState) {
	switch st {
	case fieldMissing:
		k.add("009", field+"の項目を指定して下さい。")
	case fieldEmpty:
		k.add("010", field+"の値を指定して下さい。")
	case fieldBad:
		k.add("011", field+"の書式が不正です。")
	}
}

// add appends one ERROR message with the given code suffix.
func (k *checker) add(suffix, text string, extra ...member) {
	k.msgs = append(k.msgs, message(msgError, k.prefix+"_ERROR_"+suffix, text, extra...))
}

// required reads an int that must be present and well-formed.
func (k *checker) requiredInt(f fields, name string) (int, bool) {
	v, st := f.int(name)
	k.report(name, st)
	return v, st == fieldOK
}

// optionalInt reads an int that may be absent or null.
func (k *checker) optionalInt(f fields, name string) (int, bool) {
	v, st := f.int(name)
	if st == fieldBad {
		k.report(name, st)
	}
	return v, st == fieldOK
}

// failed reports whether any message was added.
func (k *checker) failed() bool { return len(k.msgs) > 0 }

// orderNumbers validates an orderNumberList of 1..max numbers. Over max is
// answered with the 009 code, as the fake-server checklist records for
// getOrder (the exact code is unverified).
func (k *checker) orderNumbers(f fields, max int) []string {
	list, st := f.strList("orderNumberList")
	if st != fieldOK {
		k.report("orderNumberList", st)
		return nil
	}
	if len(list) > max {
		k.add("009", "orderNumberListは"+strconv.Itoa(max)+"件以内で指定して下さい。")
		return nil
	}
	return list
}

// WithMachineDependentChars accepts 機種依存文字 in the text fields that
// live rejects them in (updateOrderMemo memo, operator and
// mailPlugSentence; the shippingNumber of shipping reports). By default the
// fake refuses them with ERROR_011.
func WithMachineDependentChars() Option {
	return func(c *config) { c.machineDependentOK = true }
}

// machineDependent reports whether s holds a character the order API
// refuses as 機種依存文字. Which characters live refuses is not published;
// the fake takes the usual suspects: circled and parenthesized numbers and
// letters (①), Roman numerals (Ⅰ), enclosed ideographs (㈱) and
// compatibility squares (㍉), № and ℡, and everything outside the BMP
// (emoji). That set is unverified.
func machineDependent(s string) bool {
	for _, r := range s {
		switch {
		case r >= 0x2460 && r <= 0x24FF, r >= 0x2160 && r <= 0x217F, r >= 0x3200 && r <= 0x33FF,
			r == 0x2116, r == 0x2121, r > 0xFFFF:
			return true
		}
	}
	return false
}

// tooLong reports whether s has more than max characters.
func tooLong(s string, max int) bool { return utf8.RuneCountInString(s) > max }
