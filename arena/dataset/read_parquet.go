package dataset

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/arena-dev/arena/arena"
	"github.com/parquet-go/parquet-go"
)

// Parquet battle files come in two shapes, told apart by their schema: a message's
// content is a string (arena-human-preference-100k, this arena's exports), or a list
// of typed parts (arena-human-preference-140k: {type, text, image, mimeType}), whose
// text parts are joined and whose other parts (images) are counted and left out.

// partsMessage is a 140k message: its content is a list of parts. This arena's
// exports in that form give an answer's reasoning beside it.
type partsMessage struct {
	Role             string        `parquet:"role,optional"`
	Content          []parquetPart `parquet:"content,list"`
	Reasoning        string        `parquet:"reasoning,optional"`
	FinishReason     string        `parquet:"finish_reason,optional"`
	CompletionTokens int64         `parquet:"completion_tokens,optional"`
}

// parquetPart is one part of a 140k message. Only what the import keeps is read: the
// image itself (and its mimeType) stays in the file.
type parquetPart struct {
	Type string `parquet:"type,optional" json:"type"`
	Text string `parquet:"text,optional" json:"text"`
}

// parquetRowOf is the subset of columns a Parquet file is read for, with messages of
// type M (Message or partsMessage) and conv_metadata of type C (a *ConvMetadata group,
// or a string of JSON); columns missing from a file read as zero values.
type parquetRowOf[M, C any] struct {
	ID            string      `parquet:"id,optional"`
	QuestionID    string      `parquet:"question_id,optional"`
	ModelA        string      `parquet:"model_a"`
	ModelB        string      `parquet:"model_b"`
	Winner        string      `parquet:"winner"`
	ConversationA []M         `parquet:"conversation_a,list"`
	ConversationB []M         `parquet:"conversation_b,list"`
	Language      string      `parquet:"language,optional"`
	Tstamp        float64     `parquet:"tstamp,optional"`
	Timestamp     int64       `parquet:"timestamp,optional"` // 140k: a TIMESTAMP, in its own unit
	JudgeHash     string      `parquet:"judge_hash,optional"`
	CategoryTag   CategoryTag `parquet:"category_tag"` // this arena's, LMArena's or both; absent columns read false
	ConvMetadata  C           `parquet:"conv_metadata,optional"`
	IsCode        bool        `parquet:"is_code,optional"`
	Reasons       []string    `parquet:"reasons,list"`
	Comment       string      `parquet:"comment,optional"`
	Source        string      `parquet:"source,optional"` // not in files exported before it
}

// parquetRow is the row of a Parquet file with string contents, as this arena exports.
type parquetRow = parquetRowOf[Message, *ConvMetadata]

// parquetBattle is one row of a Parquet file, whatever its shape, as the JSON Lines
// readers take it: a 140k message's parts are joined, and counted, in one place
// (jsonMessage.text), and conv_metadata is read in one place (givenMetadata).
type parquetBattle struct{ row jsonRow }

func groupMetadata(m *ConvMetadata) json.RawMessage {
	if m == nil {
		return nil
	}
	b, _ := json.Marshal(m)
	return b
}

func stringMetadata(s string) json.RawMessage { return json.RawMessage(s) }

func messageOf(m Message) jsonMessage {
	c, _ := json.Marshal(m.Content)
	return jsonMessage{Role: m.Role, Content: c, Reasoning: m.Reasoning, FinishReason: m.FinishReason, CompletionTokens: m.CompletionTokens}
}

func partsMessageOf(m partsMessage) jsonMessage {
	c, _ := json.Marshal(m.Content)
	return jsonMessage{Role: m.Role, Content: c, Reasoning: m.Reasoning, FinishReason: m.FinishReason, CompletionTokens: m.CompletionTokens}
}

