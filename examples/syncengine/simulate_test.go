package main

import (
	"flag"
	"io"
	"testing"

	"github.com/stretchr/testify/require"
)

// simulateFlagsOf parses args as the program does and returns the
// -simulate flags.
func simulateFlagsOf(t *testing.T, args ...string) *simulateFlags {
	t.Helper()
	fs := flag.NewFlagSet("syncengine", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	state := fs.String("state", "", "")
	sc := addScaleFlags(fs)
	f := addSimulateFlags(fs, state, sc.workers)
	require.NoError(t, fs.Parse(args))
	return f
}

// -simulate takes the merchants from -shops, and the program's -state (a
// PostgreSQL DSN) and -workers; by default it is one merchant on SQLite
// with no limit on the tasks at once.
func TestSimulateScaleFlags(t *testing.T) {
	c, err := simulateFlagsOf(t, "-simulate").config()
	require.NoError(t, err)
	require.Equal(t, 1, c.Shops)
	require.Zero(t, c.Workers)
	require.Empty(t, c.State)

	dsn := "postgres://sim@127.0.0.1:5432/sim?sslmode=disable"
	c, err = simulateFlagsOf(t, "-simulate", "-shops", "200", "-workers", "4", "-state", dsn).config()
	require.NoError(t, err)
	require.Equal(t, 200, c.Shops)
	require.Equal(t, 4, c.Workers)
	require.Equal(t, dsn, c.State)

	_, err = simulateFlagsOf(t, "-simulate", "-state", "/var/lib/syncengine").config()
	require.ErrorContains(t, err, "postgres:// DSN")
}
