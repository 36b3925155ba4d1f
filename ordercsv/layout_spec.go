package ordercsv

// layoutSpec describes one layout: how to recognise its header and how to
// turn a row into order, line and recipient fields. Columns are always looked
// up by header name (after NormalizeHeader), never by position, because
// every mall's export has grown or reordered columns over the years.
type layoutSpec struct {
	layout Layout
	mall   string
	// tsv marks Amazon's tab-separated, unquoted reports.
	tsv bool
	// number is the order-number header.
	number string
	// required are the headers a file must have to be this layout.
	required []string
	// onePerOrder marks files with one row per order and no line items.
	onePerOrder bool
	// rakuten makes the 楽天 unknown-amount sentinels apply.
	rakuten bool
	// fill reads one row. Order-level fields are read only when c.first.
	fill func(c *rowCursor, o *Order, l *Line)
	// recipient names the ship-to columns; nil when the layout has none.
	recipient *recipientColumns

	// names are the headers fill and recipient read, found once by running
	// fill on a recording cursor; columns outside this set go to Raw.
	names []string
}

// specs lists the layouts in detection order.
var specs = initSpecs(&rakutenPaySpec, &rmsSpec, &yahooItemsSpec, &yahooOrdersSpec, &amazonSpec, &nextEngineSpec)

func initSpecs(list ...*layoutSpec) []*layoutSpec {
	for _, s := range list {
		probe := &rowCursor{first: true, probe: map[string]bool{s.number: true}}
		s.fill(probe, &Order{}, &Line{})
		for _, name := range s.required {
			probe.probe[name] = true
		}
		if s.recipient != nil {
			for _, name := range s.recipient.names() {
				probe.probe[name] = true
			}
		}
		delete(probe.probe, "") // what contactColumns leaves empty: no such column
		for name := range probe.probe {
			s.names = append(s.names, name)
		}
	}
	return list
}

// specFor returns the spec of l, or nil for LayoutAuto and unknown values.
func specFor(l Layout) *layoutSpec {
	for _, s := range specs {
		if s.layout == l {
			return s
		}
	}
	return nil
}

// missing returns the required headers absent from present (a set of
// normalized names), in the spec's order.
func (s *layoutSpec) missing(present map[string]bool) []string {
	var out []string
	for _, name := range s.required {
		if !present[NormalizeHeader(name)] {
			out = append(out, name)
		}
	}
	return out
}
