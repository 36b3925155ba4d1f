package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/mallkit/mallkit/rakuten"
)

// markCarrierOther adds a 配送会社 その他 record without tracking number or
// date to every package of the accepted orders (RMS accepts such a record
// before 発送待ち). A failure is returned but does not undo the import: the
// shipment report then adds the real record instead of overwriting one.
func (r *RakutenChannel) markCarrierOther(ctx context.Context, orders []RemoteOrder, accepted []string) error {
	ok := map[string]bool{}
	for _, n := range accepted {
		ok[n] = true
	}
	var errs []error
	for _, o := range orders {
		if !ok[o.Number] {
			continue
		}
		var m rakutenMemo
		if err := json.Unmarshal([]byte(o.Shipping), &m); err != nil || len(m.Baskets) == 0 {
			continue
		}
		u := rakuten.ShippingUpdate{OrderNumber: o.Number}
		for _, b := range m.Baskets {
			u.Baskets = append(u.Baskets, rakuten.BasketShipping{BasketID: b,
				Shipments: []rakuten.Shipment{{Company: rakuten.DeliveryOther}}})
		}
		if _, err := r.c.UpdateShipping(ctx, u); err != nil {
			errs = append(errs, fmt.Errorf("配送会社 その他 for %s: %w", o.Number, err))
		}
	}
	return errors.Join(errs...)
}

// carrierPlaceholders returns, per basket id, the record id of the
// 配送会社 その他 record without tracking number that markCarrierOther set,
// so that the shipment report overwrites it instead of adding a second
// parcel. It reads the order only when the rule is on.
func (r *RakutenChannel) carrierPlaceholders(ctx context.Context, number string) (map[int64]int64, error) {
	if !r.rules.CarrierOtherOnImport {
		return nil, nil
	}
	os, err := r.c.GetOrders(ctx, []string{number})
	if err != nil {
		return nil, err
	}
	out := map[int64]int64{}
	for _, o := range os {
		for _, p := range o.Packages {
			for _, sh := range p.Shippings {
				if sh.Company == rakuten.DeliveryOther && sh.Number == "" && out[p.BasketID] == 0 {
					out[p.BasketID] = sh.DetailID
				}
			}
		}
	}
	return out, nil
}
