package yahootest

import (
	"encoding/xml"
	"strings"
)

// node is one element of an answer the fake builds field by field (the order
// APIs return only the fields asked for, so fixed structs do not fit).
type node struct {
	name     string
	attrs    [][2]string
	text     string
	cdata    bool // text goes out as <![CDATA[...]]>, as Yahoo sends free text
	children []*node
}

// el returns an element with children.
func el(name string, children ...*node) *node { return &node{name: name, children: children} }

// leaf returns a text element; cdata wraps its text in a CDATA section.
func leaf(name, text string, cdata bool) *node { return &node{name: name, text: text, cdata: cdata} }

// add appends children and returns n.
func (n *node) add(children ...*node) *node {
	n.children = append(n.children, children...)
	return n
}

// document renders n pretty-printed with 2-space indentation under an XML
// declaration, with a final newline, as the live order and item APIs do.
// Empty leaves render as <Name/>.
func document(n *node) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	n.write(&b, 0)
	return b.String()
}

// write renders n at the given depth.
func (n *node) write(b *strings.Builder, depth int) {
	indent := strings.Repeat("  ", depth)
	b.WriteString(indent + "<" + n.name)
	for _, a := range n.attrs {
		b.WriteString(" " + a[0] + `="` + escapeText(a[1]) + `"`)
	}
	switch {
	case len(n.children) > 0:
		b.WriteString(">\n")
		for _, ch := range n.children {
			ch.write(b, depth+1)
		}
		b.WriteString(indent + "</" + n.name + ">\n")
	case n.text == "":
		b.WriteString("/>\n")
	case n.cdata:
		b.WriteString(">" + cdata(n.text) + "</" + n.name + ">\n")
	default:
		b.WriteString(">" + escapeText(n.text) + "</" + n.name + ">\n")
	}
}

// resultSetAttrs are the paging attributes of a ResultSet answer.
func resultSetAttrs(available, returned, first int) [][2]string {
	return [][2]string{
		{"totalResultsAvailable", itoa(available)},
		{"totalResultsReturned", itoa(returned)},
		{"firstResultPosition", itoa(first)},
	}
}

// escapeText escapes s for element text or an attribute value.
func escapeText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// cdata wraps s in a CDATA section, splitting any "]]>" inside it.
func cdata(s string) string {
	return "<![CDATA[" + strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>") + "]]>"
}
