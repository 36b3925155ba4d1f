package market

import (
	"fmt"
	"time"
)

// A seed's times may be relative to the start, and every bad value is
// reported with its JSON path before anything starts.
func Example_seed() {
	s, err := loadSeed([]byte(`{
	  "version": 1,
	  "now": "2026-01-05 10:00:00",
	  "rakuten": {"shops": [{"name": "sakuragama",
	    "orders": [{"number": "387654-{yyyyMMdd}-0000000101", "ordered_at": "now-1d2h",
	                "items": [{"item_id": 1, "manage_number": "mino-mug", "name": "美濃焼 マグカップ", "price": 2640}]},
	               {"number": "387654-20260105-0000000102", "ordered_at": "2026-01-32 09:00:00",
	                "items": [{"item_id": 1, "manage_number": "mino-mug", "name": "美濃焼 マグカップ", "price": 2640}]}]}]}
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = compile(s, planOptions{wall: time.Now()})
	fmt.Println(err)

	s.Rakuten.Shops[0].Orders[1].OrderedAt = "now"
	p, err := compile(s, planOptions{wall: time.Now()})
	if err != nil {
		fmt.Println(err)
		return
	}
	o := p.rakuten[0].orders[0]
	fmt.Println(o.Number, o.OrderDatetime.Format(time.RFC3339))
	// Output:
	// seed: $.rakuten.shops[0].orders[1].ordered_at: bad time (want RFC 3339, "2006-01-02 15:04:05" in JST, or now±duration such as "now-2d3h"): "2026-01-32 09:00:00"
	// 387654-20260104-0000000101 2026-01-04T08:00:00+09:00
}
