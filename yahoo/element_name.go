package yahoo

// checkElementName says why name cannot be an element name the client
// writes into a request (a search condition, an orderChange child), or ""
// when it can. Yahoo's names are ASCII letters and digits starting with a
// letter (OrderTimeFrom, ShipLastName); anything else could break out of
// the element and inject markup into the request, so it is refused before
// sending. Values need no such rule: they are escaped.
func checkElementName(name string) string {
	switch {
	case name == "":
		return "empty element name"
	case len(name) > 64:
		return "element names are at most 64 letters and digits"
	}
	for i := 0; i < len(name); i++ {
		b := name[i]
		letter := b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
		if !letter && (i == 0 || b < '0' || b > '9') {
			return "element names are ASCII letters and digits, starting with a letter"
		}
	}
	return ""
}

// checkRawField checks the element names of f, its attributes and its
// children, and returns the first bad name with the reason.
func checkRawField(f RawField) (name, reason string) {
	if r := checkElementName(f.Name); r != "" {
		return f.Name, r
	}
	for _, a := range f.Attrs {
		if r := checkElementName(a.Name); r != "" {
			return a.Name, r
		}
	}
	for _, c := range f.Fields {
		if n, r := checkRawField(c); r != "" {
			return n, r
		}
	}
	return "", ""
}
