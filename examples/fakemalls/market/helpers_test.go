package market

import "time"

// testWall is the wall clock the tests' marketplaces see: the demo seed's
// relative times are computed from it.
var testWall = time.Date(2026, time.January, 5, 10, 0, 0, 0, jst)
