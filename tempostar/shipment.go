package tempostar

import (
	"io"
	"time"
)

// ShipmentRecord is one row of a shipment (物流連携) file, whose header is
// exactly:
//
//	システム受注番号,配送方法コード,出荷日,出荷確定日,配送日,荷物番号
type ShipmentRecord struct {
	SystemOrderNumber  string    // システム受注番号 (a public connector appends "_1" per delivery; unverified)
	DeliveryMethodCode string    // 配送方法コード
	ShippedAt          time.Time // 出荷日 (JST; zero when blank)
	ShipConfirmedAt    time.Time // 出荷確定日 (JST; zero when blank)
	DeliveryDate       time.Time // 配送日 (date, JST; zero when blank)
	TrackingNumber     string    // 荷物番号
	Line               int       // line in the file (reading only)
}

var shipmentSpec = tableSpec[ShipmentRecord]{
	columns: []column[ShipmentRecord]{
		field("システム受注番号", func(r *ShipmentRecord) *string { return &r.SystemOrderNumber }, textCodec),
		field("配送方法コード", func(r *ShipmentRecord) *string { return &r.DeliveryMethodCode }, textCodec),
		field("出荷日", func(r *ShipmentRecord) *time.Time { return &r.ShippedAt }, timeCodec(DateTimeLayout)),
		field("出荷確定日", func(r *ShipmentRecord) *time.Time { return &r.ShipConfirmedAt }, timeCodec(DateTimeLayout)),
		field("配送日", func(r *ShipmentRecord) *time.Time { return &r.DeliveryDate }, timeCodec(DateLayout)),
		field("荷物番号", func(r *ShipmentRecord) *string { return &r.TrackingNumber }, textCodec),
	},
	required: 1,
	setLine:  func(r *ShipmentRecord, line int) { r.Line = line },
	key:      func(r *ShipmentRecord) string { return "システム受注番号 " + r.SystemOrderNumber },
}

// ReadShipments reads a shipment file; the header is required and columns
// are matched by name. Errors are *FormatError.
func ReadShipments(r io.Reader, opts ...FormatOption) ([]ShipmentRecord, error) {
	return shipmentSpec.read(r, opts)
}

// WriteShipments writes a shipment file with its exact header, every field
// quoted, CRLF, in enc; 出荷日 and 出荷確定日 as yyyy/MM/dd HH:mm (24-hour)
// and 配送日 as yyyy/MM/dd, all JST. Errors are *RecordError.
func WriteShipments(w io.Writer, recs []ShipmentRecord, enc Encoding) error {
	return shipmentSpec.write(w, recs, enc)
}
