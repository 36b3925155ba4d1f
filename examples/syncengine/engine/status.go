package engine

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/mallkit/mallkit/stock"
)

// Status is the -status JSON object (shape fixed in DESIGN.md). Maps are
// never nil, so they print as {}.
type Status struct {
	SKUs        map[string]SKUStatus                `json:"skus"`
	Orders      map[string]map[string]OrderStatus   `json:"orders"`
	Listings    map[string]map[string]ListingStatus `json:"listings"`
	Unmatched   []UnmatchedLine                     `json:"unmatched"`
	Credentials []CredentialStatus                  `json:"credentials"`
}

// SKUStatus is one SKU's level.
type SKUStatus struct {
	OnHand    int `json:"on_hand"`
	Allocated int `json:"allocated"`
	Available int `json:"available"`
}

// OrderStatus is one order in -status.
type OrderStatus struct {
	Status string         `json:"status"` // "open", "canceled", "shipped"
	Units  map[string]int `json:"units"`  // per SKU
	// Payment is the order's paid state where its mall says it ("unpaid",
	// "paid"; see KnownOrder.Payment), left out when unknown.
	Payment string `json:"payment,omitempty"`
}

// ListingStatus is one listing in -status; Confirmed is nil for a listing
// never confirmed.
type ListingStatus struct {
	Planned   int            `json:"planned"`
	Confirmed *int           `json:"confirmed"`
	Parts     map[string]int `json:"parts"`
}

// CredentialStatus is one credential in -status; Expires is nil when the
// credential has no known expiry (an FTP login).
type CredentialStatus struct {
	Channel  string     `json:"channel"`
	Kind     string     `json:"kind"`
	Expires  *time.Time `json:"expires"`
	DaysLeft int        `json:"days_left"`
	Warning  bool       `json:"warning"`
}

// StatusName is the -status spelling of an order status.
func StatusName(s stock.OrderStatus) string {
	switch s {
	case stock.OrderCanceled:
		return "canceled"
	case stock.OrderShipped:
		return "shipped"
	}
	return "open"
}

// ReadStatus gathers the status from the ledger and the state. It only
// reads, so it works while another process runs the engine.
func ReadStatus(ctx context.Context, l Ledger, s *State, listings []stock.Listing) (Status, error) {
	st := Status{
		SKUs:        map[string]SKUStatus{},
		Orders:      map[string]map[string]OrderStatus{},
		Listings:    map[string]map[string]ListingStatus{},
		Unmatched:   []UnmatchedLine{},
		Credentials: []CredentialStatus{},
	}
	parts := map[string]map[string][]stock.Part{}
	var skus []string
	seen := map[string]bool{}
	for _, ls := range listings {
		if parts[ls.Channel] == nil {
			parts[ls.Channel] = map[string][]stock.Part{}
		}
		parts[ls.Channel][ls.Item] = ls.Parts
		for _, p := range ls.Parts {
			if !seen[p.SKU] {
				seen[p.SKU] = true
				skus = append(skus, p.SKU)
			}
		}
	}
	sort.Strings(skus)
	for _, sku := range skus {
		lv, err := l.Level(ctx, sku)
		if err != nil {
			return st, err
		}
		st.SKUs[sku] = SKUStatus{OnHand: lv.OnHand, Allocated: lv.Allocated, Available: lv.Available}
	}
	orders, err := s.Orders(ctx, "", 0)
	if err != nil {
		return st, err
	}
	for _, o := range orders {
		units := map[string]int{}
		for _, ln := range o.Lines {
			for _, p := range parts[o.Channel][ln.Item] {
				units[p.SKU] += p.Units * ln.Units
			}
		}
		if st.Orders[o.Channel] == nil {
			st.Orders[o.Channel] = map[string]OrderStatus{}
		}
		pay, _ := o.Payment()
		st.Orders[o.Channel][o.Number] = OrderStatus{Status: StatusName(o.Status), Units: units, Payment: pay}
	}
	plan, err := l.Plan(ctx)
	if err != nil {
		return st, err
	}
	planned := map[string]map[string]int{}
	for _, p := range plan {
		if planned[p.Channel] == nil {
			planned[p.Channel] = map[string]int{}
		}
		planned[p.Channel][p.Item] = p.Units
	}
	shown, err := s.Shown(ctx)
	if err != nil {
		return st, err
	}
	for _, ls := range listings {
		ps := map[string]int{}
		for _, p := range ls.Parts {
			ps[p.SKU] += p.Units
		}
		item := ListingStatus{Parts: ps}
		if n, ok := shown[ls.Channel][ls.Item]; ok {
			item.Confirmed = &n
			item.Planned = n
		}
		if n, ok := planned[ls.Channel][ls.Item]; ok {
			item.Planned = n
		}
		if st.Listings[ls.Channel] == nil {
			st.Listings[ls.Channel] = map[string]ListingStatus{}
		}
		st.Listings[ls.Channel][ls.Item] = item
	}
	if st.Unmatched, err = s.Unmatched(ctx); err != nil {
		return st, err
	}
	creds, err := s.Credentials(ctx)
	if err != nil {
		return st, err
	}
	for _, c := range creds {
		cs := CredentialStatus{Channel: c.Channel, Kind: c.Kind, DaysLeft: c.DaysLeft, Warning: c.Warning}
		if !c.Expires.IsZero() {
			e := c.Expires
			cs.Expires = &e
		}
		st.Credentials = append(st.Credentials, cs)
	}
	return st, nil
}

// ReadStatusFrom reads the status of the engine configured by cfg from its
// state folder (stateDir overrides the config's). It only reads, so it
// works while another process runs the engine.
func ReadStatusFrom(ctx context.Context, cfg *Config, stateDir string) (Status, error) {
	if stateDir == "" {
		stateDir = cfg.StateLocation()
	}
	if !IsPostgres(stateDir) {
		if _, err := os.Stat(filepath.Join(stateDir, StateFile)); err != nil {
			return Status{}, fmt.Errorf("engine: no state in %s: %w", stateDir, err)
		}
	}
	var db *sql.DB
	var err error
	if IsPostgres(stateDir) {
		pgOpts, perr := cfg.PostgresOptions()
		if perr != nil {
			return Status{}, perr
		}
		db, err = OpenPostgres(ctx, stateDir, pgOpts)
	} else {
		db, err = openStateReader(stateDir)
	}
	if err != nil {
		return Status{}, err
	}
	defer CloseDatabase(db)
	store, err := stock.NewSQLStore(ctx, db, DialectOf(db))
	if err != nil {
		return Status{}, err
	}
	l, err := stock.Open(ctx, store)
	if err != nil {
		return Status{}, err
	}
	st, err := NewState(ctx, db)
	if err != nil {
		return Status{}, err
	}
	listings, err := readFileWith(resolvePath(cfg.dir, cfg.Listings), ReadListings)
	if err != nil {
		return Status{}, err
	}
	return ReadStatus(ctx, l, st, listings)
}
