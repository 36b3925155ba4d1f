package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/examples/fakemalls/market"
	"github.com/mallkit/mallkit/stock"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	binDir    string
)

// TestMain removes the syncengine binary the process tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// engineBinary builds this program once per test run, for the tests that
// run the engine as a process (and kill it).
func engineBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		if binDir, buildErr = os.MkdirTemp("", "syncengine-bin-"); buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "syncengine")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// engineProc is one running syncengine process.
type engineProc struct {
	cmd     *exec.Cmd
	done    chan error
	started time.Time
	log     string
}

func startEngine(t testing.TB, logFile *os.File, args ...string) *engineProc {
	t.Helper()
	cmd := exec.Command(engineBinary(t), args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	require.NoError(t, cmd.Start())
	p := &engineProc{cmd: cmd, done: make(chan error, 1), started: time.Now(), log: logFile.Name()}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// kill ends the process with SIGKILL (no cleanup of any kind) and waits.
func (p *engineProc) kill(t testing.TB) time.Time {
	t.Helper()
	p.running(t, "SIGKILL")
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGKILL))
	at := time.Now()
	<-p.done
	return at
}

// running fails the test, showing the end of the process's log, when the
// process ended before the signal the test is about to send.
func (p *engineProc) running(t testing.TB, signal string) {
	t.Helper()
	select {
	case err := <-p.done:
		b, _ := os.ReadFile(p.log)
		t.Fatalf("syncengine ended before %s (%v); its log ends:\n%s", signal, err, tail(b, 3000))
	default:
	}
}

// stop ends the process with SIGTERM (it finishes its running jobs).
func (p *engineProc) stop(t testing.TB) {
	t.Helper()
	p.running(t, "SIGTERM")
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case err := <-p.done:
		require.NoError(t, err, "syncengine exits 0 on SIGTERM")
	case <-time.After(30 * time.Second):
		t.Fatal("syncengine did not stop within 30s of SIGTERM")
	}
}

// cancelSome has buyers (or the mall) cancel one open order in every few,
// a while after it was placed.
type cancelSome struct {
	seen  map[string]bool
	n     int
	every int
}

func (c *cancelSome) step(m *market.Market, after time.Duration) {
	cutoff := m.Now().Add(-after)
	for _, o := range m.Orders() {
		key := o.Channel + " " + o.Number
		if c.seen[key] || o.Status != market.StatusOpen || o.PlacedAt.After(cutoff) {
			continue
		}
		c.seen[key] = true
		if c.n++; c.n%c.every == 0 {
			m.Cancel(o.Channel, o.Number)
		}
	}
}

// waitFirstSync waits until the engine has read what every 楽天 and Yahoo
// channel shows (its "reconciled" watermark), which it does once, on the
// first start of a state. The process tests start their buyers only then:
// a buy between that read and the order's allocation is overwritten by
// the engine's first push (see the report of the scale-out branch).
func waitFirstSync(t testing.TB, db *sql.DB, m *market.Market) {
	t.Helper()
	want := map[string]bool{}
	for _, l := range m.Catalog().Listings {
		if strings.HasPrefix(l.Channel, "rakuten/") || strings.HasPrefix(l.Channel, "yahoo/") {
			want[l.Channel] = true
		}
	}
	require.Eventually(t, func() bool {
		var n int
		err := db.QueryRow(`SELECT COUNT(*) FROM engine_watermark WHERE name = 'reconciled'`).Scan(&n)
		return err == nil && n >= len(want)
	}, time.Minute, 50*time.Millisecond, "the engine's first sync of %d channels", len(want))
}

// ledgerMatchesMarket checks the end state of a run: every order of the
// marketplace placed since is in the ledger once (older ones, the seed's,
// only if the engine's first poll reached back to them), allocated while open and released
// when canceled; each SKU's allocated units are exactly those of the open
// orders; nothing is left to push on the channels in pushable; and each
// of their listings shows the ledger's planned quantity.
func ledgerMatchesMarket(ctx context.Context, l *stock.Ledger, m *market.Market, since time.Time, pushable func(channel string) bool) error {
	parts := map[[2]string][]market.Part{}
	for _, li := range m.Catalog().Listings {
		parts[[2]string{li.Channel, li.Item}] = li.Parts
	}
	states, err := l.Orders(ctx)
	if err != nil {
		return err
	}
	byKey := map[[2]string]stock.OrderState{}
	for _, s := range states {
		byKey[[2]string{s.Channel, s.Number}] = s
	}
	want := map[string]int{}
	var problems []string
	for _, o := range m.Orders() {
		s, ok := byKey[[2]string{o.Channel, o.Number}]
		switch {
		case !ok && o.PlacedAt.Before(since):
			continue
		case !ok:
			problems = append(problems, fmt.Sprintf("order %s %s (%s, placed %s, marketplace now %s) never reached the ledger",
				o.Channel, o.Number, o.Status, o.PlacedAt.Format(time.StampMilli), m.Now().Format(time.StampMilli)))
			continue
		case o.Status == market.StatusCanceled && s.Status != stock.OrderCanceled:
			problems = append(problems, fmt.Sprintf("order %s %s canceled on the mall, %v in the ledger", o.Channel, o.Number, s.Status))
		case o.Status == market.StatusOpen && s.Status != stock.OrderOpen:
			problems = append(problems, fmt.Sprintf("order %s %s open on the mall, %v in the ledger", o.Channel, o.Number, s.Status))
		}
		if o.Status != market.StatusOpen {
			continue
		}
		for _, ln := range o.Lines {
			for _, p := range parts[[2]string{o.Channel, ln.Item}] {
				want[p.SKU] += ln.Units * p.Units
			}
		}
	}
	levels, err := l.Levels(ctx)
	if err != nil {
		return err
	}
	for _, lv := range levels {
		if int(lv.Allocated) != want[lv.SKU] {
			problems = append(problems, fmt.Sprintf("SKU %s: %d units allocated, the open orders hold %d", lv.SKU, lv.Allocated, want[lv.SKU]))
		}
	}
	plan, err := l.Plan(ctx)
	if err != nil {
		return err
	}
	for _, p := range plan {
		if pushable(p.Channel) {
			problems = append(problems, fmt.Sprintf("left unpushed: %s %s = %d", p.Channel, p.Item, p.Units))
		}
	}
	shown := m.Stock()
	ls, err := l.Listings(ctx)
	if err != nil {
		return err
	}
	for _, li := range ls {
		if !pushable(li.Channel) {
			continue
		}
		if got, ok := shown[li.Channel][li.Item]; !ok || got != li.Planned {
			problems = append(problems, fmt.Sprintf("%s %s shows %d (listed %v), the ledger plans %d", li.Channel, li.Item, got, ok, li.Planned))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		if len(problems) > 20 {
			problems = append(problems[:20], fmt.Sprintf("... and %d more", len(problems)-20))
		}
		return fmt.Errorf("%d problems:\n%s", len(problems), joinLines(problems))
	}
	return nil
}

func joinLines(ss []string) string {
	out := ""
	for _, s := range ss {
		out += "  " + s + "\n"
	}
	return out
}
