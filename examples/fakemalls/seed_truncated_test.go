package main

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMain lets the tests run this program's main as a child process.
func TestMain(m *testing.M) {
	if os.Getenv("FAKEMALLS_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestTheProgramExitsOnSIGTERM(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(os.Args[0], "-ftp-tls", "none")
	cmd.Env = append(os.Environ(), "FAKEMALLS_RUN_MAIN=1")
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	first := make([]byte, 1)
	_, err = out.Read(first) // the endpoints line: it is serving
	require.NoError(t, err)
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		assert.NoError(t, err, "a clean shutdown")
	case <-time.After(20 * time.Second):
		t.Fatal("still running 20 s after SIGTERM")
	}
}

func TestTheProgramRefusesATruncatedSeedAtOnce(t *testing.T) {
	t.Parallel()
	seed := t.TempDir() + "/seed.json"
	require.NoError(t, os.WriteFile(seed, []byte(`[{"a`), 0o644))
	cmd := exec.Command(os.Args[0], "-seed", seed)
	cmd.Env = append(os.Environ(), "FAKEMALLS_RUN_MAIN=1")
	done := make(chan struct{})
	var out []byte
	var err error
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("a truncated seed kept the program busy")
	}
	require.Error(t, err)
	assert.True(t, strings.Contains(string(out), "truncated"), "%s", out)
}
