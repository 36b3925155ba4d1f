// Package jst holds Japan Standard Time, the zone every mall API speaks.
//
// It is a fixed +09:00 zone rather than time.LoadLocation("Asia/Tokyo") so that
// programs work on hosts without tzdata; Japan has no daylight saving time.
package jst

import "time"

// Location is Japan Standard Time (UTC+9, no daylight saving).
var Location = time.FixedZone("JST", 9*60*60)

// In returns t in JST.
func In(t time.Time) time.Time { return t.In(Location) }

// Date returns midnight of the given calendar day in JST.
func Date(year int, month time.Month, day int) time.Time {
	return time.Date(year, month, day, 0, 0, 0, 0, Location)
}
