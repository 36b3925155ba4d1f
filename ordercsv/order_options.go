package ordercsv

// OrderOption configures ReadOrdersAs and ReadYahooOrders.
type OrderOption func(*orderConfig)

// orderConfig holds the settings of one order read.
type orderConfig struct {
	// rakutenUnknown are the amounts that mean "unknown" in 楽天 files.
	rakutenUnknown []int64
	// aliases maps a normalized file header to the normalized header name a
	// layout expects.
	aliases map[string]string
	// splitWindow is how many recent order numbers are remembered to catch
	// split orders; ≤ 0 remembers all.
	splitWindow int
}

// DefaultRakutenUnknownAmounts are the sentinels read as "unknown" in both
// 楽天 layouts: -99999 is documented in the old RMS CSV headers (無効値) and
// -9999 is the RMS order API's 未確定 value. Which of the two the 楽天ペイ CSV
// writes is unverified, so both are accepted by default; see
// WithRakutenUnknownAmounts.
var DefaultRakutenUnknownAmounts = []int64{-9999, -99999}

func newOrderConfig(opts []OrderOption) orderConfig {
	c := orderConfig{rakutenUnknown: DefaultRakutenUnknownAmounts, splitWindow: DefaultSplitOrderWindow}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// WithRakutenUnknownAmounts replaces the amounts that 楽天 layouts read as
// "unknown" (Amount.Pending) instead of as money. No other layout has such
// sentinels: a negative Amazon or Yahoo amount is a real discount.
func WithRakutenUnknownAmounts(values ...int64) OrderOption {
	return func(c *orderConfig) { c.rakutenUnknown = append([]int64(nil), values...) }
}

// WithHeaderAlias makes a file header fileHeader count as the header
// layoutHeader that a layout maps (both compared after NormalizeHeader). Use
// it for columns whose exact spelling is unverified in the reference, such
// as 楽天ペイ columns 107–157 (SKU管理番号, SKU情報, 決済手数料, ...) and the
// Yahoo CSV field names, when a mall's export spells one differently.
func WithHeaderAlias(fileHeader, layoutHeader string) OrderOption {
	return func(c *orderConfig) {
		if c.aliases == nil {
			c.aliases = map[string]string{}
		}
		c.aliases[NormalizeHeader(fileHeader)] = NormalizeHeader(layoutHeader)
	}
}

// WithSplitOrderWindow sets how many of the most recent order numbers
// ReadOrders remembers to recognise an order whose rows come back after other
// orders, which it reports as a *SplitOrderError (or, in a Yahoo Orders file,
// a *FieldError wrapping ErrDuplicateOrder) instead of silently yielding a
// second order with the same number. The default, DefaultSplitOrderWindow,
// keeps this memory near 7 MB however large the file; a number that comes
// back after more than n other orders is not recognised, and its rows are
// yielded as another order with that number, which OrderBook merges into the
// first. n ≤ 0 remembers every number: every split order is caught, but
// memory then grows by about 100 bytes per order in the file.
func WithSplitOrderWindow(n int) OrderOption {
	return func(c *orderConfig) { c.splitWindow = n }
}
