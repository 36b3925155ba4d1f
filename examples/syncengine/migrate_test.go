package main

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/examples/syncengine/engine"
)

// -migrate creates every schema and exits; a state that a newer
// syncengine migrated is refused, by -migrate and by a start alike, with a
// message saying what to do.
func TestMigrateRefusesNewerState(t *testing.T) {
	ctx := context.Background()
	_, cfgPath := startMarket(t)
	code, out, errs := runCLI(t, ctx, "-config", cfgPath, "-migrate")
	require.Equal(t, 0, code, errs)
	require.Contains(t, out, "sqlite")

	db, err := engine.OpenState(filepath.Join(filepath.Dir(cfgPath), "state"))
	require.NoError(t, err)
	_, err = db.Exec(`UPDATE engine_schema_version SET version = ?`, engine.StateSchemaVersion+1)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	for _, args := range [][]string{{"-migrate"}, {"-once"}} {
		code, _, errs = runCLI(t, ctx, append([]string{"-config", cfgPath}, args...)...)
		require.Equal(t, 1, code, args)
		require.Contains(t, errs, fmt.Sprintf("engine schema of the state database is version %d, newer than the %d this syncengine knows",
			engine.StateSchemaVersion+1, engine.StateSchemaVersion), args)
		require.Contains(t, errs, "upgrade syncengine", args)
	}
}
