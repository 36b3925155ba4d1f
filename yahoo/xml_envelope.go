package yahoo

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// errorBody is <Error><Message/><Code/><Detail/></Error>, with or without
// xmlns="urn:yahoo:api" (encoding/xml matches local names when the tags name
// no namespace), Message plain or in CDATA.
type errorBody struct {
	XMLName xml.Name
	Message string `xml:"Message"`
	Code    string `xml:"Code"`
	Detail  string `xml:"Detail"`
}

// parseErrorBody decodes an error answer. A body that is not an <Error>
// document (an HTML error page, plain text) becomes the Message, shortened.
func parseErrorBody(body []byte) errorBody {
	var b errorBody
	if err := xml.Unmarshal(body, &b); err != nil || b.XMLName.Local != "Error" {
		msg := strings.TrimSpace(string(body))
		if len(msg) > 200 {
			msg = msg[:200] + "…"
		}
		return errorBody{Message: msg}
	}
	b.Message = strings.TrimSpace(b.Message)
	b.Code = strings.TrimSpace(b.Code)
	b.Detail = strings.TrimSpace(b.Detail)
	return b
}

// resultSet is the generic success envelope: <ResultSet> with one or more
// <Result>s carrying Status, Error and Warning (the order change APIs, the
// item APIs), or with Status directly under it (reservePublish).
type resultSet struct {
	XMLName  xml.Name
	Status   string     `xml:"Status"`
	Results  []result   `xml:"Result"`
	Fields   []RawField `xml:",any"`
	Returned string     `xml:"totalResultsReturned,attr"`
}

type result struct {
	Status   string     `xml:"Status"`
	Errors   []Notice   `xml:"Error"`
	Warnings []Notice   `xml:"Warning"`
	Fields   []RawField `xml:",any"`
}

// decodeResultSet reads a generic envelope.
func decodeResultSet(op string, body []byte) (*resultSet, error) {
	var rs resultSet
	if err := xml.NewDecoder(bytes.NewReader(body)).Decode(&rs); err != nil {
		return nil, &DecodeError{Operation: op, Err: err}
	}
	if rs.XMLName.Local != "ResultSet" {
		return nil, &DecodeError{Operation: op, Path: rs.XMLName.Local, Err: errors.New("response root is not <ResultSet>")}
	}
	for i := range rs.Results {
		r := &rs.Results[i]
		r.Status = strings.TrimSpace(r.Status)
		r.Errors = cleanNotices(r.Errors)
		r.Warnings = cleanNotices(r.Warnings)
	}
	rs.Status = strings.TrimSpace(rs.Status)
	return &rs, nil
}

// cleanNotices trims the notices and drops empty ones (editItem answers an
// empty <Warning/> when there is nothing to warn about).
func cleanNotices(ns []Notice) []Notice {
	out := ns[:0]
	for _, n := range ns {
		n.Target = strings.TrimSpace(n.Target)
		n.Code = strings.TrimSpace(n.Code)
		n.Message = strings.TrimSpace(n.Message)
		if !n.empty() {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// outcome turns a change API's envelope into its warnings, or an *APIError
// when the result is NG.
func outcome(op, orderID string, body []byte) ([]Notice, error) {
	rs, err := decodeResultSet(op, body)
	if err != nil {
		return nil, err
	}
	status := rs.Status
	var errs, warns []Notice
	for _, r := range rs.Results {
		if r.Status != "" {
			status = r.Status
		}
		errs = append(errs, r.Errors...)
		warns = append(warns, r.Warnings...)
	}
	if status == "OK" && len(errs) == 0 {
		return warns, nil
	}
	e := notOK(op, orderID, status, errs)
	e.Warnings = warns
	return nil, e
}

// notOK is the *APIError of an HTTP 200 answer whose result is not
// <Status>OK</Status>: the first <Error>'s code and message, or the status.
func notOK(op, orderID, status string, errs []Notice) *APIError {
	e := &APIError{Operation: op, OrderID: orderID, StatusCode: http.StatusOK, Errors: cleanNotices(errs)}
	if len(e.Errors) > 0 {
		e.Code, e.Message = e.Errors[0].Code, e.Errors[0].Message
	} else {
		e.Message = fmt.Sprintf("result status %q", status)
	}
	return e
}
