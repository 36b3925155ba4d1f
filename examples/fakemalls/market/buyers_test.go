package market

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordingMarket is a buyerMarket that records what buyers do; items
// whose key starts with "gone" are sold out.
type recordingMarket struct {
	mu       sync.Mutex
	n        int
	buys     []string // "channel item units"
	cancels  []string // "channel order by"
	now      func() time.Time
	placed   map[string]time.Time
	delays   []time.Duration
	payments map[string]int
	paid     int
	held     int // FraudHold purchases
	later    int // PostageLater purchases
	postage  int
	released int
}

func (r *recordingMarket) SetPostage(_, _ string, yen int64) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.postage++
	return nil
}

func (r *recordingMarket) ReleaseFraudHold(string, string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.released++
	return nil
}

func (r *recordingMarket) MarkPaid(string, string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.paid++
	return nil
}

func (r *recordingMarket) Place(p Purchase) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.buys = append(r.buys, fmt.Sprintf("%s %s %d", p.Channel, p.Item, p.Units))
	r.payments[p.Payment]++
	if p.FraudHold {
		r.held++
		if !strings.HasPrefix(p.Channel, "yahoo/") {
			panic("fraud hold off Yahoo: " + p.Channel)
		}
	}
	if p.PostageLater {
		r.later++
		if !strings.HasPrefix(p.Channel, "rakuten/") {
			panic("postage later off Rakuten: " + p.Channel)
		}
	}
	if strings.HasPrefix(p.Item, "gone") {
		return "", &SoldOutError{Channel: p.Channel, Item: p.Item, Units: p.Units}
	}
	r.n++
	order := fmt.Sprintf("o%d", r.n)
	r.placed[order] = r.now()
	return order, nil
}

func (r *recordingMarket) cancel(channel, order, by string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cancels = append(r.cancels, channel+" "+order+" "+by)
	r.delays = append(r.delays, r.now().Sub(r.placed[order]))
	return nil
}

func (r *recordingMarket) Cancel(channel, order string) error {
	return r.cancel(channel, order, "buyer")
}
func (r *recordingMarket) CancelByMall(channel, order string) error {
	return r.cancel(channel, order, "mall")
}

var generatorListings = []Listing{
	{Channel: "rakuten/a", Item: "r/1", Parts: []Part{{SKU: "R1", Units: 1}}},
	{Channel: "rakuten/a", Item: "hot/1", Parts: []Part{{SKU: "HOT", Units: 1}}},
	{Channel: "yahoo/b", Item: "y1", Parts: []Part{{SKU: "Y1", Units: 1}}},
	{Channel: "yahoo/b", Item: "gone1", Parts: []Part{{SKU: "G", Units: 1}}},
	{Channel: "ponpare/c", Item: "P:1", Parts: []Part{{SKU: "P1", Units: 1}}},
}

// runGenerator steps a generator every second for d and returns it and
// what it did.
func runGenerator(cfg GeneratorConfig, d time.Duration) (*Generator, *recordingMarket) {
	var now time.Time
	rec := &recordingMarket{now: func() time.Time { return now }, placed: map[string]time.Time{}, payments: map[string]int{}}
	cfg.Start = testWall
	g := newGenerator(rec, generatorListings, cfg)
	for now = testWall; !now.After(testWall.Add(d)); now = now.Add(time.Second) {
		g.Step(now)
	}
	return g, rec
}

func TestGeneratorIsRepeatableForASeed(t *testing.T) {
	t.Parallel()
	_, a := runGenerator(GeneratorConfig{Rate: 2, Seed: 7}, 10*time.Minute)
	_, b := runGenerator(GeneratorConfig{Rate: 2, Seed: 7}, 10*time.Minute)
	_, c := runGenerator(GeneratorConfig{Rate: 2, Seed: 8}, 10*time.Minute)
	assert.Equal(t, a.buys, b.buys)
	assert.Equal(t, a.cancels, b.cancels)
	assert.NotEqual(t, a.buys, c.buys)
}

