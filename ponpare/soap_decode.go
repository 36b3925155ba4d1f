package ponpare

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
)

// xsiNamespace is the XML Schema instance namespace of xsi:nil and xsi:type.
const xsiNamespace = "http://www.w3.org/2001/XMLSchema-instance"

type soapFault struct {
	Code struct {
		Value   string `xml:"Value"`
		Subcode struct {
			Value string `xml:"Value"`
		} `xml:"Subcode"`
	} `xml:"Code"`
	Reason struct {
		Text []string `xml:"Text"`
	} `xml:"Reason"`
	Detail faultDetail `xml:"Detail"`
}

// faultDetail keeps the names of the detail's elements (Axis2 puts the
// declared fault there, for example orderWsvcMaintenance) and its text.
type faultDetail struct {
	Elements []struct {
		XMLName xml.Name
		Text    string `xml:",chardata"`
	} `xml:",any"`
	Text string `xml:",chardata"`
}

func (d faultDetail) text() string {
	s := d.Text
	for _, e := range d.Elements {
		s += " " + e.XMLName.Local
		if e.Text != "" {
			s += ": " + e.Text
		}
	}
	return s
}

// decodeEnvelope reads a SOAP 1.2 answer: a fault comes back as such, any
// other Body content is decoded into out. Elements marked xsi:nil="true"
// are dropped before decoding, so a nil bean or array reads as absent,
// never as one empty value.
func decodeEnvelope(body []byte, out any) (*soapFault, error) {
	d := newDecoder(body)
	inBody := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil, errNoBody
		}
		if err != nil {
			return nil, err
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch {
		case !inBody && start.Name.Local == "Body" && start.Name.Space == SOAP12Namespace:
			inBody = true
		case !inBody:
			continue
		case start.Name.Local == "Fault" && start.Name.Space == SOAP12Namespace:
			var f soapFault
			if err := d.DecodeElement(&f, &start); err != nil {
				return nil, err
			}
			return &f, nil
		default:
			return nil, d.DecodeElement(out, &start)
		}
	}
}

// newDecoder is an xml.Decoder over body that skips xsi:nil elements.
func newDecoder(body []byte) *xml.Decoder {
	return xml.NewTokenDecoder(&nilSkipper{d: xml.NewDecoder(bytes.NewReader(body))})
}

// tokensDecoder replays captured tokens, again skipping xsi:nil elements.
func tokensDecoder(toks []xml.Token) *xml.Decoder {
	return xml.NewTokenDecoder(&nilSkipper{d: xml.NewTokenDecoder(&replay{toks: toks})})
}

type nilSkipper struct{ d *xml.Decoder }

func (n *nilSkipper) Token() (xml.Token, error) {
	for {
		tok, err := n.d.Token()
		if err != nil {
			return tok, err
		}
		if start, ok := tok.(xml.StartElement); ok && isNil(start) {
			if err := n.d.Skip(); err != nil {
				return nil, err
			}
			continue
		}
		return tok, nil
	}
}

func isNil(start xml.StartElement) bool {
	for _, a := range start.Attr {
		if a.Name.Local == "nil" && (a.Name.Space == xsiNamespace || a.Name.Space == "xsi") {
			return a.Value == "true" || a.Value == "1"
		}
	}
	return false
}

type replay struct {
	toks []xml.Token
	i    int
}

func (r *replay) Token() (xml.Token, error) {
	if r.i >= len(r.toks) {
		return nil, io.EOF
	}
	r.i++
	return r.toks[r.i-1], nil
}

// elementTokens copies the tokens of the element opened by start, start and
// end included.
func elementTokens(d *xml.Decoder, start xml.StartElement) ([]xml.Token, error) {
	toks := []xml.Token{start.Copy()}
	for depth := 1; depth > 0; {
		tok, err := d.Token()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
		toks = append(toks, xml.CopyToken(tok))
	}
	return toks, nil
}

// childText returns the text of the first direct child named local.
func childText(toks []xml.Token, local string) string {
	depth := 0
	var b bytes.Buffer
	in := false
	for _, tok := range toks {
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			in = depth == 2 && t.Name.Local == local && !isNil(t)
		case xml.EndElement:
			if in && depth == 2 {
				return b.String()
			}
			depth--
		case xml.CharData:
			if in {
				b.Write(t)
			}
		}
	}
	return ""
}

// errUnexpected is returned for an answer whose element is not the one
// the operation answers with.
func errUnexpected(want, got string) error {
	return fmt.Errorf("expected <%s>, got <%s>", want, got)
}
