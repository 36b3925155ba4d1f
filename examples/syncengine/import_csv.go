package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/mallkit/mallkit/examples/syncengine/engine"
)

// importCSV merges an order file into the engine's orders of one channel
// (-import-csv FILE -channel CH [-mode update|overwrite]) and prints the
// report as one JSON object.
func importCSV(ctx context.Context, w io.Writer, configPath, stateDir, file, channel, mode string, log *slog.Logger) error {
	if channel == "" {
		return fmt.Errorf("-import-csv needs -channel (e.g. rakuten/SHOP)")
	}
	m, err := engine.ParseMergeMode(mode)
	if err != nil {
		return err
	}
	cfg, err := engine.LoadConfig(configPath)
	if err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	svc, err := engine.OpenService(ctx, cfg, engine.ServiceOptions{Logger: log, StateDir: stateDir})
	if err != nil {
		return err
	}
	defer svc.Close()
	rep, err := svc.Engine.ImportCSV(ctx, channel, f, m)
	if err != nil {
		return err
	}
	return json.NewEncoder(w).Encode(map[string]any{"channel": rep.Channel, "read": rep.Read,
		"registered": rep.Registered, "merged": rep.Merged, "allocated": rep.Allocated, "unmatched": rep.Unmatched})
}
