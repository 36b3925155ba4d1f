package ordercsv

import (
	"iter"
	"sync"
)

// OrderBook holds orders keyed by (Mall, Number), so an order is registered
// once however many times it is imported: a second Put of the same key merges
// into the first with the book's MergeMode. Orders keep the sequence in which
// they were first registered. An OrderBook is safe for concurrent use.
type OrderBook struct {
	mode   MergeMode
	mu     sync.Mutex
	index  map[orderKey]int
	orders []Order
}

type orderKey struct{ mall, number string }

// NewOrderBook returns an empty book that merges with mode.
func NewOrderBook(mode MergeMode) *OrderBook {
	return &OrderBook{mode: mode, index: map[orderKey]int{}}
}

// Put registers o, or merges it into the order with the same Mall and Number.
// It reports whether o was new. An order without a Number is refused with a
// *FieldError wrapping ErrNoOrderNumber.
func (b *OrderBook) Put(o Order) (added bool, err error) {
	if o.Number == "" {
		return false, &FieldError{Line: o.FirstLine, Column: "Number", Err: ErrNoOrderNumber}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	k := orderKey{o.Mall, o.Number}
	if i, ok := b.index[k]; ok {
		b.orders[i] = Merge(b.orders[i], o, b.mode)
		return false, nil
	}
	b.index[k] = len(b.orders)
	b.orders = append(b.orders, cloneOrder(o))
	return true, nil
}

// Get returns the order registered under mall and number.
func (b *OrderBook) Get(mall, number string) (Order, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	i, ok := b.index[orderKey{mall, number}]
	if !ok {
		return Order{}, false
	}
	return cloneOrder(b.orders[i]), true
}

// Len returns the number of distinct orders.
func (b *OrderBook) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.orders)
}

// Orders returns copies of all orders in the order they were first put.
func (b *OrderBook) Orders() []Order {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]Order, len(b.orders))
	for i, o := range b.orders {
		out[i] = cloneOrder(o)
	}
	return out
}

// ImportStats counts what Import did.
type ImportStats struct {
	Added  int // orders registered for the first time
	Merged int // orders merged into an existing one
}

// Import puts every order of seq (typically ReadOrders) into the book. It
// stops at the first error and returns it with the counts so far; the order
// that came with the error is not registered, because it may be incomplete.
func (b *OrderBook) Import(seq iter.Seq2[Order, error]) (ImportStats, error) {
	var st ImportStats
	for o, err := range seq {
		if err != nil {
			return st, err
		}
		added, err := b.Put(o)
		if err != nil {
			return st, err
		}
		if added {
			st.Added++
		} else {
			st.Merged++
		}
	}
	return st, nil
}
