package dataset

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/ranking"
)

// jsonMessage is a conversation message whose content is a string, or (140k) a list of
// parts {type, text}; this arena's exports give an answer's reasoning beside it.
type jsonMessage struct {
	Role             string          `json:"role"`
	Content          json.RawMessage `json:"content"`
	Reasoning        string          `json:"reasoning"`
	FinishReason     string          `json:"finish_reason"`
	CompletionTokens int64           `json:"completion_tokens"`
}

// text is the message's text: its content, or (140k) its text parts joined by newlines;
// other parts (images) are left out and counted.
func (m *jsonMessage) text() (text string, skipped int, err error) {
	c := bytes.TrimSpace(m.Content)
	if len(c) == 0 || string(c) == "null" {
		return "", 0, nil
	}
	if c[0] == '"' {
		var s string
		err := json.Unmarshal(c, &s)
		return s, 0, err
	}
	var parts []parquetPart
	if err := json.Unmarshal(c, &parts); err != nil {
		return "", 0, fmt.Errorf("content is neither a string nor a list of parts")
	}
	var b strings.Builder
	for _, p := range parts {
		if p.Type != "" && p.Type != "text" {
			skipped++
			continue
		}
		if b.Len() > 0 && p.Text != "" {
			b.WriteByte('\n')
		}
		b.WriteString(p.Text)
	}
	return b.String(), skipped, nil
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
	ConvMetadata  json.RawMessage `json:"conv_metadata"`
	IsCode        bool            `json:"is_code"`
	Reasons       []string        `json:"reasons"`
	Comment       string          `json:"comment"`
	// Raw: another file's source column need not be a string (see originalSource).
	Source json.RawMessage `json:"source"`

	skipped int // message parts left out: images
}

// rawID reads a JSON value given as an id or a name: a string's text, "" for null or
// nothing, and any other value (an id given as a number) as written.
func rawID(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return ""
	}
	// A string without escapes is its own text, and ids and judges almost always are:
	// encoding/json would cost a clean_battle import a decode per field and battle.
	if n := len(v); n >= 2 && v[0] == '"' && v[n-1] == '"' && bytes.IndexByte(v[1:n-1], '\\') < 0 && utf8.Valid(v[1:n-1]) {
		return string(v[1 : n-1])
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	return string(v) // a number
}

