package dataset

import (
	"context"
	"fmt"
	"io"
	"slices"
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
// STRUCT{role, content}, content 140k's LIST of STRUCT{type, text, image, mimeType} or
// (parts false) a STRING, reasons a LIST of STRING, category_tag and conv_metadata
// STRUCTs; zstd compressed. pyarrow, pandas, DuckDB and Hugging Face datasets read it.
type parquetSink struct {
	strings *parquet.GenericWriter[Record]      // --content string
	parts   *parquet.GenericWriter[partsRecord] // the default
	pending int64                               // bytes of text since the last row group
	// the typed-parts rows of the batch being written, reused batch after batch
	rows     []partsRecord
	partsBuf []ContentPart
	msgBuf   []PartsMessage
	turnBuf  []FullTurn[PartsMessage]
	// ctx and src read the bytes of the images a row's parts carry, row by row.
	ctx context.Context
	src ImageSource
}

func newParquetSink(ctx context.Context, w io.Writer, parts bool, src ImageSource) *parquetSink {
	opts := []parquet.WriterOption{
		parquet.Compression(newZstdCodec()),
		parquet.MaxRowsPerRowGroup(1 << 20),
		parquet.CreatedBy("arena", "", ""),
		parquet.KeyValueMetadata("arena.format", "arena-human-preference"),
	}
	if parts {
		return &parquetSink{parts: parquet.NewGenericWriter[partsRecord](w, opts...), ctx: ctx, src: src}
	}
	return &parquetSink{strings: parquet.NewGenericWriter[Record](w, opts...)}
}

func (s *parquetSink) encode(dst []byte, recs []Record) ([]byte, int) { return dst, len(recs) }

func (s *parquetSink) lmarenaColumns() bool { return true }

func (s *parquetSink) write(_ []byte, recs []Record) error {
	if s.parts == nil {
		if _, err := s.strings.Write(recs); err != nil {
			return err
		}
		return s.account(recs, 0)
	}
	// Rows with images are written one at a time, their bytes read as they are written
	// and let go once the writer has copied them, and the row group is flushed by the
	// bytes it holds, images included: a batch of vision battles can be gigabytes.
	for len(recs) > 0 {
		n := 0
		for n < len(recs) && !hasImages(&recs[n]) {
			n++
		}
		if n == 0 {
			n = 1
		}
		rows, imageBytes, err := s.partsRows(recs[:n])
		if err != nil {
			return err
		}
		if _, err := s.parts.Write(rows); err != nil {
			return err
		}
		clear(s.partsBuf) // drop the image bytes
		if err := s.account(recs[:n], imageBytes); err != nil {
			return err
		}
		recs = recs[n:]
	}
	return nil
}

// account adds the bytes of recs (and their images) to the row group's and flushes it
// once it holds parquetRowGroupBytes.
func (s *parquetSink) account(recs []Record, imageBytes int64) error {
	s.pending += imageBytes
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
		if s.parts != nil {
			return s.parts.Flush()
		}
		return s.strings.Flush()
	}
	return nil
}

func hasImages(r *Record) bool {
	for i := range r.ConversationA {
		if len(r.ConversationA[i].Images) > 0 {
			return true
		}
	}
	for i := range r.ConversationB {
		if len(r.ConversationB[i].Images) > 0 {
			return true
		}
	}
	return false
}

