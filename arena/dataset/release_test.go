package dataset

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
	"github.com/parquet-go/parquet-go"
)

func hashFile(t *testing.T, path string) (int64, string) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return int64(len(b)), hex.EncodeToString(s[:])
}

// The release's counts of outcomes and models are taken from rows whose texts live in
// reused buffers. Texts of one length fill those buffers the same way batch after batch,
// so a count keeping a row's string instead of a copy of it is overwritten by a later
// battle's text: the first 300 battles are the only ties and the only m7 and m8.
func TestReleaseStatsOverManyBatches(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	im, err := db.BeginImport(ctx, "many", "test")
	if err != nil {
		t.Fatal(err)
	}
	const n = 6000
	want := map[string]int{}
	models := map[string]int{}
	for i := range n {
		b := arena.ImportedBattle{ExternalID: fmt.Sprintf("b%05d", i), ModelA: fmt.Sprint("m", i%7), ModelB: fmt.Sprint("m", (i+1)%7),
			Winner: arena.WinnerA, VotedAt: t0.Add(time.Duration(i) * time.Second),
			Turns: []arena.ExportTurn{{Prompt: fmt.Sprintf("prompt %05d", i), AnswerA: fmt.Sprintf("answer a %05d %s", i, strings.Repeat("x", 300)),
				AnswerB: fmt.Sprintf("answer b %05d %s", i, strings.Repeat("y", 300))}}}
		if i < 300 {
			b.ModelA, b.ModelB, b.Winner = "m7", "m8", arena.WinnerTie
		}
		want[string(b.Winner)]++
		models[b.ModelA]++
		models[b.ModelB]++
		if err := im.Add(ctx, &b); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Close(ctx); err != nil {
		t.Fatal(err)
	}
	rel, err := WriteRelease(ctx, db, t.TempDir(), "many", Filter{Internal: true}, ReleaseOptions{ExportOptions: ExportOptions{Workers: 3}})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rel.Outcomes, want) {
		t.Errorf("outcomes %v, want %v", rel.Outcomes, want)
	}
	if !reflect.DeepEqual(rel.Models, models) {
		t.Errorf("models %v, want %v", rel.Models, models)
	}
}

