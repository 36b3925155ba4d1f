package tempostar

import (
	"fmt"
	"time"
)

// jstLocation is Japan Standard Time; a fixed zone so no tzdata is needed.
var jstLocation = time.FixedZone("JST", 9*60*60)

// Kind is a kind of exchanged file. Each kind has its own remote folder
// (Dirs.For) and file-name prefix (Kind.Prefix).
type Kind int

const (
	// KindStock files carry stock levels (TEMPOSTAR → cart; ReadStock).
	KindStock Kind = iota
	// KindShipments files carry shipped orders, 物流連携 (ReadShipments).
	KindShipments
	// KindProducts files carry products with free fields (ReadProducts).
	KindProducts
	// KindOrderStatus files carry order progress codes (ReadOrderStatus).
	KindOrderStatus
	// KindOrders files carry orders in the 50-column layout (UploadOrders
	// writes them; ReadOrderRows reads them, for the logistics role that
	// receives orders).
	KindOrders
)

// String returns the kind's name, e.g. "stock".
func (k Kind) String() string {
	switch k {
	case KindStock:
		return "stock"
	case KindShipments:
		return "shipments"
	case KindProducts:
		return "products"
	case KindOrderStatus:
		return "order status"
	case KindOrders:
		return "orders"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Prefix is the file-name prefix of uploaded files of this kind, as the public
// connectors name them: "order", "stock", "ordership", "product",
// "orderstatus".
func (k Kind) Prefix() string {
	switch k {
	case KindStock:
		return "stock"
	case KindShipments:
		return "ordership"
	case KindProducts:
		return "product"
	case KindOrderStatus:
		return "orderstatus"
	case KindOrders:
		return "order"
	}
	return ""
}

// valid reports whether k is one of the declared kinds.
func (k Kind) valid() bool { return k >= KindStock && k <= KindOrders }
