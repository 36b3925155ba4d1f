package yahootest

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// xnode is a parsed XML element, for asserting answers' structure.
type xnode struct {
	Name     string
	Attrs    []string // attribute names in document order ("xmlns" included)
	AttrVals map[string]string
	Text     string // trimmed character data (CDATA included)
	Children []*xnode
}

// parseTree parses body into its root element.
func parseTree(t *testing.T, body string) *xnode {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(body))
	var stack []*xnode
	var root *xnode
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		switch tk := tok.(type) {
		case xml.StartElement:
			n := &xnode{Name: tk.Name.Local, AttrVals: map[string]string{}}
			for _, a := range tk.Attr {
				name := a.Name.Local
				if a.Name.Space != "" {
					name = a.Name.Space + ":" + name
				}
				n.Attrs = append(n.Attrs, name)
				n.AttrVals[name] = a.Value
			}
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				parent.Children = append(parent.Children, n)
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += strings.TrimSpace(string(tk))
			}
		}
	}
	require.NotNil(t, root, "no root element in %q", body)
	return root
}

// childNames lists the element names of n's children, in order.
func (n *xnode) childNames() []string {
	out := make([]string, len(n.Children))
	for i, c := range n.Children {
		out[i] = c.Name
	}
	return out
}

// path follows child names from n; it returns nil when a step is missing.
func (n *xnode) path(names ...string) *xnode {
	cur := n
	for _, name := range names {
		var next *xnode
		for _, c := range cur.Children {
			if c.Name == name {
				next = c
				break
			}
		}
		if next == nil {
			return nil
		}
		cur = next
	}
	return cur
}

// all returns every child of n named name.
func (n *xnode) all(name string) []*xnode {
	var out []*xnode
	for _, c := range n.Children {
		if c.Name == name {
			out = append(out, c)
		}
	}
	return out
}

// text returns the text at a path, or "<missing>".
func (n *xnode) text(names ...string) string {
	if p := n.path(names...); p != nil {
		return p.Text
	}
	return "<missing>"
}
