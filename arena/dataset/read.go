// Package dataset moves preference data in and out of an arena, in the shapes LMArena
// publishes. It has three jobs, each in its own files:
//
//   - reading battle files for `arena rank` (read*.go): JSON Lines, a JSON array or
//     CSV, decoded on all cores into ranking battles or an aggregate;
//   - importing them into the store (import*.go), with their conversations when the
//     file has them, and Parquet;
//   - exporting the store's voted battles as datasets (export*.go, jsonappend.go,
//     redact.go) and publishing releases of them (release.go), served to the web by
//     Service.
//
// Reading and importing tell a file's shape with the one sniffer in sniff.go.
package dataset

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"

	"github.com/arena-dev/arena/ranking"
)

// Format is a battle file format.
type Format int

// Battle file formats.
const (
	FormatAuto      Format = iota // detect from the content
	FormatJSONL                   // one JSON object per line
	FormatJSONArray               // a JSON array of objects
	FormatCSV                     // CSV with a header row
)

// ParseFormat parses auto, jsonl, json or csv.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "", "auto":
		return FormatAuto, nil
	case "jsonl", "ndjson":
		return FormatJSONL, nil
	case "json":
		return FormatJSONArray, nil
	case "csv":
		return FormatCSV, nil
	}
	return 0, fmt.Errorf("unknown battle file format %q (want auto, jsonl, json or csv)", s)
}

// ReadOptions control how battles are read.
type ReadOptions struct {
	Format  Format
	SkipBad bool // skip malformed records, counting them, instead of stopping
	// Style asks for each side's style counts (conv_metadata in LMArena's logs, or
	// computed from response_a/response_b text in CSV files); battles without them
	// have HasStyle false.
	Style bool
	// Tags asks for each battle's tags: every tag listed in a "tags" array; for
	// category_tag objects, each key whose value is true at any depth (math, if,
	// creative_writing, specificity, ...) plus hard_prompt when at least 6 of the
	// criteria_v0.1 flags are true; "code" when is_code is true; "anony" when anony is
	// true; and "lang:" + the lower-cased language.
	Tags bool
	// Filter, if set, keeps only the battles it accepts; it runs on all cores and must
	// be safe for concurrent use.
	Filter func(*ranking.Battle) bool
	// IDs asks for each battle's id (id, else question_id) in Battle.ID, for
	// `arena rank --features`.
	IDs bool
	// Prompts asks for each battle's prompt key (Battle.PromptKey, from the user turns
	// of conversation_a, or a CSV's prompt column), for `arena rank --dedup`.
	Prompts bool
	// Workers is the number of decoding goroutines for JSON Lines (0: GOMAXPROCS).
	Workers int
	// Progress, if set, receives the number of bytes read from the underlying file so
	// far (compressed bytes for .gz).
	Progress func(bytes int64)
	// checkNames refuses model names that an import would store (see checkModelName);
	// `arena rank` reads any name, as it stores nothing.
	checkNames bool
	// provenance asks for each record's provenance, which an import stores and a
	// ranking has no use for.
	provenance bool
}

// provenance is what an import keeps of a battle log's record besides the battle a
// ranking reads: the source's id for the battle (id, else question_id, as FastChat's
// clean_battle_data.py names it) and its voter (judge_hash, else judge), as given, and
// the source it was first imported from (see originalSource).
type provenance struct{ id, judge, source string }

// Stats count what was read.
type Stats struct {
	Records int64   // records seen (lines for JSONL, excluding blank lines)
	Battles int64   // battles accepted (after the filter)
	Skipped int64   // malformed records skipped with SkipBad
	Errors  []error // the first few skipped records' errors
}

const maxKeptErrors = 10

func (s *Stats) skip(err error) {
	s.Skipped++
	if len(s.Errors) < maxKeptErrors {
		s.Errors = append(s.Errors, err)
	}
}

