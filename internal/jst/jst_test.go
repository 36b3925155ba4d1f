package jst_test

import (
	"testing"
	"time"

	"github.com/mallkit/mallkit/internal/jst"
)

func TestInShowsTheJapaneseWallClock(t *testing.T) {
	t.Parallel()
	utc := time.Date(2026, 11, 23, 15, 30, 0, 0, time.UTC)
	got := jst.In(utc)
	if got.Format("2006-01-02T15:04:05-0700") != "2026-11-24T00:30:00+0900" {
		t.Fatalf("In(%v) = %v", utc, got)
	}
	if !got.Equal(utc) {
		t.Fatal("In must not change the instant")
	}
}

func TestDateIsMidnightJST(t *testing.T) {
	t.Parallel()
	d := jst.Date(2026, time.January, 2)
	if d.UTC().Format(time.RFC3339) != "2026-01-01T15:00:00Z" {
		t.Fatalf("Date = %v", d.UTC())
	}
}
