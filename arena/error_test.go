package arena

import (
	"fmt"
	"testing"
)

// TestErrorReadsAsItsMessage: the CLI and the logs print err.Error(), which must be the
// sentence meant for a person, with the code still there for callers that branch on it.
func TestErrorReadsAsItsMessage(t *testing.T) {
	err := fmt.Errorf("opening: %w", Errorf(ENOTFOUND, "No model is named %q.", "x"))
	if got, want := err.Error(), `opening: No model is named "x".`; got != want {
		t.Fatalf("Error() = %q, want %q", got, want)
	}
	if ErrorCode(err) != ENOTFOUND || ErrorMessage(err) != `No model is named "x".` {
		t.Fatalf("code %q, message %q", ErrorCode(err), ErrorMessage(err))
	}
	if got := (&Error{Code: ECONFLICT}).Error(); got != ECONFLICT {
		t.Fatalf("an error without a message reads %q, want its code", got)
	}
}
