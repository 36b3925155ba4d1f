package market

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// jst is Japan Standard Time, fixed so that no tzdata is needed.
var jst = time.FixedZone("JST", 9*3600)

// seedWallLayout is the offset-less form of a seed time, read as JST.
const seedWallLayout = "2006-01-02 15:04:05"

// relativeTime matches "now", "now-3h", "now+2d", "now-1d12h30m".
var relativeTime = regexp.MustCompile(`^now(?:([+-])(?:(\d+)d)?((?:\d+(?:\.\d+)?(?:h|m|s|ms))*))?$`)

// errSeedTime is wrapped by every unreadable seed time.
var errSeedTime = errors.New(`bad time (want RFC 3339, "2006-01-02 15:04:05" in JST, or now±duration such as "now-2d3h")`)

// parseSeedTime reads a seed time value (see seed) relative to now. The
// result is in JST.
func parseSeedTime(s string, now time.Time) (time.Time, error) {
	if strings.HasPrefix(s, "now") {
		return parseRelative(s, now)
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(jst), nil
	}
	if t, err := time.ParseInLocation(seedWallLayout, s, jst); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%w: %q", errSeedTime, s)
}

// parseRelative reads "now", "now-<days>d<duration>" and "now+...".
func parseRelative(s string, now time.Time) (time.Time, error) {
	m := relativeTime.FindStringSubmatch(s)
	if m == nil || (m[1] != "" && m[2] == "" && m[3] == "") {
		return time.Time{}, fmt.Errorf("%w: %q", errSeedTime, s)
	}
	var d time.Duration
	if m[2] != "" {
		days, err := strconv.Atoi(m[2])
		if err != nil || days > 100000 {
			return time.Time{}, fmt.Errorf("%w: %q: too many days", errSeedTime, s)
		}
		d = time.Duration(days) * 24 * time.Hour
	}
	if m[3] != "" {
		rest, err := time.ParseDuration(m[3])
		if err != nil {
			return time.Time{}, fmt.Errorf("%w: %q: %v", errSeedTime, s, err)
		}
		d += rest
	}
	if m[1] == "-" {
		d = -d
	}
	return now.Add(d).In(jst), nil
}
