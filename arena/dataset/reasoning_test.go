package dataset

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
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

// Reasoning texts that appear nowhere else, so finding one in an answer is a leak.
const (
	thinkA1 = "THINK-A1: the user wants python; mail them at ann@example.org"
	thinkB2 = "THINK-B2: Go then"
)

// reasoningFixture is two battles: the first's model_a reasoned in turn 1 and its
// model_b in turn 2 (one ran out of tokens); the second reasoned on neither side.
var reasoningFixture = []seedBattle{
	{a: "demo-think", b: "demo-plain", w: arena.WinnerA, turns: []arena.ExportTurn{
		{Prompt: "Write a python function", AnswerA: "def f(): pass", AnswerB: "print(1)",
			ReasoningA: thinkA1, FinishA: "stop", TokensA: 42, FinishB: "stop", TokensB: 3},
		{Prompt: "Now in Go", AnswerA: "func f() {}", AnswerB: "**Go**",
			FinishA: "stop", TokensA: 5, ReasoningB: thinkB2, FinishB: "length", TokensB: 64},
	}},
	{a: "demo-plain", b: "demo-think", w: arena.WinnerB, turns: []arena.ExportTurn{
		{Prompt: "hi", AnswerA: "hello", AnswerB: "hey", FinishA: "stop", TokensA: 1, FinishB: "stop", TokensB: 1}}},
}

func answerMsg(content string) map[string]any {
	return map[string]any{"role": "assistant", "content": content}
}

func userMsg(content string) map[string]any {
	return map[string]any{"role": "user", "content": content}
}

