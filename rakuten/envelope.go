package rakuten

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"
)

// errorEnvelope holds the three error shapes RMS answers with:
// the order API's MessageModelList, Inventory/Item 2.x's {"errors":[...]},
// and the gateway's {"Results":{"errorCode":"ES01-01",...}}.
type errorEnvelope struct {
	Messages []messageWire `json:"MessageModelList"`
	Errors   []struct {
		Code     string `json:"code"`
		Message  string `json:"message"`
		Metadata struct {
			PropertyPath string `json:"propertyPath"`
		} `json:"metadata"`
	} `json:"errors"`
	Results *struct {
		ErrorCode string `json:"errorCode"`
		Message   string `json:"message"`
	} `json:"Results"`
}

// messageWire is a MessageModel as error answers send it: validation
// errors of shipping reports also carry the 1-based dataNumber of the
// refused ShippingModel.
type messageWire struct {
	Message
	DataNumber *int `json:"dataNumber"`
}

// throttleMarkers are the legacy "slow down" messages that come with HTTP 403.
var throttleMarkers = [][]byte{[]byte("QPSLimit"), []byte("AccessLimit")}

// conflictMarker is the code of InventoryAPI 2.1's 409 "another process is
// updating this data, try again after a short while".
var conflictMarker = []byte(`"CE0001"`)

// isThrottled reports Rakuten's 403 QPSLimit/AccessLimit and 409 CE0001,
// which mean "refused unprocessed, try later", so httpx may resend the
// request (writes that are not idempotent too).
func isThrottled(status int, _ http.Header, body []byte) bool {
	if status == http.StatusConflict {
		return bytes.Contains(body, conflictMarker)
	}
	if status != http.StatusForbidden {
		return false
	}
	for _, m := range throttleMarkers {
		if bytes.Contains(body, m) {
			return true
		}
	}
	return false
}

// newAPIError decodes whichever envelope body holds into an *APIError.
func newAPIError(op string, status int, h http.Header, body []byte) *APIError {
	e := &APIError{Operation: op, StatusCode: status, RequestID: h.Get("RequestId")}
	var env errorEnvelope
	if json.Unmarshal(body, &env) == nil {
		switch {
		case env.Results != nil:
			e.Code, e.Message = env.Results.ErrorCode, env.Results.Message
		case len(env.Errors) > 0:
			for _, d := range env.Errors {
				e.Details = append(e.Details, ErrorDetail{Code: d.Code, Message: d.Message, PropertyPath: d.Metadata.PropertyPath})
			}
			e.Code, e.Message = e.Details[0].Code, e.Details[0].Message
		case len(env.Messages) > 0:
			first := env.Messages[0].Message
			for _, m := range env.Messages {
				if m.DataNumber != nil {
					m.Message.DataNumber = *m.DataNumber
				}
				e.Messages = append(e.Messages, m.Message)
				if m.IsError() && m.OrderNumber != "" {
					e.Orders = append(e.Orders, shipmentKey(m.OrderNumber, m.DataNumber))
				}
			}
			for _, m := range env.Messages {
				if m.IsError() {
					first = m.Message
					break
				}
			}
			e.Code, e.Message = first.Code, first.Text
		}
	}
	if e.Code == "" {
		for _, m := range throttleMarkers {
			if bytes.Contains(body, m) {
				e.Code = string(m)
			}
		}
	}
	if e.Code == "" && e.Message == "" {
		e.Message = snippet(body)
	}
	return e
}

// hasErrorEnvelope reports whether body is one of the three error
// envelopes with something in it.
func hasErrorEnvelope(body []byte) bool {
	var env errorEnvelope
	if json.Unmarshal(body, &env) != nil {
		return false
	}
	if env.Results != nil || len(env.Errors) > 0 {
		return true
	}
	for _, m := range env.Messages {
		if m.IsError() {
			return true
		}
	}
	return false
}

// errIncomplete describes a 2xx answer that lacks the fields of a success.
func errIncomplete(body []byte) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return errors.New("empty answer where a result was expected")
	}
	return fmt.Errorf("answer lacks the fields of a success: %s", snippet(body))
}

// snippet returns the start of an unrecognised body for the error message.
func snippet(body []byte) string {
	const n = 200
	s := strings.TrimSpace(string(body))
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
