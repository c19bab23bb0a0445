package dataset

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
	"github.com/arena-dev/arena/arena/sqlstore"
	"github.com/arena-dev/arena/ranking"
	"github.com/parquet-go/parquet-go"
)

var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

type seedBattle struct {
	a, b    string
	turns   []arena.ExportTurn
	cats    []string
	w       arena.Winner
	voter   int // index into users
	reasons []string
	comment string
	at      time.Duration // the vote's time after t0; 0: i+1 seconds, i its index
	// tagged tags the battle as a new one is: by TagPrompt, v0.1 verdicts stored, not cats
	tagged bool
}

// seed drives voted battles through the store as the web layer does, one second apart
// from t0; it returns their ids and the voters' user ids.
func seed(t testing.TB, db *sqlstore.DB, battles []seedBattle) ([]string, []int64) {
	t.Helper()
	ctx := context.Background()
	models := map[string]*arena.Model{}
	var users []int64
	var ids []string
	for i, sb := range battles {
		for _, name := range []string{sb.a, sb.b} {
			if models[name] == nil {
				m := &arena.Model{Name: name, Provider: arena.ProviderOpenAI, Active: true}
				if strings.HasPrefix(name, "demo") {
					m.Provider = arena.ProviderDemo
				}
				if err := db.CreateModel(ctx, m); err != nil {
					t.Fatal(err)
				}
				models[name] = m
			}
		}
		for len(users) <= sb.voter {
			u, err := db.CreateGuest(ctx, t0)
			if err != nil {
				t.Fatal(err)
			}
			users = append(users, u.ID)
		}
		at := t0.Add(time.Duration(i+1) * time.Second)
		if sb.at != 0 {
			at = t0.Add(sb.at)
		}
		id := fmt.Sprintf("battle%03d", i)
		bt := &arena.Battle{ID: id, UserID: users[sb.voter], ModelA: *models[sb.a], ModelB: *models[sb.b], Status: arena.StatusStreaming,
			Turns: []arena.Turn{{Prompt: sb.turns[0].Prompt, Images: sb.turns[0].Images}}, Category: sb.cats, CreatedAt: at, UpdatedAt: at}
		if sb.tagged {
			tags := arena.TagPrompt(sb.turns[0].Prompt)
			bt.Category, bt.LMArena, bt.Tagger = tags.Categories, &tags.LMArena, arena.TaggerVersion
		}
		if err := db.CreateBattle(ctx, bt); err != nil {
			t.Fatal(err)
		}
		for k, tr := range sb.turns {
			if k > 0 {
				if err := db.AddTurn(ctx, id, k, tr.Prompt, tr.Images, at); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.FinishTurn(ctx, id, k,
				arena.Answer{Text: tr.AnswerA, Reasoning: tr.ReasoningA, FinishReason: tr.FinishA, CompletionTokens: tr.TokensA, Status: arena.AnswerDone, Images: tr.ImagesA},
				arena.Answer{Text: tr.AnswerB, Reasoning: tr.ReasoningB, FinishReason: tr.FinishB, CompletionTokens: tr.TokensB, Status: arena.AnswerDone, Images: tr.ImagesB},
				arena.StatusReady, at); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.RecordVote(ctx, arena.VoteRecord{Vote: &arena.Vote{BattleID: id, UserID: users[sb.voter], Winner: sb.w, Reasons: sb.reasons,
			Comment: sb.comment, Points: 10, CreatedAt: at}, Quality: arena.DefaultVoteQuality()}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids, users
}

const answerMD = "# Title\n\n## Part\n\nSome **bold** and __also__ text.\n\n- one\n- two\n1. first\n\n```go\n# not a header\n- not a list\n```\n"

var fixture = []seedBattle{
	{a: "demo-alpha", b: "gpt-x", w: arena.WinnerA, cats: []string{"code"}, reasons: []string{"more accurate", "clearer"}, comment: "mail me at bob@example.com",
		turns: []arena.ExportTurn{
			{Prompt: "Write a python function. My phone is 555-123-4567.", AnswerA: answerMD, AnswerB: "def f(): pass"},
			{Prompt: "Now in Go, please", AnswerA: "func f() {}", AnswerB: "package main\n\n**done**"},
		}},
	{a: "gpt-x", b: "claude-y", w: arena.WinnerTie, voter: 1, turns: []arena.ExportTurn{{Prompt: "hello", AnswerA: "hi \"there\"\n", AnswerB: "hey, you"}}},
	{a: "claude-y", b: "demo-alpha", w: arena.WinnerBothBad, cats: []string{"math", "creative"}, turns: []arena.ExportTurn{{Prompt: "a poem about 2+2", AnswerA: "four", AnswerB: "IP 10.0.0.1"}}},
	{a: "gpt-x", b: "demo-alpha", w: arena.WinnerB, cats: []string{"math"}, voter: 1, turns: []arena.ExportTurn{{Prompt: "solve x^2=4\tnow", AnswerA: "x=2", AnswerB: "x=±2 (ünïcode)"}}},
}

func exportString(t testing.TB, db *sqlstore.DB, format string, f Filter, opt ExportOptions) (string, int64) {
	t.Helper()
	var buf bytes.Buffer
	n, err := Export(context.Background(), db, format, f, &buf, opt)
	if err != nil {
		t.Fatalf("export %s: %v", format, err)
	}
	return buf.String(), n
}

func decodeJSONL(t testing.TB, s string) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("invalid JSON line %q: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

// msgs is messages with string contents, as DPO and --content string write them.
func msgs(pairs ...string) []any {
	var out []any
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, map[string]any{"role": pairs[i], "content": pairs[i+1]})
	}
	return out
}

// partsMsgs is messages with 140k's typed parts, as jsonl writes them by default.
func partsMsgs(pairs ...string) []any {
	var out []any
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, map[string]any{"role": pairs[i], "content": []any{
			map[string]any{"type": "text", "text": pairs[i+1], "image": nil, "mimeType": nil}}})
	}
	return out
}

func TestExportJSONLColumns(t *testing.T) {
	db := sqlitetest.Open(t)
	ids, users := seed(t, db, fixture)
	salt := []byte("s3cret")
	out, n := exportString(t, db, FormatNameJSONL, Filter{Internal: true}, ExportOptions{Salt: salt})
	rows := decodeJSONL(t, out)
	if n != 4 || len(rows) != 4 {
		t.Fatalf("exported %d rows (%d lines), want 4", n, len(rows))
	}
	r := rows[0]
	// arena-human-preference-140k's columns in its order, then 100k's, then the arena's.
	wantKeys := []string{"id", "model_a", "model_b", "winner", "evaluation_session_id", "evaluation_order", "conversation_a", "conversation_b",
		"full_conversation", "conv_metadata", "category_tag", "language", "is_code", "timestamp",
		"turn", "tstamp", "judge_hash", "is_refusal", "dedup_tag", "reasons", "comment", "source", "anony",
		"stopped_a", "stopped_b", "regenerated_a", "regenerated_b"}
	var keys []string
	for k := range r {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	sortedWant := slices.Sorted(slices.Values(wantKeys))
	if !slices.Equal(keys, sortedWant) {
		t.Errorf("columns = %v, want %v", keys, sortedWant)
	}
	// The columns come in the documented order.
	var last int
	for _, k := range wantKeys {
		i := strings.Index(out, `"`+k+`":`)
		if i < last {
			t.Errorf("column %s out of order", k)
		}
		last = i
	}
	check := func(col string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", col, got, want)
		}
	}
	check("id", r["id"], ids[0])
	check("model_a", r["model_a"], "demo-alpha")
	check("model_b", r["model_b"], "gpt-x")
	check("winner", r["winner"], "model_a")
	check("conversation_a", r["conversation_a"], partsMsgs("user", "Write a python function. My phone is <PHONE>.", "assistant", answerMD,
		"user", "Now in Go, please", "assistant", "func f() {}"))
	check("conversation_b", r["conversation_b"], partsMsgs("user", "Write a python function. My phone is <PHONE>.", "assistant", "def f(): pass",
		"user", "Now in Go, please", "assistant", "package main\n\n**done**"))
	ca, cb := partsMsgs("user", "Write a python function. My phone is <PHONE>.", "assistant", answerMD, "user", "Now in Go, please", "assistant", "func f() {}"),
		partsMsgs("assistant", "def f(): pass", "assistant", "package main\n\n**done**")
	check("full_conversation", r["full_conversation"], []any{
		map[string]any{"user": ca[0], "model_side_a": ca[1], "model_side_b": cb[0]},
		map[string]any{"user": ca[2], "model_side_a": ca[3], "model_side_b": cb[1]}})
	check("timestamp", r["timestamp"], "2025-03-01T12:00:01.000Z")
	check("is_refusal", r["is_refusal"], false)
	check("dedup_tag", r["dedup_tag"], map[string]any{"high_freq": false, "sampled": true})
	check("turn", r["turn"], 2.0)
	check("language", r["language"], "")
	check("tstamp", r["tstamp"], float64(t0.Unix()+1))
	check("judge_hash", r["judge_hash"], judgeHash(salt, users[0]))
	check("category_tag", r["category_tag"], wantCategoryTag(map[string]bool{"code": true}))
	check("is_code", r["is_code"], true)
	check("reasons", r["reasons"], []any{"more accurate", "clearer"})
	check("comment", r["comment"], "mail me at <EMAIL>")
	check("source", r["source"], "arena")
	meta := r["conv_metadata"].(map[string]any)
	check("header_count_a", meta["header_count_a"], map[string]any{"h1": 1.0, "h2": 1.0, "h3": 0.0, "h4": 0.0, "h5": 0.0, "h6": 0.0})
	check("list_count_a", meta["list_count_a"], map[string]any{"ordered": 1.0, "unordered": 2.0})
	check("bold_count_a", meta["bold_count_a"], map[string]any{"**": 1.0, "__": 1.0})
	check("bold_count_b", meta["bold_count_b"], map[string]any{"**": 1.0, "__": 0.0})
	wantTokA := ranking.StyleOf(answerMD).Tokens + ranking.StyleOf("func f() {}").Tokens
	check("sum_assistant_a_tokens", meta["sum_assistant_a_tokens"], float64(wantTokA))
	check("turns", meta["turns"], 2.0)
	// model_a's context for its last answer: both prompts and its first answer.
	wantCtx := ranking.ApproxTokens("Write a python function. My phone is <PHONE>.") + ranking.ApproxTokens("Now in Go, please") + ranking.StyleOf(answerMD).Tokens
	check("context_a_tokens", meta["context_a_tokens"], float64(wantCtx))
	// The breakdown sums to ranking.StyleOf's counts, which style control uses.
	st := ranking.StyleOf(answerMD)
	var ss sideStyle
	ss.addMarkdown(answerMD)
	h := ss.headers
	if int(h.H1+h.H2+h.H3+h.H4+h.H5+h.H6) != st.Headers || int(ss.lists.Ordered+ss.lists.Unordered) != st.Lists ||
		int(ss.bold.Stars+ss.bold.Underscores) != st.Bold {
		t.Errorf("breakdown %+v does not sum to StyleOf %+v", ss, st)
	}
	// Other rows: a tie by another voter, both_bad, redacted IP, tabs and Unicode.
	check("row 1 winner", rows[1]["winner"], "tie")
	if rows[1]["judge_hash"] == rows[0]["judge_hash"] || rows[3]["judge_hash"] != rows[1]["judge_hash"] {
		t.Error("judge_hash does not tell voters apart, or not consistently")
	}
	check("row 2 winner", rows[2]["winner"], "both_bad")
	check("row 2 conversation_b", rows[2]["conversation_b"], partsMsgs("user", "a poem about 2+2", "assistant", "IP <IP>"))
	check("row 2 category_tag", rows[2]["category_tag"], wantCategoryTag(map[string]bool{"math": true, "creative": true}))
	check("row 3 conversation_b", rows[3]["conversation_b"], partsMsgs("user", "solve x^2=4\tnow", "assistant", "x=±2 (ünïcode)"))
	check("row 1 reasons", rows[1]["reasons"], []any{})

	// No voter id or user id leaks; another export gets other hashes.
	if strings.Contains(out, fmt.Sprintf(`"judge_hash":"%d"`, users[0])) {
		t.Error("a raw user id was exported")
	}
	out2, _ := exportString(t, db, FormatNameJSONL, Filter{Internal: true}, ExportOptions{})
	if decodeJSONL(t, out2)[0]["judge_hash"] == r["judge_hash"] {
		t.Error("two exports without a salt share judge hashes")
	}
	// --no-redact keeps the text.
	raw, _ := exportString(t, db, FormatNameJSONL, Filter{Internal: true}, ExportOptions{NoRedact: true})
	if !strings.Contains(raw, "555-123-4567") || !strings.Contains(raw, "bob@example.com") {
		t.Error("NoRedact redacted")
	}
	// The ranking engineer's reader takes the export as a battle file.
	var bs []ranking.Battle
	if _, err := ReadBattles(context.Background(), strings.NewReader(out), "x.jsonl", ReadOptions{Style: true, Tags: true}, func(b ranking.Battle) error {
		bs = append(bs, b)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(bs) != 4 || bs[0].ModelA != "demo-alpha" || bs[2].Outcome != ranking.BothBad || !bs[0].HasStyle || !bs[0].HasTag("code") ||
		bs[0].StyleA.Headers != 2 || bs[0].Time != float64(t0.Unix()+1) {
		t.Errorf("read back as battles: %+v", bs)
	}
}

// wantCategoryTag is the category_tag a battle with these flat tags and no stored
// v0.1 verdicts exports (the fixture's battles are stored so): the flat tags, and
// 140k's keys saying what the flat tags say (math, creative writing, instruction
// following), the criteria false and if's score 0, as not known.
func wantCategoryTag(on map[string]bool) map[string]any {
	ct := map[string]any{}
	for _, c := range arena.Categories {
		ct[c] = on[c]
	}
	ct["criteria_v0.1"] = map[string]any{"specificity": false, "domain_knowledge": false, "complexity": false,
		"problem_solving": false, "creativity": false, "technical_accuracy": false, "real_world": false}
	ct["if_v0.1"] = map[string]any{"if": on["if"], "score": 0.0}
	ct["math_v0.1"] = map[string]any{"math": on["math"]}
	ct["creative_writing_v0.1"] = map[string]any{"creative_writing": on["creative"], "score": map[bool]string{true: "yes", false: "no"}[on["creative"]]}
	return ct
}

func TestExportCSVColumns(t *testing.T) {
	db := sqlitetest.Open(t)
	ids, _ := seed(t, db, fixture)
	out, n := exportString(t, db, FormatNameCSV, Filter{Internal: true}, ExportOptions{})
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 || len(recs) != 5 {
		t.Fatalf("%d rows, %d records", n, len(recs))
	}
	if got := strings.Join(recs[0], ","); got != "id,model_a,model_b,prompt,response_a,response_b,winner_model_a,winner_model_b,winner_tie,source,reasoning_a,reasoning_b,timestamp,category_tag,anony,"+
		"stopped_a,stopped_b,regenerated_a,regenerated_b" {
		t.Errorf("header = %s", got)
	}
	jl := func(s ...string) string {
		var b bytes.Buffer
		e := json.NewEncoder(&b)
		e.SetEscapeHTML(false)
		e.Encode(s)
		return strings.TrimSuffix(b.String(), "\n")
	}
	want := [][]string{
		{ids[0], "demo-alpha", "gpt-x", jl("Write a python function. My phone is <PHONE>.", "Now in Go, please"), jl(answerMD, "func f() {}"),
			jl("def f(): pass", "package main\n\n**done**"), "1", "0", "0", "arena"},
		{ids[1], "gpt-x", "claude-y", jl("hello"), jl("hi \"there\"\n"), jl("hey, you"), "0", "0", "1", "arena"},
		{ids[2], "claude-y", "demo-alpha", jl("a poem about 2+2"), jl("four"), jl("IP <IP>"), "0", "0", "1", "arena"}, // both_bad is a tie in 55k
		{ids[3], "gpt-x", "demo-alpha", jl("solve x^2=4\tnow"), jl("x=2"), jl("x=±2 (ünïcode)"), "0", "1", "0", "arena"},
	}
	for i, w := range want {
		for k := range w {
			if recs[i+1][k] != w[k] {
				t.Errorf("row %d column %s = %q, want %q", i, recs[0][k], recs[i+1][k], w[k])
			}
		}
	}
	if recs[1][12] != "2025-03-01T12:00:01.000Z" || recs[4][12] != "2025-03-01T12:00:04.000Z" {
		t.Errorf("timestamp cells %q, %q", recs[1][12], recs[4][12])
	}
	// category_tag is the JSON Lines export's object, as JSON in its cell.
	jsonl, _ := exportString(t, db, FormatNameJSONL, Filter{Internal: true}, ExportOptions{})
	for i, row := range decodeJSONL(t, jsonl) {
		var cell any
		if err := json.Unmarshal([]byte(recs[i+1][13]), &cell); err != nil || !reflect.DeepEqual(cell, row["category_tag"]) {
			t.Errorf("row %d category_tag = %s, want the JSON Lines one, %v (%v)", i, recs[i+1][13], row["category_tag"], err)
		}
	}
	// No rows: still a header.
	empty, _ := exportString(t, db, FormatNameCSV, Filter{Models: []string{"nobody"}}, ExportOptions{})
	if empty != csvHeader {
		t.Errorf("empty CSV = %q", empty)
	}
}

func TestExportDPO(t *testing.T) {
	db := sqlitetest.Open(t)
	seed(t, db, fixture)
	out, n := exportString(t, db, FormatNameDPO, Filter{Internal: true}, ExportOptions{})
	rows := decodeJSONL(t, out)
	if n != 2 || len(rows) != 2 {
		t.Fatalf("dpo rows = %d (%d lines), want the 2 decisive votes", n, len(rows))
	}
	for _, r := range rows {
		if r["source"] != "arena" || r["id"] == "" || r["anony"] != true {
			t.Errorf("dpo row %v: want an id, source arena and anony true", r)
		}
	}
	// model_a won a two-turn battle. Each side answered its own conversation, so the row
	// is in TRL's implicit-prompt form: each side's whole conversation, the shared
	// prompt being what they have in common. (A prompt of the winner's history paired
	// the loser's last answer with turns it never saw.)
	if _, ok := rows[0]["prompt"]; ok || len(rows[0]) != 9 {
		t.Errorf("multi-turn row has columns %v, want chosen, rejected, id, chosen_model, rejected_model, source, anony, chosen_stopped, rejected_stopped", rows[0])
	}
	if want := msgs("user", "Write a python function. My phone is <PHONE>.", "assistant", answerMD, "user", "Now in Go, please", "assistant", "func f() {}"); !reflect.DeepEqual(rows[0]["chosen"], want) {
		t.Errorf("chosen = %#v", rows[0]["chosen"])
	}
	if want := msgs("user", "Write a python function. My phone is <PHONE>.", "assistant", "def f(): pass", "user", "Now in Go, please", "assistant", "package main\n\n**done**"); !reflect.DeepEqual(rows[0]["rejected"], want) {
		t.Errorf("rejected = %#v", rows[0]["rejected"])
	}
	if rows[0]["id"] != "battle000" || rows[0]["chosen_model"] != "demo-alpha" || rows[0]["rejected_model"] != "gpt-x" {
		t.Errorf("multi-turn row's id and models: %v %v %v", rows[0]["id"], rows[0]["chosen_model"], rows[0]["rejected_model"])
	}
	// model_b won a one-turn battle: the explicit prompt, and chosen is b's answer.
	if want := msgs("user", "solve x^2=4\tnow"); !reflect.DeepEqual(rows[1]["prompt"], want) || len(rows[1]) != 10 {
		t.Errorf("row 1 = %#v", rows[1])
	}
	if want := msgs("assistant", "x=±2 (ünïcode)"); !reflect.DeepEqual(rows[1]["chosen"], want) || rows[1]["chosen_model"] != "demo-alpha" {
		t.Errorf("row 1 chosen = %#v by %v", rows[1]["chosen"], rows[1]["chosen_model"])
	}
}

func TestExportParquet(t *testing.T) {
	db := sqlitetest.Open(t)
	seed(t, db, fixture)
	opt := ExportOptions{Salt: []byte("k")}
	pq, n := exportString(t, db, FormatNameParquet, Filter{Internal: true}, opt)
	if n != 4 {
		t.Fatalf("n = %d", n)
	}
	f, err := parquet.OpenFile(strings.NewReader(pq), int64(len(pq)))
	if err != nil {
		t.Fatal(err)
	}
	if f.NumRows() != 4 {
		t.Errorf("NumRows = %d", f.NumRows())
	}
	// The schema has real nested types: LIST of STRUCT{role, content}, content 140k's
	// LIST of STRUCT{type, text, image, mimeType}, STRUCTs, LIST of STRING.
	s := f.Schema()
	for _, col := range [][]string{
		{"conversation_a", "list", "element", "content", "list", "element", "text"},
		{"conversation_b", "list", "element", "content", "list", "element", "mimeType"},
		{"full_conversation", "list", "element", "model_side_b", "content", "list", "element", "image"},
	} {
		if c, ok := s.Lookup(col...); !ok || c.Node.Type().Kind() != parquet.ByteArray {
			t.Errorf("%s missing or not a string: %v", strings.Join(col, "."), ok)
		}
	}
	// 140k's types: timestamp[ns] without a zone, int32 session order and token counts.
	if c, ok := s.Lookup("timestamp"); !ok || c.Node.Type().LogicalType().String() != "TIMESTAMP(isAdjustedToUTC=false,unit=NANOS)" || !c.Node.Optional() {
		t.Errorf("timestamp is not an optional TIMESTAMP(NANOS): %v", c.Node)
	}
	for _, col := range [][]string{{"evaluation_order"}, {"conv_metadata", "sum_assistant_a_tokens"}, {"conv_metadata", "context_b_tokens"},
		{"conv_metadata", "sum_user_tokens"}, {"conv_metadata", "turns"}} {
		if c, ok := s.Lookup(col...); !ok || c.Node.Type().Kind() != parquet.Int32 {
			t.Errorf("%s missing or not INT32", strings.Join(col, "."))
		}
	}
	if c, ok := s.Lookup("conv_metadata", "header_count_a", "h1"); !ok || c.Node.Type().Kind() != parquet.Int64 {
		t.Error("conv_metadata.header_count_a.h1 missing or not INT64")
	}
	parts, err := parquet.Read[partsRecord](strings.NewReader(pq), int64(len(pq)))
	if err != nil {
		t.Fatal(err)
	}
	if p := parts[0].ConversationA[1].Content; len(p) != 1 || p[0].Type != "text" || *p[0].Text != answerMD || p[0].Image != nil || p[0].MimeType != nil {
		t.Errorf("parts of the first answer: %+v", p)
	}
	if ft := parts[0].FullConversation; len(ft) != 2 || *ft[1].ModelSideB.Content[0].Text != "package main\n\n**done**" {
		t.Errorf("full_conversation: %+v", ft)
	}
	// --content string: 100k's plain strings.
	opt.Content = arena.ContentString
	pq, _ = exportString(t, db, FormatNameParquet, Filter{Internal: true}, opt)
	if f, err = parquet.OpenFile(strings.NewReader(pq), int64(len(pq))); err != nil {
		t.Fatal(err)
	}
	s = f.Schema()
	conv, ok := s.Lookup("conversation_a", "list", "element", "content")
	if !ok || conv.Node.Type().Kind() != parquet.ByteArray {
		t.Errorf("conversation_a.list.element.content missing or not a string: %v", ok)
	}
	for _, field := range s.Fields() {
		switch field.Name() {
		case "conversation_a", "conversation_b", "full_conversation", "reasons":
			if lt := field.Type().LogicalType(); lt == nil || lt.String() != "LIST" {
				t.Errorf("%s is not a LIST", field.Name())
			}
		case "category_tag", "conv_metadata", "dedup_tag":
			if field.Leaf() || len(field.Fields()) == 0 {
				t.Errorf("%s is not a struct", field.Name())
			}
		case "id", "model_a", "winner", "judge_hash", "source":
			if lt := field.Type().LogicalType(); lt == nil || lt.String() != "STRING" {
				t.Errorf("%s is not a STRING", field.Name())
			}
		}
	}
	if _, ok := s.Lookup("conv_metadata", "bold_count_a", "**"); !ok {
		t.Error(`conv_metadata.bold_count_a."**" missing`)
	}
	if cc := f.Metadata().RowGroups[0].Columns[0].MetaData.Codec; cc.String() != "ZSTD" {
		t.Errorf("codec = %v", cc)
	}
	// Read back with the library: every column equals the JSONL export's.
	recs, err := parquet.Read[Record](strings.NewReader(pq), int64(len(pq)))
	if err != nil {
		t.Fatal(err)
	}
	js, _ := exportString(t, db, FormatNameJSONL, Filter{Internal: true}, opt)
	var want []Record
	for _, line := range strings.Split(strings.TrimSpace(js), "\n") {
		var r Record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		want = append(want, r)
	}
	if len(recs) != len(want) {
		t.Fatalf("%d parquet rows, %d jsonl", len(recs), len(want))
	}
	for i := range recs {
		gv, wv := reflect.ValueOf(recs[i]), reflect.ValueOf(want[i])
		for k := 0; k < gv.NumField(); k++ {
			if !reflect.DeepEqual(gv.Field(k).Interface(), wv.Field(k).Interface()) {
				t.Errorf("row %d column %s: parquet %#v, jsonl %#v", i, gv.Type().Field(k).Name, gv.Field(k).Interface(), wv.Field(k).Interface())
			}
		}
	}
}

func TestExportFilters(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	ids, users := seed(t, db, fixture)
	if err := db.SetBattleFlagged(ctx, ids[1], true); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetConsent(ctx, users[0], arena.ConsentDecision{Publish: true, At: time.Now(), Version: arena.ConsentVersion}, true); err != nil {
		t.Fatal(err)
	}
	rowsOf := func(format string, f Filter) []string {
		out, _ := exportString(t, db, format, f, ExportOptions{})
		var got []string
		switch format {
		case FormatNameCSV:
			recs, _ := csv.NewReader(strings.NewReader(out)).ReadAll()
			for _, r := range recs[1:] {
				got = append(got, r[0])
			}
		default:
			for _, r := range decodeJSONL(t, out) {
				got = append(got, r["id"].(string))
			}
		}
		return got
	}
	for _, c := range []struct {
		name string
		f    Filter
		want []string
	}{
		{"none", Filter{Internal: true}, ids},
		{"since", Filter{Internal: true, Since: t0.Add(3 * time.Second)}, ids[2:]},
		{"until", Filter{Internal: true, Until: t0.Add(3 * time.Second)}, ids[:2]},
		{"models", Filter{Internal: true, Models: []string{"claude-y"}}, []string{ids[1], ids[2]}},
		{"category", Filter{Internal: true, Category: "math"}, []string{ids[2], ids[3]}},
		{"exclude-ties", Filter{Internal: true, ExcludeTies: true}, []string{ids[0], ids[3]}},
		{"exclude-flagged", Filter{Internal: true, ExcludeFlagged: true}, []string{ids[0], ids[2], ids[3]}},
		// only voter 0 consented, only demo models are public: battle 0 has gpt-x
		{"public-none", Filter{}, nil},
	} {
		for _, format := range []string{FormatNameJSONL, FormatNameCSV} {
			if got := rowsOf(format, c.f); !slices.Equal(got, c.want) {
				t.Errorf("%s/%s: %v, want %v", c.name, format, got, c.want)
			}
		}
	}
	gx, _ := db.ModelByName(ctx, "gpt-x")
	if err := db.SetModelOutputsPublic(ctx, gx.ID, true); err != nil {
		t.Fatal(err)
	}
	if got := rowsOf(FormatNameJSONL, Filter{}); !slices.Equal(got, []string{ids[0]}) {
		t.Errorf("public: %v, want %v", got, ids[:1])
	}
}

// hashFile is a file's size and sha256.
// TestExportManyRows exports enough battles for every batch to be reused several times,
// with every row's texts different, and checks each row against what was stored: a
// batch's strings live in memory reused with the batch, so a row that kept another's
// bytes would show here.
func TestExportManyRows(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	im, err := db.BeginImport(ctx, "many", "test")
	if err != nil {
		t.Fatal(err)
	}
	const n = 6000
	text := func(i int, what string) string {
		return fmt.Sprintf("%s of battle %d: %s", what, i, strings.Repeat(string(rune('a'+i%26)), i%700))
	}
	for i := range n {
		b := arena.ImportedBattle{ExternalID: fmt.Sprint("b", i), ModelA: fmt.Sprint("m", i%7), ModelB: fmt.Sprint("m", (i+1)%7),
			Winner: arena.WinnerA, VotedAt: t0.Add(time.Duration(i) * time.Second), Judge: fmt.Sprint("judge", i), Comment: text(i, "comment"),
			Turns: []arena.ExportTurn{{Prompt: text(i, "prompt"), AnswerA: text(i, "answer a"), AnswerB: text(i, "answer b")}}}
		if err := im.Add(ctx, &b); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Close(ctx); err != nil {
		t.Fatal(err)
	}
	opt := ExportOptions{Salt: []byte("k"), NoRedact: true, Workers: 3, Content: arena.ContentString}
	js, got := exportString(t, db, FormatNameJSONL, Filter{Internal: true}, opt)
	if got != n {
		t.Fatalf("exported %d rows, want %d", got, n)
	}
	var want []Record
	for i, r := range decodeJSONL(t, js) {
		conv := r["conversation_b"].([]any)
		if r["id"] != fmt.Sprint("b", i) || r["judge_hash"] != fmt.Sprint("judge", i) || r["comment"] != text(i, "comment") ||
			conv[0].(map[string]any)["content"] != text(i, "prompt") || conv[1].(map[string]any)["content"] != text(i, "answer b") {
			t.Fatalf("row %d is not battle %d's: %v", i, i, r)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(js), "\n") {
		var r Record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		want = append(want, r)
	}
	pq, _ := exportString(t, db, FormatNameParquet, Filter{Internal: true}, opt)
	recs, err := parquet.Read[Record](strings.NewReader(pq), int64(len(pq)))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(recs, want) {
		t.Fatal("the Parquet export's rows differ from the JSON Lines export's")
	}
}
