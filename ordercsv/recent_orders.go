package ordercsv

import "strings"

// DefaultSplitOrderWindow is how many of the most recent order numbers
// ReadOrders remembers, unless WithSplitOrderWindow says otherwise, to
// recognise an order whose rows come back after other orders. At about 100
// bytes per number it bounds that memory near 7 MB however large the file is.
const DefaultSplitOrderWindow = 1 << 16

// recentOrders remembers the order numbers ReadOrders has started, with the
// line of each one's first row: all of them when limit ≤ 0, otherwise only
// the last limit ones, so that its memory does not grow with the file.
type recentOrders struct {
	limit int
	first map[string]int // order number → physical line of its first row
	ring  []string       // with a limit: the remembered numbers, oldest at next
	next  int
}

func newRecentOrders(limit int) *recentOrders {
	return &recentOrders{limit: limit, first: map[string]int{}}
}

// line returns the line of the first row of order number num, if num is
// still remembered.
func (s *recentOrders) line(num string) (int, bool) {
	l, ok := s.first[num]
	return l, ok
}

// add remembers num, whose first row is on line, forgetting the oldest
// number when the window is full. num is cloned: the Reader returns a
// record's fields as slices of one string, and the index must not keep whole
// rows alive.
func (s *recentOrders) add(num string, line int) {
	num = strings.Clone(num)
	if s.limit > 0 {
		if len(s.ring) < s.limit {
			s.ring = append(s.ring, num)
		} else {
			delete(s.first, s.ring[s.next])
			s.ring[s.next] = num
			s.next = (s.next + 1) % s.limit
		}
	}
	s.first[num] = line
}
