package yahootest

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Operation names of the order APIs.
const (
	opOrderCount            = "orderCount"
	opOrderList             = "orderList"
	opOrderInfo             = "orderInfo"
	opOrderStatusChange     = "orderStatusChange"
	opOrderPayStatusChange  = "orderPayStatusChange"
	opOrderShipStatusChange = "orderShipStatusChange"
	opOrderChange           = "orderChange"
)

// Defaults of orderList paging.
const (
	defaultListResult = 10
	requestTimeLayout = "20060102150405" // request datetimes, JST
	requestDateLayout = "20060102"       // request dates, JST
)

// WithLenientFields makes orderList and orderInfo answer Field names the
// fake does not model as empty elements instead of refusing the request with
// 400 od90101. The live service refuses unknown names per a third-party
// source (unverified) and knows many more names than the fake, so a client
// that asks for the full live list needs this.
func WithLenientFields(on bool) Option {
	return func(c *config) { c.lenientFields = on }
}

// WithOrderListMaxResult caps how many OrderInfo rows one orderList call
// returns, whatever Result asks for (TotalCount is unaffected), so that a
// client's paging is exercised. The mall documents no upper limit
// ("上限値はありません"), which is the default (0).
func WithOrderListMaxResult(n int) Option {
	return func(c *config) { c.orderListMax = n }
}

// xmlKV is one child element of a free-form container such as Condition.
type xmlKV struct {
	XMLName xml.Name
	Value   string `xml:",chardata"`
}

// orderListRequest is the <Req> of orderList.
type orderListRequest struct {
	XMLName xml.Name `xml:"Req"`
	Search  struct {
		Result    string
		Start     string
		Sort      string
		Condition struct {
			Items []xmlKV `xml:",any"`
		}
		Field string
	}
	SellerID string `xml:"SellerId"`
}

// orderIDPattern is the OrderId search condition's format (50 bytes max).
var orderIDPattern = regexp.MustCompile(`^[a-zA-Z0-9-]{1,50}$`)

// listFilter is a parsed orderList Condition.
type listFilter struct {
	ids            []string
	at             time.Time
	from, to       time.Time
	pubFrom, pubTo time.Time
	isSeen         *bool
	ints           map[string][]int // OrderStatus, PayStatus, ShipStatus, DeviceType, Suspect
	store          []string
}

// ignoredConditions are Condition keys the mall documents (orderList.html
// changelog) that the fake accepts and does not filter on, because it does
// not model what they select. Any key neither here nor modelled is refused
// with 400 od90101, as the mall refuses unknown parameters.
var ignoredConditions = map[string]bool{
	"IsActive": true, "FraudHoldDisplayType": true,
	"IsYahooAuctionOrder": true, "YahooAuctionId": true, "YahooAuctionMerchantId": true,
	"IsYahooAuctionDeferred": true, "YahooAuctionCategoryType": true, "YahooAuctionBidType": true,
	"SocialGiftType": true, "EazyDeliveryCode": true, "RemoteAreaShippingType": true,
	"IsLineCommerceTabOrder": true, "XshoppingStoreType": true,
}

// listIntConditions are the comma-list conditions on integer fields.
var listIntConditions = map[string]func(o *Order) int{
	"OrderStatus":  func(o *Order) int { return o.Status },
	"PayStatus":    func(o *Order) int { return o.Pay.Status },
	"ShipStatus":   func(o *Order) int { return o.Ship.Status },
	"DeviceType":   func(o *Order) int { return o.DeviceType },
	"Suspect":      func(o *Order) int { return o.Suspect },
	"SettleStatus": func(o *Order) int { return o.Pay.SettleStatus },
}

