package dataset

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
	"github.com/arena-dev/arena/arena/sqlstore"
	"github.com/arena-dev/arena/ranking"
)

// battlesJSONL is a clean_battle log of n battles that does not compress well, so
// its gzip has many blocks and cutting or damaging it in the middle leaves whole lines
// on both sides.
func battlesJSONL(n int) []byte { return battleLines(n, false) }

// battleLines is battlesJSONL, with conversations when conv is set.
func battleLines(n int, conv bool) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	winners := []string{"model_a", "model_b", "tie", "tie (bothbad)"}
	for i := range n {
		fmt.Fprintf(&b, `{"model_a":"m%d","model_b":"n%d","winner":%q,"tstamp":%d.%03d,"question_id":"%016x"`,
			rng.IntN(30), rng.IntN(30), winners[rng.IntN(4)], 1700000000+i, rng.IntN(1000), rng.Uint64())
		if conv {
			fmt.Fprintf(&b, `,"conversation_a":[{"role":"user","content":"q%x"},{"role":"assistant","content":"a%x"}],"conversation_b":[{"role":"user","content":"q"},{"role":"assistant","content":"b%x"}]`,
				rng.Uint64(), rng.Uint64(), rng.Uint64())
		}
		b.WriteString("}\n")
	}
	return b.Bytes()
}

// badGzips writes a truncated and a corrupted gzip of a battles log, and returns
// their paths. The truncated one is cut where the compressor was flushed, after a
// whole line: it decompresses to whole lines and then simply stops, as a download cut
// short often does, so only the gzip stream can tell it is incomplete.
func badGzips(t *testing.T, conv bool) (truncated, corrupt string) {
	t.Helper()
	data := battleLines(20000, conv)
	half := bytes.IndexByte(data[len(data)/2:], '\n') + len(data)/2 + 1
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data[:half])
	zw.Flush()
	cut := b.Len()
	zw.Write(data[half:])
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	z := b.Bytes()
	dir := t.TempDir()
	truncated = filepath.Join(dir, "truncated.jsonl.gz")
	if err := os.WriteFile(truncated, z[:cut], 0o644); err != nil {
		t.Fatal(err)
	}
	bad := bytes.Clone(z)
	bad[len(bad)/2] ^= 0x55
	corrupt = filepath.Join(dir, "corrupt.jsonl.gz")
	if err := os.WriteFile(corrupt, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	return truncated, corrupt
}

func TestBadGzipIsAnErrorNamingTheFile(t *testing.T) {
	truncated, corrupt := badGzips(t, false)
	convTruncated, convCorrupt := badGzips(t, true)
	ctx := context.Background()
	for _, path := range []string{convTruncated, convCorrupt} {
		_, err := importPath(t, sqlitetest.Open(t), "src", path)
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "gzip") {
			t.Fatalf("importing %s with conversations: error %v, want one naming the file and gzip", path, err)
		}
	}
	for _, path := range []string{truncated, corrupt} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			check := func(what string, err error) {
				t.Helper()
				if err == nil {
					t.Fatalf("%s: no error for a damaged gzip", what)
				}
				if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "gzip") {
					t.Fatalf("%s: error %q does not name the file and gzip", what, err)
				}
			}
			_, err := ReadFile(ctx, path, nil, ReadOptions{}, func(ranking.Battle) error { return nil })
			check("ReadFile", err)
			_, _, err = ReadAggregate(ctx, path, nil, ReadOptions{})
			check("ReadAggregate", err)
			_, err = ReadFile(ctx, path, nil, ReadOptions{SkipBad: true}, func(ranking.Battle) error { return nil })
			check("ReadFile with SkipBad", err)
			_, err = importPath(t, sqlitetest.Open(t), "src", path)
			check("ImportFile", err)
		})
	}
	// Where the line is known, the error says which line was reached.
	_, err := ReadFile(ctx, truncated, nil, ReadOptions{}, func(ranking.Battle) error { return nil })
	if !strings.Contains(err.Error(), truncated+":") || !strings.Contains(err.Error(), "truncated") {
		t.Fatalf("error %q: want file:line and that it is truncated", err)
	}
}

