// Package dataset reads battle files in the shapes LMArena publishes and writes
// preference datasets.
package dataset

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

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
	// Workers is the number of decoding goroutines for JSON Lines (0: GOMAXPROCS).
	Workers int
	// Progress, if set, receives the number of bytes read from the underlying file so
	// far (compressed bytes for .gz).
	Progress func(bytes int64)
}

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
		return readCloser{zr, multiCloser{zr, closer}}, size, counted, nil
	}
	return readCloser{br, closer}, size, counted, nil
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

// ReadFile reads the battles of one file (see Open) in file order.
func ReadFile(ctx context.Context, path string, stdin io.Reader, opt ReadOptions, yield func(ranking.Battle) error) (Stats, error) {
	r, _, counted, err := Open(path, stdin)
	if err != nil {
		return Stats{}, err
	}
	defer r.Close()
	opt = withProgress(opt, counted)
	return ReadBattles(ctx, r, displayName(path), opt, yield)
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
	r, _, counted, err := Open(path, stdin)
	if err != nil {
		return nil, Stats{}, err
	}
	defer r.Close()
	opt = withProgress(opt, counted)
	return AggregateBattles(ctx, r, displayName(path), opt)
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

// chunkSink collects one chunk's battles in a worker.
type chunkSink interface{ add(b *ranking.Battle) }

type streamSink struct{ yield func(ranking.Battle) error }

type battleChunk struct{ battles []ranking.Battle }

func (c *battleChunk) add(b *ranking.Battle) { c.battles = append(c.battles, *b) }

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

func (c *aggChunk) add(b *ranking.Battle) { c.agg.AddBattle(*b) }

func (s *aggSink) newChunk() chunkSink { return &aggChunk{agg: ranking.NewAggregate()} }

func (s *aggSink) consume(c chunkSink) error {
	s.agg.Merge(c.(*aggChunk).agg)
	return nil
}

func read(ctx context.Context, r io.Reader, name string, opt ReadOptions, s sink) (Stats, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	format := opt.Format
	if format == FormatAuto {
		var err error
		format, err = detect(br)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return Stats{}, nil // empty input: no battles
			}
			return Stats{}, fmt.Errorf("%s: %w", name, err)
		}
	}
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

// detect looks at the first bytes: '{' is JSON Lines, '[' a JSON array, and a first line
// naming model_a and model_b is a CSV header.
func detect(br *bufio.Reader) (Format, error) {
	for n := 64; ; n *= 2 {
		buf, err := br.Peek(n)
		buf = bytes.TrimPrefix(buf, []byte("\xef\xbb\xbf"))
		trimmed := bytes.TrimLeft(buf, " \t\r\n")
		if len(trimmed) > 0 {
			switch trimmed[0] {
			case '{':
				return FormatJSONL, nil
			case '[':
				return FormatJSONArray, nil
			}
			if i := bytes.IndexByte(buf, '\n'); i >= 0 || err != nil || n >= 1<<16 {
				line := buf
				if i >= 0 {
					line = buf[:i]
				}
				if bytes.Contains(line, []byte("model_a")) && bytes.Contains(line, []byte("model_b")) && bytes.ContainsAny(line, ",;\t") {
					return FormatCSV, nil
				}
				return 0, ErrUnknownFormat
			}
		} else if err != nil || n >= 1<<16 {
			if len(buf) == 0 && err != nil {
				return 0, io.EOF
			}
			if len(trimmed) == 0 && err != nil {
				return 0, io.EOF
			}
			return 0, ErrUnknownFormat
		}
	}
}

// ---- JSON Lines: chunks decoded in parallel, consumed in order ----

const chunkSize = 2 << 20

type job struct {
	seq       int
	data      []byte
	firstLine int64
}

type result struct {
	seq      int
	sink     chunkSink
	records  int64
	accepted int64
	errs     []*RecordError // in line order
	buf      []byte
}

