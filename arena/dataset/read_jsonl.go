package dataset

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/arena-dev/arena/ranking"
)

// JSON Lines are cut into chunks at line ends, decoded by workers in parallel and
// consumed in file order, so a large log reads at the speed of all cores.
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
				readErr = &RecordError{File: name, Line: line + int64(bytes.Count(buf, []byte{'\n'})), Err: err}
				return
			}
			if !eof {
				cut := bytes.LastIndexByte(buf, '\n')
				if cut < 0 {
					// A line longer than the chunk: read on to its end.
					rest, err := br.ReadBytes('\n')
					buf = append(buf, rest...)
					if err != nil && err != io.EOF {
						readErr = &RecordError{File: name, Line: line, Err: err}
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
	// A damaged file is reported as such, rather than as the malformed line the
	// damage made; readErr is the reader's, which has ended before results closed.
	var gz *GzipError
	if readErr != nil && (failed == nil || errors.As(readErr, &gz)) {
		return st, readErr
	}
	if failed != nil {
		return st, failed
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
	var p provenance
	var pp *provenance
	if d.opt.provenance {
		pp = &p
	}
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
		b, p = ranking.Battle{}, provenance{}
		if err := d.decodeLine(l, &b, pp); err != nil {
			res.errs = append(res.errs, d.recordErr(ln, 0, err))
			continue
		}
		if d.opt.Filter != nil && !d.opt.Filter(&b) {
			continue
		}
		cs.add(&b, pp)
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
// encoding/json otherwise (which also gives the precise error for bad input); p, if
// not nil, receives the record's provenance.
func (d *decoder) decodeLine(l []byte, b *ranking.Battle, p *provenance) error {
	var f lineFields
	if scanLine(l, &f) {
		return d.build(&f, b, p)
	}
	return d.decodeSlow(l, b, p)
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
	// raw JSON values, decoded only for an import's provenance
	id, questionID, judge, judgeHash, source []byte
	convA                                    []byte // raw conversation_a, for prompt keys
}

func (d *decoder) build(f *lineFields, b *ranking.Battle, p *provenance) error {
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
	if d.opt.checkNames {
		if err := checkModelNames(b.ModelA, b.ModelB); err != nil {
			return err
		}
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
		b.Time = epochSeconds(f.tstamp)
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
	d.battleExtras(f, b)
	if p != nil {
		p.id, p.judge = rawID(f.id), rawID(f.judgeHash)
		if p.id == "" {
			p.id = rawID(f.questionID)
		}
		if p.judge == "" {
			p.judge = rawID(f.judge)
		}
		var err error
		if p.source, err = originalSource(rawID(f.source)); err != nil {
			return err
		}
	}
	return nil
}

// decodeSlow decodes a record with encoding/json, giving precise errors.
func (d *decoder) decodeSlow(l []byte, b *ranking.Battle, p *provenance) error {
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
	return d.fromMap(m, b, p)
}

func (d *decoder) fromMap(m map[string]json.RawMessage, b *ranking.Battle, p *provenance) error {
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
	f.id, f.questionID, f.judge, f.judgeHash, f.source = m["id"], m["question_id"], m["judge"], m["judge_hash"], m["source"]
	f.convA = m["conversation_a"]
	return d.build(&f, b, p)
}

func abbreviate(v []byte) string {
	if len(v) > 40 {
		return string(v[:37]) + "..."
	}
	return string(v)
}
