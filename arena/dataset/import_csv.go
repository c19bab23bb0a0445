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
	"slices"
	"strconv"
	"strings"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/ranking"
)

// cellList reads a 55k cell: a JSON list of strings (null for a missing answer).
func cellList(field, cell string) ([]string, error) {
	cell = strings.TrimSpace(cell)
	if cell == "" {
		return nil, nil
	}
	var parts []*string
	if err := json.Unmarshal([]byte(cell), &parts); err != nil {
		return nil, &fieldError{field, errors.New("want a JSON list of strings")}
	}
	out := make([]string, len(parts))
	for i, p := range parts {
		if p != nil {
			out[i] = *p
		}
	}
	return out, nil
}

func importConvCSV(ctx context.Context, sink ImportSink, br *bufio.Reader, name string, opt ImportOptions) (int64, error) {
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return 0, fmt.Errorf("%s: reading the CSV header: %v", name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, c := range []string{"model_a", "model_b", "prompt", "response_a", "response_b"} {
		if _, ok := col[c]; !ok {
			return 0, fmt.Errorf("%s: the CSV header has no %s column", name, c)
		}
	}
	ids := contentIDs{}
	var n int64
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return n, &RecordError{File: name, Line: int64(pe.StartLine), Err: fmt.Errorf("bad CSV row: %v", pe.Err)}
			}
			return n, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			return n, &RecordError{File: name, Line: int64(line), Err: fmt.Errorf("bad CSV row: %d fields, the header has %d", len(rec), len(header))}
		}
		get := func(c string) string {
			if i, ok := col[c]; ok {
				return rec[i]
			}
			return ""
		}
		b, err := csvBattle(get, ids)
		if err != nil {
			return n, &RecordError{File: name, Line: int64(line), Err: err}
		}
		if err := sink.Add(ctx, b); err != nil {
			return n, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return n, err
			}
			if opt.Progress != nil {
				opt.Progress(n)
			}
		}
	}
}

func csvBattle(get func(string) string, ids contentIDs) (*arena.ImportedBattle, error) {
	b := &arena.ImportedBattle{ExternalID: strings.TrimSpace(get("id")), ModelA: get("model_a"), ModelB: get("model_b"), Language: get("language")}
	if b.ModelA == "" {
		return nil, &fieldError{"model_a", errMissing}
	}
	if b.ModelB == "" {
		return nil, &fieldError{"model_b", errMissing}
	}
	if b.ModelA == b.ModelB {
		return nil, &fieldError{"model_b", fmt.Errorf("is the same model as model_a (%q)", b.ModelA)}
	}
	if err := checkModelNames(b.ModelA, b.ModelB); err != nil {
		return nil, err
	}
	var o ranking.Outcome
	var err error
	if w := get("winner"); w != "" {
		if o, err = ranking.ParseOutcome(w); err != nil {
			return nil, &fieldError{"winner", err}
		}
	} else if o, err = outcomeFromFlags(get("winner_model_a"), get("winner_model_b"), get("winner_tie")); err != nil {
		return nil, err
	}
	b.Winner = outcomeWinner[o]
	if b.Source, err = originalSource(strings.TrimSpace(get("source"))); err != nil {
		return nil, err
	}
	if t := get("tstamp"); t != "" {
		v, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return nil, &fieldError{"tstamp", fmt.Errorf("%q is not a number", t)}
		}
		b.VotedAt = secondsTime(v)
	} else if t := strings.TrimSpace(get("timestamp")); t != "" {
		// The export's own CSV gives the time here: 55k has none.
		v, err := parseTime(t)
		if err != nil {
			return nil, &fieldError{"timestamp", err}
		}
		b.VotedAt = secondsTime(v)
	}
	prompts, err := cellList("prompt", get("prompt"))
	if err != nil {
		return nil, err
	}
	ra, err := cellList("response_a", get("response_a"))
	if err != nil {
		return nil, err
	}
	rb, err := cellList("response_b", get("response_b"))
	if err != nil {
		return nil, err
	}
	// This arena's exports add each side's reasoning; an empty cell is none.
	reasA, err := cellList("reasoning_a", get("reasoning_a"))
	if err != nil {
		return nil, err
	}
	reasB, err := cellList("reasoning_b", get("reasoning_b"))
	if err != nil {
		return nil, err
	}
	for i, p := range prompts {
		t := arena.ExportTurn{Prompt: p}
		if i < len(ra) {
			t.AnswerA = ra[i]
		}
		if i < len(rb) {
			t.AnswerB = rb[i]
		}
		if i < len(reasA) {
			t.ReasoningA = reasA[i]
		}
		if i < len(reasB) {
			t.ReasoningB = reasB[i]
		}
		b.Turns = append(b.Turns, t)
	}
	// This arena's exports carry category_tag as JSON in a cell; 55k has is_code only.
	ct := json.RawMessage(get("category_tag"))
	if b.LMArena, err = lmarenaFromCategory(ct); err != nil {
		return nil, err
	}
	tags := tagsFromCategory(ct)
	if isTrue(get("is_code")) && !slices.Contains(tags, "code") {
		tags = arenaTags(append(tags, "code"))
	}
	b.Category = withLong(tags, b.Turns, bytes.Contains(ct, []byte(`"long"`)))
	if b.ExternalID == "" {
		parts := []string{b.ModelA, b.ModelB, string(b.Winner), get("prompt"), get("response_a"), get("response_b")}
		b.ExternalID = ids.id(parts...)
	}
	return b, nil
}
