package dataset

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/arena-dev/arena/ranking"
)

// readCSV reads a CSV file whose header names the columns: clean_battle logs, and
// arena-human-preference-55k with its one-hot winner columns and response texts.
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
	var p provenance
	var pp *provenance
	if opt.provenance {
		pp = &p
	}
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
			f.categoryTag, _ = get(rec, "category_tag")
			if rerr == nil {
				rerr = d.build(&f, &b, nil)
			}
			if rerr == nil && opt.IDs {
				for _, k := range []string{"id", "question_id"} {
					if v, ok := get(rec, k); ok && len(bytes.TrimSpace(v)) > 0 && b.ID == "" {
						b.ID = string(bytes.TrimSpace(v))
					}
				}
			}
			if rerr == nil && opt.Prompts {
				if v, ok := get(rec, "prompt"); ok {
					b.PromptKey = ranking.PromptKeyOf(promptCellTurns(v))
				}
			}
			if rerr == nil && pp != nil {
				// Cells are text, not JSON, and rec is reused: copied as strings.
				first := func(keys ...string) string {
					for _, k := range keys {
						if v, ok := get(rec, k); ok && len(bytes.TrimSpace(v)) > 0 {
							return string(bytes.TrimSpace(v))
						}
					}
					return ""
				}
				p = provenance{id: first("id", "question_id"), judge: first("judge_hash", "judge")}
				p.source, rerr = originalSource(first("source"))
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
		chunk.add(&b, pp)
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
