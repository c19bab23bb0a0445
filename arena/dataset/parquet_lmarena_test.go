package dataset

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
	"github.com/arena-dev/arena/ranking"
	"github.com/parquet-go/parquet-go"
)

// The shape of lmarena-ai/arena-human-preference-140k's Parquet files: a message's
// content is a list of typed parts, conv_metadata and category_tag are nested structs,
// and the vote time is a timestamp column. These types are the test's own, apart
// from the reader's.
type lm140kPart struct {
	Type     string  `parquet:"type"`
	Text     *string `parquet:"text,optional"`
	Image    *string `parquet:"image,optional"`
	MimeType *string `parquet:"mimeType,optional"`
}

type lm140kMessage struct {
	Role    string       `parquet:"role"`
	Content []lm140kPart `parquet:"content,list"`
}

type lm140kTurn struct {
	User       lm140kMessage `parquet:"user"`
	ModelSideA lm140kMessage `parquet:"model_side_a"`
	ModelSideB lm140kMessage `parquet:"model_side_b"`
}

type lmHeaders struct {
	H1 int64 `parquet:"h1"`
	H2 int64 `parquet:"h2"`
	H3 int64 `parquet:"h3"`
	H4 int64 `parquet:"h4"`
	H5 int64 `parquet:"h5"`
	H6 int64 `parquet:"h6"`
}

type lmLists struct {
	Ordered   int64 `parquet:"ordered"`
	Unordered int64 `parquet:"unordered"`
}
type lmBold struct {
	Stars       int64 `parquet:"**"`
	Underscores int64 `parquet:"__"`
}

type lm140kMeta struct {
	SumAssistantATokens int64     `parquet:"sum_assistant_a_tokens"`
	HeaderCountA        lmHeaders `parquet:"header_count_a"`
	ListCountA          lmLists   `parquet:"list_count_a"`
	BoldCountA          lmBold    `parquet:"bold_count_a"`
	SumAssistantBTokens int64     `parquet:"sum_assistant_b_tokens"`
	HeaderCountB        lmHeaders `parquet:"header_count_b"`
	ListCountB          lmLists   `parquet:"list_count_b"`
	BoldCountB          lmBold    `parquet:"bold_count_b"`
	SumUserTokens       int64     `parquet:"sum_user_tokens"`
	Turns               int64     `parquet:"turns"`
}

type lm140kCategory struct {
	Criteria struct {
		Complexity        bool `parquet:"complexity"`
		Creativity        bool `parquet:"creativity"`
		DomainKnowledge   bool `parquet:"domain_knowledge"`
		ProblemSolving    bool `parquet:"problem_solving"`
		RealWorld         bool `parquet:"real_world"`
		Specificity       bool `parquet:"specificity"`
		TechnicalAccuracy bool `parquet:"technical_accuracy"`
	} `parquet:"criteria_v0.1"`
	If struct {
		If    bool  `parquet:"if"`
		Score int64 `parquet:"score"`
	} `parquet:"if_v0.1"`
	Math struct {
		Math bool `parquet:"math"`
	} `parquet:"math_v0.1"`
	CreativeWriting struct {
		CreativeWriting bool   `parquet:"creative_writing"`
		Score           string `parquet:"score"`
	} `parquet:"creative_writing_v0.1"`
}

type lm140kRow struct {
	ID                  string          `parquet:"id"`
	ModelA              string          `parquet:"model_a"`
	ModelB              string          `parquet:"model_b"`
	Winner              string          `parquet:"winner"`
	EvaluationSessionID string          `parquet:"evaluation_session_id"`
	EvaluationOrder     int32           `parquet:"evaluation_order"`
	ConversationA       []lm140kMessage `parquet:"conversation_a,list"`
	ConversationB       []lm140kMessage `parquet:"conversation_b,list"`
	FullConversation    []lm140kTurn    `parquet:"full_conversation,list"`
	ConvMetadata        lm140kMeta      `parquet:"conv_metadata"`
	CategoryTag         lm140kCategory  `parquet:"category_tag"`
	Language            string          `parquet:"language"`
	IsCode              bool            `parquet:"is_code"`
	Timestamp           time.Time       `parquet:"timestamp,timestamp(millisecond)"`
}

func str(s string) *string { return &s }

func textPart(s string) lm140kPart { return lm140kPart{Type: "text", Text: str(s)} }

