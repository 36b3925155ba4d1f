package market

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// maxAdminBody bounds an admin request body.
const maxAdminBody = 1 << 20

// adminRoutes are the admin API's paths and methods.
var adminRoutes = map[string]string{
	"/buy": http.MethodPost, "/cancel": http.MethodPost, "/ship": http.MethodPost,
	"/paid": http.MethodPost, "/postage": http.MethodPost, "/release": http.MethodPost,
	"/notification": http.MethodPost,
	"/stock":        http.MethodGet, "/orders": http.MethodGet, "/stats": http.MethodGet,
}

// Admin returns the admin API of DESIGN.md ("examples/fakemalls admin
// API"), JSON in and out:
//
//	POST /buy    {"channel","item","units"}  200 {"order"} | 409 {"error":"sold_out","shown":n}
//	             optional "payment" ("card", "bank_transfer", "cod"), "postage_later"
//	             (Rakuten: postage -9999 until /postage), "fraud_hold" (Yahoo: unseen until /release)
//	POST /cancel {"channel","order","by"}    200 {} | 409 {"error":"not_open","status":"..."}
//	             ("by": "buyer", the default, or "mall" for Rakuten's screening NG)
//	POST /ship   {"channel","order","carrier","tracking"}  200 {"file":"<remote path>"}
//	POST /paid   {"channel","order"}         200 {}   the buyer paid a bank-transfer order
//	POST /postage {"channel","order","yen"}  200 {}   a Rakuten shop fixed the postage
//	POST /release {"channel","order"}        200 {}   Yahoo ended its fraud check
//	POST /notification {"channel","url"}      200 {}   a Rakuten shop's System Event Notifications go to url ("" stops them)
//	GET  /stock  {"<channel>":{"<item>":shown}}, TEMPOSTAR's 想定在庫数 under its channel
//	GET  /orders [{"channel","order","status","placed_at","lines":[{"item","units"}]}]
//	GET  /stats  {"<channel>":{"calls":{...},"noop_pushes":n,"throttled":n,"refetched_unchanged":n}}
//
// Bad input (malformed JSON, unknown fields, a missing or unknown channel,
// item or order, units below 1) is 400 {"error":"invalid_input",
// "field":"<name>","message":"..."}, with "body" for JSON that does not
// parse. Empty maps and lists are {} and [].
func (m *Market) Admin() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /buy", m.handleBuy)
	mux.HandleFunc("POST /cancel", m.handleCancel)
	mux.HandleFunc("POST /ship", m.handleShip)
	mux.HandleFunc("POST /paid", handleOrderEvent(m.MarkPaid))
	mux.HandleFunc("POST /postage", m.handlePostage)
	mux.HandleFunc("POST /release", handleOrderEvent(m.ReleaseFraudHold))
	mux.HandleFunc("POST /notification", m.handleNotification)
	mux.HandleFunc("GET /stock", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, m.Stock()) })
	mux.HandleFunc("GET /orders", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, m.Orders()) })
	mux.HandleFunc("GET /stats", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, m.Stats()) })
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if method, ok := adminRoutes[r.URL.Path]; ok {
			w.Header().Set("Allow", method)
			writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "method_not_allowed", "allow": method})
			return
		}
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "not_found"})
	})
	return mux
}

type buyRequest struct {
	Channel      string `json:"channel"`
	Item         string `json:"item"`
	Units        int    `json:"units"`
	Payment      string `json:"payment"`
	PostageLater bool   `json:"postage_later"`
	FraudHold    bool   `json:"fraud_hold"`
}

type orderRequest struct {
	Channel string `json:"channel"`
	Order   string `json:"order"`
}

type postageRequest struct {
	Channel string `json:"channel"`
	Order   string `json:"order"`
	Yen     *int64 `json:"yen"`
}

type cancelRequest struct {
	Channel string `json:"channel"`
	Order   string `json:"order"`
	By      string `json:"by"`
}

