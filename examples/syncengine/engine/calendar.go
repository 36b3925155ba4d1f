package engine

import (
	"fmt"
	"strings"
	"time"
)

// Calendar says which days the shop ships on: every day except 年末年始
// (12/31–1/3, unless turned off) and the shop's own closed days and
// weekdays. It sets the ship-by date (出荷日) of the orders uploaded to
// TEMPOSTAR. Days are
// JST calendar days. The zero Calendar has no closed day at all; use
// DefaultCalendar or NewCalendar.
type Calendar struct {
	yearEnd  bool
	closed   map[string]bool // "2006-01-02"
	weekdays map[time.Weekday]bool
	// shipDays is how many business days after the order day an order is
	// due to ship (the ship-by date).
	shipDays int
}

// DefaultCalendar closes 年末年始 (12/31–1/3) and ships orders by the next
// business day after the order day.
func DefaultCalendar() *Calendar {
	c, _ := NewCalendar(CalendarConfig{})
	return c
}

// CalendarConfig is the shop's calendar in the config ("calendar").
type CalendarConfig struct {
	// YearEnd closes 12/31–1/3 (default true).
	YearEnd *bool `json:"year_end,omitzero"`
	// Closed are the shop's own closed days ("2026-08-13").
	Closed []string `json:"closed,omitzero"`
	// ClosedWeekdays are weekdays the shop never ships on ("saturday").
	ClosedWeekdays []string `json:"closed_weekdays,omitzero"`
	// ShipDays is how many business days after the order day an order is
	// due to ship (default 1; 0: the order day when it is a business day).
	ShipDays *int `json:"ship_days,omitzero"`
}

// NewCalendar returns the calendar cfg describes (see CalendarConfig for
// its defaults). A bad day or weekday is a *ConfigError naming it.
func NewCalendar(cfg CalendarConfig) (*Calendar, error) {
	c := &Calendar{yearEnd: true, closed: map[string]bool{}, weekdays: map[time.Weekday]bool{}, shipDays: 1}
	if cfg.YearEnd != nil {
		c.yearEnd = *cfg.YearEnd
	}
	if cfg.ShipDays != nil {
		if *cfg.ShipDays < 0 {
			return nil, &ConfigError{Path: "$.calendar.ship_days", Err: fmt.Errorf("must not be negative")}
		}
		c.shipDays = *cfg.ShipDays
	}
	for i, d := range cfg.Closed {
		t, err := time.ParseInLocation(time.DateOnly, d, jst)
		if err != nil {
			return nil, &ConfigError{Path: fmt.Sprintf("$.calendar.closed[%d]", i), Err: fmt.Errorf("%q is not a date like 2026-08-13", d)}
		}
		c.closed[t.Format(time.DateOnly)] = true
	}
	for i, w := range cfg.ClosedWeekdays {
		wd, ok := weekdayNames[strings.ToLower(w)]
		if !ok {
			return nil, &ConfigError{Path: fmt.Sprintf("$.calendar.closed_weekdays[%d]", i), Err: fmt.Errorf("%q is not a weekday like \"sunday\"", w)}
		}
		c.weekdays[wd] = true
	}
	return c, nil
}

var weekdayNames = map[string]time.Weekday{"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday,
	"wednesday": time.Wednesday, "thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday}

// IsBusinessDay says whether the shop ships on t's JST day.
func (c *Calendar) IsBusinessDay(t time.Time) bool {
	d := t.In(jst)
	if c.yearEnd {
		m, day := d.Month(), d.Day()
		if m == time.December && day == 31 || m == time.January && day <= 3 {
			return false
		}
	}
	return !c.weekdays[d.Weekday()] && !c.closed[d.Format(time.DateOnly)]
}

// NextBusinessDay returns the first business day after t's JST day, at
// midnight JST.
func (c *Calendar) NextBusinessDay(t time.Time) time.Time {
	d := startOfDay(t)
	for {
		d = d.AddDate(0, 0, 1)
		if c.IsBusinessDay(d) {
			return d
		}
	}
}

// ShipBy returns the day (midnight JST) an order placed at placed is due
// to ship: shipDays business days after its order day, the order day
// counting as day 0 only when it is a business day.
func (c *Calendar) ShipBy(placed time.Time) time.Time {
	d := startOfDay(placed)
	if !c.IsBusinessDay(d) {
		d = c.NextBusinessDay(d)
	}
	for range c.shipDays {
		d = c.NextBusinessDay(d)
	}
	return d
}

// startOfDay is midnight JST of t's JST day.
func startOfDay(t time.Time) time.Time {
	y, m, d := t.In(jst).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, jst)
}

// calendar is the engine's business-day calendar.
func (e *Engine) calendar() *Calendar {
	if e.rules.Calendar != nil {
		return e.rules.Calendar
	}
	return DefaultCalendar()
}