// RecordError is a malformed record: where it is and what is wrong.
type RecordError struct {
	File  string
	Line  int64  // line number (1-based) where the record starts; 0 if unknown
	Index int64  // element number (1-based) in a JSON array, when Line is unknown
	Row   int64  // row number (1-based) in a Parquet file
	Field string // the offending field, if any
	Err   error
}

func (e *RecordError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	switch {
	case e.Line > 0:
		fmt.Fprintf(&b, ":%d", e.Line)
	case e.Index > 0:
		fmt.Fprintf(&b, ": element %d", e.Index)
	case e.Row > 0:
		fmt.Fprintf(&b, ": row %d", e.Row)
	}
	b.WriteString(": ")
	if e.Field != "" {
		fmt.Fprintf(&b, "field %q: ", e.Field)
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *RecordError) Unwrap() error { return e.Err }

// ErrUnknownFormat is returned for content that is neither JSON Lines, a JSON array
// nor CSV with a header naming model_a and model_b.
var ErrUnknownFormat = errors.New("unknown battle file format: want JSON Lines, a JSON array, or CSV with a header naming model_a and model_b")

// emptyFile is the error of a file with nothing but white space in it: a failed
// download or copy, more likely than a source with no battles, so it is never read as
// a file of 0 battles.
func emptyFile(name string) error {
	return fmt.Errorf("%s: the file is empty: it holds no battles", name)
}

// fieldError is a problem with one field of a record.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return fmt.Sprintf("field %q: %v", e.field, e.err) }

var errMissing = errors.New("is missing")

// Open opens a battle file for reading: "-" is stdin, and gzip content (by its magic
// bytes, whatever the name) is decompressed transparently. size is the file's size on
// disk, or -1 if unknown; counted reports the bytes read from the file so far.
func Open(path string, stdin io.Reader) (r io.ReadCloser, size int64, counted *atomic.Int64, err error) {
	counted = new(atomic.Int64)
	var raw io.Reader
	var closer io.Closer = io.NopCloser(nil)
	size = -1
	if path == "-" {
		if stdin == nil {
			stdin = os.Stdin
		}
		raw = stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, 0, nil, err
		}
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			size = st.Size()
		}
		raw, closer = f, f
	}
	br := bufio.NewReaderSize(&countingReader{r: raw, n: counted}, 1<<20)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			closer.Close()
			return nil, 0, nil, fmt.Errorf("%s: %w", path, err)
		}
		return readCloser{gzipReader{zr}, multiCloser{zr, closer}}, size, counted, nil
	}
	return readCloser{br, closer}, size, counted, nil
}

// errGzipTruncated is gzip content that stops before its end: compress/gzip reports
// it as io.ErrUnexpectedEOF, which io.ReadFull and bufio pass on as an ordinary short
// read, so without this a file cut off after a whole line read as a shorter file.
var errGzipTruncated = errors.New("gzip data ends early: the file is truncated")

// GzipError is damaged gzip content: truncated, or corrupt (bad data or checksum).
// Readers report it in preference to the malformed lines the damage produced, since
// those are its consequence.
type GzipError struct{ Err error }

func (e *GzipError) Error() string {
	if e.Err == errGzipTruncated {
		return e.Err.Error()
	}
	return "corrupt gzip data: " + e.Err.Error()
}

func (e *GzipError) Unwrap() error { return e.Err }

// gzipReader turns the gzip reader's errors into *GzipError, which no reader mistakes
// for the end of the file.
type gzipReader struct{ zr *gzip.Reader }

// checkDamage is err, or, when r (from Open) is gzip content that turns out to be
// damaged further on, that damage: a corrupt byte comes out of the decompressor as a
// plausible but wrong line long before the checksum at the end says so. Reading on
// costs the rest of the file, and only when reading has already failed.
func checkDamage(r io.Reader, name string, err error) error {
	var gz *GzipError
	if err == nil || errors.As(err, &gz) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	rc, ok := r.(readCloser)
	if !ok {
		return err
	}
	if _, ok := rc.Reader.(gzipReader); !ok {
		return err
	}
	if _, derr := io.Copy(io.Discard, rc.Reader); errors.As(derr, &gz) {
		return fmt.Errorf("%s: %w (reading stopped before it, at %v)", name, gz, err)
	}
	return err
}

