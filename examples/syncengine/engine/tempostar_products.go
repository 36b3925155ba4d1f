package engine

import (
	"context"
	"io"
	"time"

	"github.com/mallkit/mallkit/tempostar"
)

// ReceiveProducts implements ProductHub with TEMPOSTAR's product files
// (tempostar.ReadProducts: 商品コード, 商品名, 自由項目1–50, other columns
// kept by name).
func (t *TempostarHub) ReceiveProducts(ctx context.Context, handle func(string, time.Time, []Product) error) (int, error) {
	return t.c.Receive(ctx, tempostar.KindProducts, func(name string, r io.Reader) error {
		recs, err := tempostar.ReadProducts(r, tempostar.WithFileName(name))
		if err != nil {
			return err
		}
		ps := make([]Product, 0, len(recs))
		for _, rec := range recs {
			ps = append(ps, Product{Code: rec.Code, Name: rec.Name, Free: rec.Free, Extra: rec.Extra})
		}
		return handle(name, t.fileWritten(name), ps)
	})
}
