package market

import (
	"errors"
	"testing"
)

// FuzzLoadSeed: whatever the bytes, loadSeed returns a seed or a *seedError
// and never spins (the fuzzer reports inputs that hang). Run with
// go test -run='^$' -fuzz=FuzzLoadSeed -fuzztime=60s ./examples/fakemalls/market/
func FuzzLoadSeed(f *testing.F) {
	f.Add(demoSeedJSON)
	f.Add([]byte(`[{"a`))
	f.Add([]byte(`{"version":1,"ftp":{"user":"u","password":"p","files":[{"path":"stock/a.csv","content":"x"}]}}`))
	f.Add([]byte(`{"version":1,"rakuten":{"shops":[{"name":"s","orders":[{"number":"1"}]}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := loadSeed(data)
		var se *seedError
		if err != nil && !errors.As(err, &se) {
			t.Fatalf("error %v (%T) is not a *seedError", err, err)
		}
		if err == nil && s == nil {
			t.Fatal("nil seed without an error")
		}
	})
}
