package yahoo

import (
	"encoding/xml"
	"strings"
)

// RawField is an XML element kept as it came: Yahoo adds response fields
// every month, so elements the SDK does not map are kept here instead of
// being dropped. Value holds the element's text (CDATA unwrapped, untrimmed);
// Fields its child elements.
type RawField struct {
	Name   string
	Attrs  []Attr
	Value  string
	Fields []RawField
}

// Attr is an XML attribute of a RawField.
type Attr struct{ Name, Value string }

// Text is Value without surrounding white space.
func (f RawField) Text() string { return strings.TrimSpace(f.Value) }

// Field returns the first child named name.
func (f RawField) Field(name string) (RawField, bool) {
	for _, c := range f.Fields {
		if c.Name == name {
			return c, true
		}
	}
	return RawField{}, false
}

// Attr returns the value of the attribute named name.
func (f RawField) Attr(name string) (string, bool) {
	for _, a := range f.Attrs {
		if a.Name == name {
			return a.Value, true
		}
	}
	return "", false
}

// UnmarshalXML reads the element and everything inside it, ignoring
// namespaces.
func (f *RawField) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	f.Name = start.Name.Local
	if len(start.Attr) > 0 {
		f.Attrs = make([]Attr, 0, len(start.Attr))
		for _, a := range start.Attr {
			if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
				continue
			}
			f.Attrs = append(f.Attrs, Attr{Name: a.Name.Local, Value: a.Value})
		}
	}
	var text []byte
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.CharData:
			text = append(text, t...)
		case xml.StartElement:
			var child RawField
			if err := child.UnmarshalXML(d, t); err != nil {
				return err
			}
			f.Fields = append(f.Fields, child)
		case xml.EndElement:
			if len(f.Fields) == 0 || len(strings.TrimSpace(string(text))) > 0 {
				f.Value = string(text)
			}
			return nil
		}
	}
}

// MarshalXML writes the element back, so a RawField can be sent as it was
// received (e.g. in orderChange).
func (f RawField) MarshalXML(e *xml.Encoder, _ xml.StartElement) error {
	start := xml.StartElement{Name: xml.Name{Local: f.Name}}
	for _, a := range f.Attrs {
		start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: a.Name}, Value: a.Value})
	}
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	if f.Value != "" {
		if err := e.EncodeToken(xml.CharData(f.Value)); err != nil {
			return err
		}
	}
	for _, c := range f.Fields {
		if err := c.MarshalXML(e, xml.StartElement{}); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}
