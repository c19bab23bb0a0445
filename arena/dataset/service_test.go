package dataset

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
)

// TestService checks what the web layer relies on: formats refused before any byte is
// written, exports streamed from the store, and releases served only from their
// directory.
func TestService(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	seed(t, db, fixture)
	if ctype, ext, err := NewService(db, "", false).Format(FormatNameCSV); err != nil || ctype != ContentType(FormatNameCSV) || ext != ".csv" {
		t.Errorf("Format(csv) = %q, %q, %v", ctype, ext, err)
	}
	if _, _, err := NewService(db, "", false).Format("xml"); arena.ErrorCode(err) != arena.EINVALID {
		t.Errorf("Format(xml) = %v", err)
	}
	var buf bytes.Buffer
	if n, err := NewService(db, "", false).Export(ctx, &buf, FormatNameJSONL, Filter{Internal: true}, arena.ContentString); err != nil || n != 4 || strings.Count(buf.String(), "\n") != 4 {
		t.Errorf("Export = %d, %v:\n%s", n, err, buf.String())
	}

	none := NewService(db, "", false)
	if rs, err := none.Releases(); err != nil || rs != nil {
		t.Errorf("no releases dir: Releases = %v, %v", rs, err)
	}
	if _, err := none.ReleaseFile("2025-03", CardName); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Errorf("no releases dir: ReleaseFile = %v", err)
	}

	dir := t.TempDir()
	if _, err := WriteRelease(ctx, db, dir, "2025-03", Filter{}, ReleaseOptions{}); err != nil {
		t.Fatal(err)
	}
	// An internal release is on disk, but served only when the operator says so.
	if _, err := WriteRelease(ctx, db, dir, "internal", Filter{Internal: true}, ReleaseOptions{}); err != nil {
		t.Fatal(err)
	}
	if rs, err := NewService(db, dir, true).Releases(); err != nil || len(rs) != 2 {
		t.Fatalf("Releases with internal ones = %+v, %v", rs, err)
	}
	s := NewService(db, dir, false)
	if _, err := s.ReleaseFile("internal", CardName); arena.ErrorCode(err) != arena.ENOTFOUND || !strings.Contains(arena.ErrorMessage(err), "internal") {
		t.Errorf("an internal release's file was served: %v", err)
	}
	rs, err := s.Releases()
	if err != nil || len(rs) != 1 || rs[0].Name != "2025-03" || len(rs[0].Files) != len(releaseFiles)+1 {
		t.Fatalf("Releases = %+v, %v", rs, err)
	}
	if p, err := s.ReleaseFile("2025-03", rs[0].Files[0].Path); err != nil || !strings.HasSuffix(p, rs[0].Files[0].Path) {
		t.Errorf("ReleaseFile = %q, %v", p, err)
	}
	if _, err := s.ReleaseFile("2025-03", "../../etc/passwd"); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Errorf("ReleaseFile outside the release = %v", err)
	}
}
