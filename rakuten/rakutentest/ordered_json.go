package rakutentest

import (
	"bytes"
	"time"
)

// object is a JSON object whose keys are written in the order given. The
// live API's key order is part of its shape, and a Go map or a struct per
// getOrder version could not express the version-gated fields in place.
type object []member

// member is one key of an object. A nil value is written as null.
type member struct {
	key   string
	value any
}

// MarshalJSON writes the members in order, without HTML escaping.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := marshalCompact(m.key)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		v, err := marshalCompact(m.value)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Wire formats of the order API.
const (
	orderDatetimeLayout = "2006-01-02T15:04:05-0700" // +0900, no colon
	dateLayout          = "2006-01-02"
	isoDatetimeLayout   = "2006-01-02T15:04:05-07:00" // inventory 2.x: +09:00
)

// nullString is s, or null when s is empty.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullDatetime is t in the order API's datetime format, or null when zero.
func nullDatetime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.In(jst).Format(orderDatetimeLayout)
}

// nullDate is t as YYYY-MM-DD (JST), or null when zero.
func nullDate(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.In(jst).Format(dateLayout)
}

// nullInt is *p, or null when p is nil.
func nullInt(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}
