package yahootest

import (
	"net/http"
	"strings"
)

// Error codes the fake answers with. Codes marked "live" appear in recorded
// traffic or in the mall's pages; the others are the fake's own, chosen where
// the live code is not known, and start with a 99 block so nobody mistakes
// them for documented ones.
const (
	codeSellerIDMissing   = "px-04001" // live: `"seller_id" is not specified`
	codeShortSession      = "px-04102" // live: 12 h session over
	codeOrderAPIForbidden = "px-04303" // live: app ID not registered for the order API
	codeNotPermitted      = "px-04307" // live: consent withdrawn / not the token's store
	codeKeyVersion        = "px-14303" // live (3rd party): signature without its key version, or a wrong one
	codeListParam         = "od90101"  // live: orderList request parameter error
	codeOrderNotFound     = "od91801"  // live on orderList (nonexistent OrderId); reused for orderInfo
	codeItemCodeFormat    = "st-02101" // live: item_code invalid format
	codeStockQuantity     = "st-02104" // live: setStock quantity invalid (per line)
	codeStockNotFound     = "st-99001" // fake's own: setStock on an unknown item
	codeStockParam        = "st-99002" // fake's own: other stock parameter errors
	codeChangeParam       = "od99001"  // fake's own: change-API parameter error
	codeTransition        = "od99002"  // fake's own: OrderStatus transition violation
	codeInvoice           = "od99003"  // fake's own: invoice number rule broken
	codeNotFound          = "px-99404" // fake's own: unknown API path
	codeMethod            = "px-99405" // fake's own: wrong HTTP method
	codeInjected          = "px-99500" // fake's own: injected fault
)

// Messages whose live wording is known.
const (
	msgSellerIDMissing   = `"seller_id" is not specified`
	msgShortSession      = "AccessToken has been expired. This API session is shorter than another API."
	msgOrderAPIForbidden = "This application ID is not registered for using order API."
	msgNotPermitted      = "Use of API is not permitted."
	msgThrottled         = "Your Request was Forbidden"
)

// Content types of the two API families.
const (
	contentXML      = "application/xml" // order, item and error answers
	contentStockXML = "text/xml"        // getStock / setStock
)

// writeError answers a store API error in the variant of c's family:
//
//   - stock APIs: <?xml version="1.0" encoding="UTF-8"?> then a one-line
//     <Error xmlns="urn:yahoo:api"> with plain Message and Code (stockApiError-1);
//   - other APIs: <?xml version="1.0" encoding="UTF-8" ?> then a pretty
//     <Error> with CDATA Message, Detail and Code (getItem-2).
//
// An empty code leaves the Code element out (the throttling answer).
func (s *Server) writeError(c *call, status int, code, message, detail string) {
	var b strings.Builder
	if c.stockFamily {
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
		b.WriteString(`<Error xmlns="urn:yahoo:api"><Message>`)
		b.WriteString(escapeText(message))
		b.WriteString(`</Message>`)
		if code != "" {
			b.WriteString(`<Code>` + escapeText(code) + `</Code>`)
		}
		b.WriteString(`</Error>`)
		s.writeBody(c, status, contentStockXML, b.String())
		return
	}
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" ?>` + "\n<Error>\n")
	b.WriteString("  <Message>" + cdata(message) + "</Message>\n")
	b.WriteString("  <Detail>" + escapeText(detail) + "</Detail>\n")
	if code != "" {
		b.WriteString("  <Code>" + escapeText(code) + "</Code>\n")
	}
	b.WriteString("</Error>\n")
	s.writeBody(c, status, contentXML, b.String())
}

// writeTokenError answers 401 for a missing, unknown or expired access token.
func (s *Server) writeTokenError(c *call, challenge string) {
	s.writeChallenge(c, http.StatusUnauthorized, challenge)
}

// writeChallenge answers a Bearer token problem: the WWW-Authenticate
// challenge plus the body of expiredToken-1, whose Message repeats the
// challenge (and which, unlike the other error bodies, has no Code and no
// final newline).
func (s *Server) writeChallenge(c *call, status int, challenge string) {
	c.w.Header().Set("WWW-Authenticate", challenge)
	body := `<?xml version="1.0" encoding="utf-8" ?>` + "\n<Error>\n<Message>\n" +
		"Please provide valid credentials. " + challenge + "\n</Message>\n</Error>"
	s.writeBody(c, status, contentXML, body)
}

// writeBody sends body with the headers the live store API sends.
func (s *Server) writeBody(c *call, status int, contentType, body string) {
	h := c.w.Header()
	h.Set("Content-Type", contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Xss-Protection", "1; mode=block")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	c.w.WriteHeader(status)
	_, _ = c.w.Write([]byte(body))
}
