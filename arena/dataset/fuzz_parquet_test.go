package dataset

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// parquetSeed is a small valid Parquet file of parquetRows.
func parquetSeed(f *testing.F, rows []parquetRow) []byte {
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[parquetRow](&buf)
	if _, err := w.Write(rows); err != nil {
		f.Fatal(err)
	}
	if err := w.Close(); err != nil {
		f.Fatal(err)
	}
	return buf.Bytes()
}

// FuzzImportParquet imports arbitrary bytes as a Parquet file. parquet-go trusts the
// file's metadata, and importParquet must turn whatever it does with hostile metadata
// into an error (a panic inside the library is recovered; one in our code is a crash
// here). Every battle passed on is one a store may take, and a second import of the
// same file gives the same result, ids included.
func FuzzImportParquet(f *testing.F) {
	f.Add(parquetSeed(f, []parquetRow{
		{ID: "1", ModelA: "a", ModelB: "b", Winner: "model_a"},
		{ID: "2", ModelA: "b", ModelB: "a", Winner: "tie", Tstamp: 1.5e9, Language: "English",
			ConversationA: []Message{{Role: "user", Content: "x"}, {Role: "assistant", Content: "y"}},
			ConversationB: []Message{{Role: "user", Content: "x"}, {Role: "assistant", Content: "z"}},
			Reasons:       []string{"clearer"}, IsCode: true, Source: "imported:lmarena"},
		{ID: "3", ModelA: "a", ModelB: "b", Winner: "model_b", Source: "imported: "},
	}))
	f.Add(parquetSeed(f, []parquetRow{{ModelA: "a", ModelB: "a", Winner: "model_b"}}))
	f.Add([]byte("PAR1\x00\x00\x00\x00PAR1"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f.parquet")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		run := func() string {
			s := &recordingSink{t: t}
			n, err := importParquet(t.Context(), s, path, ImportOptions{})
			fmt.Fprintf(&s.out, "n %d err %v", n, err)
			return s.out.String()
		}
		if a, b := run(), run(); a != b {
			t.Fatalf("two imports differ:\n%s\n%s", a, b)
		}
	})
}
