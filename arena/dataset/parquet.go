package dataset

import (
	"io"

	"github.com/parquet-go/parquet-go"
)

// parquetRowGroupBytes is about how much text a row group holds before it is written
// out: the writer keeps one row group's compressed pages in memory.
const parquetRowGroupBytes = 32 << 20

// parquetSink writes Records as Parquet with nested types: conversations are LIST of
// STRUCT{role, content}, reasons a LIST of STRING, category_tag and conv_metadata
// STRUCTs; zstd compressed. pyarrow, pandas, DuckDB and Hugging Face datasets read it.
type parquetSink struct {
	w       *parquet.GenericWriter[Record]
	pending int64 // bytes of text since the last row group
}

func newParquetSink(w io.Writer) *parquetSink {
	return &parquetSink{w: parquet.NewGenericWriter[Record](w,
		parquet.Compression(&parquet.Zstd),
		parquet.MaxRowsPerRowGroup(1<<20),
		parquet.CreatedBy("arena", "", ""),
		parquet.KeyValueMetadata("arena.format", "arena-human-preference"),
	)}
}

func (s *parquetSink) encode(dst []byte, recs []Record) ([]byte, int) { return dst, len(recs) }

func (s *parquetSink) write(_ []byte, recs []Record) error {
	if _, err := s.w.Write(recs); err != nil {
		return err
	}
	for i := range recs {
		for _, m := range recs[i].ConversationA {
			s.pending += int64(len(m.Content))
		}
		for _, m := range recs[i].ConversationB {
			s.pending += int64(len(m.Content))
		}
		s.pending += 200
	}
	if s.pending >= parquetRowGroupBytes {
		s.pending = 0
		return s.w.Flush()
	}
	return nil
}

func (s *parquetSink) close() error { return s.w.Close() }

// ParquetSchema is the schema of exported Parquet files, for documentation and tests.
func ParquetSchema() *parquet.Schema { return parquet.SchemaOf(Record{}) }
