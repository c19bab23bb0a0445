package dataset

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// TestParquetFooterBiggerThanTheFile imports a 112-byte file whose footer length
// claims 2 GiB: it is refused from its last 8 bytes, without allocating the footer.
func TestParquetFooterBiggerThanTheFile(t *testing.T) {
	data := append([]byte("PAR1"), make([]byte, 100)...)
	data = binary.LittleEndian.AppendUint32(data, 2<<30)
	data = append(data, "PAR1"...)
	if len(data) != 112 {
		t.Fatal(len(data))
	}
	path := filepath.Join(t.TempDir(), "huge-footer.parquet")
	os.WriteFile(path, data, 0o644)
	db := sqlitetest.Open(t)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := importPath(t, db, "src", path)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "footer") {
		t.Fatalf("error %v, want one naming the file and its footer", err)
	}
	t.Log(err)
	if got := after.TotalAlloc - before.TotalAlloc; got > 256<<20 {
		t.Fatalf("refusing the file allocated %d MB", got>>20)
	}
}

// craftedParquet writes a small valid Parquet file of parquetRows, with its footer's
// metadata changed by mutate, as a crafted file would have it.
func craftedParquet(t *testing.T, name string, mutate func(*format.FileMetaData)) string {
	t.Helper()
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[parquetRow](&buf)
	w.Write([]parquetRow{{ID: "1", ModelA: "a", ModelB: "b", Winner: "model_a"}, {ID: "2", ModelA: "b", ModelB: "a", Winner: "tie"}})
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	n := int(binary.LittleEndian.Uint32(data[len(data)-8:]))
	var md format.FileMetaData
	if err := thrift.Unmarshal(new(thrift.CompactProtocol), data[len(data)-8-n:len(data)-8], &md); err != nil {
		t.Fatal(err)
	}
	mutate(&md)
	footer, err := thrift.Marshal(new(thrift.CompactProtocol), &md)
	if err != nil {
		t.Fatal(err)
	}
	out := append(bytes.Clone(data[:len(data)-8-n]), footer...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(footer)))
	out = append(out, "PAR1"...)
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCraftedParquetIsAnError imports files whose metadata made parquet-go panic:
// a row group without columns (in ReadPageIndex) and a required column declared
// repeated (while reading rows). Each is an error naming the file, not a crash.
func TestCraftedParquetIsAnError(t *testing.T) {
	for name, mutate := range map[string]func(*format.FileMetaData){
		"no-columns.parquet": func(md *format.FileMetaData) { md.RowGroups[0].Columns = nil },
		"repeated.parquet":   func(md *format.FileMetaData) { md.Schema[3].RepetitionType = thrift.New(format.Repeated) },
	} {
		t.Run(name, func(t *testing.T) {
			path := craftedParquet(t, name, mutate)
			_, err := importPath(t, sqlitetest.Open(t), "src", path)
			if err == nil || !strings.Contains(err.Error(), path) {
				t.Fatalf("error %v, want one naming the file", err)
			}
			t.Log(err)
		})
	}
}