func readJSONL(ctx context.Context, br *bufio.Reader, name string, opt ReadOptions, s sink) (Stats, error) {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	inflight := 2 * workers
	free := make(chan []byte, inflight)
	for range inflight {
		free <- make([]byte, 0, chunkSize)
	}
	jobs := make(chan job, inflight)
	results := make(chan result, inflight)
	var readErr error
	// Reader: cut the input into chunks that end at a line break.
	go func() {
		defer close(jobs)
		var carry []byte
		line := int64(1)
		for seq := 0; ; seq++ {
			var buf []byte
			select {
			case buf = <-free:
			case <-ctx.Done():
				return
			}
			buf = append(buf[:0], carry...)
			carry = carry[:0]
			n, err := io.ReadFull(br, buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			eof := err == io.EOF || err == io.ErrUnexpectedEOF
			if err != nil && !eof {
				readErr = err
				return
			}
			if !eof {
				cut := bytes.LastIndexByte(buf, '\n')
				if cut < 0 {
					// A line longer than the chunk: read on to its end.
					rest, err := br.ReadBytes('\n')
					buf = append(buf, rest...)
					if err != nil && err != io.EOF {
						readErr = err
						return
					}
					cut = len(buf) - 1
				}
				carry = append(carry, buf[cut+1:]...)
				buf = buf[:cut+1]
			}
			if opt.Progress != nil {
				opt.Progress(0)
			}
			j := job{seq: seq, data: buf, firstLine: line}
			line += int64(bytes.Count(buf, []byte{'\n'}))
			select {
			case jobs <- j:
			case <-ctx.Done():
				return
			}
			if eof {
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := newDecoder(name, opt)
			for j := range jobs {
				res := d.decodeChunk(j, s.newChunk())
				select {
				case results <- res:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	var st Stats
	pending := map[int]result{}
	next := 0
	var failed error
	for res := range results {
		if failed != nil {
			continue
		}
		pending[res.seq] = res
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			st.Records += r.records
			st.Battles += r.accepted
			for _, e := range r.errs {
				if !opt.SkipBad {
					failed = e
					break
				}
				st.skip(e)
			}
			if failed == nil {
				if err := s.consume(r.sink); err != nil {
					failed = err
				}
			}
			free <- r.buf
			if failed != nil {
				cancel()
				break
			}
		}
		if failed == nil && ctx.Err() != nil {
			failed = ctx.Err()
			cancel()
		}
	}
	if failed != nil {
		return st, failed
	}
	if readErr != nil {
		return st, fmt.Errorf("%s: %w", name, readErr)
	}
	if err := ctx.Err(); err != nil {
		return st, err
	}
	return st, nil
}

// decoder decodes lines into battles; one per worker, not shared.
type decoder struct {
	name   string
	opt    ReadOptions
	intern map[string]string
}

func newDecoder(name string, opt ReadOptions) *decoder {
	return &decoder{name: name, opt: opt, intern: map[string]string{}}
}

func (d *decoder) str(b []byte) string {
	if s, ok := d.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(d.intern) < 1<<16 {
		d.intern[s] = s
	}
	return s
}

func (d *decoder) decodeChunk(j job, cs chunkSink) result {
	res := result{seq: j.seq, sink: cs, buf: j.data}
	data := j.data
	line := j.firstLine
	var b ranking.Battle
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		var l []byte
		if i < 0 {
			l, data = data, nil
		} else {
			l, data = data[:i], data[i+1:]
		}
		ln := line
		line++
		l = bytes.TrimRight(l, "\r")
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		res.records++
		b = ranking.Battle{}
		if err := d.decodeLine(l, &b); err != nil {
			res.errs = append(res.errs, d.recordErr(ln, 0, err))
			continue
		}
		if d.opt.Filter != nil && !d.opt.Filter(&b) {
			continue
		}
		cs.add(&b)
		res.accepted++
	}
	return res
}

func (d *decoder) recordErr(line, index int64, err error) *RecordError {
	re := &RecordError{File: d.name, Line: line, Index: index, Err: err}
	var fe *fieldError
	if errors.As(err, &fe) {
		re.Field, re.Err = fe.field, fe.err
	}
	return re
}

// decodeLine decodes one JSON object, by the fast scanner when it can and by
// encoding/json otherwise (which also gives the precise error for bad input).
func (d *decoder) decodeLine(l []byte, b *ranking.Battle) error {
	var f lineFields
	if scanLine(l, &f) {
		return d.build(&f, b)
	}
	return d.decodeSlow(l, b)
}

// lineFields are the fields the fast scanner extracts; byte slices point into the line.
type lineFields struct {
	modelA, modelB, winner []byte
	hasA, hasB, hasW       bool
	tstamp                 float64
	hasT                   bool
	timestamp              []byte // ISO time, when there is no tstamp
	language               []byte
	anony, isCode          bool
	convMeta, categoryTag  []byte // raw JSON values
	tags                   []byte
	wa, wb, wt             []byte // 55k-style winner_model_a/b, winner_tie (raw)
}

func (d *decoder) build(f *lineFields, b *ranking.Battle) error {
	if !f.hasA {
		return &fieldError{"model_a", errMissing}
	}
	if !f.hasB {
		return &fieldError{"model_b", errMissing}
	}
	b.ModelA, b.ModelB = d.str(f.modelA), d.str(f.modelB)
	if b.ModelA == "" {
		return &fieldError{"model_a", errors.New("is empty")}
	}
	if b.ModelB == "" {
		return &fieldError{"model_b", errors.New("is empty")}
	}
	if b.ModelA == b.ModelB {
		return &fieldError{"model_b", fmt.Errorf("is the same model as model_a (%q)", b.ModelA)}
	}
	switch {
	case f.hasW:
		o, err := ranking.ParseOutcome(string(f.winner))
		if err != nil {
			return &fieldError{"winner", err}
		}
		b.Outcome = o
	case f.wa != nil || f.wb != nil || f.wt != nil:
		o, err := outcomeFromFlags(string(f.wa), string(f.wb), string(f.wt))
		if err != nil {
			return err
		}
		b.Outcome = o
	default:
		return &fieldError{"winner", errMissing}
	}
	if f.hasT {
		b.Time = f.tstamp
	} else if len(f.timestamp) > 0 {
		t, err := parseTime(string(f.timestamp))
		if err != nil {
			return &fieldError{"timestamp", err}
		}
		b.Time = t
	}
	if d.opt.Style && len(f.convMeta) > 0 {
		if err := styleFromMeta(f.convMeta, b); err != nil {
			return &fieldError{"conv_metadata", err}
		}
	}
	if d.opt.Tags {
		tags, err := tagsOf(f)
		if err != nil {
			return err
		}
		b.Tags = tags
	}
	return nil
}

func parseTime(s string) (float64, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return float64(t.UnixNano()) / 1e9, nil
		}
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		return v, nil
	}
	return 0, fmt.Errorf("%q is not a time", s)
}

// outcomeFromFlags reads arena-human-preference-55k's one-hot winner columns.
func outcomeFromFlags(a, b, t string) (ranking.Outcome, error) {
	vals := [3]bool{}
	for k, s := range []string{a, b, t} {
		field := [3]string{"winner_model_a", "winner_model_b", "winner_tie"}[k]
		switch strings.TrimSpace(s) {
		case "1", "1.0", "true", "True":
			vals[k] = true
		case "0", "0.0", "false", "False":
		case "":
			return 0, &fieldError{field, errMissing}
		default:
			return 0, &fieldError{field, fmt.Errorf("%q is not 0 or 1", s)}
		}
	}
	switch vals {
	case [3]bool{true, false, false}:
		return ranking.WinA, nil
	case [3]bool{false, true, false}:
		return ranking.WinB, nil
	case [3]bool{false, false, true}:
		return ranking.Tie, nil
	}
	return 0, &fieldError{"winner_model_a", fmt.Errorf("exactly one of winner_model_a, winner_model_b, winner_tie must be 1, got %s, %s, %s", a, b, t)}
}

// styleFromMeta reads LMArena's conv_metadata: sum_assistant_{a,b}_tokens and
// header_count_{a,b} ({h1..h6}), list_count_{a,b} ({ordered, unordered}) and
// bold_count_{a,b} ({"**", "__"}), each either an object of counts or a number.
func styleFromMeta(raw []byte, b *ranking.Battle) error {
	if string(raw) == "null" {
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return err
	}
	get := func(key string) (int, bool, error) {
		v, ok := m[key]
		if !ok || string(v) == "null" {
			return 0, false, nil
		}
		n, err := sumCounts(v)
		if err != nil {
			return 0, false, fmt.Errorf("%s: %v", key, err)
		}
		return n, true, nil
	}
	var sa, sb ranking.Style
	found := 0
	for _, x := range []struct {
		key string
		dst *int
	}{
		{"sum_assistant_a_tokens", &sa.Tokens}, {"sum_assistant_b_tokens", &sb.Tokens},
		{"header_count_a", &sa.Headers}, {"header_count_b", &sb.Headers},
		{"list_count_a", &sa.Lists}, {"list_count_b", &sb.Lists},
		{"bold_count_a", &sa.Bold}, {"bold_count_b", &sb.Bold},
	} {
		n, ok, err := get(x.key)
		if err != nil {
			return err
		}
		if ok {
			*x.dst = n
			found++
		}
	}
	if found == 8 {
		b.StyleA, b.StyleB, b.HasStyle = sa, sb, true
	}
	return nil
}

func sumCounts(v json.RawMessage) (int, error) {
	var n float64
	if err := json.Unmarshal(v, &n); err == nil {
		return int(n), nil
	}
	var obj map[string]float64
	if err := json.Unmarshal(v, &obj); err != nil {
		return 0, fmt.Errorf("want a count or an object of counts")
	}
	s := 0.0
	for _, x := range obj {
		s += x
	}
	return int(s), nil
}

func tagsOf(f *lineFields) ([]string, error) {
	var tags []string
	if len(f.tags) > 0 && string(f.tags) != "null" {
		var t []string
		if err := json.Unmarshal(f.tags, &t); err != nil {
			return nil, &fieldError{"tags", fmt.Errorf("want an array of strings")}
		}
		tags = append(tags, t...)
	}
	if len(f.categoryTag) > 0 && string(f.categoryTag) != "null" {
		var ct map[string]any
		if err := json.Unmarshal(f.categoryTag, &ct); err != nil {
			return nil, &fieldError{"category_tag", fmt.Errorf("want an object")}
		}
		tags = appendTrueKeys(tags, ct)
		if crit, ok := ct["criteria_v0.1"].(map[string]any); ok {
			n := 0
			for _, v := range crit {
				if v == true {
					n++
				}
			}
			if n >= 6 {
				tags = append(tags, "hard_prompt")
			}
		}
	}
	if f.isCode {
		tags = append(tags, "code")
	}
	if f.anony {
		tags = append(tags, "anony")
	}
	if len(f.language) > 0 {
		tags = append(tags, "lang:"+strings.ToLower(string(f.language)))
	}
	return tags, nil
}

func appendTrueKeys(tags []string, m map[string]any) []string {
	for k, v := range m {
		switch v := v.(type) {
		case bool:
			if v {
				tags = append(tags, k)
			}
		case map[string]any:
			tags = appendTrueKeys(tags, v)
		}
	}
	return tags
}

// decodeSlow decodes a record with encoding/json, giving precise errors.
func (d *decoder) decodeSlow(l []byte, b *ranking.Battle) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(l, &m); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return fmt.Errorf("invalid JSON at byte %d: %v", se.Offset, se)
		}
		return fmt.Errorf("invalid JSON: %v", err)
	}
	if m == nil {
		return errors.New("invalid JSON: want an object, got null")
	}
	return d.fromMap(m, b)
}