func TestGeneratorOrdersAtItsRateAcrossWeightedChannels(t *testing.T) {
	t.Parallel()
	g, rec := runGenerator(GeneratorConfig{Rate: 5, Seed: 1}, 20*time.Minute)
	n := len(rec.buys)
	assert.InDelta(t, 5*20*60, n, 5*20*60*0.05, "a Poisson process at 5 orders/s")
	per := map[string]int{}
	for _, b := range rec.buys {
		per[strings.Fields(b)[0]]++
	}
	// Weights 5:3:1.
	assert.InDelta(t, 5.0/9, float64(per["rakuten/a"])/float64(n), 0.03)
	assert.InDelta(t, 3.0/9, float64(per["yahoo/b"])/float64(n), 0.03)
	assert.InDelta(t, 1.0/9, float64(per["ponpare/c"])/float64(n), 0.03)
	st := g.Stats()
	assert.Equal(t, n, st.Orders+st.SoldOut+st.Failed)
	assert.Positive(t, st.SoldOut, "sold-out buys are refused and counted")
	assert.Zero(t, st.Failed)
	assert.InDelta(t, 0.1, float64(rec.payments[PaymentBankTransfer])/float64(n), 0.02)
	assert.InDelta(t, 0.05, float64(rec.payments[PaymentCOD])/float64(n), 0.015)
	assert.Equal(t, st.Paid, rec.paid)
	assert.Positive(t, st.Paid, "bank transfers are paid later")
	assert.Positive(t, rec.held, "some Yahoo orders are held")
	assert.Positive(t, rec.later, "some Rakuten orders fix postage later")
	assert.Equal(t, st.Released, rec.released)
	assert.Equal(t, st.PostageFixed, rec.postage)
	assert.Positive(t, st.Released)
	assert.Positive(t, st.PostageFixed)
}

func TestGeneratorCancelsAShareInsideRakutensWindow(t *testing.T) {
	t.Parallel()
	// Ordering stops after 15 minutes; every cancel is due by 40.
	g, rec := runGenerator(GeneratorConfig{Rate: 5, Seed: 3, CancelShare: 0.2, For: 15 * time.Minute}, 41*time.Minute)
	st := g.Stats()
	require.Positive(t, st.Orders)
	assert.InDelta(t, 0.2, float64(st.Cancels)/float64(st.Orders), 0.03)
	for _, d := range rec.delays {
		assert.True(t, d >= cancelMinDelay && d <= cancelMaxDelay+time.Second, "cancel after %v", d)
	}
	byMall := 0
	for _, c := range rec.cancels {
		if strings.HasSuffix(c, " mall") {
			byMall++
			assert.True(t, strings.HasPrefix(c, "rakuten/"), "only Rakuten cancels after screening: %s", c)
		}
	}
	assert.Positive(t, byMall)

	g, rec = runGenerator(GeneratorConfig{Rate: 5, Seed: 3, CancelShare: -1, Simple: true}, 40*time.Minute)
	assert.Zero(t, g.Stats().Cancels, "negative share: no cancels")
	assert.Equal(t, map[string]int{PaymentCard: len(rec.buys)}, rec.payments, "simple: card orders only")
	assert.Zero(t, rec.held+rec.later)
}

func TestGeneratorFlashSaleAndStop(t *testing.T) {
	t.Parallel()
	g, rec := runGenerator(GeneratorConfig{Rate: 5, Seed: 4, Hot: HotItems{SKUs: []string{"HOT"}, Share: 0.8},
		For: 10 * time.Minute}, 20*time.Minute)
	hot, rakuten := 0, 0
	for _, b := range rec.buys {
		if strings.HasPrefix(b, "rakuten/a ") {
			rakuten++
			if strings.Contains(b, " hot/1 ") {
				hot++
			}
		}
	}
	// On the channel that lists it, 80% go to the hot item, and half of the
	// rest picks it by chance.
	assert.InDelta(t, 0.9, float64(hot)/float64(rakuten), 0.04)
	assert.InDelta(t, 5*10*60, len(rec.buys), 5*10*60*0.07, "no orders after For")
	assert.False(t, g.Done(testWall.Add(20*time.Minute)), "cancels are still due")
	g.Step(testWall.Add(80 * time.Minute)) // the last bank transfer is paid within the hour
	assert.True(t, g.Done(testWall.Add(80*time.Minute)))
}
