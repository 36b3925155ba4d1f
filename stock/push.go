package stock

import "fmt"

// Push is a quantity to show (from Plan) or shown (to Confirm) for one channel's item.
type Push struct {
	Channel, Item string
	Units         int
}

func (p Push) validate() error {
	bad := func(field, format string, args ...any) error {
		return &InputError{Key: "push " + p.Channel + " " + p.Item, Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	switch {
	case blank(p.Channel):
		return bad("Channel", "empty")
	case blank(p.Item):
		return bad("Item", "empty")
	case p.Units < 0:
		return bad("Units", "negative (%d)", p.Units)
	}
	return nil
}
