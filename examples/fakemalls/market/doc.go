// Package market is the marketplace that examples/fakemalls serves: every
// fake mall of mallkit (one fake RMS per Rakuten shop, the fake
// Yahoo!ショッピング, the fake ポンパレモール), an FTP(S) area, a fake TEMPOSTAR
// working in that area, buyers, and an admin API, all on 127.0.0.1. It is a
// package so that other programs (examples/syncengine -demo, users' tests
// of their own engines) run the very same marketplace in process:
//
//	m, err := market.Start(ctx, market.Config{Admin: true, BuyersRate: 5, Limits: true})
//	if err != nil { … }
//	defer m.Close()
//	ep := m.Endpoints()   // base URLs, test credentials, FTP, TEMPOSTAR, admin
//	cat := m.Catalog()    // listings (channel, item, parts, safety, max) and on-hand per SKU
//
// # Channels
//
// A channel is one shop on one mall, "<mall>/<shop>": "rakuten/<shop name>",
// "yahoo/<seller id>", "ponpare/<shop url>", and "tempostar/<shop code>" for
// the TEMPOSTAR hub, which is the stock master and has no listings. Item
// keys are the channel's own: Rakuten "<manageNumber>/<variantId>"
// (manageNumber lower-cased), Yahoo and ポンパレ "<itemCode>:<subCode>".
//
// # Buyers
//
// Buy, Cancel and CancelByMall act as buyers and the malls do, through the
// fakes' buyer side: a buy succeeds only when the mall shows the units and
// lowers the shown quantity at once; the malls do not know about each
// other, so the last unit can sell on two of them (the oversell a sync
// engine exists to prevent). The Generator places orders at a rate,
// weighted by mall, with a flash-sale mode, and cancels a share of them.
//
// # TEMPOSTAR
//
// With a catalog naming a TEMPOSTAR shop the FTP area is a hub: it takes the
// order files an engine uploads (once each), keeps 想定在庫数 (on hand minus
// the orders it knows), writes a stock file every Config.StockEvery of its
// clock and a shipments file on Ship. See the hub's files in Endpoints().FTP.
//
// # Clock
//
// The marketplace clock starts at the seed's "now" and follows the wall
// clock (Config.Now), or stays with the fakes' business clocks Frozen, or
// moves only with Step (Config.Manual) for simulations on a virtual clock.
//
// # Rate limits
//
// Config.Limits turns on the malls' published limits in the fakes
// (rakutentest.WithPublishedLimits, yahootest.WithPublishedLimits); the
// fakes' other caps (batch sizes, page sizes) are always on.
//
// # Errors
//
// Refused requests are *InputError (ErrInvalidInput) naming the field,
// *SoldOutError (ErrSoldOut) and *NotOpenError (ErrNotOpen); a seed that
// cannot be used is one *SeedError per problem, joined, before anything
// starts. The admin API answers them as 400, 409 and 409 with JSON bodies.
package market
