package fakemall

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLogKeepsEveryEntryByDefault(t *testing.T) {
	t.Parallel()
	var l Log[int]
	for i := range 5 {
		assert.Equal(t, i, l.Append(i*10))
	}
	assert.Equal(t, []int{0, 10, 20, 30, 40}, l.All())
	e, ok := l.At(3)
	assert.True(t, ok)
	assert.Equal(t, 30, *e)
	_, ok = l.At(5)
	assert.False(t, ok, "not appended yet")
}

func TestLogKeepLastBoundsWhatItHolds(t *testing.T) {
	t.Parallel()
	var l Log[int]
	l.KeepLast(3)
	for i := range 1000 {
		assert.Equal(t, i, l.Append(i), "entries are numbered past the dropped ones")
	}
	assert.Equal(t, []int{997, 998, 999}, l.All())
	assert.LessOrEqual(t, cap(l.entries), 4, "the storage does not grow with the entries appended")
	_, ok := l.At(996)
	assert.False(t, ok, "a dropped entry")
	e, ok := l.At(998)
	assert.True(t, ok)
	*e = -1
	assert.Equal(t, []int{997, -1, 999}, l.All(), "At points into the log")
}

func TestLogKeepLastTrimsWhatItHeld(t *testing.T) {
	t.Parallel()
	var l Log[int]
	for i := range 10 {
		l.Append(i)
	}
	l.KeepLast(4)
	assert.Equal(t, []int{6, 7, 8, 9}, l.All())
	l.Append(10)
	assert.Equal(t, []int{7, 8, 9, 10}, l.All())
	l.KeepLast(6)
	l.Append(11)
	assert.Equal(t, []int{7, 8, 9, 10, 11}, l.All())
	for i := 12; i < 20; i++ {
		l.Append(i)
	}
	assert.Equal(t, []int{14, 15, 16, 17, 18, 19}, l.All())
	l.KeepLast(-1)
	l.Append(20)
	assert.Equal(t, []int{14, 15, 16, 17, 18, 19, 20}, l.All(), "n < 0 keeps every entry again")
}

func TestLogKeepLastZeroKeepsNothing(t *testing.T) {
	t.Parallel()
	var l Log[string]
	l.Append("before")
	l.KeepLast(0)
	assert.Equal(t, 1, l.Append("after"))
	assert.Empty(t, l.All())
	assert.Zero(t, cap(l.entries), "nothing is held on to")
}
