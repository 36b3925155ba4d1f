package rakutentest

import "net/http"

// Gateway error codes, answered in the {"Results":{...}} envelope.
const (
	codeUnauthorised         = "ES01-01" // unknown, expired or not-enabled key
	messageUnauthorised      = "Un-Authorised"
	codeBadRequest           = "ES04-01"
	codeUnsupportedMediaType = "ES04-03" // reported by practitioners; unverified
	codeInjected             = "ES99-99" // the fake's own code for injected non-throttle faults
)

// Message types of the order API's MessageModel.
const (
	msgInfo    = "INFO"
	msgWarning = "WARNING"
	msgError   = "ERROR"
)

// gatewayError is the envelope of authentication and gateway failures:
// {"Results":{"errorCode":"ES01-01","message":"Un-Authorised"}}.
func gatewayError(code, message string) object {
	return object{{"Results", object{{"errorCode", code}, {"message", message}}}}
}

// message is one MessageModel of the order API. Extra members (orderNumber,
// dataNumber, ...) follow the three standard keys in the order given.
func message(typ, code, text string, extra ...member) object {
	o := object{{"messageType", typ}, {"messageCode", code}, {"message", text}}
	return append(o, extra...)
}

// inventoryError is one entry of the {"errors":[...]} envelope of the
// inventory (and item) 2.x APIs. path is the metadata.propertyPath; "" leaves
// metadata out.
type inventoryError struct {
	code, message, path string
}

// body renders errs as {"errors":[{"code","message","metadata":{"propertyPath"}}]}.
func inventoryErrorBody(errs []inventoryError) object {
	list := make([]any, len(errs))
	for i, e := range errs {
		o := object{{"code", e.code}, {"message", e.message}}
		if e.path != "" {
			o = append(o, member{"metadata", object{{"propertyPath", e.path}}})
		}
		list[i] = o
	}
	return object{{"errors", list}}
}

// writeInventoryErrors answers a 2.x error: 404 for GE0014, 400 otherwise.
func (s *Server) writeInventoryErrors(c *call, errs []inventoryError) {
	status := http.StatusBadRequest
	if len(errs) == 1 && errs[0].code == codeNotFound {
		status = http.StatusNotFound
	}
	s.writeJSON(c, status, inventoryErrorBody(errs))
}