func (r *parquetRowOf[M, C]) battle(conv func(M) jsonMessage, meta func(C) json.RawMessage) parquetBattle {
	var b parquetBattle
	jr := &b.row
	jr.ConvMetadata = meta(r.ConvMetadata)
	jr.ModelA, jr.ModelB, jr.Winner, jr.Language = r.ModelA, r.ModelB, r.Winner, r.Language
	jr.JudgeHash, jr.IsCode, jr.Reasons, jr.Comment = r.JudgeHash, r.IsCode, r.Reasons, r.Comment
	id := r.ID
	if id == "" {
		id = r.QuestionID
	}
	if id != "" {
		jr.ID, _ = json.Marshal(id)
	}
	switch {
	case r.Tstamp != 0:
		t := r.Tstamp
		jr.Tstamp = &t
	case r.Timestamp != 0:
		jr.Timestamp, _ = json.Marshal(r.Timestamp)
	}
	if r.Source != "" {
		jr.Source, _ = json.Marshal(r.Source)
	}
	for _, m := range r.ConversationA {
		jr.ConversationA = append(jr.ConversationA, conv(m))
	}
	for _, m := range r.ConversationB {
		jr.ConversationB = append(jr.ConversationB, conv(m))
	}
	// A file without 140k's v0.1 columns (this arena's exports before them) reads them
	// as zeros: they are left out, as from a JSON Lines file that had none.
	ct := &r.CategoryTag
	jr.CategoryTag = appendCategoryTag(nil, ct, ct.LMArenaTags != (arena.LMArenaTags{}))
	return b
}

// contentIsParts reports whether the file's conversation_a messages hold their content
// as a list of parts (140k) rather than a string.
func contentIsParts(s *parquet.Schema) bool {
	for _, path := range [][]string{
		{"conversation_a", "list", "element", "content"}, {"conversation_a", "list", "item", "content"},
		{"conversation_a", "bag", "array_element", "content"}, {"conversation_a", "content"},
	} {
		if n := lookupNode(s, path); n != nil {
			return !n.Leaf()
		}
	}
	return false
}

func lookupNode(n parquet.Node, path []string) parquet.Node {
	for _, name := range path {
		var next parquet.Node
		for _, f := range n.Fields() {
			if f.Name() == name {
				next = f
				break
			}
		}
		if next == nil {
			return nil
		}
		n = next
	}
	return n
}

