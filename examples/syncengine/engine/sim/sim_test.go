package sim

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func smallConfig() Config {
	c := DefaultConfig()
	c.Orders, c.Duration, c.SKUs, c.HotSKUs = 400, 5*time.Minute, 40, 2
	c.Drain = 40 * time.Minute
	return c
}

// A small flash sale: the engine imports every order once, ends with every
// mall showing what the ledger plans, and its JSON report has the demo's
// fields.
func TestSmallSimulation(t *testing.T) {
	rep, err := Run(context.Background(), smallConfig())
	require.NoError(t, err)
	b, err := json.Marshal(rep)
	require.NoError(t, err)
	t.Logf("%s", b)
	require.Empty(t, rep.Checks.Problems)
}
