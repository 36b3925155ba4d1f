package engine

import "time"

// ImportRules decide when an order is allocated and when it is imported
// (confirmed on the mall and handed to fulfilment). Orders are always
// allocated at once, in the mall's first state, so that stock is held from
// the first second; importing follows these rules. The defaults follow the
// hubs' manuals (see DefaultImportRules).
type ImportRules struct {
	// AutoConfirm confirms orders on the mall (Rakuten confirmOrder) when
	// they pass the rules; off for shops that confirm in RMS themselves.
	AutoConfirm bool
	// ConfirmAfter is how long after ordering an order may be imported: the
	// buyer's cancel window (Rakuten 30 minutes).
	ConfirmAfter time.Duration
	// AsurakuAtOnce imports あす楽 orders without waiting ConfirmAfter.
	AsurakuAtOnce bool
	// Reserve and Drug opt 予約 orders and 第一類医薬品 orders in.
	Reserve, Drug bool
	// FirstStart is how far back the first poll of a channel reads.
	FirstStart time.Duration
	// Overlap is how far before the watermark each poll starts again, for
	// orders the mall publishes late.
	Overlap time.Duration
	// OpenWindow is how far back a poll looks for changes and cancels of
	// orders still open (malls that cannot search by update time).
	OpenWindow time.Duration
	// CSVMovesStock lets orders taken in by CSV (ImportCSV) allocate stock
	// when the API has not delivered them; off by default, as まとまるEC店長
	// documents for its CSV order import.
	CSVMovesStock bool
	// CarrierOtherOnImport sets 配送会社 to その他 (1000) on every package of a
	// 楽天 order when it is imported, and the shipment report later
	// overwrites that record with the real carrier and tracking number (as
	// hubs offer for shops whose RMS screens sort by carrier); off by default.
	CarrierOtherOnImport bool
	// Calendar gives the ship-by date of orders handed to a hub; nil is
	// DefaultCalendar (年末年始 closed, ship by the next business day).
	Calendar *Calendar
}

// DefaultImportRules are the rules' defaults.
func DefaultImportRules() ImportRules {
	return ImportRules{
		AutoConfirm:   true,
		ConfirmAfter:  30 * time.Minute,
		AsurakuAtOnce: true,
		FirstStart:    24 * time.Hour,
		Overlap:       5 * time.Minute,
		OpenWindow:    14 * 24 * time.Hour,
	}
}
