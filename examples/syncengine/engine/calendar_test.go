package engine

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten/rakutentest"
	"github.com/mallkit/mallkit/stock"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, jst) }

// 年末年始 (12/31–1/3) is closed by default: the business day after 12/30
// is 1/4, an order of 12/30 ships by 1/4, and one placed while closed ships
// by the business day after the first open one.
func TestBusinessDaysSkipTheYearEnd(t *testing.T) {
	c := DefaultCalendar()
	require.True(t, c.IsBusinessDay(day(2026, 12, 30)))
	for _, d := range []time.Time{day(2026, 12, 31), day(2027, 1, 1), day(2027, 1, 2), day(2027, 1, 3)} {
		require.False(t, c.IsBusinessDay(d), d)
	}
	late := time.Date(2026, 12, 30, 23, 59, 0, 0, jst)
	require.Equal(t, day(2027, 1, 4), c.NextBusinessDay(late))
	require.Equal(t, day(2027, 1, 4), c.NextBusinessDay(late.UTC()), "days are JST days whatever the zone")
	require.Equal(t, day(2027, 1, 4), c.ShipBy(late))
	require.Equal(t, day(2026, 12, 30), c.ShipBy(day(2026, 12, 29)))
	require.Equal(t, day(2027, 1, 5), c.ShipBy(day(2027, 1, 1)))

	same := must[*Calendar](t)(NewCalendar(CalendarConfig{ShipDays: new(0)}))
	require.Equal(t, day(2026, 12, 30), same.ShipBy(late), "ship_days 0: the order day")
	require.Equal(t, day(2027, 1, 4), same.ShipBy(day(2027, 1, 2)))
}

// The shop's own closed days and weekdays come on top; year_end false
// opens 年末年始.
func TestBusinessDaysFollowTheShopsCalendar(t *testing.T) {
	c := must[*Calendar](t)(NewCalendar(CalendarConfig{Closed: []string{"2027-01-04"}, ClosedWeekdays: []string{"Saturday", "sunday"}}))
	require.Equal(t, day(2027, 1, 5), c.NextBusinessDay(day(2026, 12, 30)))
	require.Equal(t, day(2027, 1, 11), c.NextBusinessDay(day(2027, 1, 8)), "Friday → Monday")
	open := must[*Calendar](t)(NewCalendar(CalendarConfig{YearEnd: new(false)}))
	require.Equal(t, day(2026, 12, 31), open.NextBusinessDay(day(2026, 12, 30)))

	for _, tc := range []struct {
		cfg  CalendarConfig
		path string
	}{
		{CalendarConfig{Closed: []string{"2027-01-04", "2027-13-01"}}, "$.calendar.closed[1]"},
		{CalendarConfig{ClosedWeekdays: []string{"sat"}}, "$.calendar.closed_weekdays[0]"},
		{CalendarConfig{ShipDays: new(-1)}, "$.calendar.ship_days"},
	} {
		_, err := NewCalendar(tc.cfg)
		var ce *ConfigError
		require.ErrorAs(t, err, &ce)
		require.Equal(t, tc.path, ce.Path)
	}
	_, err := ParseConfig([]byte(`{"listings": "l.csv", "calendar": {"closed": ["12/31"]}}`))
	var ce *ConfigError
	require.ErrorAs(t, err, &ce)
	require.Equal(t, "$.calendar.closed[0]", ce.Path)
}

// An order placed on 12/30 goes to the hub with ship-by 1/4 (出荷日 in
// TEMPOSTAR's order file) and, being a 楽天共通決済 order 楽天 has not
// released yet, without a payment date (入金状況 未入金).
func TestUploadedOrdersCarryShipByAndPaidDates(t *testing.T) {
	ctx := context.Background()
	rules := DefaultImportRules()
	a := newShop(t, "shopa", rules, rakutentest.WithStartTime(time.Date(2026, 12, 30, 18, 0, 0, 0, jst)))
	hub := &memoryHub{}
	h := newHarness(t, harnessOpts{channels: []Channel{a.ch}, hubs: []Hub{hub},
		listings: []stock.Listing{listing("rakuten/shopa", "tee/m", "TEE-M")},
		onHand:   map[string]int{"TEE-M": 5}, rules: rules, now: a.srv.Now})
	a.order(rulesOrder, time.Hour, "tee", "m", 1)
	must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa"))
	must[UploadReport](t)(h.eng.Upload(ctx, hub.Name()))
	require.Len(t, hub.uploaded, 1)
	require.Equal(t, day(2027, 1, 4), hub.uploaded[0].ShipBy)
	require.True(t, hub.uploaded[0].PaidAt.IsZero(), "uploaded as paid before 楽天 released it")
}