type shipRequest struct {
	Channel  string `json:"channel"`
	Order    string `json:"order"`
	Carrier  string `json:"carrier"`
	Tracking string `json:"tracking"`
}

func (m *Market) handleBuy(w http.ResponseWriter, r *http.Request) {
	var req buyRequest
	if !decodeBody(w, r, &req) {
		return
	}
	order, err := m.Place(Purchase(req))
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"order": order})
}

func (m *Market) handleCancel(w http.ResponseWriter, r *http.Request) {
	var req cancelRequest
	if !decodeBody(w, r, &req) {
		return
	}
	var err error
	switch req.By {
	case "", "buyer":
		err = m.Cancel(req.Channel, req.Order)
	case "mall":
		err = m.CancelByMall(req.Channel, req.Order)
	default:
		err = &InputError{Field: "by", Value: req.By, Err: errors.New(`want "buyer" or "mall"`)}
	}
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, struct{}{})
}

// handleOrderEvent serves a route that applies event to {"channel","order"}.
func handleOrderEvent(event func(channel, order string) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req orderRequest
		if !decodeBody(w, r, &req) {
			return
		}
		if err := event(req.Channel, req.Order); err != nil {
			writeError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, struct{}{})
	}
}

func (m *Market) handlePostage(w http.ResponseWriter, r *http.Request) {
	var req postageRequest
	if !decodeBody(w, r, &req) {
		return
	}
	if req.Yen == nil {
		writeError(w, &InputError{Field: "yen", Err: errRequired})
		return
	}
	if err := m.SetPostage(req.Channel, req.Order, *req.Yen); err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, struct{}{})
}

type notificationRequest struct {
	Channel string `json:"channel"`
	URL     string `json:"url"`
}

func (m *Market) handleNotification(w http.ResponseWriter, r *http.Request) {
	var req notificationRequest
	if !decodeBody(w, r, &req) {
		return
	}
	if req.URL != "" {
		if u, err := url.Parse(req.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			writeError(w, &InputError{Field: "url", Value: req.URL, Err: errors.New("want an absolute http or https URL")})
			return
		}
	}
	if err := m.SetNotificationURL(req.Channel, req.URL); err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, struct{}{})
}

func (m *Market) handleShip(w http.ResponseWriter, r *http.Request) {
	var req shipRequest
	if !decodeBody(w, r, &req) {
		return
	}
	file, err := m.Ship(req.Channel, req.Order, req.Carrier, req.Tracking)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"file": file})
}

// decodeBody reads one JSON object strictly into v, answering 400 naming
// the field (or "body") when it cannot.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxAdminBody))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			err = errors.New("data after the JSON object")
		}
	}
	if err == nil {
		return true
	}
	field := "body"
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typ) && typ.Field != "":
		field = typ.Field
	case strings.HasPrefix(err.Error(), `json: unknown field "`):
		field = strings.TrimSuffix(strings.TrimPrefix(err.Error(), `json: unknown field "`), `"`)
		err = errors.New("unknown field")
	}
	writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_input", "field": field, "message": err.Error()})
	return false
}

// writeError answers err with its status and JSON body.
func writeError(w http.ResponseWriter, err error) {
	var in *InputError
	var sold *SoldOutError
	var open *NotOpenError
	switch {
	case errors.As(err, &in):
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_input", "field": in.Field, "message": err.Error()})
	case errors.As(err, &sold):
		writeJSON(w, http.StatusConflict, map[string]any{"error": "sold_out", "shown": sold.Shown})
	case errors.As(err, &open):
		writeJSON(w, http.StatusConflict, map[string]string{"error": "not_open", "status": open.Status})
	case errors.Is(err, ErrNoTempostar):
		writeJSON(w, http.StatusConflict, map[string]string{"error": "no_tempostar", "message": err.Error()})
	default:
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "internal", "message": err.Error()})
	}
}

// writeJSON writes v as the response body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
