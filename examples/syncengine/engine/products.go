package engine

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/mallkit/mallkit/tempostar"
)

// FreeFields is how many free fields (自由項目) a TEMPOSTAR product has.
const FreeFields = tempostar.MaxFreeFields

// Product is one product of a hub's product file: its code (the SKU), its
// name and the 50 free fields (Free[i] is 自由項目{i+1}), plus any other
// column by header name.
type Product struct {
	Code    string
	Name    string
	Free    [FreeFields]string
	Extra   map[string]string
	Written time.Time // when the file it came from was written
}

// ProductHub is a Hub that also delivers product files.
type ProductHub interface {
	Hub
	// ReceiveProducts hands each pending product file to handle, oldest
	// first, and archives it only when handle returns nil (at least once).
	ReceiveProducts(ctx context.Context, handle func(file string, written time.Time, products []Product) error) (int, error)
}

// ReceiveProducts stores the hub's pending product files in the products
// table, one transaction per file. A hub without product files
// (not a ProductHub) receives nothing.
func (e *Engine) ReceiveProducts(ctx context.Context, hub string) (ReceiveReport, error) {
	rep := ReceiveReport{Hub: hub}
	h, ok := e.hubs[hub]
	if !ok {
		return rep, fmt.Errorf("%w: %s", ErrUnknownChannel, hub)
	}
	ph, ok := h.(ProductHub)
	if !ok {
		return rep, nil
	}
	n, err := ph.ReceiveProducts(ctx, func(file string, written time.Time, ps []Product) error {
		err := e.inTx(ctx, func(tx *sql.Tx) error { return putProducts(ctx, tx, hub, file, written, ps) })
		if err == nil {
			rep.Products += len(ps)
		}
		return err
	})
	rep.Files = n
	if err != nil {
		return rep, &TaskError{Task: "receive products", Channel: hub, Err: err}
	}
	e.log.Info("receive products", "hub", hub, "files", rep.Files, "products", rep.Products)
	return rep, nil
}

func putProducts(ctx context.Context, q querier, hub, file string, written time.Time, ps []Product) error {
	for _, p := range ps {
		free, err := json.Marshal(p.Free)
		if err != nil {
			return err
		}
		extra, err := json.Marshal(p.Extra)
		if err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO engine_product (hub, code, name, free, extra, file, written)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (hub, code) DO UPDATE SET name = excluded.name, free = excluded.free, extra = excluded.extra,
				file = excluded.file, written = excluded.written
			WHERE excluded.written >= engine_product.written`,
			hub, p.Code, p.Name, string(free), string(extra), file, nanos(written)); err != nil {
			return fmt.Errorf("engine: product %s of %s: %w", p.Code, file, err)
		}
	}
	return nil
}

// Products returns the products received from hub, by code.
func (s *State) Products(ctx context.Context, hub string) ([]Product, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT code, name, free, extra, written FROM engine_product WHERE hub = ? ORDER BY code`, hub)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Product
	for rows.Next() {
		var p Product
		var free, extra string
		var written int64
		if err := rows.Scan(&p.Code, &p.Name, &free, &extra, &written); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(free), &p.Free); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(extra), &p.Extra); err != nil {
			return nil, err
		}
		p.Written = fromNanos(written)
		out = append(out, p)
	}
	return out, rows.Err()
}