func (d *decoder) fromMap(m map[string]json.RawMessage, b *ranking.Battle) error {
	var f lineFields
	str := func(key string, dst *[]byte, has *bool) error {
		v, ok := m[key]
		if !ok || string(v) == "null" {
			return nil
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return &fieldError{key, fmt.Errorf("want a string, got %s", abbreviate(v))}
		}
		*dst = []byte(s)
		if has != nil {
			*has = true
		}
		return nil
	}
	for _, x := range []struct {
		key string
		dst *[]byte
		has *bool
	}{
		{"model_a", &f.modelA, &f.hasA}, {"model_b", &f.modelB, &f.hasB}, {"winner", &f.winner, &f.hasW},
		{"language", &f.language, nil},
	} {
		if err := str(x.key, x.dst, x.has); err != nil {
			return err
		}
	}
	for _, key := range []string{"winner_model_a", "winner_model_b", "winner_tie"} {
		if v, ok := m[key]; ok {
			s := strings.Trim(string(v), `"`)
			switch key {
			case "winner_model_a":
				f.wa = []byte(s)
			case "winner_model_b":
				f.wb = []byte(s)
			default:
				f.wt = []byte(s)
			}
		}
	}
	if v, ok := m["tstamp"]; ok && string(v) != "null" {
		if err := json.Unmarshal(v, &f.tstamp); err != nil {
			var s string
			if json.Unmarshal(v, &s) != nil {
				return &fieldError{"tstamp", fmt.Errorf("want a number, got %s", abbreviate(v))}
			}
			f.timestamp = []byte(s)
		} else {
			f.hasT = true
		}
	}
	if v, ok := m["timestamp"]; ok && !f.hasT && string(v) != "null" {
		var s string
		if err := json.Unmarshal(v, &s); err == nil {
			f.timestamp = []byte(s)
		} else if err := json.Unmarshal(v, &f.tstamp); err == nil {
			f.hasT = true
		} else {
			return &fieldError{"timestamp", fmt.Errorf("want a time, got %s", abbreviate(v))}
		}
	}
	for _, key := range []string{"anony", "is_code"} {
		if v, ok := m[key]; ok && string(v) != "null" {
			var x bool
			if err := json.Unmarshal(v, &x); err != nil {
				return &fieldError{key, fmt.Errorf("want true or false, got %s", abbreviate(v))}
			}
			if key == "anony" {
				f.anony = x
			} else {
				f.isCode = x
			}
		}
	}
	f.convMeta, f.categoryTag, f.tags = m["conv_metadata"], m["category_tag"], m["tags"]
	return d.build(&f, b)
}

