package ponpare

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/mallkit/mallkit/internal/httpx"
)

// SOAP12Namespace is the SOAP 1.2 envelope namespace.
const SOAP12Namespace = "http://www.w3.org/2003/05/soap-envelope"

// MaxResponseBytes bounds how much of an answer is read; a longer one is a
// *ResponseTooLargeError.
const MaxResponseBytes = 64 << 20

// call posts one SOAP 1.2 read whose operation element holds body (the
// content of <req>) and decodes the operation's response element into out.
// Reads are retried safely.
func (c *Client) call(ctx context.Context, op string, body func(*xmlWriter), out any) error {
	return c.send(ctx, op, httpx.RetrySafe, body, out)
}

// send is call under retry policy p.
func (c *Client) send(ctx context.Context, op string, p httpx.Policy, body func(*xmlWriter), out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(c.envelope(op, body)))
	if err != nil {
		return fmt.Errorf("ponpare: %s: %w", op, err)
	}
	req.Header.Set("Content-Type", fmt.Sprintf(`application/soap+xml; charset=UTF-8; action="urn:%s"`, op))
	resp, err := c.http.Do(req, p)
	if err != nil {
		return fmt.Errorf("ponpare: %s: %w", op, err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
	if err != nil {
		return fmt.Errorf("ponpare: %s: reading response: %w", op, err)
	}
	if len(answer) > MaxResponseBytes {
		return &ResponseTooLargeError{Operation: op, Limit: MaxResponseBytes}
	}
	fault, err := decodeEnvelope(answer, out)
	switch {
	case fault != nil:
		return c.faultError(op, resp.StatusCode, fault)
	case resp.StatusCode >= 300:
		return &APIError{Operation: op, StatusCode: resp.StatusCode, Body: string(answer)}
	case err != nil:
		return &DecodeError{Operation: op, Path: "Envelope/Body/" + op + "Response", Err: err}
	}
	return nil
}

// envelope renders the request in the WSDL's shape: the operation element
// and <req> in the service namespace, the request beans in the order-bean
// namespace and userAuthBean's fields in the common-bean namespace, each
// bean's fields in the WSDL's (alphabetical) order.
func (c *Client) envelope(op string, body func(*xmlWriter)) []byte {
	w := &xmlWriter{}
	w.b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w.b.WriteString(`<soap:Envelope xmlns:soap="` + SOAP12Namespace + `" xmlns:ns="` + escapeAttr(c.namespace) +
		`" xmlns:ax23="` + escapeAttr(c.beanNS) + `" xmlns:ax25="` + escapeAttr(c.commonNS) + `"><soap:Body>`)
	w.open("ns:" + op)
	w.open("ns:req")
	body(w)
	w.close("ns:req")
	w.close("ns:" + op)
	w.b.WriteString(`</soap:Body></soap:Envelope>`)
	return w.b.Bytes()
}

// auth writes userAuthBean.
func (c *Client) auth(w *xmlWriter) {
	w.open("ax23:userAuthBean")
	w.leaf("ax25:password", c.creds.Password)
	w.leaf("ax25:shopUrl", c.creds.ShopURL)
	w.leaf("ax25:userId", c.creds.UserID)
	w.close("ax23:userAuthBean")
}

func (c *Client) faultError(op string, status int, f *soapFault) *FaultError {
	e := &FaultError{
		Operation:  op,
		StatusCode: status,
		Code:       strings.TrimSpace(f.Code.Value),
		Subcode:    strings.TrimSpace(f.Code.Subcode.Value),
		Reason:     strings.TrimSpace(strings.Join(f.Reason.Text, " / ")),
		Detail:     strings.TrimSpace(f.Detail.text()),
	}
	e.auth = c.isAuthFault(e)
	e.expired = e.auth && c.creds.PasswordStatus(c.now()).Expired
	return e
}

// isReceiverCode reports whether a fault code (soap:Receiver with any
// prefix) blames the service, not the request.
func isReceiverCode(code string) bool {
	_, local, _ := strings.Cut(code, ":")
	if local == "" {
		local = code
	}
	return local == "Receiver"
}

// DefaultAuthFault reports whether a fault refuses the credentials: its
// subcode or reason mentions authentication (認証, auth). The real fault
// texts were never published (unverified); replace it with
// WithAuthFaultMatcher when they are known.
func DefaultAuthFault(e *FaultError) bool {
	text := strings.ToLower(e.Subcode + " " + e.Reason)
	return strings.Contains(text, "auth") || strings.Contains(text, "認証")
}

// checkEnvelope checks that a decoded response is <op>Response and holds
// a <return>.
func checkEnvelope(op, name string, hasReturn bool) error {
	if name != op+"Response" {
		return &DecodeError{Operation: op, Path: "Envelope/Body", Err: errUnexpected(op+"Response", name)}
	}
	if !hasReturn {
		return &DecodeError{Operation: op, Path: op + "Response", Err: errors.New("no <return>")}
	}
	return nil
}

// errAnswer turns a response bean's errCode/errMessage into an *APIError.
func errAnswer(op string, code, message string) error {
	if code == "" && message == "" {
		return nil
	}
	return &APIError{Operation: op, StatusCode: http.StatusOK, Code: code, Message: message}
}

var errNoBody = errors.New("no SOAP Body")
