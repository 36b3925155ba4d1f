package rakutentest

import "net/http"

// unsupportedOperations are RakutenPayOrderAPI operations that exist live but
// that this fake does not model: editing recipients, items and prices
// (updateOrderSender, updateOrderSenderAfterShipping, simulateCouponAmount),
// the orderer (updateOrderOrderer) and payment details (getPayment, whose
// response schema is not publicly documented). After the usual gateway checks
// they answer 501 Not Implemented with errorCode CodeNotSupported, which no
// live response carries, so a test cannot mistake it for the mall's 404.
var unsupportedOperations = []string{
	"updateOrderSender", "updateOrderSenderAfterShipping", "updateOrderOrderer",
	"getPayment", "simulateCouponAmount",
}

// CodeNotSupported is the errorCode of the answer to an operation the fake
// does not model (see the package doc).
const CodeNotSupported = "RAKUTENTEST-NOT-SUPPORTED"

// notSupported answers an operation of unsupportedOperations.
func (s *Server) notSupported(c *call) {
	s.writeJSON(c, http.StatusNotImplemented,
		gatewayError(CodeNotSupported, "rakutentest: "+c.op+" is not supported by this fake"))
}