func abbreviate(v []byte) string {
	if len(v) > 40 {
		return string(v[:37]) + "..."
	}
	return string(v)
}

// ---- fast scanner ----

// scanLine extracts the known fields of a simple JSON object line. It returns false
// whenever the line is anything but plain (escapes in strings, odd numbers, bad
// syntax...), and the caller falls back to encoding/json.
func scanLine(l []byte, f *lineFields) bool {
	i := skipWS(l, 0)
	if i >= len(l) || l[i] != '{' {
		return false
	}
	i++
	for first := true; ; first = false {
		i = skipWS(l, i)
		if i >= len(l) {
			return false
		}
		if l[i] == '}' {
			if !first {
				return false // trailing comma
			}
			i++
			break
		}
		if l[i] != '"' {
			return false
		}
		key, j, ok := scanString(l, i)
		if !ok {
			return false
		}
		i = skipWS(l, j)
		if i >= len(l) || l[i] != ':' {
			return false
		}
		i = skipWS(l, i+1)
		if i >= len(l) {
			return false
		}
		start := i
		switch string(key) {
		case "model_a", "model_b", "winner", "language", "timestamp":
			if l[i] != '"' {
				return false
			}
			s, j, ok := scanString(l, i)
			if !ok {
				return false
			}
			switch string(key) {
			case "model_a":
				f.modelA, f.hasA = s, true
			case "model_b":
				f.modelB, f.hasB = s, true
			case "winner":
				f.winner, f.hasW = s, true
			case "language":
				f.language = s
			case "timestamp":
				f.timestamp = s
			}
			i = j
		case "tstamp":
			v, j, ok := scanNumber(l, i)
			if !ok {
				return false
			}
			f.tstamp, f.hasT, i = v, true, j
		case "anony", "is_code":
			var v bool
			switch {
			case bytes.HasPrefix(l[i:], []byte("true")):
				v, i = true, i+4
			case bytes.HasPrefix(l[i:], []byte("false")):
				i += 5
			default:
				return false
			}
			if string(key) == "anony" {
				f.anony = v
			} else {
				f.isCode = v
			}
		default:
			j, ok := skipValue(l, i, 0)
			if !ok {
				return false
			}
			switch string(key) {
			case "conv_metadata":
				f.convMeta = l[start:j]
			case "category_tag":
				f.categoryTag = l[start:j]
			case "tags":
				f.tags = l[start:j]
			case "winner_model_a", "winner_model_b", "winner_tie":
				return false
			}
			i = j
		}
		i = skipWS(l, i)
		if i >= len(l) {
			return false
		}
		if l[i] == ',' {
			i++
			continue
		}
		if l[i] == '}' {
			i++
			break
		}
		return false
	}
	return skipWS(l, i) == len(l)
}

