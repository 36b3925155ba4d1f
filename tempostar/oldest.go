package tempostar

import "container/heap"

// oldest keeps the n oldest files offered to it (by olderFirst), in a
// max-heap so that each offer costs O(log n) and memory stays at n files.
type oldest struct {
	n     int
	files []RemoteFile
}

func newOldest(n int) *oldest { return &oldest{n: n} }

func (o *oldest) offer(f RemoteFile) {
	if len(o.files) < o.n {
		heap.Push(o, f)
		return
	}
	if olderFirst(f, o.files[0]) < 0 {
		o.files[0] = f
		heap.Fix(o, 0)
	}
}

// heap.Interface, newest at the root.
func (o *oldest) Len() int           { return len(o.files) }
func (o *oldest) Less(i, j int) bool { return olderFirst(o.files[i], o.files[j]) > 0 }
func (o *oldest) Swap(i, j int)      { o.files[i], o.files[j] = o.files[j], o.files[i] }
func (o *oldest) Push(x any)         { o.files = append(o.files, x.(RemoteFile)) }
func (o *oldest) Pop() any {
	last := o.files[len(o.files)-1]
	o.files = o.files[:len(o.files)-1]
	return last
}