func TestRelease(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	seed(t, db, fixture)
	dir := t.TempDir()
	if _, err := WriteRelease(ctx, db, dir, "2025-03", Filter{Internal: true}, ReleaseOptions{Now: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteRelease(ctx, db, dir, "2025-03", Filter{Internal: true}, ReleaseOptions{}); arena.ErrorCode(err) != arena.ECONFLICT {
		t.Errorf("overwriting a release: %v", err)
	}
	if _, err := WriteRelease(ctx, db, dir, "../evil", Filter{Internal: true}, ReleaseOptions{}); arena.ErrorCode(err) != arena.EINVALID {
		t.Errorf("bad name: %v", err)
	}
	list, err := ListReleases(dir)
	if err != nil || len(list) != 1 || list[0].Name != "2025-03" || list[0].Battles != 4 {
		t.Fatalf("ListReleases = %+v, %v", list, err)
	}
	m := list[0]
	if !m.From.Equal(t0.Add(time.Second)) || !m.To.Equal(t0.Add(4*time.Second)) || m.Outcomes["tie"] != 1 || m.Models["demo-alpha"] != 3 {
		t.Errorf("manifest = %+v", m)
	}
	if len(m.Files) != 5 || m.Files[4].Path != CardName {
		t.Fatalf("files = %+v; want the four data files and the card", m.Files)
	}
	// Each file matches its manifest entry: size, sha256 and rows counted from the file.
	for _, f := range m.Files {
		path := filepath.Join(dir, "2025-03", f.Path)
		size, sum := hashFile(t, path)
		if size != f.Bytes || sum != f.SHA256 {
			t.Errorf("%s: %d bytes sha256 %s, manifest %d %s", f.Path, size, sum, f.Bytes, f.SHA256)
		}
		b, _ := os.ReadFile(path)
		var rows int64
		switch f.Format {
		case FormatNameParquet:
			pf, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatal(err)
			}
			rows = pf.NumRows()
		case FormatNameCSV:
			recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			rows = int64(len(recs) - 1)
		case "markdown":
		default:
			rows = int64(bytes.Count(b, []byte("\n")))
		}
		if rows != f.Rows {
			t.Errorf("%s: %d rows, manifest %d", f.Path, rows, f.Rows)
		}
	}
	if m.Files[3].Rows != 2 || m.Files[0].Rows != 4 {
		t.Errorf("row counts: %+v", m.Files)
	}
	if err := VerifyRelease(&m); err != nil {
		t.Error(err)
	}
	// One salt across the release: the same voter has the same hash in jsonl and parquet.
	js, _ := os.ReadFile(filepath.Join(dir, "2025-03", "battles.jsonl"))
	pq, _ := os.ReadFile(filepath.Join(dir, "2025-03", "battles.parquet"))
	recs, _ := parquet.Read[partsRecord](bytes.NewReader(pq), int64(len(pq)))
	if j := decodeJSONL(t, string(js)); len(recs) != 4 || j[0]["judge_hash"] != recs[0].JudgeHash {
		t.Error("judge_hash differs between a release's files")
	}
	card, _ := os.ReadFile(filepath.Join(dir, "2025-03", CardName))
	for _, want := range []string{"load_dataset(\"parquet\", data_files=\"battles.parquet\"", "pd.read_parquet", "FROM 'battles.parquet'",
		"| demo-alpha | 3 |", "| both_bad | 1 |", m.Files[0].SHA256, "2025-03-01 12:00 UTC to 2025-03-01 12:00 UTC", "license: cc-by-4.0",
		"| source | string | where the battle came from: arena for this arena's own, imported:NAME"} {
		if !strings.Contains(string(card), want) {
			t.Errorf("card lacks %q", want)
		}
	}
	// The card's column table names every column of the files, in their order.
	js, _ = os.ReadFile(filepath.Join(dir, "2025-03", "battles.jsonl"))
	row := decodeJSONL(t, string(js))[0]
	last := 0
	for _, col := range []string{"id", "evaluation_session_id", "evaluation_order", "conversation_a", "full_conversation", "conv_metadata",
		"category_tag", "language", "is_code", "timestamp", "turn", "tstamp", "judge_hash", "is_refusal", "dedup_tag", "reasons", "comment", "source"} {
		if _, ok := row[col]; !ok {
			t.Errorf("battles.jsonl has no %s", col)
		}
		i := strings.Index(string(card), "\n| "+col+" |")
		if i < 0 {
			i = strings.Index(string(card), "\n| "+col+", ")
		}
		if i < last {
			t.Errorf("the card's column table lacks %s, or has it out of order", col)
		}
		last = i
	}
	// Tampering is caught.
	os.WriteFile(filepath.Join(dir, "2025-03", "dpo.jsonl"), []byte("{}\n"), 0o644)
	if err := VerifyRelease(&m); err == nil {
		t.Error("VerifyRelease missed a changed file")
	}
	if p, err := ReleaseFilePath(dir, "2025-03", "battles.csv"); err != nil || !strings.HasSuffix(p, "battles.csv") {
		t.Errorf("ReleaseFilePath = %q, %v", p, err)
	}
	for _, bad := range [][2]string{{"2025-03", "../../etc/passwd"}, {"..", "MANIFEST.json"}, {"nope", "README.md"}} {
		if _, err := ReleaseFilePath(dir, bad[0], bad[1]); arena.ErrorCode(err) != arena.ENOTFOUND {
			t.Errorf("ReleaseFilePath(%q, %q) = %v", bad[0], bad[1], err)
		}
	}
	if l, err := ListReleases(filepath.Join(dir, "missing")); err != nil || l != nil {
		t.Errorf("missing dir: %v %v", l, err)
	}
}

// TestReleasePublicByDefault: a release holds the publishable battles unless asked for
// an internal one, never a gold battle, and its card and manifest state the filters
// and the consent counts.
func TestReleasePublicByDefault(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	ids, users := seed(t, db, fixture)
	for _, name := range []string{"gpt-x", "claude-y"} {
		m, _ := db.ModelByName(ctx, name)
		if err := db.SetModelOutputsPublic(ctx, m.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.SetConsent(ctx, users[0], arena.ConsentDecision{Publish: true, At: time.Now(), Version: arena.ConsentVersion}, true); err != nil {
		t.Fatal(err)
	}
	// Battle 2 (voter 0's) is a gold battle: its vote never counted.
	if err := db.Exec(ctx, `UPDATE battles SET gold_side = 'a' WHERE id = ?`, ids[2]); err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(ctx, `UPDATE votes SET counted = 0 WHERE battle_id = ?`, ids[2]); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	held := func(name string) []string {
		t.Helper()
		var got []string
		for _, r := range decodeJSONL(t, string(must(os.ReadFile(filepath.Join(dir, name, "battles.jsonl"))))) {
			got = append(got, r["id"].(string))
		}
		return got
	}
	pub, err := WriteRelease(ctx, db, dir, "public", Filter{}, ReleaseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := held("public"); !slices.Equal(got, ids[:1]) || pub.IsInternal() {
		t.Errorf("the default release holds %v (internal %v), want only the consented, counted battle %v", got, pub.IsInternal(), ids[:1])
	}
	if want := (arena.ConsentCounts{Eligible: 3, Consented: 1, Publishable: 1}); pub.Consent != want {
		t.Errorf("consent counts %+v, want %+v", pub.Consent, want)
	}
	card := string(must(os.ReadFile(filepath.Join(dir, "public", CardName))))
	for _, want := range []string{"publishable battles only", "gold battles (one side broken on purpose) are never included",
		"of the 3 counted and imported battles these filters select,\n1 were voted by people who agreed", "Votes cast from "} {
		if !strings.Contains(card, want) {
			t.Errorf("the card lacks %q", want)
		}
	}
	internal, err := WriteRelease(ctx, db, dir, "internal", Filter{Internal: true, ExcludeTies: true}, ReleaseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := held("internal"); !slices.Equal(got, []string{ids[0], ids[3]}) || !internal.IsInternal() {
		t.Errorf("the internal release holds %v, want every decisive battle but the gold one", got)
	}
	if !slices.Contains(internal.Filters, "decisive votes only (no tie, no both_bad)") {
		t.Errorf("filters %v", internal.Filters)
	}
	manifest := string(must(os.ReadFile(filepath.Join(dir, "internal", ManifestName))))
	if !strings.Contains(manifest, `"internal": true`) || !strings.Contains(manifest, `"path": "README.md"`) {
		t.Errorf("manifest: %s", manifest)
	}
	for name, want := range map[string]os.FileMode{"public": 0o755, "internal": 0o700} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		} else if fi.Mode().Perm() != want {
			t.Errorf("the %s release's directory has mode %v, want %v", name, fi.Mode().Perm(), want)
		}
	}
	// A manifest from before "internal" that says public_only false is an internal one.
	legacy := false
	if !(&arena.DatasetRelease{LegacyPublic: &legacy}).IsInternal() {
		t.Error("a legacy full release is not internal")
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
