package yahoo

import "strings"

// bearerChallenge is what a WWW-Authenticate: Bearer header says, e.g.
// Bearer realm="yahooapis.jp", error="invalid_token", error_description="expired token".
type bearerChallenge struct {
	Realm, Error, Description string
}

// parseBearerChallenge reads the auth-params of a Bearer challenge; anything
// else gives the zero value.
func parseBearerChallenge(h string) bearerChallenge {
	h = strings.TrimSpace(h)
	if len(h) < 6 || !strings.EqualFold(h[:6], "bearer") {
		return bearerChallenge{}
	}
	var ch bearerChallenge
	rest := h[6:]
	for rest != "" {
		rest = strings.TrimLeft(rest, " \t,")
		eq := strings.IndexByte(rest, '=')
		if eq < 0 {
			break
		}
		key := strings.ToLower(strings.TrimSpace(rest[:eq]))
		rest = strings.TrimLeft(rest[eq+1:], " \t")
		var val string
		if strings.HasPrefix(rest, `"`) {
			end := 1
			for end < len(rest) && rest[end] != '"' {
				if rest[end] == '\\' {
					end++
				}
				end++
			}
			val = strings.ReplaceAll(rest[1:min(end, len(rest))], `\"`, `"`)
			rest = rest[min(end+1, len(rest)):]
		} else {
			end := strings.IndexByte(rest, ',')
			if end < 0 {
				end = len(rest)
			}
			val = strings.TrimSpace(rest[:end])
			rest = rest[end:]
		}
		switch key {
		case "realm":
			ch.Realm = val
		case "error":
			ch.Error = val
		case "error_description":
			ch.Description = val
		}
	}
	return ch
}