// TestExportReasoningOwnField: in every format, an answer's reasoning is in a field of
// its own (redacted like the answer), never in the answer text, and the style columns
// count the answer alone.
func TestExportReasoningOwnField(t *testing.T) {
	db := sqlitetest.Open(t)
	seed(t, db, reasoningFixture)
	opt := ExportOptions{Salt: []byte("k"), Content: arena.ContentString}
	redactedA1 := strings.Replace(thinkA1, "ann@example.org", "<EMAIL>", 1)
	wantA := []any{userMsg("Write a python function"),
		map[string]any{"role": "assistant", "content": "def f(): pass", "reasoning": redactedA1, "finish_reason": "stop", "completion_tokens": 42.0},
		userMsg("Now in Go"), answerMsg("func f() {}")}
	wantB := []any{userMsg("Write a python function"), answerMsg("print(1)"), userMsg("Now in Go"),
		map[string]any{"role": "assistant", "content": "**Go**", "reasoning": thinkB2, "finish_reason": "length", "completion_tokens": 64.0}}

	t.Run("jsonl", func(t *testing.T) {
		out, _ := exportString(t, db, FormatNameJSONL, Filter{Internal: true}, opt)
		rows := decodeJSONL(t, out)
		if !reflect.DeepEqual(rows[0]["conversation_a"], wantA) {
			t.Errorf("conversation_a = %#v\nwant %#v", rows[0]["conversation_a"], wantA)
		}
		if !reflect.DeepEqual(rows[0]["conversation_b"], wantB) {
			t.Errorf("conversation_b = %#v\nwant %#v", rows[0]["conversation_b"], wantB)
		}
		if strings.Contains(out, "ann@example.org") {
			t.Error("reasoning was not redacted")
		}
		// The style columns are those of the answers without reasoning.
		meta := rows[0]["conv_metadata"].(map[string]any)
		var sa, sb sideStyle
		sa.addMarkdown("def f(): pass")
		sa.addMarkdown("func f() {}")
		sb.addMarkdown("print(1)")
		sb.addMarkdown("**Go**")
		if meta["sum_assistant_a_tokens"] != float64(sa.tokens) || meta["sum_assistant_b_tokens"] != float64(sb.tokens) {
			t.Errorf("style tokens %v/%v, want the answers' %d/%d", meta["sum_assistant_a_tokens"], meta["sum_assistant_b_tokens"], sa.tokens, sb.tokens)
		}
		// arena rank reads the file, its style being the answers'.
		var bs []ranking.Battle
		if _, err := ReadBattles(t.Context(), strings.NewReader(out), "x.jsonl", ReadOptions{Style: true}, func(b ranking.Battle) error {
			bs = append(bs, b)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if len(bs) != 2 || !bs[0].HasStyle || bs[0].StyleA.Tokens != int(sa.tokens) || bs[0].StyleB.Bold != 1 {
			t.Errorf("read back as battles: %+v", bs)
		}
		for _, m := range rows[1]["conversation_a"].([]any) {
			if len(m.(map[string]any)) != 2 {
				t.Errorf("a message without reasoning has more than role and content: %v", m)
			}
		}
	})
	t.Run("parquet", func(t *testing.T) {
		pq, _ := exportString(t, db, FormatNameParquet, Filter{Internal: true}, opt)
		recs, err := parquet.Read[Record](strings.NewReader(pq), int64(len(pq)))
		if err != nil {
			t.Fatal(err)
		}
		got := recs[0].ConversationA[1]
		if got.Content != "def f(): pass" || got.Reasoning != redactedA1 || got.FinishReason != "stop" || got.CompletionTokens != 42 {
			t.Errorf("conversation_a[1] = %+v", got)
		}
		if got := recs[0].ConversationB[3]; got.Content != "**Go**" || got.Reasoning != thinkB2 || got.FinishReason != "length" {
			t.Errorf("conversation_b[3] = %+v", got)
		}
		f, err := parquet.OpenFile(strings.NewReader(pq), int64(len(pq)))
		if err != nil {
			t.Fatal(err)
		}
		col, ok := f.Schema().Lookup("conversation_a", "list", "element", "reasoning")
		if !ok || !col.Node.Optional() {
			t.Errorf("conversation_a.list.element.reasoning missing or not optional: %v", ok)
		}
		for _, r := range recs {
			for _, m := range append(r.ConversationA, r.ConversationB...) {
				if strings.Contains(m.Content, "THINK") {
					t.Errorf("reasoning in an answer: %+v", m)
				}
			}
		}
	})
	t.Run("csv", func(t *testing.T) {
		out, _ := exportString(t, db, FormatNameCSV, Filter{Internal: true}, opt)
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range recs[0] {
			col[h] = i
		}
		r := recs[1]
		if got, want := r[col["reasoning_a"]], jsonList(redactedA1, ""); got != want {
			t.Errorf("reasoning_a = %s, want %s", got, want)
		}
		if got, want := r[col["reasoning_b"]], jsonList("", thinkB2); got != want {
			t.Errorf("reasoning_b = %s, want %s", got, want)
		}
		if got, want := r[col["response_a"]], jsonList("def f(): pass", "func f() {}"); got != want {
			t.Errorf("response_a = %s, want %s", got, want)
		}
		if r := recs[2]; r[col["reasoning_a"]] != "" || r[col["reasoning_b"]] != "" {
			t.Errorf("a battle without reasoning has reasoning cells %q, %q", r[col["reasoning_a"]], r[col["reasoning_b"]])
		}
	})
	t.Run("dpo", func(t *testing.T) {
		out, _ := exportString(t, db, FormatNameDPO, Filter{Internal: true}, opt)
		rows := decodeJSONL(t, out)
		// A battle of several turns: each side's whole conversation, reasoning in its
		// own fields (TRL's implicit prompt, so no prompt key).
		if p, ok := rows[0]["prompt"]; ok {
			t.Errorf("prompt = %#v, want none", p)
		}
		if !reflect.DeepEqual(rows[0]["chosen"], wantA) {
			t.Errorf("chosen = %#v", rows[0]["chosen"])
		}
		if !reflect.DeepEqual(rows[0]["rejected"], wantB) {
			t.Errorf("rejected = %#v", rows[0]["rejected"])
		}
	})
}

func jsonList(s ...string) string {
	var b strings.Builder
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false) // as the export writes JSON
	e.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// TestExportWithoutReasoningUnchanged: answers without reasoning, even with a finish
// reason and tokens stored, export with role and content alone (the files in
// testdata/noreasoning; ARENA_UPDATE_GOLDEN=1 rewrites them after a change of shape,
// to be read before committing): no reasoning, finish_reason or completion_tokens key,
// and CSV's two reasoning columns empty. Since then category_tag has gained keys and
// CSV a category_tag column (widenCategoryTags adds them to the files), and modes the
// anony flag.
func TestExportWithoutReasoningUnchanged(t *testing.T) {
	db := sqlitetest.Open(t)
	battles := make([]seedBattle, len(fixture))
	for i, b := range fixture {
		b.turns = slices.Clone(b.turns)
		for k := range b.turns {
			b.turns[k].FinishA, b.turns[k].FinishB, b.turns[k].TokensA, b.turns[k].TokensB = "stop", "length", 17, 9
		}
		battles[i] = b
	}
	seed(t, db, battles)
	jsonlGolden, err := os.ReadFile("testdata/noreasoning/battles.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	jsonl, tags := widenCategoryTags(string(jsonlGolden))
	for _, format := range []string{FormatNameJSONL, FormatNameDPO, FormatNameCSV} {
		golden, err := os.ReadFile("testdata/noreasoning/battles" + FileExtension(format))
		if err != nil {
			t.Fatal(err)
		}
		// The files of battles without reasoning, with what modes and battle controls
		// added: the anony flag (an anonymous battle's true), and nothing stopped or
		// regenerated.
		want := string(golden)
		const controls = `,"stopped_a":false,"stopped_b":false,"regenerated_a":0,"regenerated_b":0}`
		switch format {
		case FormatNameJSONL:
			want = strings.ReplaceAll(jsonl, "}\n", `,"anony":true`+controls+"\n")
		case FormatNameDPO:
			want = strings.ReplaceAll(want, "}\n", `,"anony":true,"chosen_stopped":false,"rejected_stopped":false}`+"\n")
		case FormatNameCSV:
			lines := strings.SplitAfter(want, "\n")
			var b strings.Builder
			for i, l := range lines {
				switch {
				case l == "":
				case i == 0:
					b.WriteString(strings.TrimSuffix(l, "\n") + ",category_tag,anony,stopped_a,stopped_b,regenerated_a,regenerated_b\n")
				default:
					b.WriteString(strings.TrimSuffix(l, "\n") + "," + string(appendCSVField(nil, tags[i-1])) + ",true,false,false,0,0\n")
				}
			}
			want = b.String()
		}
		got, _ := exportString(t, db, format, Filter{Internal: true}, ExportOptions{Salt: []byte("golden")})
		if os.Getenv("ARENA_UPDATE_GOLDEN") != "" {
			os.WriteFile("testdata/noreasoning/battles"+FileExtension(format), []byte(got), 0o644)
			continue
		}
		if got != want {
			t.Errorf("%s export changed:\n got %s\nwant %s", format, got, want)
		}
	}
}

// oldCategoryTag is category_tag as exports wrote it before if, hard and the v0.1 keys.
var oldCategoryTag = regexp.MustCompile(`"category_tag":\{"code":(true|false),"math":(true|false),"creative":(true|false),"long":(true|false)\}`)

// widenCategoryTags gives a JSON Lines export of before the category_tag it has now,
// for battles stored with flat tags only, and each row's new category_tag in order.
func widenCategoryTags(jsonl string) (string, []string) {
	var tags []string
	out := oldCategoryTag.ReplaceAllStringFunc(jsonl, func(old string) string {
		m := oldCategoryTag.FindStringSubmatch(old)
		ct := CategoryTag{Code: m[1] == "true", Math: m[2] == "true", Creative: m[3] == "true", Long: m[4] == "true"}
		var cats []string
		for i, c := range []string{"code", "math", "creative", "long"} {
			if m[i+1] == "true" {
				cats = append(cats, c)
			}
		}
		ct.LMArenaTags = arena.LMArenaOf(cats)
		obj := string(appendCategoryTag(nil, &ct, true))
		tags = append(tags, obj)
		return `"category_tag":` + obj
	})
	return out, tags
}

// TestImportReasoningRoundTrip imports each of the arena's own formats into another
// arena and exports it again: the reasoning comes back beside the answers (JSONL and
// Parquet with its finish reason and tokens; CSV, which has no columns for them,
// without).
func TestImportReasoningRoundTrip(t *testing.T) {
	src := sqlitetest.Open(t)
	seed(t, src, reasoningFixture)
	opt := ExportOptions{Salt: []byte("k"), NoRedact: true}
	want, _ := exportString(t, src, FormatNameJSONL, Filter{Internal: true}, opt)
	want = strings.ReplaceAll(want, `"source":"arena","anony":true,`, `"source":"imported:arena-a","anony":true,`)
	for _, format := range []string{FormatNameJSONL, FormatNameParquet, FormatNameCSV} {
		t.Run(format, func(t *testing.T) {
			file, _ := exportString(t, src, format, Filter{Internal: true}, opt)
			dst := sqlitetest.Open(t)
			if _, err := importPath(t, dst, "arena-a", writeFile(t, "x"+FileExtension(format), file)); err != nil {
				t.Fatal(err)
			}
			if format == FormatNameCSV {
				again, _ := exportString(t, dst, FormatNameCSV, Filter{Internal: true}, opt)
				if again != strings.ReplaceAll(file, ",arena,", ",imported:arena-a,") {
					t.Errorf("csv round trip:\n got %s\nwant %s", again, file)
				}
				rows := decodeJSONL(t, mustExport(t, dst, ExportOptions{Content: arena.ContentString}))
				conv := rows[0]["conversation_b"].([]any)
				if m := conv[3].(map[string]any); m["reasoning"] != thinkB2 || m["content"] != "**Go**" {
					t.Errorf("csv import: conversation_b[3] = %v", m)
				}
				return
			}
			if got := mustExport(t, dst, opt); got != want {
				t.Errorf("export after import differs:\n got %s\nwant %s", got, want)
			}
			b, err := dst.Battle(t.Context(), sqlstore.ImportedBattleID("arena-a", "battle000", t0.Add(time.Second)))
			if err != nil {
				t.Fatal(err)
			}
			if a := b.Turns[0].A; a.Text != "def f(): pass" || a.Reasoning != thinkA1 || a.FinishReason != "stop" || a.CompletionTokens != 42 {
				t.Errorf("stored turn 0 side a = %+v", a)
			}
		})
	}
}

func mustExport(t *testing.T, db RowSource, opt ExportOptions) string {
	t.Helper()
	var buf strings.Builder
	if _, err := Export(t.Context(), db, FormatNameJSONL, Filter{Internal: true}, &buf, opt); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestReleaseReasoning: a release's files carry the reasoning as the exports do, and
// its card describes the fields.
func TestReleaseReasoning(t *testing.T) {
	db := sqlitetest.Open(t)
	seed(t, db, reasoningFixture)
	dir := t.TempDir()
	if _, err := WriteRelease(t.Context(), db, dir, "r1", Filter{Internal: true}, ReleaseOptions{ExportOptions: ExportOptions{Salt: []byte("k")}}); err != nil {
		t.Fatal(err)
	}
	for _, format := range ExportFormats {
		name := "battles" + FileExtension(format)
		if format == FormatNameDPO {
			name = "dpo.jsonl"
		}
		got, err := os.ReadFile(filepath.Join(dir, "r1", name))
		if err != nil {
			t.Fatal(err)
		}
		if want, _ := exportString(t, db, format, Filter{Internal: true}, ExportOptions{Salt: []byte("k")}); format != FormatNameParquet && string(got) != want {
			t.Errorf("%s differs from the %s export", name, format)
		}
		if format == FormatNameParquet {
			recs, err := parquet.Read[partsRecord](strings.NewReader(string(got)), int64(len(got)))
			if err != nil || recs[0].ConversationB[3].Reasoning != thinkB2 {
				t.Errorf("%s holds no reasoning (%v)", name, err)
			}
		} else if !strings.Contains(string(got), thinkB2) {
			t.Errorf("%s holds no reasoning", name)
		}
	}
	card, err := os.ReadFile(filepath.Join(dir, "r1", CardName))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"reasoning_a and\n  reasoning_b", "{role, content, reasoning, finish_reason, completion_tokens}"} {
		if !strings.Contains(string(card), s) {
			t.Errorf("the card does not say %q", s)
		}
	}
}
