package dataset

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/ranking"
	"github.com/parquet-go/parquet-go"
)

// DefaultImportSource is the source imported battles are filed under unless told
// otherwise.
const DefaultImportSource = "lmarena"

// ImportSink stores imported battles; *sqlstore.Importer is one.
type ImportSink interface {
	Add(ctx context.Context, b *arena.ImportedBattle) error
}

// ImportOptions tune an import.
type ImportOptions struct {
	// Progress, if set, is called from time to time with the battles read so far.
	Progress func(read int64)
}

// ImportFile reads the battles of one file and passes them to sink. It reads:
//
//   - LMArena clean_battle logs (JSON Lines, a JSON array, or CSV with model_a,
//     model_b and winner), through ReadBattles: no conversations;
//   - JSON Lines with conversations: arena-human-preference-100k (question_id) and
//     -140k (id, content as a list of parts), and this arena's own jsonl exports;
//   - arena-human-preference-55k CSV (prompt, response_a, response_b, winner_model_a,
//     winner_model_b, winner_tie): a tie there may have been both bad, it imports as tie;
//   - Parquet with the columns of this arena's exports (and LMArena files whose
//     columns have the same shape).
//
// Battles without an id get one from a hash of their content (and how many identical
// battles came before in the file), so importing a file again matches the same ids.
// A malformed record stops the import with an error naming file:line.
func ImportFile(ctx context.Context, sink ImportSink, path string, stdin io.Reader, opt ImportOptions) (int64, error) {
	name := displayName(path)
	if path != "-" {
		if ok, err := isParquet(path); err != nil {
			return 0, err
		} else if ok {
			return importParquet(ctx, sink, path, opt)
		}
	}
	r, _, _, err := Open(path, stdin)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	br := bufio.NewReaderSize(r, 1<<20)
	kind, err := sniff(br)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	switch kind {
	case kindConvJSONL:
		return importConvJSONL(ctx, sink, br, name, opt)
	case kindConvCSV:
		return importConvCSV(ctx, sink, br, name, opt)
	}
	return importBattles(ctx, sink, br, name, opt)
}

func isParquet(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	var magic [4]byte
	if _, err := io.ReadFull(f, magic[:]); err != nil {
		return false, nil
	}
	return string(magic[:]) == "PAR1", nil
}

type fileKind int

const (
	kindBattles   fileKind = iota // no conversations: ReadBattles
	kindConvJSONL                 // JSON Lines with conversation_a/b
	kindConvCSV                   // 55k CSV with prompt/response_a/response_b
)

// sniff looks at the first record to tell files with conversations from battle logs.
func sniff(br *bufio.Reader) (fileKind, error) {
	var head []byte
	for n := 4096; ; n *= 4 {
		b, err := br.Peek(n)
		head = b
		if i := bytes.IndexByte(b, '\n'); i >= 0 || err != nil || n >= 64<<20 {
			if i >= 0 {
				head = b[:i]
			}
			break
		}
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	t := bytes.TrimLeft(head, " \t\r")
	switch {
	case len(t) > 0 && t[0] == '{':
		if bytes.Contains(head, []byte(`"conversation_a"`)) {
			return kindConvJSONL, nil
		}
	case len(t) > 0 && t[0] == '[':
	default:
		if bytes.Contains(head, []byte("response_a")) && bytes.Contains(head, []byte("prompt")) {
			return kindConvCSV, nil
		}
	}
	return kindBattles, nil
}

// contentIDs gives battles without an id one derived from their content and how many
// identical battles preceded them in the file.
type contentIDs map[[8]byte]uint32

func (c contentIDs) id(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write([]byte(p))
	}
	var k [8]byte
	copy(k[:], h.Sum(nil))
	c[k]++
	id := "h:" + hex.EncodeToString(k[:])
	if n := c[k]; n > 1 {
		id += "#" + strconv.Itoa(int(n))
	}
	return id
}

var outcomeWinner = [...]arena.Winner{ranking.WinA: arena.WinnerA, ranking.WinB: arena.WinnerB, ranking.Tie: arena.WinnerTie, ranking.BothBad: arena.WinnerBothBad}