// parseCondition reads the Condition keys: the ones the fake models, the
// documented ones it ignores (ignoredConditions); any other key is refused.
// At least one of OrderId, OrderTime, OrderTimeFrom/To or
// PublicationTimeFrom/To is required (that the publication window anchors a
// search alone is the fake's assumption).
func parseCondition(items []xmlKV) (listFilter, error) {
	f := listFilter{ints: map[string][]int{}}
	anchored := false
	for _, kv := range items {
		name, v := kv.XMLName.Local, strings.TrimSpace(kv.Value)
		if _, modelled := listIntConditions[name]; !modelled && !ignoredConditions[name] && !knownConditions[name] {
			return f, fmt.Errorf("condition %s is not a search condition (Condition/%s)", name, name)
		}
		if v == "" {
			continue
		}
		var err error
		switch name {
		case "OrderId":
			anchored = true
			for id := range strings.SplitSeq(v, ",") {
				if !orderIDPattern.MatchString(id) {
					return f, fmt.Errorf("Condition/OrderId(%s) is invalid", id)
				}
				f.ids = append(f.ids, id)
			}
		case "OrderTime":
			anchored = true
			f.at, err = time.ParseInLocation(requestTimeLayout, v, jst)
		case "OrderTimeFrom":
			anchored = true
			f.from, err = time.ParseInLocation(requestTimeLayout, v, jst)
		case "OrderTimeTo":
			anchored = true
			f.to, err = time.ParseInLocation(requestTimeLayout, v, jst)
		case "PublicationTimeFrom":
			anchored = true
			f.pubFrom, err = time.ParseInLocation(requestTimeLayout, v, jst)
		case "PublicationTimeTo":
			anchored = true
			f.pubTo, err = time.ParseInLocation(requestTimeLayout, v, jst)
		case "IsSeen":
			b, perr := strconv.ParseBool(v)
			f.isSeen, err = &b, perr
		case "StoreStatus":
			f.store = strings.Split(v, ",")
		default:
			if _, ok := listIntConditions[name]; ok {
				for p := range strings.SplitSeq(v, ",") {
					n, perr := strconv.Atoi(p)
					if perr != nil {
						return f, fmt.Errorf("Condition/%s(%s) is invalid", name, v)
					}
					f.ints[name] = append(f.ints[name], n)
				}
			}
		}
		if err != nil {
			return f, fmt.Errorf("Condition/%s(%s) is invalid", name, v)
		}
	}
	if !anchored {
		return f, fmt.Errorf("Condition/OrderId, Condition/OrderTime, Condition/OrderTimeFrom/OrderTimeTo or Condition/PublicationTimeFrom/PublicationTimeTo is required")
	}
	return f, nil
}

// knownConditions are the modelled keys parseCondition reads itself.
var knownConditions = map[string]bool{
	"OrderId": true, "OrderTime": true, "OrderTimeFrom": true, "OrderTimeTo": true,
	"PublicationTimeFrom": true, "PublicationTimeTo": true, "IsSeen": true, "StoreStatus": true,
}

// matches reports whether o passes the filter. The store keeps its times
// to the second, as it writes them: an order of 10:00:00.7 is one of
// 10:00:00 and matches a filter ending at 10:00:00.
func (f *listFilter) matches(o *Order) bool {
	orderTime, pubTime := o.OrderTime.Truncate(time.Second), o.PublicationTime.Truncate(time.Second)
	switch {
	case f.ids != nil && !slices.Contains(f.ids, o.ID),
		!f.at.IsZero() && !orderTime.Equal(f.at),
		!f.from.IsZero() && orderTime.Before(f.from),
		!f.to.IsZero() && orderTime.After(f.to),
		!f.pubFrom.IsZero() && pubTime.Before(f.pubFrom),
		!f.pubTo.IsZero() && pubTime.After(f.pubTo),
		f.isSeen != nil && o.IsSeen != *f.isSeen,
		f.store != nil && !slices.Contains(f.store, o.StoreStatus):
		return false
	}
	for name, want := range f.ints {
		if !slices.Contains(want, listIntConditions[name](o)) {
			return false
		}
	}
	return true
}

// fieldNamePattern is what a Field name looks like.
var fieldNamePattern = regexp.MustCompile(`^[A-Za-z0-9]+$`)