func (g gzipReader) Read(p []byte) (int, error) {
	n, err := g.zr.Read(p)
	switch {
	case err == nil || err == io.EOF:
	case errors.Is(err, io.ErrUnexpectedEOF):
		err = &GzipError{errGzipTruncated}
	case errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.As(err, new(flate.CorruptInputError)):
		err = &GzipError{err}
	}
	return n, err // other errors are the file's own (a disk error), as they are
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

type readCloser struct {
	io.Reader
	io.Closer
}

type multiCloser []io.Closer

func (m multiCloser) Close() error {
	var first error
	for _, c := range m {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// FileSource is a BattleSource over battle files read in order ("-" is stdin). stats,
// if not nil, accumulates what was read.
func FileSource(ctx context.Context, paths []string, stdin io.Reader, opt ReadOptions, stats *Stats) ranking.BattleSource {
	return func(yield func(ranking.Battle) error) error {
		for _, p := range paths {
			st, err := ReadFile(ctx, p, stdin, opt, yield)
			if stats != nil {
				stats.add(st)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
}

func (s *Stats) add(o Stats) {
	s.Records += o.Records
	s.Battles += o.Battles
	for _, e := range o.Errors {
		if len(s.Errors) < maxKeptErrors {
			s.Errors = append(s.Errors, e)
		}
	}
	s.Skipped += o.Skipped
}

// ReadFile reads the battles of one file (see Open, and Parquet files) in file order.
func ReadFile(ctx context.Context, path string, stdin io.Reader, opt ReadOptions, yield func(ranking.Battle) error) (Stats, error) {
	if ok, err := isParquet(path); err != nil {
		return Stats{}, err
	} else if ok {
		// Progress counts the file's bytes, which the rows' JSON is not.
		opt.Format, opt.Progress = FormatJSONL, nil
		return readParquetLog(ctx, path, func(r io.Reader) (Stats, error) { return ReadBattles(ctx, r, path, opt, yield) })
	}
	r, _, counted, err := Open(path, stdin)
	if err != nil {
		return Stats{}, err
	}
	defer r.Close()
	opt = withProgress(opt, counted)
	st, err := ReadBattles(ctx, r, displayName(path), opt, yield)
	return st, checkDamage(r, displayName(path), err)
}

func withProgress(opt ReadOptions, counted *atomic.Int64) ReadOptions {
	if opt.Progress != nil {
		p := opt.Progress
		opt.Progress = func(int64) { p(counted.Load()) }
	}
	return opt
}

func displayName(path string) string {
	if path == "-" {
		return "stdin"
	}
	return path
}

// ReadAggregate reads one file straight into an aggregate, decoding and counting on all
// cores; the result is the same as aggregating ReadFile's battles.
func ReadAggregate(ctx context.Context, path string, stdin io.Reader, opt ReadOptions) (*ranking.Aggregate, Stats, error) {
	if ok, err := isParquet(path); err != nil {
		return nil, Stats{}, err
	} else if ok {
		opt.Format, opt.Progress = FormatJSONL, nil
		var agg *ranking.Aggregate
		st, err := readParquetLog(ctx, path, func(r io.Reader) (st Stats, err error) {
			agg, st, err = AggregateBattles(ctx, r, path, opt)
			return st, err
		})
		return agg, st, err
	}
	r, _, counted, err := Open(path, stdin)
	if err != nil {
		return nil, Stats{}, err
	}
	defer r.Close()
	opt = withProgress(opt, counted)
	agg, st, err := AggregateBattles(ctx, r, displayName(path), opt)
	return agg, st, checkDamage(r, displayName(path), err)
}

// ReadBattles reads battles from r (named name in errors) and calls yield for each, in
// order. A malformed record stops reading with a *RecordError unless opt.SkipBad is
// set, in which case it is counted in Stats and skipped.
func ReadBattles(ctx context.Context, r io.Reader, name string, opt ReadOptions, yield func(ranking.Battle) error) (Stats, error) {
	return read(ctx, r, name, opt, &streamSink{yield: yield})
}

// AggregateBattles reads battles from r into an aggregate (see ReadBattles).
func AggregateBattles(ctx context.Context, r io.Reader, name string, opt ReadOptions) (*ranking.Aggregate, Stats, error) {
	s := &aggSink{agg: ranking.NewAggregate()}
	st, err := read(ctx, r, name, opt, s)
	if err != nil {
		return nil, st, err
	}
	return s.agg, st, nil
}

// sink receives decoded battles: per chunk, in file order.
type sink interface {
	newChunk() chunkSink
	consume(c chunkSink) error
}

// chunkSink collects one chunk's battles in a worker. p is nil unless the reader was
// asked for provenance.
type chunkSink interface {
	add(b *ranking.Battle, p *provenance)
}

type streamSink struct{ yield func(ranking.Battle) error }

type battleChunk struct{ battles []ranking.Battle }

func (c *battleChunk) add(b *ranking.Battle, _ *provenance) { c.battles = append(c.battles, *b) }

func (s *streamSink) newChunk() chunkSink { return &battleChunk{} }

func (s *streamSink) consume(c chunkSink) error {
	for _, b := range c.(*battleChunk).battles {
		if err := s.yield(b); err != nil {
			return err
		}
	}
	return nil
}

type aggSink struct{ agg *ranking.Aggregate }

type aggChunk struct{ agg *ranking.Aggregate }

func (c *aggChunk) add(b *ranking.Battle, _ *provenance) { c.agg.AddBattle(*b) }

func (s *aggSink) newChunk() chunkSink { return &aggChunk{agg: ranking.NewAggregate()} }

func (s *aggSink) consume(c chunkSink) error {
	s.agg.Merge(c.(*aggChunk).agg)
	return nil
}

// provSink is a streamSink for imports, which yields each battle with its provenance.
type provSink struct {
	yield func(*ranking.Battle, *provenance) error
}

type provChunk struct {
	battles []ranking.Battle
	provs   []provenance
}

func (c *provChunk) add(b *ranking.Battle, p *provenance) {
	c.battles = append(c.battles, *b)
	if p == nil {
		p = &provenance{}
	}
	c.provs = append(c.provs, *p)
}

func (s *provSink) newChunk() chunkSink { return &provChunk{} }

func (s *provSink) consume(c chunkSink) error {
	pc := c.(*provChunk)
	for i := range pc.battles {
		if err := s.yield(&pc.battles[i], &pc.provs[i]); err != nil {
			return err
		}
	}
	return nil
}

func read(ctx context.Context, r io.Reader, name string, opt ReadOptions, s sink) (Stats, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	format := opt.Format
	if format == FormatAuto {
		sh := sniff(br)
		if sh.empty {
			return Stats{}, emptyFile(name)
		}
		format = sh.format
	}
	return readAs(ctx, br, name, format, opt, s)
}

// readAs reads br as format, for read and for imports, which have sniffed the file
// already; FormatAuto is a file the sniffer could not place.
func readAs(ctx context.Context, br *bufio.Reader, name string, format Format, opt ReadOptions, s sink) (Stats, error) {
	switch format {
	case FormatJSONL:
		return readJSONL(ctx, br, name, opt, s)
	case FormatJSONArray:
		return readJSONArray(ctx, br, name, opt, s)
	case FormatCSV:
		return readCSV(ctx, br, name, opt, s)
	}
	return Stats{}, fmt.Errorf("%s: %w", name, ErrUnknownFormat)
}
