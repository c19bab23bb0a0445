package dataset

import (
	"io"
	"sync"

	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go"
	parquetzstd "github.com/parquet-go/parquet-go/compress/zstd"
)

// parquetRowGroupBytes is about how much text a row group holds before it is written
// out: the writer keeps one row group's values and compressed pages in memory. At 32 MB
// a million-row export peaked above 150 MB resident; 8 MB saved little more than 16.
const parquetRowGroupBytes = 16 << 20

// parquetSink writes Records as Parquet with nested types: conversations are LIST of
// STRUCT{role, content}, reasons a LIST of STRING, category_tag and conv_metadata
// STRUCTs; zstd compressed. pyarrow, pandas, DuckDB and Hugging Face datasets read it.
type parquetSink struct {
	w       *parquet.GenericWriter[Record]
	pending int64 // bytes of text since the last row group
}

func newParquetSink(w io.Writer) *parquetSink {
	return &parquetSink{w: parquet.NewGenericWriter[Record](w,
		parquet.Compression(newZstdCodec()),
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

// zstdCodec is parquet-go's zstd codec with one encoder of its own. parquet-go's keeps
// its encoders in a sync.Pool, which ends up holding one per P, each with 16 MB of match
// history, and drops them every other collection, so a long export kept allocating new
// ones: half of a Parquet export's live heap. Made with the options parquet-go uses, the
// encoder writes the same bytes (checked on a million-row export).
type zstdCodec struct {
	parquetzstd.Codec // the name, the format code and decoding

	// parquet-go compresses on the goroutine that writes, so Encode is not called
	// concurrently today; the lock keeps that an assumption rather than a requirement.
	mu  sync.Mutex
	enc *zstd.Encoder
}

func newZstdCodec() *zstdCodec {
	enc, err := zstd.NewWriter(nil,
		zstd.WithEncoderConcurrency(parquetzstd.DefaultConcurrency),
		zstd.WithEncoderLevel(parquetzstd.DefaultLevel),
		zstd.WithZeroFrames(true),
		zstd.WithEncoderCRC(false),
		// Half the match history (8 MB, the window); pages are far smaller than the
		// window, so matches and output are the same.
		zstd.WithLowerEncoderMem(true),
	)
	if err != nil {
		panic(err) // only for invalid options
	}
	return &zstdCodec{enc: enc}
}

func (c *zstdCodec) Encode(dst, src []byte) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.enc.EncodeAll(src, dst[:0]), nil
}
