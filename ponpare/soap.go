package ponpare

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/mallkit/mallkit/internal/httpx"
)

// SOAP12Namespace is the SOAP 1.2 envelope namespace.
const SOAP12Namespace = "http://www.w3.org/2003/05/soap-envelope"

// maxResponse bounds how much of a response is read.
const maxResponse = 64 << 20

type requestEnvelope struct {
	XMLName xml.Name `xml:"http://www.w3.org/2003/05/soap-envelope Envelope"`
	Body    struct {
		Content any
	} `xml:"Body"`
}

type responseEnvelope struct {
	Body struct {
		Fault   *soapFault `xml:"Fault"`
		Content []byte     `xml:",innerxml"`
	} `xml:"Body"`
}

type soapFault struct {
	Code struct {
		Value   string `xml:"Value"`
		Subcode struct {
			Value string `xml:"Value"`
		} `xml:"Subcode"`
	} `xml:"Code"`
	Reason struct {
		Text []string `xml:"Text"`
	} `xml:"Reason"`
	Detail struct {
		Content string `xml:",innerxml"`
	} `xml:"Detail"`
}

// call posts one SOAP 1.2 request and decodes the operation's response
// element into out. Requests are reads, so they are retried safely.
func (c *Client) call(ctx context.Context, op string, in, out any) error {
	env := requestEnvelope{}
	env.Body.Content = in
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(env); err != nil {
		return fmt.Errorf("ponpare: %s: encoding request: %w", op, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, &buf)
	if err != nil {
		return fmt.Errorf("ponpare: %s: %w", op, err)
	}
	req.Header.Set("Content-Type", fmt.Sprintf(`application/soap+xml; charset=UTF-8; action="urn:%s"`, op))
	resp, err := c.http.Do(req, httpx.RetrySafe)
	if err != nil {
		return fmt.Errorf("ponpare: %s: %w", op, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return fmt.Errorf("ponpare: %s: reading response: %w", op, err)
	}
	var renv responseEnvelope
	if err := xml.Unmarshal(body, &renv); err != nil {
		if resp.StatusCode >= 300 {
			return &APIError{Operation: op, StatusCode: resp.StatusCode, Body: string(body)}
		}
		return fmt.Errorf("ponpare: %s: decoding SOAP envelope: %w", op, err)
	}
	if f := renv.Body.Fault; f != nil {
		return c.faultError(op, resp.StatusCode, f)
	}
	if resp.StatusCode >= 300 {
		return &APIError{Operation: op, StatusCode: resp.StatusCode, Body: string(body)}
	}
	if err := xml.Unmarshal(renv.Body.Content, out); err != nil {
		return fmt.Errorf("ponpare: %s: decoding response: %w", op, err)
	}
	return nil
}

func (c *Client) faultError(op string, status int, f *soapFault) *FaultError {
	e := &FaultError{
		Operation:  op,
		StatusCode: status,
		Code:       strings.TrimSpace(f.Code.Value),
		Subcode:    strings.TrimSpace(f.Code.Subcode.Value),
		Reason:     strings.TrimSpace(strings.Join(f.Reason.Text, " / ")),
		Detail:     strings.TrimSpace(f.Detail.Content),
	}
	e.auth = c.isAuthFault(e)
	e.expired = e.auth && c.creds.PasswordStatus(c.now()).Expired
	return e
}

// DefaultAuthFault reports whether a fault refuses the credentials: its
// subcode or reason mentions authentication (認証, auth). The real fault
// texts were never published (unverified); replace it with
// WithAuthFaultMatcher when they are known.
func DefaultAuthFault(e *FaultError) bool {
	text := strings.ToLower(e.Subcode + " " + e.Reason)
	return strings.Contains(text, "auth") || strings.Contains(text, "認証")
}