// TestImportRefusesBadModelNames imports files with a model name over 256 characters
// or with a control character in each shape the importer reads: the error names the
// file, the line and the field.
func TestImportRefusesBadModelNames(t *testing.T) {
	long := strings.Repeat("é", 257)
	ok := `{"model_a":"a","model_b":"b","winner":"model_a","tstamp":1700000000}` + "\n"
	conv := `,"conversation_a":[{"role":"user","content":"q"}],"conversation_b":[{"role":"user","content":"q"}]`
	for _, c := range []struct{ name, content, want string }{
		{"long.jsonl", ok + ok + `{"model_a":"` + long + `","model_b":"b","winner":"model_a","tstamp":1}` + "\n", `:3: field "model_a": is 257 characters long`},
		{"bell.jsonl", ok + `{"model_a":"a","model_b":"b\u0007","winner":"model_a","tstamp":1}` + "\n", `:2: field "model_b": `},
		{"raw-tab.jsonl", ok + "{\"model_a\":\"a\\tb\",\"model_b\":\"b\",\"winner\":\"tie\"}\n", `:2: field "model_a": `},
		{"conv.jsonl", `{"model_a":"` + long + `","model_b":"b","winner":"model_a"` + conv + "}\n", `:1: field "model_a": is 257 characters long`},
		{"conv-ctl.jsonl", `{"model_a":"a","model_b":"b\r","winner":"model_a"` + conv + "}\n", `:1: field "model_b": `},
		{"55k.csv", "id,model_a,model_b,prompt,response_a,response_b,winner_model_a,winner_model_b,winner_tie\n1,a,b,\"[\"\"q\"\"]\",\"[\"\"x\"\"]\",\"[\"\"y\"\"]\",1,0,0\n2,\"a\x1b[31m\",b,\"[\"\"q\"\"]\",\"[\"\"x\"\"]\",\"[\"\"y\"\"]\",1,0,0\n", `:3: field "model_a": `},
		{"clean.csv", "model_a,model_b,winner\na,b,tie\na," + long + ",tie\n", `:3: field "model_b": is 257 characters long`},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := writeFile(t, c.name, c.content)
			_, err := importPath(t, sqlitetest.Open(t), "src", path)
			if err == nil || !strings.Contains(err.Error(), path+c.want) {
				t.Fatalf("error %v, want %q", err, path+c.want)
			}
		})
	}
	// 256 characters, and names with spaces and any script, are fine.
	path := writeFile(t, "fine.jsonl", `{"model_a":"`+strings.Repeat("é", 256)+`","model_b":"Qwen 2.5 (72B) — 指令","winner":"tie"}`+"\n")
	if _, err := importPath(t, sqlitetest.Open(t), "src", path); err != nil {
		t.Fatal(err)
	}
}

// TestFailedImportStoresNothing imports a file of 20,000 battles whose last line is
// malformed, into a database holding an earlier import: several batches are committed
// before the bad line is read, and all of it is undone.
func TestFailedImportStoresNothing(t *testing.T) {
	db := sqlitetest.Open(t)
	if _, err := importPath(t, db, "lmarena", writeFile(t, "first.jsonl", string(battlesJSONL(300)))); err != nil {
		t.Fatal(err)
	}
	tables := []string{"battles", "turns", "votes", "pair_counts", "models", "imports", "import_sources", "users"}
	before := tableRows(t, db, tables)
	for _, conv := range []bool{false, true} {
		data := append(battleLines(20000, conv), `{"model_a":"a","model_b":"b","winner":"left"}`+"\n"...)
		data = bytes.ReplaceAll(data, []byte(`"m1"`), []byte(`"m1-new"`)) // and models to create
		path := writeFile(t, fmt.Sprintf("bad-last-line-%v.jsonl", conv), string(data))
		if _, err := importPath(t, db, "lmarena", path); err == nil || !strings.Contains(err.Error(), ":20001: field \"winner\"") {
			t.Fatalf("error %v, want one for line 20001's winner", err)
		}
		after := tableRows(t, db, tables)
		for _, tb := range tables {
			if !slices.Equal(before[tb], after[tb]) {
				t.Errorf("conversations %v: %s had %d rows before the failed import, %d after", conv, tb, len(before[tb]), len(after[tb]))
			}
		}
	}
}

// tableRows reads every row of tables from db's SQLite file, sorted, as text.
func tableRows(t *testing.T, db *sqlstore.DB, tables []string) map[string][]string {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+db.Where()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	out := map[string][]string{}
	for _, table := range tables {
		rows, err := conn.Query(`SELECT * FROM ` + table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out[table] = append(out[table], fmt.Sprint(vals...))
		}
		rows.Close()
		slices.Sort(out[table])
	}
	return out
}
