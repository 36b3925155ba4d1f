package engine

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten"
	"github.com/mallkit/mallkit/stock"
)

// A refused credential stops only its channel: its poll fails with an
// error naming the channel (never the key), the other channel goes on, and
// the credential check says what to do. A key 10 days from expiry warns.
func TestRefusedCredentialStopsOnlyItsChannel(t *testing.T) {
	ctx := context.Background()
	rules := DefaultImportRules()
	a := newShop(t, "shopa", rules)
	bad, err := rakuten.NewClient(rakuten.Credentials{ServiceSecret: "secret-shopa", LicenseKey: "revoked-key-123"},
		rakuten.WithBaseURL(a.srv.URL), rakuten.WithClock(a.srv.Now), rakuten.WithRetry(0, time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	b, err := NewRakutenChannel("shopb", bad, rules)
	require.NoError(t, err)
	h := newHarness(t, harnessOpts{channels: []Channel{a.ch, b},
		listings: []stock.Listing{listing("rakuten/shopa", "tee/m", "TEE-M"), listing("rakuten/shopb", "tee/m", "TEE-M")},
		onHand:   map[string]int{"TEE-M": 5}, rules: rules, now: a.srv.Now})
	a.order("100001-20260105-0000000001", time.Minute, "tee", "m", 1)

	_, err = h.eng.Poll(ctx, "rakuten/shopb")
	require.Error(t, err)
	require.True(t, errors.Is(err, rakuten.ErrUnauthorized), "%v", err)
	require.Contains(t, err.Error(), "rakuten/shopb")
	require.NotContains(t, err.Error(), "revoked-key-123")

	rep, err := h.eng.Poll(ctx, "rakuten/shopa")
	require.NoError(t, err)
	require.Equal(t, 1, rep.New)

	creds, err := h.eng.Health(ctx)
	require.Error(t, err, "the refused key is reported")
	require.Len(t, creds, 2)
	byChannel := map[string]Credential{}
	for _, c := range creds {
		byChannel[c.Channel] = c
	}
	require.True(t, byChannel["rakuten/shopa"].Warning, "10 days left is within the 14-day warning")
	require.Equal(t, 10, byChannel["rakuten/shopa"].DaysLeft)
	require.Contains(t, byChannel["rakuten/shopa"].Message, "RMS")
	require.True(t, byChannel["rakuten/shopb"].Warning)
	require.Contains(t, byChannel["rakuten/shopb"].Message, "refused")
	stored, err := h.state.Credentials(ctx)
	require.NoError(t, err)
	require.Len(t, stored, 2)
}
