package stock

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidInput matches every *InputError: the caller's input was refused and nothing was written.
var ErrInvalidInput = errors.New("stock: invalid input")

// ErrNotFound matches a *NotFoundError: a call named a listing the ledger does not have.
var ErrNotFound = errors.New("stock: not found")

// ErrSchemaTooNew matches a *SchemaVersionError: the database was migrated by a newer mallkit.
var ErrSchemaTooNew = errors.New("stock: database schema is newer than this code")

// ErrTxUnsupported is returned by the methods of a Ledger from WithTx when its store is not a
// SQL store (the memory store has no transactions to join).
var ErrTxUnsupported = errors.New("stock: WithTx needs a SQL store")

// InputError is a refused argument. Key names the record it belongs to ("order rakuten/shop 1001",
// "listing yahoo/store item:a", "sku A-1", "push rakuten/shop item/1"), Field the Go field path
// inside it ("Lines[2].Units", "Parts[1].SKU"). Nothing was written.
type InputError struct {
	Key    string
	Field  string
	Reason string
}

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString("stock: invalid input: ")
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Field)
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

// Is reports whether target is ErrInvalidInput.
func (e *InputError) Is(target error) bool { return target == ErrInvalidInput }

// NotFoundError names a listing a call referred to that the ledger does not have. Nothing was written.
type NotFoundError struct{ Channel, Item string }

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("stock: no listing %s %s", e.Channel, e.Item)
}

// Is reports whether target is ErrNotFound.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// UnmatchedError reports the lines of an order whose Item has no listing on the order's channel.
// The order's other lines were applied; the unmatched ones are kept and allocate once a listing
// for them is put (PutListings) or the order is applied again after that.
type UnmatchedError struct {
	Channel, Number string
	Items           []string
}

func (e *UnmatchedError) Error() string {
	return fmt.Sprintf("stock: order %s %s: no listing for %s", e.Channel, e.Number, strings.Join(e.Items, ", "))
}

// SchemaVersionError refuses a database whose stock schema (Found) is newer than the newest
// version this code knows (Known): an older process must not write into a newer layout.
type SchemaVersionError struct{ Found, Known int }

func (e *SchemaVersionError) Error() string {
	return fmt.Sprintf("stock: database schema version %d is newer than version %d this code knows; upgrade mallkit", e.Found, e.Known)
}

// Is reports whether target is ErrSchemaTooNew.
func (e *SchemaVersionError) Is(target error) bool { return target == ErrSchemaTooNew }
