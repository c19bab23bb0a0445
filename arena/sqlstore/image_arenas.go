package sqlstore

import (
	"fmt"
	"strings"

	"github.com/arena-dev/arena/arena"
)

// battleArena is the SQL expression of a battle's arena (arena.Battle.Arena) from the
// columns arena.StoredArena writes, qualified by prefix ("b." or ""): the domain's
// mapping spelled out as a CASE, so a query reads the arena the domain would.
func battleArena(prefix string) string {
	var b strings.Builder
	b.WriteString("(CASE")
	for _, kind := range arena.Arenas {
		col, output := arena.StoredArena(kind)
		fmt.Fprintf(&b, " WHEN %sarena = '%s' AND %soutput = '%s' THEN '%s'", prefix, col, prefix, output, kind)
	}
	b.WriteString(" ELSE " + prefix + "arena END)")
	return b.String()
}

// storedArena is battleArena of an unqualified battles row, for RETURNING clauses.
var storedArena = battleArena("")

// splitNames reads a comma-separated list of image names; "" is none.
func splitNames(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