func skipWS(l []byte, i int) int {
	for i < len(l) && (l[i] == ' ' || l[i] == '\t' || l[i] == '\r' || l[i] == '\n') {
		i++
	}
	return i
}

// scanString returns the content of the plain string at l[i] == '"' and the index past
// its closing quote; strings with escapes or control characters are not plain.
func scanString(l []byte, i int) ([]byte, int, bool) {
	end := bytes.IndexByte(l[i+1:], '"')
	if end < 0 {
		return nil, 0, false
	}
	s := l[i+1 : i+1+end]
	if bytes.IndexByte(s, '\\') >= 0 {
		return nil, 0, false
	}
	for _, c := range s {
		if c < 0x20 {
			return nil, 0, false
		}
	}
	return s, i + 2 + end, true
}

// scanNumber parses a plain decimal number (no exponent) at l[i].
func scanNumber(l []byte, i int) (float64, int, bool) {
	j := i
	neg := false
	if j < len(l) && l[j] == '-' {
		neg = true
		j++
	}
	var ip uint64
	digits := 0
	for j < len(l) && l[j] >= '0' && l[j] <= '9' {
		ip = ip*10 + uint64(l[j]-'0')
		j++
		digits++
	}
	if digits == 0 || digits > 15 || (digits > 1 && l[i+btoi(neg)] == '0') {
		return 0, 0, false
	}
	v := float64(ip)
	if j < len(l) && l[j] == '.' {
		j++
		var fp uint64
		fd := 0
		for j < len(l) && l[j] >= '0' && l[j] <= '9' {
			if fd < 15 {
				fp = fp*10 + uint64(l[j]-'0')
				fd++
			}
			j++
		}
		if fd == 0 {
			return 0, 0, false
		}
		v += float64(fp) / pow10[fd]
	}
	if j < len(l) && (l[j] == 'e' || l[j] == 'E') {
		return 0, 0, false
	}
	if neg {
		v = -v
	}
	return v, j, true
}

