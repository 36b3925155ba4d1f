package rakuten

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// checkText refuses text RMS cannot take as it is: invalid UTF-8 would be
// replaced or refused on the way, so the client does not send it. what
// names the value in the error.
func checkText(what, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w: %s %q is not valid UTF-8", ErrInvalidInput, what, s)
	}
	return nil
}

// checkKeyText refuses an empty or non-UTF-8 key (order number,
// manageNumber, variantId): RMS would answer for another item or not at all.
func checkKeyText(what, s string) error {
	if s == "" {
		return fmt.Errorf("%w: empty %s", ErrInvalidInput, what)
	}
	return checkText(what, s)
}

// checkSegment refuses a path segment that would change which resource a
// URL names: empty, "." or "..", or not UTF-8.
func checkSegment(s string) error {
	if s == "." || s == ".." {
		return fmt.Errorf("%w: path segment %q", ErrInvalidInput, s)
	}
	return checkKeyText("path segment", s)
}

// invalidText finds a string in v (a request body: structs, pointers,
// slices, maps of those) that is not valid UTF-8 and returns its field
// path. encoding/json would send such text with U+FFFD in place of the bad
// bytes, silently changing it.
func invalidText(v reflect.Value, path string) (string, bool) {
	switch v.Kind() {
	case reflect.String:
		return path, !utf8.ValidString(v.String())
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "", false
		}
		return invalidText(v.Elem(), path)
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if p, bad := invalidText(v.Index(i), path+"["+strconv.Itoa(i)+"]"); bad {
				return p, true
			}
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			if p, bad := invalidText(v.MapIndex(k), path+"."+fmt.Sprint(k.Interface())); bad {
				return p, true
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range v.NumField() {
			if !t.Field(i).IsExported() {
				continue
			}
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if name == "" {
				name = t.Field(i).Name
			}
			if p, bad := invalidText(v.Field(i), strings.TrimPrefix(path+"."+name, ".")); bad {
				return p, true
			}
		}
	}
	return "", false
}
