package dataset

import (
	"bytes"
	"compress/gzip"
	"context"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
	"github.com/arena-dev/arena/ranking"
)

// An empty file is an error naming it, for import and rank alike: a 0-byte Parquet file
// imported as 0 rows with exit 0, which hid a failed download.
func TestEmptyFileIsAnError(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Close()
	for name, content := range map[string]string{
		"battles.parquet": "", "battles.jsonl": "", "train.csv": "", "blank.jsonl": " \n\r\n", "bom.csv": "\xef\xbb\xbf", "battles.jsonl.gz": gz.String(),
	} {
		path := writeFile(t, name, content)
		db := sqlitetest.Open(t)
		_, err := importPath(t, db, "lmarena", path)
		if err == nil || !strings.Contains(err.Error(), path+": the file is empty") {
			t.Errorf("import %s: %v", name, err)
		}
		if n, _ := db.CountExportRows(context.Background(), Filter{Internal: true}); n != 0 {
			t.Errorf("import %s stored %d battles", name, n)
		}
		_, err = ReadFile(context.Background(), path, nil, ReadOptions{}, func(ranking.Battle) error { return nil })
		if err == nil || !strings.Contains(err.Error(), path+": the file is empty") {
			t.Errorf("read %s: %v", name, err)
		}
	}
}