// arenaTags maps tags from other arenas' files to this arena's categories.
func arenaTags(tags []string) []string {
	var out []string
	for _, t := range tags {
		switch t {
		case "code", "math", "creative", "long":
		case "creative_writing":
			t = "creative"
		default:
			continue
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return slices.Index(arena.Categories, a) - slices.Index(arena.Categories, b) })
	return out
}

// importBattles imports a battle log without conversations through ReadBattles.
func importBattles(ctx context.Context, sink ImportSink, r io.Reader, name string, opt ImportOptions) (int64, error) {
	ids := contentIDs{}
	var n int64
	_, err := ReadBattles(ctx, r, name, ReadOptions{Tags: true}, func(b ranking.Battle) error {
		ib := arena.ImportedBattle{
			ModelA: b.ModelA, ModelB: b.ModelB, Winner: outcomeWinner[b.Outcome],
			VotedAt:  secondsTime(b.Time),
			Category: arenaTags(b.Tags),
		}
		for _, t := range b.Tags {
			if l, ok := strings.CutPrefix(t, "lang:"); ok {
				ib.Language = l
			}
		}
		ib.ExternalID = ids.id(b.ModelA, b.ModelB, string(ib.Winner), strconv.FormatFloat(b.Time, 'g', -1, 64))
		if err := sink.Add(ctx, &ib); err != nil {
			return err
		}
		if n++; opt.Progress != nil && n%8192 == 0 {
			opt.Progress(n)
		}
		return nil
	})
	return n, err
}

func secondsTime(s float64) time.Time {
	if s == 0 || math.IsNaN(s) || math.IsInf(s, 0) {
		return time.Time{}
	}
	return time.UnixMilli(int64(math.Round(s * 1000))).UTC()
}

// jsonMessage is a conversation message whose content is a string, or (140k) a list of
// parts {type, text}.
type jsonMessage struct {
	Role    string          `json:"role"`
	Content json.RawMessage `json:"content"`
}

func (m *jsonMessage) text() (string, error) {
	c := bytes.TrimSpace(m.Content)
	if len(c) == 0 || string(c) == "null" {
		return "", nil
	}
	if c[0] == '"' {
		var s string
		err := json.Unmarshal(c, &s)
		return s, err
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if err := json.Unmarshal(c, &parts); err != nil {
		return "", fmt.Errorf("content is neither a string nor a list of parts")
	}
	var b strings.Builder
	for _, p := range parts {
		if p.Type == "" || p.Type == "text" {
			b.WriteString(p.Text)
		}
	}
	return b.String(), nil
}

// jsonRow is a row of a JSON Lines file with conversations.
type jsonRow struct {
	ID            json.RawMessage `json:"id"`
	QuestionID    json.RawMessage `json:"question_id"`
	ModelA        string          `json:"model_a"`
	ModelB        string          `json:"model_b"`
	Winner        string          `json:"winner"`
	ConversationA []jsonMessage   `json:"conversation_a"`
	ConversationB []jsonMessage   `json:"conversation_b"`
	Language      string          `json:"language"`
	Tstamp        *float64        `json:"tstamp"`
	Timestamp     json.RawMessage `json:"timestamp"`
	JudgeHash     string          `json:"judge_hash"`
	Judge         string          `json:"judge"`
	CategoryTag   json.RawMessage `json:"category_tag"`
	IsCode        bool            `json:"is_code"`
	Reasons       []string        `json:"reasons"`
	Comment       string          `json:"comment"`
}

func rawID(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	return string(v) // a number
}

// pairTurns splits two conversations into turns: the user prompts (taken from side a)
// with each side's answer to them.
func pairTurns(a, b []Message) ([]arena.ExportTurn, error) {
	split := func(msgs []Message) (prompts, answers []string) {
		for _, m := range msgs {
			switch m.Role {
			case "user":
				prompts = append(prompts, m.Content)
				answers = append(answers, "")
			case "assistant":
				if len(answers) > 0 {
					answers[len(answers)-1] += m.Content
				}
			}
		}
		return prompts, answers
	}
	pa, aa := split(a)
	pb, ab := split(b)
	if len(pa) != len(pb) {
		return nil, fmt.Errorf("conversation_a has %d user messages, conversation_b %d", len(pa), len(pb))
	}
	turns := make([]arena.ExportTurn, len(pa))
	for i := range pa {
		turns[i] = arena.ExportTurn{Prompt: pa[i], AnswerA: aa[i], AnswerB: ab[i]}
	}
	return turns, nil
}

// tagsFromCategory reads this arena's flat category_tag, or LMArena's nested one.
func tagsFromCategory(raw json.RawMessage) []string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	return arenaTags(appendTrueKeys(nil, m))
}

