package dataset

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/arena-dev/arena/ranking"
)

// readJSONArray reads a JSON array of battle objects, one element at a time.
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
	var p provenance
	var pp *provenance
	if opt.provenance {
		pp = &p
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
		p = provenance{}
		err := errors.New("invalid JSON: want an object, got null")
		if m != nil {
			err = d.fromMap(m, &b, pp)
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
		chunk.add(&b, pp)
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
