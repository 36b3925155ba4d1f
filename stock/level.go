package stock

import "fmt"

// Level is one SKU's stock. Available = OnHand - Allocated; below zero means oversold.
type Level struct {
	SKU                          string
	OnHand, Allocated, Available int
}

func validSKU(sku string) error {
	if blank(sku) {
		return &InputError{Key: "sku", Field: "sku", Reason: "empty"}
	}
	return nil
}

func validCount(sku string, units int) error {
	if err := validSKU(sku); err != nil {
		return err
	}
	if units < 0 {
		return &InputError{Key: "sku " + sku, Field: "units", Reason: fmt.Sprintf("negative (%d)", units)}
	}
	return nil
}
