package rakutentest

import (
	"fmt"
	"regexp"
	"strings"
)

// Shop is one 楽天市場 shop hosted by the fake. A server can host several,
// as an integration hub sees them: each License with a ShopID acts for its
// shop only.
type Shop struct {
	// ID is the 6-digit shopId: the prefix of the shop's order numbers
	// ("123456-20260105-0000000001") and of its keys (SP123456_, SL123456_).
	ID string
	// URL is the shopUrl, the account name of https://www.rakuten.co.jp/<URL>/.
	// Order notifications built by OrderNotificationFor carry it.
	URL string
	// Name is the shop's display name (店舗名).
	Name string
}

// shopIDRe is the form of a shopId.
var shopIDRe = regexp.MustCompile(`^\d{6}$`)

// AddShop registers sh (replacing a shop with the same ID). Licenses name it
// with License.ShopID; then their calls see only the orders whose number
// starts with sh.ID + "-", and an inventory of the shop's own (seeded with
// SetShopInventory). Keys without a ShopID are not tied to a shop: they see
// every order and the inventory of SetInventory, which suits single-shop
// tests. Sub-statuses (AddSubStatus) are shared by all shops.
//
// AddShop panics when sh.ID is not six digits, like other seeding mistakes
// it is a bug in the test.
func (s *Server) AddShop(sh Shop) {
	if !shopIDRe.MatchString(sh.ID) {
		panic(fmt.Sprintf("rakutentest: AddShop: shop ID %q is not a 6-digit shopId", sh.ID))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shops[sh.ID] = sh
}

// ownsOrder reports whether a caller acting for shop may see order number
// n: every order when shop is "", else the orders numbered "<shop>-...".
func ownsOrder(shop, n string) bool {
	return shop == "" || strings.HasPrefix(n, shop+"-")
}

// orderForLocked returns the order numbered n as a caller acting for shop
// sees it: nil when it does not exist, belongs to another shop or is older
// than getOrder's 730-day reach.
func (s *Server) orderForLocked(shop, n string) *Order {
	o := s.orders[n]
	if o == nil || !ownsOrder(shop, n) || !s.orderReachable(o) {
		return nil
	}
	return o
}