func writeParquetFile[T any](t *testing.T, name string, rows []T) string {
	t.Helper()
	var buf bytes.Buffer
	if err := parquet.Write(&buf, rows); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

var when140k = time.Date(2025, 5, 29, 14, 48, 41, 602e6, time.UTC)

func lm140kFixture(t *testing.T) string {
	user := lm140kMessage{Role: "user", Content: []lm140kPart{
		textPart("What is in this picture?"),
		{Type: "image", Image: str("https://example.org/cat.png"), MimeType: str("image/png")},
		textPart("Answer in one line."),
	}}
	a := lm140kMessage{Role: "assistant", Content: []lm140kPart{textPart("A cat asleep on a keyboard.")}}
	b := lm140kMessage{Role: "assistant", Content: []lm140kPart{textPart("## A cat\n\n- asleep\n- on a **keyboard**")}}
	row := lm140kRow{
		ID: "0196f6e5-2e5c-7c1b-9a8e-3f0d3b7c1a01", ModelA: "gemini-2.5-pro", ModelB: "claude-opus-4-20250514", Winner: "model_b",
		EvaluationSessionID: "0196f6e5-2e5c-7c1b-9a8e-3f0d3b7c1a00", EvaluationOrder: 1,
		ConversationA: []lm140kMessage{user, a}, ConversationB: []lm140kMessage{user, b},
		FullConversation: []lm140kTurn{{User: user, ModelSideA: a, ModelSideB: b}},
		ConvMetadata: lm140kMeta{SumAssistantATokens: 50, SumAssistantBTokens: 61, HeaderCountB: lmHeaders{H2: 1},
			ListCountB: lmLists{Unordered: 2}, BoldCountB: lmBold{Stars: 1}, SumUserTokens: 12, Turns: 1},
		Language: "en", Timestamp: when140k,
	}
	row.CategoryTag.Math.Math = true
	row.CategoryTag.CreativeWriting.Score = "no"
	c := &row.CategoryTag.Criteria
	c.Complexity, c.DomainKnowledge, c.ProblemSolving, c.RealWorld, c.Specificity, c.TechnicalAccuracy = true, true, true, true, true, true
	row.CategoryTag.If.If, row.CategoryTag.If.Score = true, 4
	second := row
	second.CategoryTag.Criteria.RealWorld = false
	second.CategoryTag.If.If, second.CategoryTag.If.Score = false, 2
	second.ID, second.Winner, second.EvaluationOrder = "0196f6e5-2e5c-7c1b-9a8e-3f0d3b7c1a02", "tie", 2
	second.ConversationA = []lm140kMessage{{Role: "user", Content: []lm140kPart{textPart("hi")}}, a}
	second.ConversationB = []lm140kMessage{{Role: "user", Content: []lm140kPart{textPart("hi")}}, b}
	second.CategoryTag.Math.Math = false
	second.CategoryTag.CreativeWriting.CreativeWriting = true
	return writeParquetFile(t, "arena-140k.parquet", []lm140kRow{row, second})
}

// arena-human-preference-140k Parquet imports, with its text parts joined and its image
// parts counted and left out, and ranks (it was "unknown battle file format").
func TestImport140kParquet(t *testing.T) {
	path := lm140kFixture(t)
	db := sqlitetest.Open(t)
	ctx := context.Background()
	im, err := db.BeginImport(ctx, "lmarena", path)
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	if _, err := ImportFile(ctx, im, path, nil, ImportOptions{Note: func(s string) { notes = append(notes, s) }}); err != nil {
		t.Fatal(err)
	}
	st, err := im.Close(ctx)
	if err != nil || st.Added != 2 {
		t.Fatalf("import: %+v %v", st, err)
	}
	// The first row's user message has an image, in both conversations.
	if len(notes) != 1 || !strings.HasPrefix(notes[0], "2 image parts left out") {
		t.Errorf("notes %q", notes)
	}
	out, _ := exportString(t, db, FormatNameJSONL, Filter{Internal: true}, ExportOptions{Content: arena.ContentString})
	rows := decodeJSONL(t, out)
	if len(rows) != 2 {
		t.Fatalf("rows: %s", out)
	}
	r := rows[0]
	conv := r["conversation_b"].([]any)
	if r["id"] != "0196f6e5-2e5c-7c1b-9a8e-3f0d3b7c1a01" || r["tstamp"] != 1748530121.602 || r["language"] != "en" ||
		conv[0].(map[string]any)["content"] != "What is in this picture?\nAnswer in one line." ||
		conv[1].(map[string]any)["content"] != "## A cat\n\n- asleep\n- on a **keyboard**" ||
		r["category_tag"].(map[string]any)["math"] != true {
		t.Errorf("row: %v", r)
	}
	if rows[1]["category_tag"].(map[string]any)["creative"] != true {
		t.Errorf("second row's category_tag: %v", rows[1]["category_tag"])
	}
	// 140k's verdicts are kept as the file gives them (the second row's score "no"
	// beside creative_writing true too), and give LMArena's categories: six criteria a
	// hard prompt, an instruction-following score of 4 "if".
	for i, want := range []map[string]any{
		{"hard": true, "if": true, "criteria_v0.1": map[string]any{"complexity": true, "creativity": false, "domain_knowledge": true,
			"problem_solving": true, "real_world": true, "specificity": true, "technical_accuracy": true},
			"if_v0.1": map[string]any{"if": true, "score": 4.0}, "creative_writing_v0.1": map[string]any{"creative_writing": false, "score": "no"}},
		{"hard": false, "if": false, "if_v0.1": map[string]any{"if": false, "score": 2.0},
			"creative_writing_v0.1": map[string]any{"creative_writing": true, "score": "no"}},
	} {
		ct := rows[i]["category_tag"].(map[string]any)
		for k, v := range want {
			if !reflect.DeepEqual(ct[k], v) {
				t.Errorf("row %d category_tag %s = %v, want %v", i, k, ct[k], v)
			}
		}
	}

	var battles []ranking.Battle
	if _, err := ReadFile(ctx, path, nil, ReadOptions{Style: true, Tags: true}, func(b ranking.Battle) error {
		battles = append(battles, b)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(battles) != 2 {
		t.Fatalf("rank read %d battles", len(battles))
	}
	b := battles[0]
	if b.ModelA != "gemini-2.5-pro" || b.Outcome != ranking.WinB || b.Time != 1748530121.602 || !b.HasStyle ||
		b.StyleA.Tokens != 50 || b.StyleB != (ranking.Style{Tokens: 61, Headers: 1, Lists: 2, Bold: 1}) ||
		!slices.Contains(b.Tags, "math") || !slices.Contains(b.Tags, "lang:en") {
		t.Errorf("battle %+v", b)
	}
	if battles[1].Outcome != ranking.Tie || !slices.Contains(battles[1].Tags, "creative_writing") {
		t.Errorf("second battle %+v", battles[1])
	}
}

// arena-human-preference-100k's Parquet shape: question_id, string contents, tstamp.
type lm100kMessage struct {
	Role    string `parquet:"role"`
	Content string `parquet:"content"`
}

type lm100kRow struct {
	QuestionID    string          `parquet:"question_id"`
	ModelA        string          `parquet:"model_a"`
	ModelB        string          `parquet:"model_b"`
	Winner        string          `parquet:"winner"`
	ConversationA []lm100kMessage `parquet:"conversation_a,list"`
	ConversationB []lm100kMessage `parquet:"conversation_b,list"`
	Turn          int64           `parquet:"turn"`
	Anony         bool            `parquet:"anony"`
	Language      string          `parquet:"language"`
	Tstamp        float64         `parquet:"tstamp"`
	ConvMetadata  lm140kMeta      `parquet:"conv_metadata"`
	IsCode        bool            `parquet:"is_code"`
	IsRefusal     bool            `parquet:"is_refusal"`
	DedupTag      struct {
		HighFreq  bool `parquet:"high_freq"`
		SampledIn bool `parquet:"sampled"`
	} `parquet:"dedup_tag"`
	JudgeHash string `parquet:"judge_hash"`
}

// 100k Parquet, with string contents, keeps importing and now ranks too.
func TestImport100kParquet(t *testing.T) {
	row := lm100kRow{QuestionID: "bd1a7a5b3f2c4e0e", ModelA: "gpt-4o-2024-05-13", ModelB: "llama-3-70b-instruct", Winner: "model_a",
		ConversationA: []lm100kMessage{{"user", "hi"}, {"assistant", "Hello! How can I help?"}},
		ConversationB: []lm100kMessage{{"user", "hi"}, {"assistant", "Hey."}},
		Turn:          1, Anony: true, Language: "English", Tstamp: 1719000000.25, JudgeHash: "3f1a",
		ConvMetadata: lm140kMeta{SumAssistantATokens: 7, SumAssistantBTokens: 2, SumUserTokens: 1, Turns: 1}}
	path := writeParquetFile(t, "arena-100k.parquet", []lm100kRow{row})
	db := sqlitetest.Open(t)
	if st, err := importPath(t, db, "lmarena", path); err != nil || st.Added != 1 {
		t.Fatalf("import: %+v %v", st, err)
	}
	out, _ := exportString(t, db, FormatNameJSONL, Filter{Internal: true}, ExportOptions{Content: arena.ContentString})
	if rows := decodeJSONL(t, out); len(rows) != 1 || rows[0]["id"] != "bd1a7a5b3f2c4e0e" || rows[0]["tstamp"] != 1719000000.25 ||
		rows[0]["conversation_a"].([]any)[1].(map[string]any)["content"] != "Hello! How can I help?" || rows[0]["judge_hash"] != "3f1a" {
		t.Errorf("rows: %s", out)
	}
	var battles []ranking.Battle
	if _, err := ReadFile(context.Background(), path, nil, ReadOptions{Style: true}, func(b ranking.Battle) error {
		battles = append(battles, b)
		return nil
	}); err != nil || len(battles) != 1 || battles[0].Time != 1719000000.25 || battles[0].StyleA.Tokens != 7 {
		t.Errorf("rank: %+v %v", battles, err)
	}
	if agg, _, err := ReadAggregate(context.Background(), path, nil, ReadOptions{}); err != nil || agg.Battles() != 1 {
		t.Errorf("rank from counts: %v", err)
	}
}

// A bad Parquet row stops rank and import with the file and row number.
func TestParquetBadRowNamesTheRow(t *testing.T) {
	rows := []lm100kRow{{QuestionID: "a", ModelA: "x", ModelB: "y", Winner: "model_a", Tstamp: 1719000000},
		{QuestionID: "b", ModelA: "x", ModelB: "y", Winner: "left", Tstamp: 1719000001}}
	path := writeParquetFile(t, "bad.parquet", rows)
	_, err := ReadFile(context.Background(), path, nil, ReadOptions{}, func(ranking.Battle) error { return nil })
	if err == nil || err.Error() != path+`: row 2: field "winner": "left" is not one of model_a, model_b, tie, both_bad` {
		t.Errorf("rank: %v", err)
	}
	db := sqlitetest.Open(t)
	_, err = importPath(t, db, "lmarena", path)
	if err == nil || err.Error() != path+`: row 2: field "winner": "left" is not one of model_a, model_b, tie, both_bad` {
		t.Errorf("import: %v", err)
	}
	if n, _ := db.CountExportRows(context.Background(), Filter{Internal: true}); n != 0 {
		t.Errorf("a failed import stored %d battles", n)
	}
}

// conv_metadata is kept as the source gave it, not recomputed from the text on export:
// the source counted tokens with its own tokenizer (50 became 8), context tokens too.
// The 140k fixture's counts are INT64 columns, as this arena's exports before 140k's
// INT32 were: they read into the INT32 fields.
func TestImportKeepsConvMetadata(t *testing.T) {
	jsonl := `{"id": "j1", "model_a": "a", "model_b": "b", "winner": "model_a", "tstamp": 1719000000, "conversation_a": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "Hello there."}], "conversation_b": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "Hey."}], "conv_metadata": {"sum_assistant_a_tokens": 50, "header_count_a": {"h1": 0, "h2": 0, "h3": 0, "h4": 0, "h5": 0, "h6": 0}, "list_count_a": {"ordered": 0, "unordered": 0}, "bold_count_a": {"**": 0, "__": 0}, "context_a_tokens": 9, "sum_assistant_b_tokens": 3, "header_count_b": {"h1": 1, "h2": 0, "h3": 0, "h4": 0, "h5": 0, "h6": 0}, "list_count_b": {"ordered": 2, "unordered": 0}, "bold_count_b": {"**": 0, "__": 4}, "context_b_tokens": 9, "sum_user_tokens": 9, "turns": 1}}` + "\n"
	for name, path := range map[string]string{"140k parquet": lm140kFixture(t), "jsonl": writeFile(t, "100k.jsonl", jsonl)} {
		t.Run(name, func(t *testing.T) {
			db := sqlitetest.Open(t)
			if _, err := importPath(t, db, "lmarena", path); err != nil {
				t.Fatal(err)
			}
			want := map[string]ConvMetadata{
				"0196f6e5-2e5c-7c1b-9a8e-3f0d3b7c1a01": {SumAssistantATokens: 50, SumAssistantBTokens: 61, HeaderCountB: HeaderCount{H2: 1},
					ListCountB: ListCount{Unordered: 2}, BoldCountB: BoldCount{Stars: 1}, SumUserTokens: 12, Turns: 1},
				"j1": {SumAssistantATokens: 50, SumAssistantBTokens: 3, HeaderCountB: HeaderCount{H1: 1}, ListCountB: ListCount{Ordered: 2},
					BoldCountB: BoldCount{Underscores: 4}, ContextATokens: 9, ContextBTokens: 9, SumUserTokens: 9, Turns: 1},
			}
			pq, _ := exportString(t, db, FormatNameParquet, Filter{Internal: true}, ExportOptions{Content: arena.ContentString})
			recs, err := parquet.Read[Record](strings.NewReader(pq), int64(len(pq)))
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				if w, ok := want[r.ID]; ok && r.ConvMetadata != w {
					t.Errorf("%s: conv_metadata %+v, the file gave %+v", r.ID, r.ConvMetadata, w)
				}
			}
			out, _ := exportString(t, db, FormatNameJSONL, Filter{Internal: true}, ExportOptions{Content: arena.ContentString})
			if !strings.Contains(out, `"sum_assistant_a_tokens":50,`) {
				t.Errorf("jsonl export recomputed conv_metadata: %s", out)
			}
		})
	}
}