// parseFieldList splits the Field value at path (Search/Field,
// Target/Field) and checks every name with known; lenient accepts any
// well-formed name.
func parseFieldList(path, raw string, lenient bool, known func(string) bool) ([]string, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, fmt.Errorf("%s is required", path)
	}
	var names []string
	for name := range strings.SplitSeq(raw, ",") {
		name = strings.TrimSpace(name)
		if !known(name) && !(lenient && fieldNamePattern.MatchString(name)) {
			return nil, fmt.Errorf("Field(%s) is invalid", name)
		}
		names = append(names, name)
	}
	return names, nil
}

// positiveInt parses an optional positive integer parameter.
func positiveInt(name, v string, def int) (int, error) {
	if v = strings.TrimSpace(v); v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%s(%s) is invalid", name, v)
	}
	return n, nil
}

// orderList is POST orderList: a search answered as a bare <Result> root
// with TotalCount and one flat OrderInfo per order carrying only the
// requested Field names, in the order requested, after a 1-based Index.
// Orders whose PublicationTime is still ahead are not found.
func (s *Server) orderList(c *call) {
	var req orderListRequest
	if !s.decodeReq(c, codeListParam, &req) {
		return
	}
	seller := s.authorizeSeller(c, req.SellerID, true)
	if seller == nil {
		return
	}
	fields, err := parseFieldList("Search/Field", req.Search.Field, s.cfg.lenientFields, func(n string) bool {
		_, ok := orderFieldByName[n]
		return ok && !infoOnlyFields[n]
	})
	var result, start int
	if err == nil {
		result, err = positiveInt("Result", req.Search.Result, defaultListResult)
	}
	if err == nil {
		start, err = positiveInt("Start", req.Search.Start, 1)
	}
	desc := false
	switch strings.TrimSpace(req.Search.Sort) {
	case "", "+order_time":
	case "-order_time":
		desc = true
	default:
		if err == nil {
			err = fmt.Errorf("Sort(%s) is invalid", req.Search.Sort)
		}
	}
	var filter listFilter
	if err == nil {
		filter, err = parseCondition(req.Search.Condition.Items)
	}
	if err != nil {
		s.writeError(c, http.StatusBadRequest, codeListParam, err.Error()+".", "")
		return
	}
	if s.cfg.orderListMax > 0 {
		result = min(result, s.cfg.orderListMax)
	}

	s.mu.Lock()
	var missing []string
	for _, id := range filter.ids {
		if o, ok := s.orders[id]; !ok || o.SellerID != seller.ID {
			missing = append(missing, id)
		}
	}
	var hits []*Order
	for _, o := range s.orders {
		s.settleLocked(o)
		if o.SellerID == seller.ID && !o.PublicationTime.After(s.now) && filter.matches(o) {
			hits = append(hits, o)
		}
	}
	slices.SortFunc(hits, func(a, b *Order) int {
		if c := a.OrderTime.Compare(b.OrderTime); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	if desc {
		slices.Reverse(hits)
	}
	search := el("Search", leaf("TotalCount", itoa(len(hits)), false))
	for i := start - 1; i < len(hits) && i < start-1+result; i++ {
		info := el("OrderInfo", leaf("Index", itoa(i+1), false))
		for _, name := range fields {
			idx, ok := orderFieldByName[name]
			if !ok {
				info.add(leaf(name, "", false)) // only with WithLenientFields
				continue
			}
			f := orderFields[idx]
			info.add(leaf(name, f.get(hits[i]), f.cdata))
		}
		search.add(info)
	}
	s.mu.Unlock()
	if len(missing) > 0 {
		s.writeError(c, http.StatusNotFound, codeOrderNotFound, "The order does not exist.", strings.Join(missing, ","))
		return
	}
	s.writeBody(c, http.StatusOK, contentXML, document(el("Result", leaf("Status", "OK", false), search)))
}
