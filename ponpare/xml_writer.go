package ponpare

import (
	"bytes"
	"encoding/xml"
	"strings"
)

// xmlWriter writes the request documents element by element, so the wire
// names and namespaces are spelled out here rather than derived from Go
// types.
type xmlWriter struct{ b bytes.Buffer }

func (w *xmlWriter) open(name string)  { w.b.WriteString("<" + name + ">") }
func (w *xmlWriter) close(name string) { w.b.WriteString("</" + name + ">") }

// leaf writes <name>value</name>, the value escaped.
func (w *xmlWriter) leaf(name, value string) {
	w.open(name)
	xml.EscapeText(&w.b, []byte(value))
	w.close(name)
}

// optional writes a leaf only when value is not empty.
func (w *xmlWriter) optional(name, value string) {
	if value != "" {
		w.leaf(name, value)
	}
}

func escapeAttr(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
