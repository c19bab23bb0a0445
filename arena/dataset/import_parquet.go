package dataset

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/parquet-go/parquet-go"
)

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
	Source        string      `parquet:"source,optional"` // not in files exported before it
}

// maxParquetFooter bounds a Parquet file's footer (its schema and the description of
// each row group), which parquet-go allocates whole from the length the file states.
// This arena's exports have footers of a few KB per row group; LMArena's largest
// files have well under a megabyte.
const maxParquetFooter = 64 << 20

// checkParquetFooter refuses a file whose footer length, in its last 8 bytes (a
// little-endian length and "PAR1"), cannot be right: longer than what the file holds
// besides the magic bytes, or than maxParquetFooter. parquet-go would allocate it
// first, so a 112-byte file could make it take 2 GiB.
func checkParquetFooter(f *os.File, size int64) error {
	if size < 12 {
		return fmt.Errorf("%d bytes are too few for a Parquet file", size)
	}
	var tail [8]byte
	if _, err := f.ReadAt(tail[:], size-8); err != nil {
		return err
	}
	if string(tail[4:]) != "PAR1" {
		return errors.New(`it does not end with "PAR1": truncated, or not Parquet`)
	}
	n := int64(binary.LittleEndian.Uint32(tail[:4]))
	if n > size-12 {
		return fmt.Errorf("its footer claims %d bytes, more than the file's %d bytes hold", n, size)
	}
	if n > maxParquetFooter {
		return fmt.Errorf("its footer claims %d bytes, more than the %d a Parquet import accepts", n, maxParquetFooter)
	}
	return nil
}

// parquetCall runs a call into parquet-go, turning a panic into an error: the library
// indexes slices with numbers from the file, and crafted metadata made it panic with a
// stack trace (in ReadPageIndex, and reading rows of a column whose declared repetition
// does not match its pages). Our own code runs outside it, so its bugs still panic.
func parquetCall(call func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the Parquet reader failed on its metadata (%v)", r)
		}
	}()
	return call()
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
	if err := checkParquetFooter(f, st.Size()); err != nil {
		return 0, fmt.Errorf("%s: not a readable Parquet file: %w", path, err)
	}
	var pf *parquet.File
	var r *parquet.GenericReader[parquetRow]
	var missing string
	err = parquetCall(func() error {
		// The page index is for seeking, and an import reads every row: skipping it
		// spares allocating the index lengths the metadata claims.
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
		r = parquet.NewGenericReader[parquetRow](pf)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("%s: not a readable Parquet file: %w", path, err)
	}
	if missing != "" {
		return 0, fmt.Errorf("%s: the Parquet file has no %s column", path, missing)
	}
	defer parquetCall(r.Close)
	ids := contentIDs{}
	buf := make([]parquetRow, 256)
	var n int64
	for {
		var k int
		err := parquetCall(func() (err error) {
			k, err = r.Read(buf)
			return err
		})
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
			if row.Source != "" {
				jr.Source, _ = json.Marshal(row.Source)
			}
			for _, m := range row.ConversationA {
				c, _ := json.Marshal(m.Content)
				jr.ConversationA = append(jr.ConversationA, jsonMessage{Role: m.Role, Content: c,
					Reasoning: m.Reasoning, FinishReason: m.FinishReason, CompletionTokens: m.CompletionTokens})
			}
			for _, m := range row.ConversationB {
				c, _ := json.Marshal(m.Content)
				jr.ConversationB = append(jr.ConversationB, jsonMessage{Role: m.Role, Content: c,
					Reasoning: m.Reasoning, FinishReason: m.FinishReason, CompletionTokens: m.CompletionTokens})
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
