package rakutentest

import "slices"

// InventorySettings are a variant's InventoryAPI 2.1 settings besides its
// quantity: the ids of its lead times (出荷リードタイム for stock in hand and
// for back orders) and of its ship-from places. A nil pointer is unset.
type InventorySettings struct {
	NormalDeliveryTimeID    *int
	BackOrderDeliveryTimeID *int
	ShipFromIDs             []int
}

// SetShopInventorySettings sets the settings of a variant that has a row in
// the shop's inventory ("" for keys without a shop), as the RMS screen
// does; it reports false when the variant has no row.
func (s *Server) SetShopInventorySettings(shopID, manageNumber, variantID string, st InventorySettings) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	row, ok := s.inventory[keyOf(shopID, manageNumber, variantID)]
	if !ok {
		return false
	}
	row.normalDeliveryTimeID, row.backOrderDeliveryTimeID = clonePtr(st.NormalDeliveryTimeID), clonePtr(st.BackOrderDeliveryTimeID)
	row.shipFromIDs = slices.Clone(st.ShipFromIDs)
	return true
}

// ShopInventorySettings returns a variant's settings and whether it has a row.
func (s *Server) ShopInventorySettings(shopID, manageNumber, variantID string) (InventorySettings, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	row, ok := s.inventory[keyOf(shopID, manageNumber, variantID)]
	if !ok {
		return InventorySettings{}, false
	}
	return InventorySettings{clonePtr(row.normalDeliveryTimeID), clonePtr(row.backOrderDeliveryTimeID), slices.Clone(row.shipFromIDs)}, true
}
