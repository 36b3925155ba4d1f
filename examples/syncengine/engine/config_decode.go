package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// ConfigError is a configuration value that cannot be used. Path is the
// JSON path of the value ("$.rakuten[0].license_key.env").
type ConfigError struct {
	Path string
	Err  error
}

func (e *ConfigError) Error() string        { return "engine: config " + e.Path + ": " + e.Err.Error() }
func (e *ConfigError) Unwrap() error        { return e.Err }
func (e *ConfigError) Is(target error) bool { return target == ErrInvalidInput }

// decodeStrict decodes JSON into v (a pointer), refusing unknown fields,
// trailing data and values of the wrong type with a *ConfigError naming
// the JSON path.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return &ConfigError{Path: "$", Err: err}
	}
	if dec.More() {
		return &ConfigError{Path: "$", Err: fmt.Errorf("data after the JSON object")}
	}
	return decodeValue("$", raw, reflect.ValueOf(v).Elem())
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

func decodeValue(path string, raw json.RawMessage, v reflect.Value) error {
	if v.CanAddr() && v.Addr().Type().Implements(unmarshalerType) {
		if err := v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(raw); err != nil {
			return &ConfigError{Path: path, Err: err}
		}
		return nil
	}
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return decodeValue(path, raw, v.Elem())
	case reflect.Struct:
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return &ConfigError{Path: path, Err: fmt.Errorf("want an object")}
		}
		fields := map[string]int{}
		t := v.Type()
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if name != "" && name != "-" {
				fields[name] = i
			}
		}
		for k, r := range m {
			i, ok := fields[k]
			if !ok {
				return &ConfigError{Path: path + "." + k, Err: fmt.Errorf("unknown field")}
			}
			if err := decodeValue(path+"."+k, r, v.Field(i)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Slice:
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return &ConfigError{Path: path, Err: fmt.Errorf("want an array")}
		}
		s := reflect.MakeSlice(v.Type(), len(items), len(items))
		for i, r := range items {
			if err := decodeValue(fmt.Sprintf("%s[%d]", path, i), r, s.Index(i)); err != nil {
				return err
			}
		}
		v.Set(s)
		return nil
	case reflect.Map:
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return &ConfigError{Path: path, Err: fmt.Errorf("want an object")}
		}
		out := reflect.MakeMapWithSize(v.Type(), len(m))
		for k, r := range m {
			e := reflect.New(v.Type().Elem()).Elem()
			if err := decodeValue(path+"."+k, r, e); err != nil {
				return err
			}
			out.SetMapIndex(reflect.ValueOf(k), e)
		}
		v.Set(out)
		return nil
	}
	if err := json.Unmarshal(raw, v.Addr().Interface()); err != nil {
		return &ConfigError{Path: path, Err: fmt.Errorf("want a %s: %s", v.Kind(), bytes.TrimSpace(raw))}
	}
	return nil
}