func withLong(tags []string, turns []arena.ExportTurn, hasLong bool) []string {
	if hasLong || len(turns) == 0 || slices.Contains(tags, "long") {
		return tags
	}
	if utf8.RuneCountInString(strings.TrimSpace(turns[0].Prompt)) > 500 {
		tags = arenaTags(append(tags, "long"))
	}
	return tags
}

func (row *jsonRow) battle(ids contentIDs) (*arena.ImportedBattle, error) {
	o, err := ranking.ParseOutcome(row.Winner)
	if err != nil {
		return nil, &fieldError{"winner", err}
	}
	b := &arena.ImportedBattle{
		ExternalID: rawID(row.ID), ModelA: row.ModelA, ModelB: row.ModelB, Winner: outcomeWinner[o],
		Language: row.Language, Judge: row.JudgeHash, Reasons: row.Reasons, Comment: row.Comment,
	}
	if b.ModelA == "" {
		return nil, &fieldError{"model_a", errMissing}
	}
	if b.ModelB == "" {
		return nil, &fieldError{"model_b", errMissing}
	}
	if b.ModelA == b.ModelB {
		return nil, &fieldError{"model_b", fmt.Errorf("is the same model as model_a (%q)", b.ModelA)}
	}
	if b.ExternalID == "" {
		b.ExternalID = rawID(row.QuestionID)
	}
	if b.Judge == "" {
		b.Judge = row.Judge
	}
	switch {
	case row.Tstamp != nil:
		b.VotedAt = secondsTime(*row.Tstamp)
	case len(row.Timestamp) > 0 && string(row.Timestamp) != "null":
		s := rawID(row.Timestamp)
		t, err := parseTime(s)
		if err != nil {
			return nil, &fieldError{"timestamp", err}
		}
		b.VotedAt = secondsTime(t)
	}
	conv := func(field string, msgs []jsonMessage) ([]Message, error) {
		out := make([]Message, len(msgs))
		for i := range msgs {
			t, err := msgs[i].text()
			if err != nil {
				return nil, &fieldError{field, err}
			}
			out[i] = Message{Role: msgs[i].Role, Content: t}
		}
		return out, nil
	}
	ca, err := conv("conversation_a", row.ConversationA)
	if err != nil {
		return nil, err
	}
	cb, err := conv("conversation_b", row.ConversationB)
	if err != nil {
		return nil, err
	}
	if b.Turns, err = pairTurns(ca, cb); err != nil {
		return nil, &fieldError{"conversation_b", err}
	}
	tags := tagsFromCategory(row.CategoryTag)
	if row.IsCode && !slices.Contains(tags, "code") {
		tags = arenaTags(append(tags, "code"))
	}
	b.Category = withLong(tags, b.Turns, bytes.Contains(row.CategoryTag, []byte(`"long"`)))
	if b.ExternalID == "" {
		var parts []string
		parts = append(parts, b.ModelA, b.ModelB, string(b.Winner), strconv.FormatInt(b.VotedAt.UnixMilli(), 10))
		for _, t := range b.Turns {
			parts = append(parts, t.Prompt, t.AnswerA, t.AnswerB)
		}
		b.ExternalID = ids.id(parts...)
	}
	return b, nil
}

