package rakutentest

import (
	"net/http"
	"slices"
)

// subStatus is one shop-defined sub-status (サブステータス) of a progress.
type subStatus struct {
	progress, id int
	name         string
}

// AddSubStatus defines a shop sub-status under an orderProgress, as the
// shop does on the RMS screen; getSubStatusList lists them in the order
// added.
func (s *Server) AddSubStatus(orderProgress, subStatusID int, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.subStatuses = append(s.subStatuses, subStatus{progress: orderProgress, id: subStatusID, name: name})
}

// subStatusLocked finds a sub-status by id.
func (s *Server) subStatusLocked(id int) (subStatus, bool) {
	i := slices.IndexFunc(s.subStatuses, func(ss subStatus) bool { return ss.id == id })
	if i < 0 {
		return subStatus{}, false
	}
	return s.subStatuses[i], true
}

// getSubStatusList serves RakutenPayOrderAPI getSubStatusList: one
// StatusModel per orderProgress that has sub-statuses.
func (s *Server) getSubStatusList(c *call) {
	s.mu.Lock()
	var statuses []any
	for _, p := range []int{100, 200, 300, 400, 500, 600, 700, 800, 900} {
		var subs []any
		order := 0
		for _, ss := range s.subStatuses {
			if ss.progress == p {
				order++
				subs = append(subs, object{{"subStatusId", ss.id}, {"subStatusName", ss.name}, {"orderby", order}})
			}
		}
		if subs != nil {
			statuses = append(statuses, object{{"orderProgress", p}, {"SubStatusModelList", subs}})
		}
	}
	s.mu.Unlock()
	if statuses == nil {
		statuses = []any{}
	}
	s.writeJSON(c, http.StatusOK, object{
		{"MessageModelList", []any{message(msgInfo, "ORDER_EXT_API_GET_SUBSTATUSLIST_INFO_101", "サブステータス一覧の取得に成功しました。")}},
		{"StatusModelList", statuses},
	})
}

const subStatusPrefix = "ORDER_EXT_API_UPDATE_ORDERSUBSTATUS"

// updateOrderSubStatus serves RakutenPayOrderAPI updateOrderSubStatus. An
// unknown subStatusId is 400 ERROR_101; each order gets a message, ERROR when
// it does not exist or is not in the sub-status's progress (unverified).
func (s *Server) updateOrderSubStatus(c *call) {
	f, ok := s.decodeFields(c)
	if !ok {
		return
	}
	k := &checker{prefix: subStatusPrefix}
	id, idOK := k.requiredInt(f, "subStatusId")
	numbers := k.orderNumbers(f, maxOrderNumbers)
	s.mu.Lock()
	ss, found := s.subStatusLocked(id)
	if idOK && !found {
		k.add("101", "指定されたサブステータスは存在しません。")
	}
	if k.failed() {
		s.mu.Unlock()
		s.writeJSON(c, http.StatusBadRequest, object{{"MessageModelList", k.msgs}})
		return
	}
	msgs := make([]any, 0, len(numbers))
	for _, n := range numbers {
		num := member{"orderNumber", n}
		o := s.orderForLocked(c.shop, n)
		switch {
		case o == nil:
			msgs = append(msgs, message(msgError, subStatusPrefix+"_ERROR_102", "指定された注文番号は存在しません。", num))
		case o.Progress != ss.progress:
			msgs = append(msgs, message(msgError, subStatusPrefix+"_ERROR_103", "注文のステータスとサブステータスが一致しません。", num))
		default:
			o.SubStatusID, o.SubStatusName = ss.id, ss.name
			msgs = append(msgs, message(msgInfo, subStatusPrefix+"_INFO_101", "サブステータスの更新に成功しました。", num))
		}
	}
	s.mu.Unlock()
	s.writeJSON(c, http.StatusOK, object{{"MessageModelList", msgs}})
}
