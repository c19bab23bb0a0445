package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"

	"github.com/arena-dev/arena/arena"
)

func TestWrapLeavesNilAndArenaErrorsAlone(t *testing.T) {
	var err error
	wrap(&err, "Op")
	if err != nil {
		t.Fatalf("wrap(nil) = %v, want nil", err)
	}

	ae := arena.Errorf(arena.ENOTFOUND, "No such battle.")
	err = ae
	wrap(&err, "Battle")
	if got, ok := err.(*arena.Error); !ok || got != ae {
		t.Fatalf("wrap(*arena.Error) = %#v, want the same *arena.Error", err)
	}
	if arena.ErrorCode(err) != arena.ENOTFOUND || arena.ErrorMessage(err) != "No such battle." {
		t.Fatalf("code %q message %q after wrap", arena.ErrorCode(err), arena.ErrorMessage(err))
	}

	// One that already carries an *arena.Error further down is left alone too.
	inner := fmt.Errorf("context: %w", ae)
	err = inner
	wrap(&err, "Battle")
	if err != inner {
		t.Fatalf("wrap(error wrapping *arena.Error) = %v, want it untouched", err)
	}
}

func TestWrapNamesTheOperation(t *testing.T) {
	for _, cause := range []error{errors.New("database is locked"), sql.ErrNoRows, context.Canceled, context.DeadlineExceeded} {
		err := cause
		wrap(&err, "RecordDeployment")
		if want := "sqlstore: RecordDeployment: " + cause.Error(); err.Error() != want {
			t.Errorf("wrap(%v) = %q, want %q", cause, err, want)
		}
		if !errors.Is(err, cause) {
			t.Errorf("errors.Is(wrap(%v), cause) = false", cause)
		}
		if arena.ErrorCode(err) != arena.EINTERNAL || arena.ErrorMessage(err) != "Internal error." {
			t.Errorf("wrap(%v): code %q message %q, want internal as before", cause, arena.ErrorCode(err), arena.ErrorMessage(err))
		}
	}
}