var pow10 = [16]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// skipValue skips one JSON value at l[i] and returns the index past it. It checks
// structure (balanced brackets, strings, literals) but is not a full validator.
func skipValue(l []byte, i, depth int) (int, bool) {
	if depth > 64 || i >= len(l) {
		return 0, false
	}
	switch c := l[i]; {
	case c == '"':
		j := i + 1
		for j < len(l) {
			switch l[j] {
			case '\\':
				j += 2
				continue
			case '"':
				return j + 1, true
			}
			j++
		}
		return 0, false
	case c == '{' || c == '[':
		closer := byte('}')
		if c == '[' {
			closer = ']'
		}
		j := skipWS(l, i+1)
		if j < len(l) && l[j] == closer {
			return j + 1, true
		}
		for {
			if c == '{' {
				if j >= len(l) || l[j] != '"' {
					return 0, false
				}
				var ok bool
				if j, ok = skipValue(l, j, depth+1); !ok {
					return 0, false
				}
				j = skipWS(l, j)
				if j >= len(l) || l[j] != ':' {
					return 0, false
				}
				j = skipWS(l, j+1)
			}
			var ok bool
			if j, ok = skipValue(l, j, depth+1); !ok {
				return 0, false
			}
			j = skipWS(l, j)
			if j >= len(l) {
				return 0, false
			}
			if l[j] == ',' {
				j = skipWS(l, j+1)
				continue
			}
			if l[j] == closer {
				return j + 1, true
			}
			return 0, false
		}
	case c == 't':
		return lit(l, i, "true")
	case c == 'f':
		return lit(l, i, "false")
	case c == 'n':
		return lit(l, i, "null")
	case c == '-' || (c >= '0' && c <= '9'):
		j := i + 1
		for j < len(l) && (l[j] >= '0' && l[j] <= '9' || l[j] == '.' || l[j] == 'e' || l[j] == 'E' || l[j] == '+' || l[j] == '-') {
			j++
		}
		return j, true
	}
	return 0, false
}

