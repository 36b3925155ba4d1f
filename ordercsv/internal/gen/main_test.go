package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestGeneratedTableIsCurrent fails when cp932_table.go differs from what the generator
// produces now, e.g. after an x/text upgrade changed a mapping: rerun go generate and
// review the diff.
func TestGeneratedTableIsCurrent(t *testing.T) {
	t.Parallel()
	want, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join("..", "..", "cp932_table.go"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatal("cp932_table.go is stale: run go generate in ordercsv")
	}
}

func TestUserDefinedArea(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lead, trail byte
		want        rune
		ok          bool
	}{
		{0xF0, 0x40, 0xE000, true},
		{0xF0, 0x80, 0xE03F, true},
		{0xF9, 0xFC, 0xE757, true},
		{0xF0, 0x7F, 0, false},
		{0xEF, 0x40, 0, false},
		{0xFA, 0x40, 0, false},
	}
	for _, tt := range tests {
		got, ok := userDefined(tt.lead, tt.trail)
		if got != tt.want || ok != tt.ok {
			t.Errorf("userDefined(%02X, %02X) = %U, %v; want %U, %v", tt.lead, tt.trail, got, ok, tt.want, tt.ok)
		}
	}
}
