package market

import (
	_ "embed"
	"encoding/json"
)

// Seed is a seed document, read strictly by ParseSeed (see the seed type
// for the schema: "version", "now", "rakuten", "yahoo", "ponpare", "ftp" and
// "catalog"). The zero Seed stands for DemoSeed().
type Seed struct{ doc *seed }

// ParseSeed reads a seed document strictly: one JSON object, no unknown
// fields, no trailing data, the supported version. Errors name the JSON
// path, or the line and column. Values are checked by Start, all at once.
func ParseSeed(data []byte) (Seed, error) {
	s, err := loadSeed(data)
	if err != nil {
		return Seed{}, err
	}
	return Seed{doc: s}, nil
}

// MarshalJSON writes the seed document, so that a seed (the demo one
// among them) can be printed, edited and read back by ParseSeed.
func (s Seed) MarshalJSON() ([]byte, error) {
	if s.doc == nil {
		s = DemoSeed()
	}
	return json.Marshal(s.doc)
}

// demoSeedJSON holds the demo shops: their credentials, orders and the FTP
// account; DemoSeed adds the generated catalog.
//
//go:embed seed.json
var demoSeedJSON []byte

// SeedError is a seed that cannot be used: Path is the JSON path of the
// offending value ("$.rakuten.shops[0].orders[1].ordered_at") when the
// document parsed; Line and Column (1-based, bytes) locate syntax and schema
// errors otherwise. ParseSeed and Start return them, joined when several.
type SeedError = seedError