// partsRows gives recs with each message's content as typed parts (contentParts), the
// image parts holding their bytes, and the bytes of images read. The parts point at
// the records' strings, and the slices are the sink's own, reused: the writer copies
// what it keeps.
func (s *parquetSink) partsRows(recs []Record) ([]partsRecord, int64, error) {
	s.rows, s.partsBuf, s.msgBuf, s.turnBuf = s.rows[:0], s.partsBuf[:0], s.msgBuf[:0], s.turnBuf[:0]
	msgs, parts, turns := 0, 0, 0
	for i := range recs {
		msgs += len(recs[i].ConversationA) + len(recs[i].ConversationB) + 3*len(recs[i].FullConversation)
		turns += len(recs[i].FullConversation)
		for _, m := range recs[i].ConversationA {
			parts += len(m.Images)
		}
		for _, m := range recs[i].ConversationB {
			parts += len(m.Images)
		}
		for _, t := range recs[i].FullConversation {
			parts += len(t.User.Images) + len(t.ModelSideA.Images) + len(t.ModelSideB.Images)
		}
	}
	// Grown once here, so the slices handed out below never move.
	s.partsBuf = slices.Grow(s.partsBuf, msgs+parts)
	s.msgBuf = slices.Grow(s.msgBuf, msgs)
	s.turnBuf = slices.Grow(s.turnBuf, turns)
	var imageBytes int64
	var err error
	conv := func(m *Message) PartsMessage {
		k := len(s.partsBuf)
		s.partsBuf = contentParts(s.partsBuf, &m.Content, m.Images)
		for i := k; i < len(s.partsBuf) && err == nil; i++ {
			if p := &s.partsBuf[i]; p.sha != "" {
				p.Image, err = s.image(p.sha)
				imageBytes += int64(len(p.Image))
			}
		}
		return PartsMessage{Role: m.Role, Content: s.partsBuf[k:len(s.partsBuf):len(s.partsBuf)], Reasoning: m.Reasoning,
			FinishReason: m.FinishReason, CompletionTokens: m.CompletionTokens}
	}
	list := func(ms []Message) []PartsMessage {
		k := len(s.msgBuf)
		for j := range ms {
			s.msgBuf = append(s.msgBuf, conv(&ms[j]))
		}
		return s.msgBuf[k:len(s.msgBuf):len(s.msgBuf)]
	}
	for i := range recs {
		r := &recs[i]
		k := len(s.turnBuf)
		for j := range r.FullConversation {
			t := &r.FullConversation[j]
			s.turnBuf = append(s.turnBuf, FullTurn[PartsMessage]{User: conv(&t.User), ModelSideA: conv(&t.ModelSideA), ModelSideB: conv(&t.ModelSideB)})
		}
		s.rows = append(s.rows, partsRecord{
			ID: r.ID, ModelA: r.ModelA, ModelB: r.ModelB, Winner: r.Winner,
			EvaluationSessionID: r.EvaluationSessionID, EvaluationOrder: r.EvaluationOrder,
			ConversationA: list(r.ConversationA), ConversationB: list(r.ConversationB),
			FullConversation: s.turnBuf[k:len(s.turnBuf):len(s.turnBuf)],
			ConvMetadata:     r.ConvMetadata, CategoryTag: r.CategoryTag, Language: r.Language, IsCode: r.IsCode,
			Timestamp: r.Timestamp, Turn: r.Turn, Tstamp: r.Tstamp, JudgeHash: r.JudgeHash,
			IsRefusal: r.IsRefusal, DedupTag: r.DedupTag, Reasons: r.Reasons, Comment: r.Comment, Source: r.Source,
			Anony: r.Anony, StoppedA: r.StoppedA, StoppedB: r.StoppedB, RegeneratedA: r.RegeneratedA, RegeneratedB: r.RegeneratedB,
		})
	}
	return s.rows, imageBytes, err
}

// image reads the bytes of the image named sha.
func (s *parquetSink) image(sha string) ([]byte, error) {
	if s.src == nil {
		return nil, fmt.Errorf("image %s: the export was given no image store to read it from", sha)
	}
	im, err := s.src.Image(s.ctx, sha)
	if err != nil {
		return nil, fmt.Errorf("image %s: %w", sha, err)
	}
	return im.Data, nil
}

func (s *parquetSink) close() error {
	if s.parts != nil {
		return s.parts.Close()
	}
	return s.strings.Close()
}

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
