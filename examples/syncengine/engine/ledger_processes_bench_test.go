package engine

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mallkit/mallkit/stock"
)

// BenchmarkLedgerProcesses measures ledger throughput with separate OS
// processes, as a scale-out deployment runs them: SQLite with its one
// process (one writer), PostgreSQL with 1, 2 and 4. The benchmark prepares
// the state (a folder, or a fresh PostgreSQL schema dropped afterwards),
// runs the test binary again once per process as TestLedgerWriterProcess,
// releases them together once every one is ready, and waits. Each process
// opens the state as the program does (OpenDatabase) and applies its share
// of b.N orders of one to three lines with procsWriters goroutines, each
// order in the engine's own transaction (Engine.inTx, retried on
// PostgreSQL conflicts) through the ledger bound to it. Every order takes
// one of procsHotSKUs SKUs that all the processes sell, so their
// allocations of one SKU contend. Afterwards every SKU's allocation must
// equal the units of the orders applied: nothing lost or doubled.
//
// Reported: orders/s over the whole run (start signal to the last
// process's report), orders/s/proc (the mean of each process's own rate),
// cpu-ms/order (the writer processes' user and system time) and, where the
// PostgreSQL server runs on this machine, server-cpu-ms/order (the
// backends serving the writers, from /proc). Each process's figures and
// the load average are logged. The PostgreSQL cases need
// MALLKIT_TEST_POSTGRES (see pgtest.Schema).
//
//	MALLKIT_TEST_POSTGRES=... go test ./examples/syncengine/engine -run '^$' -bench LedgerProcesses -benchtime 4000x -count 3
func BenchmarkLedgerProcesses(b *testing.B) {
	b.Run("sqlite/procs=1", func(b *testing.B) { benchLedgerProcesses(b, b.TempDir(), 1) })
	for _, procs := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("postgres/procs=%d", procs), func(b *testing.B) {
			benchLedgerProcesses(b, testPostgres(b), procs)
		})
	}
}

const (
	// ledgerWriterEnv, when set, makes TestLedgerWriterProcess a writer
	// process of BenchmarkLedgerProcesses; it holds its ledgerWriter as
	// JSON.
	ledgerWriterEnv = "MALLKIT_LEDGER_WRITER"
	// writerLine starts each line a writer process says to the benchmark
	// on stdout ("ready", then its writerReport as JSON); the test
	// framework's own lines are told apart by it.
	writerLine = "ledger-writer "
	// procsHotSKUs are sold on every process's shop; every order takes one.
	procsHotSKUs = 10
	// procsOwnSKUs are sold on one process's shop only.
	procsOwnSKUs = 100
	// procsWriters is how many orders a process applies at once (the
	// engine works several jobs at once; BenchmarkLedgerThroughput's
	// pools use as many goroutines).
	procsWriters = 4
)

// TestLedgerWriterProcess is one writer process of
// BenchmarkLedgerProcesses, which runs the test binary again with
// ledgerWriterEnv set; without it the test skips.
func TestLedgerWriterProcess(t *testing.T) {
	spec := os.Getenv(ledgerWriterEnv)
	if spec == "" {
		t.Skip("a writer process of BenchmarkLedgerProcesses: runs only when the benchmark sets " + ledgerWriterEnv)
	}
	var w ledgerWriter
	if err := json.Unmarshal([]byte(spec), &w); err != nil {
		t.Fatalf("%s: %v", ledgerWriterEnv, err)
	}
	if err := w.run(context.Background(), os.Stdin, os.Stdout); err != nil {
		t.Fatal(err)
	}
}