// readParquet calls fn for each row of the Parquet file at path, in order, with its
// row number (1-based). A file that is not Parquet, whose footer cannot be right, or
// that lacks model_a, model_b or winner is an error naming it.
func readParquet(ctx context.Context, path string, fn func(row int64, b *parquetBattle) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Size() == 0 {
		return emptyFile(path)
	}
	if err := checkParquetFooter(f, st.Size()); err != nil {
		return fmt.Errorf("%s: not a readable Parquet file: %w", path, err)
	}
	var pf *parquet.File
	var missing string
	err = parquetCall(func() error {
		// The page index is for seeking, and every row is read: skipping it spares
		// allocating the index lengths the metadata claims.
		pf, err = parquet.OpenFile(f, st.Size(), parquet.SkipPageIndex(true))
		if err != nil {
			return err
		}
		for _, c := range []string{"model_a", "model_b", "winner"} {
			if _, ok := pf.Schema().Lookup(c); !ok {
				missing = c
				return nil
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: not a readable Parquet file: %w", path, err)
	}
	if missing != "" {
		return fmt.Errorf("%s: the Parquet file has no %s column", path, missing)
	}
	if pf.NumRows() == 0 {
		return fmt.Errorf("%s: the Parquet file has no rows: it holds no battles", path)
	}
	metaString := false
	if n := lookupNode(pf.Schema(), []string{"conv_metadata"}); n != nil {
		metaString = n.Leaf()
	}
	switch parts := contentIsParts(pf.Schema()); {
	case parts && metaString:
		return readParquetRows(ctx, pf, path, partsMessageOf, stringMetadata, fn)
	case parts:
		return readParquetRows(ctx, pf, path, partsMessageOf, groupMetadata, fn)
	case metaString:
		return readParquetRows(ctx, pf, path, messageOf, stringMetadata, fn)
	}
	return readParquetRows(ctx, pf, path, messageOf, groupMetadata, fn)
}

func readParquetRows[M, C any](ctx context.Context, pf *parquet.File, path string, conv func(M) jsonMessage, meta func(C) json.RawMessage,
	fn func(int64, *parquetBattle) error) error {
	var r *parquet.GenericReader[parquetRowOf[M, C]]
	if err := parquetCall(func() error {
		r = parquet.NewGenericReader[parquetRowOf[M, C]](pf)
		return nil
	}); err != nil {
		return fmt.Errorf("%s: not a readable Parquet file: %w", path, err)
	}
	defer parquetCall(r.Close)
	buf := make([]parquetRowOf[M, C], 256)
	var n int64
	for {
		var k int
		err := parquetCall(func() (err error) {
			k, err = r.Read(buf)
			return err
		})
		for i := range k {
			n++
			b := buf[i].battle(conv, meta)
			if err := fn(n, &b); err != nil {
				return err
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: row %d: %w", path, n+1, err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// jsonLine is the row as a line of a battle log, with the columns a ranking reads.
func (b *parquetBattle) jsonLine() []byte {
	r := &b.row
	line := struct {
		ModelA       string          `json:"model_a"`
		ModelB       string          `json:"model_b"`
		Winner       string          `json:"winner"`
		Tstamp       *float64        `json:"tstamp,omitempty"`
		Timestamp    json.RawMessage `json:"timestamp,omitempty"`
		Language     string          `json:"language,omitempty"`
		IsCode       bool            `json:"is_code"`
		CategoryTag  json.RawMessage `json:"category_tag,omitempty"`
		ConvMetadata json.RawMessage `json:"conv_metadata,omitempty"`
		// The user turns alone: the prompt key --dedup compares (answers are not read).
		ConversationA []jsonMessage `json:"conversation_a,omitempty"`
	}{r.ModelA, r.ModelB, r.Winner, r.Tstamp, r.Timestamp, r.Language, r.IsCode, r.CategoryTag, nil, nil}
	for _, m := range r.ConversationA {
		if m.Role == "user" {
			line.ConversationA = append(line.ConversationA, jsonMessage{Role: m.Role, Content: m.Content})
		}
	}
	if m := givenMetadata(r.ConvMetadata); m != "" {
		line.ConvMetadata = json.RawMessage(m)
	}
	out, _ := json.Marshal(line)
	return append(out, '\n')
}

// parquetLog serves the Parquet file at path to the battle log readers as JSON Lines,
// one line a row, so its battles are read by the same rules as a JSON Lines file's
// (tags, style from conv_metadata, times).
func parquetLog(ctx context.Context, path string) io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		err := readParquet(ctx, path, func(_ int64, b *parquetBattle) error {
			_, err := pw.Write(b.jsonLine())
			return err
		})
		if err != nil {
			err = &parquetError{err}
		}
		pw.CloseWithError(err)
	}()
	return pr
}

// parquetError is the Parquet reader's error, which names the file and row itself, as
// the battle log reader passes it on.
type parquetError struct{ err error }

func (e *parquetError) Error() string { return e.err.Error() }
func (e *parquetError) Unwrap() error { return e.err }

// readParquetLog reads a Parquet file's battles with read (see parquetLog): a line of
// the log is a row of the file, and the Parquet reader's errors are its own.
func readParquetLog(ctx context.Context, path string, read func(r io.Reader) (Stats, error)) (Stats, error) {
	r := parquetLog(ctx, path)
	defer r.Close()
	st, err := read(r)
	var pe *parquetError
	var re *RecordError
	switch {
	case errors.As(err, &pe):
		return st, pe.err
	case errors.As(err, &re) && re.Line > 0:
		re.Row, re.Line = re.Line, 0
	}
	for _, e := range st.Errors {
		if errors.As(e, &re) && re.Line > 0 {
			re.Row, re.Line = re.Line, 0
		}
	}
	return st, err
}
