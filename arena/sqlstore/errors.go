package sqlstore

import (
	"errors"
	"fmt"

	"github.com/arena-dev/arena/arena"
)

// wrap names the store operation op in the error *err, as "sqlstore: op: cause", so a
// logged failure such as "database is locked" says what was being done. Exported methods
// call it first, deferred, on their named result:
//
//	func (db *DB) Battle(ctx context.Context, id string) (_ *arena.Battle, err error) {
//		defer wrap(&err, "Battle")
//
// A nil error stays nil, and an error carrying an *arena.Error is left exactly as it is:
// its message and code are already meant for people, and callers may assert its type.
// Everything else, a context's cancellation included, is wrapped with %w, so errors.Is
// and errors.As see through to the cause (sql.ErrNoRows, context.Canceled, a driver's
// error) as before.
func wrap(err *error, op string) {
	if *err == nil {
		return
	}
	var ae *arena.Error
	if errors.As(*err, &ae) {
		return
	}
	*err = fmt.Errorf("sqlstore: %s: %w", op, *err)
}