// TestLedgerWriterAppliesItsOrders runs a writer in this process on a
// SQLite state: it says it is ready, starts on the signal, reports every
// order, and the ledger then holds exactly their units.
func TestLedgerWriterAppliesItsOrders(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, e, err := prepareLedgerProcesses(ctx, dir, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer CloseDatabase(db)
	w := ledgerWriter{Location: dir, Proc: 1, Orders: 30}
	var out bytes.Buffer
	if err := w.run(ctx, strings.NewReader("go\n"), &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 2 || lines[0] != writerLine+"ready" {
		t.Fatalf("writer said %q, want the ready line and the report", lines)
	}
	var rep writerReport
	if err := json.Unmarshal([]byte(strings.TrimPrefix(lines[1], writerLine)), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Orders != 30 || rep.Seconds <= 0 || rep.ServerCPUSeconds != nil {
		t.Errorf("report %+v: want 30 orders in some time and no server CPU on SQLite", rep)
	}
	_, want := writerOrders(1, 30)
	if err := checkAllocated(ctx, e.Ledger(), procsSKUs(2), want); err != nil {
		t.Error(err)
	}
	want[hotSKU(0)]++
	if err := checkAllocated(ctx, e.Ledger(), procsSKUs(2), want); err == nil {
		t.Error("checkAllocated accepted an allocation one unit short")
	}

	out.Reset()
	if err := (ledgerWriter{Location: dir, Proc: 0, Orders: 5}).run(ctx, strings.NewReader(""), &out); err == nil {
		t.Error("a writer whose start signal never comes must fail")
	}
	if out.String() != writerLine+"ready\n" {
		t.Errorf("writer without a start signal said %q, want only the ready line", out.String())
	}
}

// benchLedgerProcesses runs procs writer processes on the state at
// location for b.N orders in all and reports their throughput.
func benchLedgerProcesses(b *testing.B, location string, procs int) {
	ctx := context.Background()
	db, e, err := prepareLedgerProcesses(ctx, location, procs)
	if err != nil {
		b.Fatal(err)
	}
	defer CloseDatabase(db)
	want := map[string]int{}
	writers := make([]*writerProcess, 0, procs)
	defer func() {
		for _, w := range writers {
			w.kill()
		}
	}()
	for p := range procs {
		n := b.N / procs
		if p < b.N%procs {
			n++
		}
		_, units := writerOrders(p, n)
		for sku, u := range units {
			want[sku] += u
		}
		w, err := startWriter(ledgerWriter{Location: location, Proc: p, Orders: n})
		if err != nil {
			b.Fatal(err)
		}
		writers = append(writers, w)
	}
	for _, w := range writers {
		if err := w.ready(); err != nil {
			b.Fatal(err)
		}
	}
	load := loadAverage()
	b.ResetTimer()
	start := time.Now()
	for _, w := range writers {
		if err := w.start(); err != nil {
			b.Fatal(err)
		}
	}
	reports := make([]writerReport, procs)
	for p, w := range writers {
		if reports[p], err = w.report(); err != nil {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	b.Logf("%d orders by %d processes in %.2fs; load average %s before, %s after",
		b.N, procs, elapsed.Seconds(), load, loadAverage())
	for _, w := range writers {
		if err := w.wait(); err != nil {
			b.Fatal(err)
		}
	}
	if err := checkAllocated(ctx, e.Ledger(), procsSKUs(procs), want); err != nil {
		b.Fatal(err)
	}
	reportLedgerProcesses(b, reports, elapsed)
}

// reportLedgerProcesses logs each process's figures and reports the
// run's.
func reportLedgerProcesses(b *testing.B, reports []writerReport, elapsed time.Duration) {
	var orders int
	var perProc, cpu, server float64
	serverKnown := true
	for p, r := range reports {
		orders += r.Orders
		perProc += float64(r.Orders) / r.Seconds / float64(len(reports))
		cpu += r.CPUSeconds
		line := fmt.Sprintf("process %d: %d orders in %.2fs (%.0f orders/s), %.2f CPU-s", p, r.Orders, r.Seconds,
			float64(r.Orders)/r.Seconds, r.CPUSeconds)
		if r.ServerCPUSeconds != nil {
			server += *r.ServerCPUSeconds
			line += fmt.Sprintf(", its PostgreSQL backends %.2f CPU-s", *r.ServerCPUSeconds)
		} else {
			serverKnown = false
		}
		b.Log(line)
	}
	if orders != b.N {
		b.Fatalf("the processes applied %d orders, want %d", orders, b.N)
	}
	b.ReportMetric(float64(orders)/elapsed.Seconds(), "orders/s")
	b.ReportMetric(perProc, "orders/s/proc")
	if cpu > 0 {
		b.ReportMetric(cpu*1000/float64(orders), "cpu-ms/order")
	}
	if serverKnown {
		b.ReportMetric(server*1000/float64(orders), "server-cpu-ms/order")
	}
}

// prepareLedgerProcesses opens the state at location for procs writer
// processes: every process's shop lists the hot items and its own, and
// every SKU has stock.
func prepareLedgerProcesses(ctx context.Context, location string, procs int) (*sql.DB, *Engine, error) {
	var ls []stock.Listing
	for p := range procs {
		for h := range procsHotSKUs {
			ls = append(ls, listing(procsChannel(p), hotItem(h), hotSKU(h)))
		}
		for i := range procsOwnSKUs {
			ls = append(ls, listing(procsChannel(p), ownItem(i), ownSKU(p, i)))
		}
	}
	db, e, err := openLedgerEngine(ctx, location, ls)
	if err != nil {
		return nil, nil, err
	}
	for _, sku := range procsSKUs(procs) {
		if err := e.Ledger().SetOnHand(ctx, sku, 1_000_000, time.Time{}); err != nil {
			CloseDatabase(db)
			return nil, nil, fmt.Errorf("on hand of %s: %w", sku, err)
		}
	}
	return db, e, nil
}

// openLedgerEngine opens the state at location as the program does, with
// the stock ledger in the same database, and an engine whose transactions
// the ledger joins; it puts listings into the ledger.
func openLedgerEngine(ctx context.Context, location string, listings []stock.Listing) (*sql.DB, *Engine, error) {
	db, err := OpenDatabase(ctx, location, PostgresOptions{})
	if err != nil {
		return nil, nil, err
	}
	e, err := func() (*Engine, error) {
		store, err := stock.NewSQLStore(ctx, db, DialectOf(db))
		if err != nil {
			return nil, err
		}
		l, err := stock.Open(ctx, store)
		if err != nil {
			return nil, err
		}
		st, err := NewState(ctx, db)
		if err != nil {
			return nil, err
		}
		return New(ctx, Options{Ledger: l, State: st, Listings: listings, SharedTx: true})
	}()
	if err != nil {
		CloseDatabase(db)
		return nil, nil, fmt.Errorf("ledger on %s: %w", location, err)
	}
	return db, e, nil
}

func procsChannel(p int) string { return fmt.Sprintf("rakuten/shop%d", p) }
func hotItem(h int) string      { return fmt.Sprintf("hot%02d/v", h) }
func hotSKU(h int) string       { return fmt.Sprintf("HOT-%02d", h) }
func ownItem(i int) string      { return fmt.Sprintf("item%03d/v", i) }
func ownSKU(p, i int) string    { return fmt.Sprintf("P%d-%03d", p, i) }

// procsSKUs lists every SKU of a run with procs processes.
func procsSKUs(procs int) []string {
	var skus []string
	for h := range procsHotSKUs {
		skus = append(skus, hotSKU(h))
	}
	for p := range procs {
		for i := range procsOwnSKUs {
			skus = append(skus, ownSKU(p, i))
		}
	}
	return skus
}

// writerOrders returns process p's n open orders on its shop (the same in
// the benchmark and in the process) and the units they allocate per SKU.
// Each order has a line of a hot item and up to two lines of the shop's
// own items, of one or two units each.
func writerOrders(p, n int) ([]stock.Order, map[string]int) {
	rng := rand.New(rand.NewPCG(uint64(p), 7))
	orders := make([]stock.Order, n)
	units := map[string]int{}
	for i := range orders {
		o := stock.Order{Channel: procsChannel(p), Number: fmt.Sprintf("p%d-%07d", p, i), Status: stock.OrderOpen}
		h, u := rng.IntN(procsHotSKUs), 1+rng.IntN(2)
		o.Lines = append(o.Lines, stock.Line{Item: hotItem(h), Units: u})
		units[hotSKU(h)] += u
		first := rng.IntN(procsOwnSKUs - 1)
		for j := range i % 3 {
			u := 1 + rng.IntN(2)
			o.Lines = append(o.Lines, stock.Line{Item: ownItem(first + j), Units: u})
			units[ownSKU(p, first+j)] += u
		}
		orders[i] = o
	}
	return orders, units
}

// checkAllocated returns an error unless each of skus has exactly the
// allocation want gives it (none when absent).
func checkAllocated(ctx context.Context, l Ledger, skus []string, want map[string]int) error {
	for _, sku := range skus {
		lv, err := l.Level(ctx, sku)
		if err != nil {
			return err
		}
		if lv.Allocated != want[sku] {
			return fmt.Errorf("%s allocated %d, want %d: an allocation was lost or doubled", sku, lv.Allocated, want[sku])
		}
	}
	return nil
}

// ledgerWriter is what one writer process is asked to do.
type ledgerWriter struct {
	Location string `json:"location"` // the state: a folder or a PostgreSQL DSN
	Proc     int    `json:"proc"`     // which process: its shop and its orders
	Orders   int    `json:"orders"`   // how many of writerOrders(Proc, ...) it applies
}

// writerReport is what a writer process did from the start signal to its
// last order.
type writerReport struct {
	Orders     int     `json:"orders"`
	Seconds    float64 `json:"seconds"`
	CPUSeconds float64 `json:"cpu_seconds"` // the process's user and system time
	// ServerCPUSeconds is the CPU time of the PostgreSQL backends serving
	// the process; nil on SQLite or when the server is not on this machine.
	ServerCPUSeconds *float64 `json:"server_cpu_seconds,omitempty"`
}

// run opens the state, writes the ready line to out, waits for a line on
// start, applies w's orders procsWriters at a time, each in an engine
// transaction, and writes its report to out.
func (w ledgerWriter) run(ctx context.Context, start io.Reader, out io.Writer) error {
	location, app := w.Location, ""
	if IsPostgres(location) {
		app = fmt.Sprintf("mallkit-ledger-writer-%d", os.Getpid())
		u, err := url.Parse(location)
		if err != nil {
			return fmt.Errorf("ledger writer %d: %w", w.Proc, err)
		}
		q := u.Query()
		q.Set("application_name", app)
		u.RawQuery = q.Encode()
		location = u.String()
	}
	db, e, err := openLedgerEngine(ctx, location, nil)
	if err != nil {
		return fmt.Errorf("ledger writer %d: %w", w.Proc, err)
	}
	defer CloseDatabase(db)
	orders, _ := writerOrders(w.Proc, w.Orders)
	var server0 time.Duration
	serverKnown := false
	if app != "" {
		if err := openConns(ctx, db, procsWriters); err != nil {
			return fmt.Errorf("ledger writer %d: %w", w.Proc, err)
		}
		if server0, serverKnown, err = backendCPU(ctx, db, app); err != nil {
			return fmt.Errorf("ledger writer %d: %w", w.Proc, err)
		}
	}
	if _, err := fmt.Fprintln(out, writerLine+"ready"); err != nil {
		return err
	}
	if _, err := bufio.NewReader(start).ReadString('\n'); err != nil {
		return fmt.Errorf("ledger writer %d: waiting for the start signal: %w", w.Proc, err)
	}
	cpu0, t0 := processCPU(), time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, procsWriters)
	for g := range procsWriters {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(len(orders)); i = next.Add(1) - 1 {
				o := orders[i]
				err := e.inTx(ctx, func(tx *sql.Tx) error { return e.ledgerIn(tx).ApplyOrder(ctx, o) })
				if err != nil {
					errs[g] = fmt.Errorf("ledger writer %d: order %s: %w", w.Proc, o.Number, err)
					return
				}
			}
		})
	}
	wg.Wait()
	rep := writerReport{Orders: len(orders), Seconds: time.Since(t0).Seconds(), CPUSeconds: (processCPU() - cpu0).Seconds()}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if serverKnown {
		server1, known, err := backendCPU(ctx, db, app)
		if err != nil {
			return fmt.Errorf("ledger writer %d: %w", w.Proc, err)
		}
		if known {
			s := (server1 - server0).Seconds()
			rep.ServerCPUSeconds = &s
		}
	}
	js, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(out, "%s%s\n", writerLine, js)
	return err
}

// openConns makes db's pool hold n open connections, so that the
// writers' connections exist (and their server processes can be found)
// before the start.
func openConns(ctx context.Context, db *sql.DB, n int) error {
	conns := make([]*sql.Conn, 0, n)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range n {
		c, err := db.Conn(ctx)
		if err != nil {
			return err
		}
		conns = append(conns, c)
	}
	return nil
}

// clockTicks is the unit of the CPU times in /proc/<pid>/stat (Linux's
// USER_HZ, 100 on every architecture Go supports).
const clockTicks = 100

// backendCPU sums the CPU time of the PostgreSQL server processes serving
// the connections named app, read from /proc. known is false when a
// process cannot be read there as a postgres process: the server is not
// on this machine (or in another PID namespace), or there is no /proc.
func backendCPU(ctx context.Context, db *sql.DB, app string) (cpu time.Duration, known bool, err error) {
	rows, err := db.QueryContext(ctx, `SELECT pid FROM pg_stat_activity WHERE application_name = ?`, app)
	if err != nil {
		return 0, false, fmt.Errorf("server processes of %s: %w", app, err)
	}
	var pids []int
	for rows.Next() {
		var pid int
		if err := rows.Scan(&pid); err != nil {
			rows.Close()
			return 0, false, err
		}
		pids = append(pids, pid)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, false, err
	}
	for _, pid := range pids {
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return 0, false, nil
		}
		// "pid (comm) state ...": after the command name, utime and stime
		// are the 12th and 13th fields (14 and 15 of the whole line).
		comm, rest, ok := bytes.Cut(stat, []byte(") "))
		f := strings.Fields(string(rest))
		if !ok || !bytes.Contains(comm, []byte("postgres")) || len(f) < 13 {
			return 0, false, nil
		}
		user, err1 := strconv.ParseInt(f[11], 10, 64)
		system, err2 := strconv.ParseInt(f[12], 10, 64)
		if err1 != nil || err2 != nil {
			return 0, false, nil
		}
		cpu += time.Duration(user+system) * time.Second / clockTicks
	}
	return cpu, len(pids) > 0, nil
}

// loadAverage is the 1, 5 and 15 minute load average from /proc/loadavg
// ("unknown" where there is none).
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

// writerProcess is a writer running as a process of its own: the test
// binary again, running TestLedgerWriterProcess.
type writerProcess struct {
	proc   int
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Scanner
	stderr bytes.Buffer
	other  []string // stdout lines that are not the writer's: the test framework's, a failure's
	done   bool
}

// startWriter starts a process for w; it opens the state and says when it
// is ready.
func startWriter(w ledgerWriter) (*writerProcess, error) {
	spec, err := json.Marshal(w)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestLedgerWriterProcess$", "-test.timeout=10m")
	cmd.Env = append(os.Environ(), ledgerWriterEnv+"="+string(spec))
	wp := &writerProcess{proc: w.Proc, cmd: cmd}
	cmd.Stderr = &wp.stderr
	if wp.stdin, err = cmd.StdinPipe(); err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	wp.stdout = bufio.NewScanner(out)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("ledger writer %d: %w", w.Proc, err)
	}
	return wp, nil
}

