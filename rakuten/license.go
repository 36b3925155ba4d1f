package rakuten

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/mallkit/mallkit/internal/httpx"
	"github.com/mallkit/mallkit/internal/jst"
)

// licenseExpiryLayout is expiryDate's format: no offset, meaning JST.
const licenseExpiryLayout = "2006-01-02T15:04:05"

// LicenseExpiry returns when the client's licenseKey stops working, with
// LicenseManagementAPI license.expiryDate.get
// (GET /es/1.0/license-management/license-key/expiry-date). RMS sends the
// time without an offset; it is read as JST. The function must be enabled
// for the key in RMS; an expired key fails with ErrUnauthorized.
func (c *Client) LicenseExpiry(ctx context.Context) (time.Time, error) {
	const op = "license.expiryDate.get"
	r, err := c.do(ctx, call{op: op, method: http.MethodGet, path: "/es/1.0/license-management/license-key/expiry-date",
		query: url.Values{"licenseKey": {c.secrets.licenseKey.Reveal()}}, policy: httpx.RetrySafe})
	if err != nil {
		return time.Time{}, err
	}
	var out struct {
		ExpiryDate string `json:"expiryDate"`
	}
	if err := json.Unmarshal(r.body, &out); err != nil {
		if hasErrorEnvelope(r.body) {
			return time.Time{}, newAPIError(op, r.status, r.header, r.body)
		}
		return time.Time{}, r.decodeError(op, "", "", err)
	}
	t, err := parseLicenseExpiry(out.ExpiryDate)
	if err != nil {
		if hasErrorEnvelope(r.body) {
			return time.Time{}, newAPIError(op, r.status, r.header, r.body)
		}
		return time.Time{}, r.decodeError(op, "", "expiryDate", err)
	}
	return t, nil
}

// parseLicenseExpiry reads expiryDate as JST; an explicit offset, should RMS
// ever add one, is honoured.
func parseLicenseExpiry(s string) (time.Time, error) {
	if t, err := time.ParseInLocation(licenseExpiryLayout, s, jst.Location); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return jst.In(t), nil
	}
	if t, err := time.Parse(orderTimeLayout, s); err == nil {
		return jst.In(t), nil
	}
	return time.Time{}, fmt.Errorf("expiryDate %q: want %s (JST)", s, licenseExpiryLayout)
}

// LicenseStatus says how long the licenseKey has left.
type LicenseStatus struct {
	Expiry time.Time // in JST
	// DaysLeft counts JST calendar days from today to the expiry day: 0 on
	// the last day, negative once the key has expired.
	DaysLeft int
	Expired  bool // now is past Expiry
	// Warn is true from WithLicenseWarning days (default 7) before the expiry
	// day, and once expired: time to re-issue the key in RMS and swap it in.
	Warn bool
}

// NewLicenseStatus computes the LicenseStatus of expiry at now, warning warnDays
// before the expiry day.
func NewLicenseStatus(expiry, now time.Time, warnDays int) LicenseStatus {
	expiry, now = jst.In(expiry), jst.In(now)
	ey, em, ed := expiry.Date()
	ny, nm, nd := now.Date()
	days := int(jst.Date(ey, em, ed).Sub(jst.Date(ny, nm, nd)).Hours() / 24)
	expired := now.After(expiry)
	return LicenseStatus{Expiry: expiry, DaysLeft: days, Expired: expired, Warn: expired || days <= warnDays}
}

// LicenseStatus fetches the expiry with LicenseExpiry (LicenseManagementAPI
// license.expiryDate.get) and evaluates it at the client's clock.
func (c *Client) LicenseStatus(ctx context.Context) (LicenseStatus, error) {
	exp, err := c.LicenseExpiry(ctx)
	if err != nil {
		return LicenseStatus{}, err
	}
	return NewLicenseStatus(exp, c.cfg.now(), c.cfg.warnDays), nil
}