// pairTurns splits two conversations into turns: the user prompts (taken from side a)
// with each side's answer to them, and its reasoning, finish reason and tokens.
func pairTurns(a, b []Message) ([]arena.ExportTurn, error) {
	split := func(msgs []Message) (prompts []string, answers []Message) {
		for _, m := range msgs {
			switch m.Role {
			case "user":
				prompts = append(prompts, m.Content)
				answers = append(answers, Message{})
			case "assistant":
				if len(answers) > 0 {
					ans := &answers[len(answers)-1]
					ans.Content += m.Content
					ans.Reasoning += m.Reasoning
					ans.FinishReason = cmp.Or(m.FinishReason, ans.FinishReason)
					ans.CompletionTokens += m.CompletionTokens
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
		turns[i] = arena.ExportTurn{Prompt: pa[i], AnswerA: aa[i].Content, AnswerB: ab[i].Content,
			ReasoningA: aa[i].Reasoning, ReasoningB: ab[i].Reasoning, FinishA: aa[i].FinishReason, FinishB: ab[i].FinishReason,
			TokensA: int(aa[i].CompletionTokens), TokensB: int(ab[i].CompletionTokens)}
	}
	return turns, nil
}

// givenMetadata is a file's conv_metadata in the export's shape, as JSON, or "" when the
// file has none the export could give as is: missing, null, or in another shape (counts
// as bare numbers), whose exports then count the answers themselves. The 100k dataset
// publishes it as a JSON object encoded in a string.
func givenMetadata(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return ""
		}
		raw = []byte(s)
	}
	if len(raw) == 0 || raw[0] != '{' {
		return ""
	}
	var keys map[string]json.RawMessage
	var m ConvMetadata
	if json.Unmarshal(raw, &keys) != nil || json.Unmarshal(raw, &m) != nil {
		return ""
	}
	for _, k := range []string{"sum_assistant_a_tokens", "sum_assistant_b_tokens", "header_count_a", "header_count_b",
		"list_count_a", "list_count_b", "bold_count_a", "bold_count_b"} {
		if _, ok := keys[k]; !ok {
			return ""
		}
	}
	out, _ := json.Marshal(m)
	return string(out)
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
	return arenaTags(appendCategoryTags(nil, m))
}

// lmarenaFromCategory reads the v0.1 verdicts of a file's category_tag (140k's,
// 100k's or this arena's), nil when it has none. A verdict the file lacks reads as
// false (100k has no creative_writing_v0.1), a null score (LMArena's judge gave none)
// as 0, or for creative writing as the verdict in words; a verdict of the wrong shape
// is an error saying which and what it should be.
func lmarenaFromCategory(raw json.RawMessage) (*arena.LMArenaTags, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, nil
	}
	var v map[string]json.RawMessage
	if json.Unmarshal(raw, &v) != nil {
		return nil, nil // not an object: tagsFromCategory reads what it can of it
	}
	var t arena.LMArenaTags
	var ifv struct {
		IF    bool   `json:"if"`
		Score *int64 `json:"score"`
	}
	var cw struct {
		CreativeWriting bool    `json:"creative_writing"`
		Score           *string `json:"score"`
	}
	found := map[string]bool{}
	for _, k := range []struct {
		key, want string
		into      any
	}{
		{"criteria_v0.1", "an object of true or false flags", &t.Criteria},
		{"if_v0.1", `{"if": true or false, "score": 0 to 5}`, &ifv},
		{"math_v0.1", `{"math": true or false}`, &t.Math},
		{"creative_writing_v0.1", `{"creative_writing": true or false, "score": "yes" or "no"}`, &cw},
	} {
		r, ok := v[k.key]
		if !ok || string(r) == "null" {
			continue
		}
		if err := json.Unmarshal(r, k.into); err != nil {
			return nil, &fieldError{"category_tag", fmt.Errorf("%s: want %s", k.key, k.want)}
		}
		found[k.key] = true
	}
	if len(found) == 0 {
		return nil, nil
	}
	t.IF.IF = ifv.IF
	if ifv.Score != nil {
		if *ifv.Score < 0 || *ifv.Score > 5 {
			return nil, &fieldError{"category_tag", fmt.Errorf("if_v0.1: score %d: want 0 to 5", *ifv.Score)}
		}
		t.IF.Score = *ifv.Score
	}
	t.CreativeWriting.CreativeWriting = cw.CreativeWriting
	switch {
	case cw.Score != nil:
		t.CreativeWriting.Score = *cw.Score
	case found["creative_writing_v0.1"]:
		t.CreativeWriting.Score = map[bool]string{true: "yes", false: "no"}[cw.CreativeWriting]
	}
	return &t, nil
}

// battle is the row as an imported battle, with the number of message parts (images)
// it left out.
func (row *jsonRow) battle(ids contentIDs) (*arena.ImportedBattle, int, error) {
	b, err := row.battleParts(ids)
	return b, row.skipped, err
}

func (row *jsonRow) battleParts(ids contentIDs) (*arena.ImportedBattle, error) {
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
	if err := checkModelNames(b.ModelA, b.ModelB); err != nil {
		return nil, err
	}
	if b.ExternalID == "" {
		b.ExternalID = rawID(row.QuestionID)
	}
	if b.Judge == "" {
		b.Judge = row.Judge
	}
	if b.Source, err = originalSource(rawID(row.Source)); err != nil {
		return nil, err
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
			t, skipped, err := msgs[i].text()
			if err != nil {
				return nil, &fieldError{field, err}
			}
			row.skipped += skipped
			m := &msgs[i]
			out[i] = Message{Role: m.Role, Content: t, Reasoning: m.Reasoning, FinishReason: m.FinishReason, CompletionTokens: m.CompletionTokens}
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
	b.ConvMetadata = givenMetadata(row.ConvMetadata)
	if b.LMArena, err = lmarenaFromCategory(row.CategoryTag); err != nil {
		return nil, err
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

func importConvJSONL(ctx context.Context, sink ImportSink, br *bufio.Reader, name string, opt ImportOptions) (_ int64, err error) {
	ids := contentIDs{}
	var n, line, images int64
	defer func() {
		if err == nil {
			opt.noteImages(images)
		}
	}()
	for {
		l, err := br.ReadBytes('\n')
		if err != nil && err != io.EOF {
			// A damaged file: its partial last line is not the problem.
			return n, &RecordError{File: name, Line: line + 1, Err: err}
		}
		if len(l) > 0 {
			line++
			if t := bytes.TrimSpace(l); len(t) > 0 {
				var row jsonRow
				if err := json.Unmarshal(t, &row); err != nil {
					return n, &RecordError{File: name, Line: line, Err: jsonErr(err)}
				}
				b, skipped, err := row.battle(ids)
				if err != nil {
					return n, &RecordError{File: name, Line: line, Err: err}
				}
				images += int64(skipped)
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
