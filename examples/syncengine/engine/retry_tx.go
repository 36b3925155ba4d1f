package engine

import (
	"context"
	"errors"
	"time"
)

// maxTxTries bounds the attempts of a transaction that keeps failing to
// serialize.
const maxTxTries = 20

// retryTx runs once until it succeeds, fails with an error other than a
// PostgreSQL serialization failure (40001) or deadlock (40P01), or has
// been tried maxTxTries times. Engine processes sharing a PostgreSQL state
// touch the ledger's, the engine's and River's rows in different orders
// (a poll allocates and then marks other channels' listings; a push
// confirms them), so PostgreSQL may cancel one of two transactions; the
// loser rolled back entirely and is simply run again. Never on SQLite,
// whose one writer cannot deadlock.
func retryTx(ctx context.Context, once func() error) error {
	for try := 1; ; try++ {
		err := once()
		if err == nil || !txConflict(err) || try == maxTxTries {
			return err
		}
		t := time.NewTimer(time.Duration(try*try) * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
	}
}

// txConflict reports a PostgreSQL serialization failure or deadlock.
func txConflict(err error) bool {
	var st interface{ SQLState() string }
	if !errors.As(err, &st) {
		return false
	}
	switch st.SQLState() {
	case "40001", "40P01":
		return true
	}
	return false
}