func importConvJSONL(ctx context.Context, sink ImportSink, br *bufio.Reader, name string, opt ImportOptions) (int64, error) {
	ids := contentIDs{}
	var n, line int64
	for {
		l, err := br.ReadBytes('\n')
		if len(l) > 0 {
			line++
			if t := bytes.TrimSpace(l); len(t) > 0 {
				var row jsonRow
				if err := json.Unmarshal(t, &row); err != nil {
					return n, &RecordError{File: name, Line: line, Err: jsonErr(err)}
				}
				b, err := row.battle(ids)
				if err != nil {
					return n, &RecordError{File: name, Line: line, Err: err}
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
		if err == io.EOF {
			return n, nil
		} else if err != nil {
			return n, fmt.Errorf("%s: %w", name, err)
		}
	}
}

func jsonErr(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("invalid JSON at byte %d: %v", se.Offset, se)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("field %q: want %s, got JSON %s", te.Field, te.Type, te.Value)
	}
	return fmt.Errorf("invalid JSON: %v", err)
}

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
	if t := get("tstamp"); t != "" {
		v, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return nil, &fieldError{"tstamp", fmt.Errorf("%q is not a number", t)}
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
	for i, p := range prompts {
		t := arena.ExportTurn{Prompt: p}
		if i < len(ra) {
			t.AnswerA = ra[i]
		}
		if i < len(rb) {
			t.AnswerB = rb[i]
		}
		b.Turns = append(b.Turns, t)
	}
	var tags []string
	if isTrue(get("is_code")) {
		tags = append(tags, "code")
	}
	b.Category = withLong(tags, b.Turns, false)
	if b.ExternalID == "" {
		parts := []string{b.ModelA, b.ModelB, string(b.Winner), get("prompt"), get("response_a"), get("response_b")}
		b.ExternalID = ids.id(parts...)
	}
	return b, nil
}

// parquetRow is the subset of columns a Parquet import reads; columns missing from a
// file read as zero values.
type parquetRow struct {
	ID            string      `parquet:"id,optional"`
	QuestionID    string      `parquet:"question_id,optional"`
	ModelA        string      `parquet:"model_a"`
	ModelB        string      `parquet:"model_b"`
	Winner        string      `parquet:"winner"`
	ConversationA []Message   `parquet:"conversation_a,list"`
	ConversationB []Message   `parquet:"conversation_b,list"`
	Language      string      `parquet:"language,optional"`
	Tstamp        float64     `parquet:"tstamp,optional"`
	JudgeHash     string      `parquet:"judge_hash,optional"`
	CategoryTag   CategoryTag `parquet:"category_tag"`
	IsCode        bool        `parquet:"is_code,optional"`
	Reasons       []string    `parquet:"reasons,list"`
	Comment       string      `parquet:"comment,optional"`
}

func importParquet(ctx context.Context, sink ImportSink, path string, opt ImportOptions) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		return 0, fmt.Errorf("%s: not a readable Parquet file: %w", path, err)
	}
	for _, c := range []string{"model_a", "model_b", "winner", "conversation_a", "conversation_b"} {
		if _, ok := pf.Schema().Lookup(c); !ok {
			if c == "model_a" || c == "model_b" || c == "winner" {
				return 0, fmt.Errorf("%s: the Parquet file has no %s column", path, c)
			}
		}
	}
	r := parquet.NewGenericReader[parquetRow](pf)
	defer r.Close()
	ids := contentIDs{}
	buf := make([]parquetRow, 256)
	var n int64
	for {
		k, err := r.Read(buf)
		for i := range k {
			row := &buf[i]
			jr := jsonRow{ModelA: row.ModelA, ModelB: row.ModelB, Winner: row.Winner, Language: row.Language,
				JudgeHash: row.JudgeHash, IsCode: row.IsCode, Reasons: row.Reasons, Comment: row.Comment}
			id := row.ID
			if id == "" {
				id = row.QuestionID
			}
			if id != "" {
				jr.ID, _ = json.Marshal(id)
			}
			if row.Tstamp != 0 {
				jr.Tstamp = &row.Tstamp
			}
			for _, m := range row.ConversationA {
				c, _ := json.Marshal(m.Content)
				jr.ConversationA = append(jr.ConversationA, jsonMessage{Role: m.Role, Content: c})
			}
			for _, m := range row.ConversationB {
				c, _ := json.Marshal(m.Content)
				jr.ConversationB = append(jr.ConversationB, jsonMessage{Role: m.Role, Content: c})
			}
			jr.CategoryTag, _ = json.Marshal(row.CategoryTag)
			b, err := jr.battle(ids)
			if err != nil {
				return n, &RecordError{File: path, Index: n + 1, Err: err}
			}
			if err := sink.Add(ctx, b); err != nil {
				return n, fmt.Errorf("%s: row %d: %w", path, n+1, err)
			}
			n++
		}
		if opt.Progress != nil {
			opt.Progress(n)
		}
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("%s: %w", path, err)
		}
		if err := ctx.Err(); err != nil {
			return n, err
		}
	}
}
