package rakutentest

import (
	"cmp"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Limits of searchOrder.
const (
	// SearchHitCap is how many hits searchOrder lets a caller reach; the
	// 15,001st and later cannot be retrieved.
	SearchHitCap     = 15000
	maxSearchWindow  = 63 * 24 * time.Hour
	maxSearchAgeDays = 730
	maxPageSize      = 1000
	defaultPageSize  = 30
)

const searchPrefix = "ORDER_EXT_API_SEARCH_ORDER"

// WithSearchTotalCapped makes searchOrder report totalRecordsAmount and
// totalPages as if only the first SearchHitCap hits existed. By default they
// count every hit while pages beyond the cap come back empty; the live
// behaviour is unverified.
func WithSearchTotalCapped() Option {
	return func(c *config) { c.capSearchTotal = true }
}

// orderDatetimeRe is the only datetime form the order API accepts: +0900
// without a colon, no fraction, no Z.
var orderDatetimeRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0900$`)

// parseOrderDatetime reads a request datetime of the order API.
func parseOrderDatetime(f fields, name string) (time.Time, fieldState) {
	v, st := f.str(name)
	if st != fieldOK {
		return time.Time{}, st
	}
	if !orderDatetimeRe.MatchString(v) {
		return time.Time{}, fieldBad
	}
	t, err := time.ParseInLocation(orderDatetimeLayout, v, jst)
	if err != nil {
		return time.Time{}, fieldBad
	}
	return t.In(jst), fieldOK
}

// searchQuery is a validated searchOrder request.
type searchQuery struct {
	dateType            int
	start, end          time.Time
	progress, subStatus []int
	orderTypes          []int
	settlementMethod    int
	hasSettlement       bool
	deliveryName        string
	shippingDateBlank   bool
	shippingNumberBlank bool
	keywordType         int
	keyword             string
	ordererMail         string
	reserveNumber       string
	purchaseSite        int
	restrict            []orderFlag // flags given as 1: only orders that have them
	pageSize, page      int
	ascending           bool
}

// searchOrder serves RakutenPayOrderAPI searchOrder.
func (s *Server) searchOrder(c *call) {
	f, ok := s.decodeFields(c)
	if !ok {
		return
	}
	q, msgs := s.parseSearch(f)
	if len(msgs) > 0 {
		s.writeJSON(c, http.StatusBadRequest, object{
			{"orderNumberList", nil}, {"MessageModelList", msgs}, {"PaginationResponseModel", nil},
		})
		return
	}
	s.mu.Lock()
	var hits []*Order
	for _, o := range s.orders {
		if ownsOrder(c.shop, o.Number) && q.matches(o) {
			hits = append(hits, o)
		}
	}
	slices.SortFunc(hits, func(a, b *Order) int {
		r := cmp.Or(a.OrderDatetime.Compare(b.OrderDatetime), strings.Compare(a.Number, b.Number))
		if q.ascending {
			return r
		}
		return -r
	})
	numbers := make([]string, len(hits))
	for i, o := range hits {
		numbers[i] = o.Number
	}
	s.mu.Unlock()
	if len(numbers) == 0 {
		s.writeJSON(c, http.StatusOK, object{
			{"orderNumberList", []string{}},
			{"MessageModelList", []any{message(msgInfo, searchPrefix+"_INFO_102", "注文検索に成功しました。(検索結果０件)")}},
			{"PaginationResponseModel", object{{"totalRecordsAmount", nil}, {"totalPages", nil}, {"requestPage", nil}}},
		})
		return
	}
	total := len(numbers)
	reachable := numbers[:min(total, SearchHitCap)]
	if s.cfg.capSearchTotal {
		total = len(reachable)
	}
	from := min((q.page-1)*q.pageSize, len(reachable))
	to := min(from+q.pageSize, len(reachable))
	s.writeJSON(c, http.StatusOK, object{
		{"orderNumberList", slices.Clone(reachable[from:to])},
		{"MessageModelList", []any{message(msgInfo, searchPrefix+"_INFO_101", "注文検索に成功しました。")}},
		{"PaginationResponseModel", object{
			{"totalRecordsAmount", total},
			{"totalPages", (total + q.pageSize - 1) / q.pageSize},
			{"requestPage", q.page},
		}},
	})
}

// parseSearch validates a searchOrder body. Window violations use
// ERROR_023 (unverified); other values the 009/010/011 grammar.
func (s *Server) parseSearch(f fields) (searchQuery, []any) {
	k := &checker{prefix: searchPrefix}
	q := searchQuery{pageSize: defaultPageSize, page: 1}
	var ok bool
	if q.dateType, ok = k.requiredInt(f, "dateType"); ok && (q.dateType < 1 || q.dateType > 6) {
		k.report("dateType", fieldBad)
	}
	var stStart, stEnd fieldState
	q.start, stStart = parseOrderDatetime(f, "startDatetime")
	k.report("startDatetime", stStart)
	q.end, stEnd = parseOrderDatetime(f, "endDatetime")
	k.report("endDatetime", stEnd)
	if stStart == fieldOK && stEnd == fieldOK {
		now := s.Now()
		switch {
		case q.end.Before(q.start):
			k.add("023", "endDatetimeはstartDatetime以降の日時を指定して下さい。")
		case q.end.Sub(q.start) > maxSearchWindow:
			k.add("023", "startDatetimeとendDatetimeの期間は63日以内で指定して下さい。")
		}
		if q.start.Before(now.AddDate(0, 0, -maxSearchAgeDays)) {
			k.add("023", "startDatetimeは過去730日以内の日時を指定して下さい。")
		}
	}
	q.progress = k.codeList(f, "orderProgressList", []int{100, 200, 300, 400, 500, 600, 700, 800, 900})
	q.subStatus, _ = f.intList("subStatusIdList")
	if slices.Contains(q.subStatus, -1) && len(q.progress) == 0 {
		k.add("011", "subStatusIdListに-1を指定する場合はorderProgressListを指定して下さい。")
	}
	q.orderTypes = k.codeList(f, "orderTypeList", []int{1, 4, 5, 6})
	q.settlementMethod, q.hasSettlement = k.optionalInt(f, "settlementMethod")
	q.deliveryName, _ = f.str("deliveryName")
	blank, _ := k.optionalInt(f, "shippingDateBlankFlag")
	q.shippingDateBlank = blank == 1
	blank, _ = k.optionalInt(f, "shippingNumberBlankFlag")
	q.shippingNumberBlank = blank == 1
	q.keywordType, _ = k.optionalInt(f, "searchKeywordType")
	q.keyword, _ = f.str("searchKeyword")
	q.ordererMail, _ = f.str("ordererMailAddress")
	q.reserveNumber, _ = f.str("reserveNumber")
	if q.purchaseSite, _ = k.optionalInt(f, "purchaseSiteType"); q.purchaseSite < 0 || q.purchaseSite > 4 {
		k.report("purchaseSiteType", fieldBad)
	}
	for _, fl := range orderFlags {
		if v, ok := k.optionalInt(f, fl.name); ok && v == 1 {
			q.restrict = append(q.restrict, fl)
		}
	}
	if p, st := f.object("PaginationRequestModel"); st == fieldBad {
		k.report("PaginationRequestModel", st)
	} else if st == fieldOK {
		k.parsePagination(p, &q)
	}
	return q, k.msgs
}

// codeList reads an optional list of enum codes.
func (k *checker) codeList(f fields, name string, valid []int) []int {
	list, st := f.intList(name)
	if st == fieldBad {
		k.report(name, st)
		return nil
	}
	for _, v := range list {
		if !slices.Contains(valid, v) {
			k.report(name, fieldBad)
			return nil
		}
	}
	return list
}

// parsePagination reads PaginationRequestModel: requestRecordsAmount
// 1..1000 (default 30), requestPage ≥ 1, SortModelList sortColumn 1 with
// sortDirection 1 asc or 2 desc (default desc).
func (k *checker) parsePagination(p fields, q *searchQuery) {
	if n, ok := k.optionalInt(p, "requestRecordsAmount"); ok {
		if n < 1 || n > maxPageSize {
			k.add("011", "requestRecordsAmountは1以上1000以下で指定して下さい。")
		}
		q.pageSize = n
	}
	if n, ok := k.optionalInt(p, "requestPage"); ok {
		if n < 1 {
			k.report("requestPage", fieldBad)
		}
		q.page = n
	}
	sorts, st := p.objects("SortModelList")
	if st == fieldBad {
		k.report("SortModelList", st)
	}
	for _, sm := range sorts {
		if col, ok := k.requiredInt(sm, "sortColumn"); ok && col != 1 {
			k.report("sortColumn", fieldBad)
		}
		if dir, ok := k.requiredInt(sm, "sortDirection"); ok {
			if dir != 1 && dir != 2 {
				k.report("sortDirection", fieldBad)
			}
			q.ascending = dir == 1
		}
	}
}

// matches reports whether o is a hit of q. RMS keeps its datetimes to the
// second, as it writes them: an order placed at 10:00:00.7 is one of
// 10:00:00 and matches a search ending at 10:00:00.
func (q searchQuery) matches(o *Order) bool {
	at := searchDate(o, q.dateType).Truncate(time.Second)
	if at.IsZero() || at.Before(q.start) || at.After(q.end) {
		return false
	}
	if len(q.progress) > 0 && !slices.Contains(q.progress, o.Progress) {
		return false
	}
	if len(q.subStatus) > 0 {
		id := o.SubStatusID
		if id == 0 {
			id = -1
		}
		if !slices.Contains(q.subStatus, id) {
			return false
		}
	}
	if len(q.orderTypes) > 0 && !slices.Contains(q.orderTypes, o.OrderType) {
		return false
	}
	if q.hasSettlement && (o.Settlement == nil || o.Settlement.MethodCode != q.settlementMethod) {
		return false
	}
	if q.deliveryName != "" && o.DeliveryName != q.deliveryName {
		return false
	}
	if q.ordererMail != "" && o.Orderer.EmailAddress != q.ordererMail {
		return false
	}
	if q.shippingDateBlank && !firstShippingDate(o).IsZero() {
		return false
	}
	if q.shippingNumberBlank && hasTrackingNumber(o) {
		return false
	}
	if q.reserveNumber != "" && o.ReserveNumber != q.reserveNumber {
		return false
	}
	if q.purchaseSite != 0 && purchaseSite(o.CarrierCode) != q.purchaseSite {
		return false
	}
	for _, fl := range q.restrict {
		if !fl.has(o) {
			return false
		}
	}
	return q.keyword == "" || keywordMatches(o, q.keywordType, q.keyword)
}

// orderFlag is a searchOrder 0/1 filter: 1 keeps only orders that have it.
type orderFlag struct {
	name string
	has  func(*Order) bool
}

// orderFlags are the flag filters the fake applies. phoneNumber,
// mailSendType and overseasFlag are accepted but not applied (their exact
// matching rules are undocumented).
var orderFlags = []orderFlag{
	{"asurakuFlag", func(o *Order) bool { return o.AsurakuFlag == 1 }},
	{"couponUseFlag", func(o *Order) bool { return len(o.Coupons) > 0 }},
	{"drugFlag", func(o *Order) bool { return o.DrugFlag == 1 }},
	{"oneDayOperationFlag", func(o *Order) bool { return o.OneDayOperationFlag == 1 }},
}

// purchaseSite maps getOrder's carrierCode to searchOrder's
// purchaseSiteType: 1 PC, 2 feature phone, 3 smartphone, 4 tablet.
func purchaseSite(carrier int) int {
	switch carrier {
	case 0:
		return 1
	case 1, 2, 3, 5:
		return 2
	case 11, 12, 19:
		return 3
	case 21, 22, 29:
		return 4
	}
	return 0
}

// searchDate is the datetime a dateType selects.
func searchDate(o *Order, dateType int) time.Time {
	switch dateType {
	case 1:
		return o.OrderDatetime
	case 2:
		return o.ShopOrderCfmDatetime
	case 3:
		return o.OrderFixDatetime
	case 4:
		return firstShippingDate(o)
	case 5:
		return o.ShippingCmplRptDatetime
	default:
		return o.PaymentFixDatetime
	}
}

// firstShippingDate is the earliest 発送日 of the order's packages.
func firstShippingDate(o *Order) time.Time {
	var first time.Time
	for _, p := range o.Packages {
		for _, sh := range p.Shippings {
			if !sh.Date.IsZero() && (first.IsZero() || sh.Date.Before(first)) {
				first = sh.Date
			}
		}
	}
	return first
}

// hasTrackingNumber reports whether any shipment has a tracking number.
func hasTrackingNumber(o *Order) bool {
	for _, p := range o.Packages {
		for _, sh := range p.Shippings {
			if sh.Number != "" {
				return true
			}
		}
	}
	return false
}

// keywordMatches applies searchKeywordType: 1 商品名, 2 商品番号, 3 ひとことメモ,
// 4 注文者氏名, 5 フリガナ, 6 送付先氏名, 7 SKU管理番号, 8 システム連携用SKU番号,
// 9 SKU情報 (partial matches).
func keywordMatches(o *Order, typ int, kw string) bool {
	switch typ {
	case 3:
		return strings.Contains(o.Memo, kw)
	case 4:
		return strings.Contains(o.Orderer.FamilyName+o.Orderer.FirstName, kw)
	case 5:
		return strings.Contains(o.Orderer.FamilyNameKana+o.Orderer.FirstNameKana, kw)
	}
	for _, p := range o.Packages {
		if typ == 6 && strings.Contains(p.Sender.FamilyName+p.Sender.FirstName, kw) {
			return true
		}
		for _, it := range p.Items {
			var v string
			switch typ {
			case 1:
				v = it.Name
			case 2:
				v = it.ItemNumber
			case 7:
				v = it.VariantID
			case 8:
				v = it.MerchantDefinedSKUID
			case 9:
				v = it.SKUInfo
			}
			if v != "" && strings.Contains(v, kw) {
				return true
			}
		}
	}
	return typ == 0
}
