package rakuten

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// ErrShopURL is matched (errors.Is) by every NormalizeShopURL failure.
var ErrShopURL = errors.New("rakuten: not a shop URL")

// shopName is a shop's URL name: lower-case letters, digits, '-' and '_'.
var shopName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// NormalizeShopURL returns the shop's URL name (the "XXXX" RMS APIs call
// shopUrl) from any of the forms shops give it in:
//
//	https://www.rakuten.co.jp/XXXX/
//	https://www.rakuten.ne.jp/gold/XXXX/
//	XXXX
//
// Surrounding whitespace is ignored and the scheme and host match in any
// case, but the name itself must be lower case, as Rakuten issues it.
// Anything else (http, a missing trailing slash, an item or category page,
// another host, a port, a query or fragment) is an error matching
// ErrShopURL, so a wrong value is caught at configuration time rather than
// guessed at.
func NormalizeShopURL(s string) (string, error) {
	in := strings.TrimSpace(s)
	fail := func(why string) (string, error) {
		return "", fmt.Errorf("%w: %q: %s; want https://www.rakuten.co.jp/NAME/, https://www.rakuten.ne.jp/gold/NAME/ or NAME", ErrShopURL, s, why)
	}
	if !strings.Contains(in, "/") && !strings.Contains(in, ":") {
		return checkName(in, fail)
	}
	u, err := url.Parse(in)
	if err != nil {
		return fail(err.Error())
	}
	switch {
	case u.Scheme != "https":
		return fail("scheme must be https")
	case u.User != nil || u.Port() != "":
		return fail("unexpected user or port")
	case u.RawQuery != "" || u.ForceQuery:
		return fail("unexpected query string")
	case u.Fragment != "" || strings.Contains(in, "#"):
		return fail("unexpected fragment")
	}
	var prefix string
	switch strings.ToLower(u.Hostname()) {
	case "www.rakuten.co.jp":
		prefix = "/"
	case "www.rakuten.ne.jp":
		prefix = "/gold/"
	default:
		return fail("host must be www.rakuten.co.jp or www.rakuten.ne.jp")
	}
	rest, ok := strings.CutPrefix(u.EscapedPath(), prefix)
	if !ok {
		return fail("path must start with " + prefix)
	}
	name, ok := strings.CutSuffix(rest, "/")
	if !ok {
		return fail("path must end with a slash")
	}
	if strings.Contains(name, "/") {
		return fail("this is a page inside a shop, not the shop's top page")
	}
	return checkName(name, fail)
}

func checkName(name string, fail func(string) (string, error)) (string, error) {
	switch {
	case name == "":
		return fail("empty shop name")
	case strings.ToLower(name) != name:
		return fail("shop names are lower case")
	case !shopName.MatchString(name):
		return fail("shop names hold only a-z, 0-9, '-' and '_'")
	}
	return name, nil
}
