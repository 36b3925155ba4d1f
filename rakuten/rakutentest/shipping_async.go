package rakutentest

import (
	"net/http"
	"time"
)

const (
	asyncPrefix       = "ORDER_EXT_API_UPDATE_ORDERSHIPPING_ASYNC"
	asyncResultPrefix = "ORDER_EXT_API_GET_RESULT_UPDATEORDERSHIPPING_ASYNC"
	// asyncResultRetention is how long results stay readable (30 days live).
	asyncResultRetention = 30 * 24 * time.Hour
)

// DefaultAsyncShippingDelay is how long (fake clock) an
// updateOrderShippingAsync request stays in processing.
const DefaultAsyncShippingDelay = time.Minute

// WithAsyncShippingDelay sets how long, on the fake clock, an
// updateOrderShippingAsync request is processed before its results exist.
func WithAsyncShippingDelay(d time.Duration) Option {
	return func(c *config) { c.asyncShippingDelay = d }
}

// WithAsyncShippingValidationStatus sets the HTTP status of an
// updateOrderShippingAsync request refused at submission (a malformed
// field, a duplicate order, more than 100 orders). The default is 400, like
// every other validation failure of the order API; the documentation copy
// shows 200 for these ASYNC_ERROR messages (unverified), which this option
// reproduces. Either way the whole request is refused and no requestId is
// issued.
func WithAsyncShippingValidationStatus(status int) Option {
	return func(c *config) { c.asyncValidationStatus = status }
}

// asyncJob is one accepted updateOrderShippingAsync request.
type asyncJob struct {
	shop    string // the submitting key's ShopID
	readyAt time.Time
	orders  []orderShipment
	results []any // ResultShippingModelList, set when the job has run
}

// orderShipment is one OrderShippingModel.
type orderShipment struct {
	number  string
	baskets []basketUpdate
}

// updateOrderShippingAsync serves RakutenPayOrderAPI updateOrderShippingAsync:
// ≤100 orders, no duplicates, validated synchronously (failures answer 400,
// or the status of WithAsyncShippingValidationStatus). Accepted requests get a requestId
// "<uuid>_<yyyyMMddHHmmss>" and are applied once the delay has passed.
func (s *Server) updateOrderShippingAsync(c *call) {
	f, ok := s.decodeFields(c)
	if !ok {
		return
	}
	k := &checker{prefix: asyncPrefix, machineDependentOK: s.cfg.machineDependentOK}
	list, st := f.objects("OrderShippingModelList")
	k.report("OrderShippingModelList", st)
	if len(list) > maxOrderNumbers {
		k.add("011", "OrderShippingModelListは100件以内で指定して下さい。")
	}
	seen := map[string]bool{}
	var orders []orderShipment
	for _, of := range list {
		number, st := of.str("orderNumber")
		k.report("orderNumber", st)
		if seen[number] {
			k.add("011", "orderNumberが重複しています。", member{"orderNumber", number})
		}
		seen[number] = true
		orders = append(orders, orderShipment{number: number, baskets: k.parseBaskets(of, number)})
	}
	if k.failed() {
		s.writeJSON(c, s.cfg.asyncValidationStatus, object{{"MessageModelList", k.msgs}})
		return
	}
	s.mu.Lock()
	id := newUUID() + "_" + s.now.Format("20060102150405")
	s.asyncJobs[id] = &asyncJob{shop: c.shop, readyAt: s.now.Add(s.cfg.asyncShippingDelay), orders: orders}
	s.asyncOrder = append(s.asyncOrder, id)
	s.mu.Unlock()
	s.writeJSON(c, http.StatusOK, object{{"MessageModelList", []any{
		message(msgInfo, asyncPrefix+"_INFO_101", "発送情報の更新を受付けました。",
			member{"requestId", id}, member{"dataNumber", nil}, member{"shippingDetailId", nil}),
	}}})
}

// runAsyncShippingLocked applies due jobs in acceptance order and forgets
// results older than the retention period.
func (s *Server) runAsyncShippingLocked() {
	kept := s.asyncOrder[:0]
	for _, id := range s.asyncOrder {
		job := s.asyncJobs[id]
		if job.results == nil && !s.now.Before(job.readyAt) {
			job.results = []any{}
			for _, os := range job.orders {
				msgs, _ := s.applyShippingLocked(shippingPrefix, job.shop, os.number, os.baskets, job.readyAt)
				job.results = append(job.results, object{{"orderNumber", os.number}, {"MessageModelList", msgs}})
			}
		}
		if !s.now.Before(job.readyAt.Add(asyncResultRetention)) {
			delete(s.asyncJobs, id)
			continue
		}
		kept = append(kept, id)
	}
	s.asyncOrder = kept
}

// getResultUpdateOrderShippingAsync serves RakutenPayOrderAPI
// getResultUpdateOrderShippingAsync. Pending, unknown and expired ids, and
// those of another shop, all answer one entry without an order number and
// INFO_101.
func (s *Server) getResultUpdateOrderShippingAsync(c *call) {
	f, ok := s.decodeFields(c)
	if !ok {
		return
	}
	k := &checker{prefix: asyncResultPrefix}
	id, st := f.str("requestId")
	k.report("requestId", st)
	if k.failed() {
		s.writeJSON(c, http.StatusBadRequest, object{{"MessageModelList", k.msgs}})
		return
	}
	s.mu.Lock()
	var results []any
	if job, ok := s.asyncJobs[id]; ok && (c.shop == "" || c.shop == job.shop) {
		results = job.results
	}
	s.mu.Unlock()
	if results == nil {
		results = []any{object{{"orderNumber", nil}, {"MessageModelList", []any{
			message(msgInfo, asyncResultPrefix+"_INFO_101", "指定されたリクエストIDの処理結果は存在しませんでした。"),
		}}}}
	}
	s.writeJSON(c, http.StatusOK, object{{"ResultShippingModelList", results}})
}