// next returns what the writer says next, after writerLine.
func (wp *writerProcess) next() (string, error) {
	for wp.stdout.Scan() {
		if s, ok := strings.CutPrefix(wp.stdout.Text(), writerLine); ok {
			return s, nil
		}
		wp.other = append(wp.other, wp.stdout.Text())
	}
	return "", fmt.Errorf("ledger writer %d ended early: %w", wp.proc, wp.wait())
}

// ready waits until the writer has opened the state.
func (wp *writerProcess) ready() error {
	s, err := wp.next()
	if err == nil && s != "ready" {
		err = fmt.Errorf("ledger writer %d said %q, want ready", wp.proc, s)
	}
	return err
}

// start lets the writer begin.
func (wp *writerProcess) start() error {
	_, err := io.WriteString(wp.stdin, "go\n")
	return err
}

// report waits for the writer's report.
func (wp *writerProcess) report() (writerReport, error) {
	var r writerReport
	s, err := wp.next()
	if err == nil {
		err = json.Unmarshal([]byte(s), &r)
	}
	return r, err
}

// wait reads the rest of the writer's output and waits for it to exit;
// the error carries what it printed when it failed.
func (wp *writerProcess) wait() error {
	for wp.stdout.Scan() {
		wp.other = append(wp.other, wp.stdout.Text())
	}
	wp.done = true
	if err := wp.cmd.Wait(); err != nil {
		return fmt.Errorf("ledger writer %d: %w\n%s\n%s", wp.proc, err, strings.Join(wp.other, "\n"), wp.stderr.Bytes())
	}
	return nil
}

// kill ends a writer that was not waited for (the benchmark failed).
func (wp *writerProcess) kill() {
	if wp.done {
		return
	}
	wp.cmd.Process.Kill()
	wp.cmd.Wait()
}
