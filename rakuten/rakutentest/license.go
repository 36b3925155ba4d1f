package rakutentest

import (
	"fmt"
	"net/http"
	"slices"
	"time"
)

// License is one serviceSecret/licenseKey pair the fake accepts.
type License struct {
	ServiceSecret, LicenseKey string
	// Expiry is the last instant the key works. Zero means 23:59:59 JST of
	// the day 90 days after the key becomes active, the live lifetime.
	Expiry time.Time
	// Functions lists the RMS functions enabled for the key, e.g.
	// "rpay.order.searchOrder", "license.expiryDate.get",
	// "inventoryapi.inventories.bulk-upsert". nil enables every function;
	// an empty non-nil list enables none.
	Functions []string
	// ActiveFrom models the activation delay after a key is re-issued
	// (10–90 minutes live): before it, the key is rejected like an unknown
	// one. Zero means active at once.
	ActiveFrom time.Time
	// ShopID ties the key to a shop registered with AddShop: its calls see
	// only that shop's orders and inventory. Empty: no shop, every order
	// and the shared inventory.
	ShopID string
}

// licenseState is a License plus what happened to it since.
type licenseState struct {
	License
	revoked bool
}

// Function names the fake checks, per operation. Order functions are
// "rpay.order.<operation>" and the license one is "license.expiryDate.get"
// as in RMS; the inventory names follow the same pattern but are unverified.
const (
	functionLicenseExpiry = "license.expiryDate.get"
	functionOrderPrefix   = "rpay.order."
	functionInventoryPref = "inventoryapi."
)

// DefaultLicenseLifetime is how long a key lives when License.Expiry is zero.
const DefaultLicenseLifetime = 90 * 24 * time.Hour

// WithReissueRevokesOldKey makes AddLicense revoke every other key of the
// same ServiceSecret at once, as one practitioner measured in 2026. Without
// it old keys keep working until their own expiry, as vendor FAQs say.
// Which is true is unverified.
func WithReissueRevokesOldKey() Option {
	return func(c *config) { c.reissueRevokes = true }
}

// WithExpiredKeyError sets the errorCode and message of the 401 answered
// for an expired key. The default is the documented ES01-01
// "Un-Authorised"; a 2026 report says live now answers GA0001 (unverified),
// so tests can switch.
func WithExpiredKeyError(code, message string) Option {
	return func(c *config) { c.expiredCode, c.expiredMessage = code, message }
}

// AddLicense registers a key (or re-issues one: a new LicenseKey for a known
// ServiceSecret).
// AddLicense panics when l.ShopID names a shop that was not added.
func (s *Server) AddLicense(l License) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.shops[l.ShopID]; l.ShopID != "" && !ok {
		panic(fmt.Sprintf("rakutentest: AddLicense: shop %q was not added with AddShop", l.ShopID))
	}
	if l.Expiry.IsZero() {
		from := s.now
		if l.ActiveFrom.After(from) {
			from = l.ActiveFrom
		}
		d := from.In(jst).Add(DefaultLicenseLifetime)
		l.Expiry = time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 59, 0, jst)
	}
	if s.cfg.reissueRevokes {
		for _, old := range s.licenses {
			if old.ServiceSecret == l.ServiceSecret && old.LicenseKey != l.LicenseKey {
				old.revoked = true
			}
		}
	}
	l.Functions = slices.Clone(l.Functions) // keeps an empty list empty: nothing enabled
	s.licenses[l.LicenseKey] = &licenseState{License: l}
}

// routeLicense registers LicenseManagementAPI license.expiryDate.get.
func (s *Server) routeLicense() {
	s.handle("GET /es/1.0/license-management/license-key/expiry-date", "license.expiryDate.get",
		functionLicenseExpiry, false, s.licenseExpiry)
}

// licenseExpiry answers {"expiryDate":"2026-11-28T23:59:59"}: JST without an
// offset. The queried key must belong to the caller's serviceSecret; what
// live answers for a foreign or missing key is unverified (here 400 ES04-01).
func (s *Server) licenseExpiry(c *call) {
	s.mu.Lock()
	caller := s.licenses[c.licenseID]
	target, ok := s.licenses[c.r.URL.Query().Get("licenseKey")]
	s.mu.Unlock()
	if !ok || target.ServiceSecret != caller.ServiceSecret {
		s.writeJSON(c, http.StatusBadRequest, gatewayError(codeBadRequest, "Bad Request"))
		return
	}
	s.writeJSON(c, http.StatusOK, object{{"expiryDate", target.Expiry.In(jst).Format("2006-01-02T15:04:05")}})
}