func lit(l []byte, i int, s string) (int, bool) {
	if bytes.HasPrefix(l[i:], []byte(s)) {
		return i + len(s), true
	}
	return 0, false
}

// ---- JSON array ----

func readJSONArray(ctx context.Context, br *bufio.Reader, name string, opt ReadOptions, s sink) (Stats, error) {
	var st Stats
	dec := json.NewDecoder(br)
	d := newDecoder(name, opt)
	tok, err := dec.Token()
	if err != nil {
		return st, fmt.Errorf("%s: invalid JSON: %v", name, err)
	}
	if delim, ok := tok.(json.Delim); !ok || delim != '[' {
		return st, fmt.Errorf("%s: %w", name, ErrUnknownFormat)
	}
	chunk := s.newChunk()
	flush := func() error {
		err := s.consume(chunk)
		chunk = s.newChunk()
		return err
	}
	var n int64
	for dec.More() {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return st, err
			}
			if opt.Progress != nil {
				opt.Progress(0)
			}
		}
		n++
		st.Records++
		var m map[string]json.RawMessage
		if err := dec.Decode(&m); err != nil {
			// The decoder cannot resynchronise after a syntax error.
			return st, &RecordError{File: name, Index: n, Err: fmt.Errorf("invalid JSON: %v", err)}
		}
		var b ranking.Battle
		err := errors.New("invalid JSON: want an object, got null")
		if m != nil {
			err = d.fromMap(m, &b)
		}
		if err != nil {
			re := d.recordErr(0, n, err)
			if !opt.SkipBad {
				return st, re
			}
			st.skip(re)
			continue
		}
		if opt.Filter != nil && !opt.Filter(&b) {
			continue
		}
		st.Battles++
		chunk.add(&b)
		if n%65536 == 0 {
			if err := flush(); err != nil {
				return st, err
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return st, fmt.Errorf("%s: invalid JSON after element %d: %v", name, n, err)
	}
	return st, flush()
}

// ---- CSV ----

