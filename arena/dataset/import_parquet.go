package dataset

import (
	"context"
	"encoding/json"
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
