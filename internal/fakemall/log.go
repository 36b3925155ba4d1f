package fakemall

import "slices"

// Log keeps the entries appended to it, in order: every one of them (the
// zero value) or, after KeepLast, only the latest n, so that a fake serving
// a long run holds a bounded record of what it received. Entries are
// numbered from 0 in the order they were appended, also the ones no longer
// kept. A Log is not safe for concurrent use: its owner guards it.
type Log[T any] struct {
	// entries holds the kept entries: entry number i at (i-base) % limit
	// when limited, else at i-base.
	entries []T
	base    int
	total   int // entries ever appended
	limit   int
	limited bool
}

// KeepLast makes the Log keep only the latest n entries, the ones it holds
// now included; n == 0 keeps none, n < 0 every one from now on.
func (l *Log[T]) KeepLast(n int) {
	kept := l.All()
	if n >= 0 && len(kept) > n {
		kept = slices.Clone(kept[len(kept)-n:]) // not holding on to the dropped ones
	}
	l.entries, l.base = kept, l.total-len(kept)
	l.limit, l.limited = n, n >= 0
}

// Append adds v as the newest entry, dropping the oldest kept one when the
// Log is full, and returns v's number.
func (l *Log[T]) Append(v T) int {
	i := l.total
	l.total++
	switch {
	case !l.limited || len(l.entries) < l.limit:
		l.entries = append(l.entries, v)
	case l.limit > 0:
		l.entries[(i-l.base)%l.limit] = v
	}
	return i
}

// At returns entry number i, or false when it was dropped or never
// appended. The pointer is valid until the next Append or KeepLast.
func (l *Log[T]) At(i int) (*T, bool) {
	if i < l.total-len(l.entries) || i >= l.total {
		return nil, false
	}
	p := i - l.base
	if l.limited {
		p %= l.limit
	}
	return &l.entries[p], true
}

// All returns a copy of the kept entries, oldest first.
func (l *Log[T]) All() []T {
	out := make([]T, 0, len(l.entries))
	for i := l.total - len(l.entries); i < l.total; i++ {
		e, _ := l.At(i)
		out = append(out, *e)
	}
	return out
}