func readCSV(ctx context.Context, br *bufio.Reader, name string, opt ReadOptions, s sink) (Stats, error) {
	var st Stats
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return st, fmt.Errorf("%s: reading CSV header: %v", name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	if _, ok := col["model_a"]; !ok {
		return st, fmt.Errorf("%s: %w", name, ErrUnknownFormat)
	}
	if _, ok := col["model_b"]; !ok {
		return st, fmt.Errorf("%s: %w", name, ErrUnknownFormat)
	}
	_, hasWinner := col["winner"]
	_, hasFlags := col["winner_model_a"]
	if !hasWinner && !hasFlags {
		return st, fmt.Errorf("%s: CSV header has neither a winner column nor winner_model_a/winner_model_b/winner_tie", name)
	}
	d := newDecoder(name, opt)
	chunk := s.newChunk()
	get := func(rec []string, key string) ([]byte, bool) {
		i, ok := col[key]
		if !ok || i >= len(rec) {
			return nil, false
		}
		return []byte(rec[i]), true
	}
	for n := 0; ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return st, err
			}
			if opt.Progress != nil {
				opt.Progress(0)
			}
		}
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line := 0
		if err == nil && len(rec) > 0 {
			line, _ = cr.FieldPos(0)
		}
		var rerr error
		switch {
		case err != nil:
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = int(pe.StartLine)
				rerr = fmt.Errorf("bad CSV row: %v", pe.Err)
			} else {
				return st, fmt.Errorf("%s: %v", name, err)
			}
		case len(rec) == 1 && strings.TrimSpace(rec[0]) == "":
			continue
		case len(rec) != len(header):
			rerr = fmt.Errorf("bad CSV row: %d fields, the header has %d", len(rec), len(header))
		}
		st.Records++
		var b ranking.Battle
		if rerr == nil {
			var f lineFields
			f.modelA, f.hasA = get(rec, "model_a")
			f.modelB, f.hasB = get(rec, "model_b")
			if w, ok := get(rec, "winner"); ok {
				f.winner, f.hasW = w, true
			} else {
				f.wa, _ = get(rec, "winner_model_a")
				f.wb, _ = get(rec, "winner_model_b")
				f.wt, _ = get(rec, "winner_tie")
			}
			if t, ok := get(rec, "tstamp"); ok && len(t) > 0 {
				v, err := strconv.ParseFloat(string(t), 64)
				if err != nil {
					rerr = &fieldError{"tstamp", fmt.Errorf("%q is not a number", t)}
				}
				f.tstamp, f.hasT = v, true
			} else if t, ok := get(rec, "timestamp"); ok {
				f.timestamp = t
			}
			f.language, _ = get(rec, "language")
			if v, ok := get(rec, "anony"); ok {
				f.anony = isTrue(string(v))
			}
			if v, ok := get(rec, "is_code"); ok {
				f.isCode = isTrue(string(v))
			}
			if rerr == nil {
				rerr = d.build(&f, &b)
			}
			if rerr == nil && opt.Style && !b.HasStyle {
				ra, okA := get(rec, "response_a")
				rb, okB := get(rec, "response_b")
				if okA && okB {
					b.StyleA, b.StyleB, b.HasStyle = ranking.StyleOf(responseText(ra)), ranking.StyleOf(responseText(rb)), true
				}
			}
		}
		if rerr != nil {
			re := d.recordErr(int64(line), 0, rerr)
			if !opt.SkipBad {
				return st, re
			}
			st.skip(re)
			continue
		}
		if opt.Filter != nil && !opt.Filter(&b) {
			continue
		}
		st.Battles++
		chunk.add(&b)
		if st.Battles%65536 == 0 {
			if err := s.consume(chunk); err != nil {
				return st, err
			}
			chunk = s.newChunk()
		}
	}
	return st, s.consume(chunk)
}

func isTrue(s string) bool {
	switch strings.TrimSpace(strings.ToLower(s)) {
	case "1", "true", "1.0", "yes":
		return true
	}
	return false
}

// responseText joins a 55k-style response cell, a JSON list of strings (one per turn),
// or returns the cell as is.
func responseText(cell []byte) string {
	if len(cell) > 0 && cell[0] == '[' {
		var parts []*string
		if json.Unmarshal(cell, &parts) == nil {
			var b strings.Builder
			for _, p := range parts {
				if p != nil {
					b.WriteString(*p)
					b.WriteByte('\n')
				}
			}
			return b.String()
		}
	}
	return string(cell)
}
