package market

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadSeedFailsFastOnTruncatedInput(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`[{"a`, `{"version":1,"rakuten":{"shops":[{"na`, `[[[[`, `{"version":1,"x":[{"a`, `[{"a":1},{"b`, `{"version":1,"ponpare":{"orders":[{"number":"p`} {
		done := make(chan error, 1)
		go func() {
			_, err := loadSeed([]byte(in))
			done <- err
		}()
		select {
		case err := <-done:
			require.Error(t, err, in)
			var se *seedError
			require.ErrorAs(t, err, &se, in)
			assert.Positive(t, se.Line, in)
		case <-time.After(10 * time.Second):
			t.Fatalf("loadSeed(%q) did not return", in)
		}
	}
	_, err := loadSeed([]byte(`[{"a`))
	assert.EqualError(t, err, "seed: line 1, column 5: the seed ends in the middle of a value (truncated file?)")
}
