package arena_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/arena-dev/arena/arena"
)

// labelled is one prompt of testdata/categories.jsonl: its expected tags (a category
// is expected when listed, not expected otherwise) and criteria_v0.1 flags, labelled
// by hand against LMArena's definitions (see the README's "Categories"). The split is
// fixed in the file: the rules were tuned on "tune" only, and "heldout" measures them.
type labelled struct {
	ID       string   `json:"id"`
	Split    string   `json:"split"`
	Lang     string   `json:"lang"`
	Tags     []string `json:"tags"`
	Criteria []string `json:"criteria"`
	Prompt   string   `json:"prompt"`
}

var criteriaNames = []string{"specificity", "domain_knowledge", "complexity", "problem_solving", "creativity", "technical_accuracy", "real_world"}

func criteriaOf(c arena.Criteria) []string {
	var out []string
	for i, on := range []bool{c.Specificity, c.DomainKnowledge, c.Complexity, c.ProblemSolving, c.Creativity, c.TechnicalAccuracy, c.RealWorld} {
		if on {
			out = append(out, criteriaNames[i])
		}
	}
	return out
}

func readLabelled(t *testing.T) []labelled {
	t.Helper()
	f, err := os.Open("testdata/categories.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	ids := map[string]bool{}
	for n := 1; sc.Scan(); n++ {
		var l labelled
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		// The file's own consistency: what its labels follow from by definition.
		switch {
		case ids[l.ID]:
			t.Fatalf("line %d: id %s twice", n, l.ID)
		case l.Split != "tune" && l.Split != "heldout":
			t.Fatalf("%s: split %q", l.ID, l.Split)
		case slices.Contains(l.Tags, "hard") != (len(l.Criteria) >= arena.HardCriteria):
			t.Fatalf("%s: hard is %d or more criteria, and it has %d", l.ID, arena.HardCriteria, len(l.Criteria))
		case slices.Contains(l.Tags, "long") != (utf8.RuneCountInString(strings.TrimSpace(l.Prompt)) > arena.LongPrompt):
			t.Fatalf("%s: long is over %d characters", l.ID, arena.LongPrompt)
		}
		for _, tag := range l.Tags {
			if !arena.IsCategory(tag) {
				t.Fatalf("%s: unknown tag %q", l.ID, tag)
			}
		}
		for _, c := range l.Criteria {
			if !slices.Contains(criteriaNames, c) {
				t.Fatalf("%s: unknown criterion %q", l.ID, c)
			}
		}
		ids[l.ID] = true
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// confusion counts one label's outcomes on one half.
type confusion struct{ tp, fp, fn, tn int }

func (c confusion) precision() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c confusion) recall() float64    { return ratio(c.tp, c.tp+c.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestTaggerPrecisionRecall measures the tagger on the labelled prompts, per category
// and criterion on each half, and holds the board categories to 0.9 precision and
// recall on both. ARENA_TAGGER_MISSES=1 lists the tuning half's misses (never the
// held-out half's, which must stay unseen by whoever tunes the rules).
func TestTaggerPrecisionRecall(t *testing.T) {
	set := readLabelled(t)
	langs := map[string]int{}
	for _, l := range set {
		langs[l.Lang]++
	}
	if len(set) < 300 || len(langs) < 6 {
		t.Fatalf("the labelled set has %d prompts in %d languages; it needs 300 in 6", len(set), len(langs))
	}
	labels := append(slices.Clone(arena.Categories), criteriaNames...)
	m := map[string]map[string]*confusion{"tune": {}, "heldout": {}}
	for _, half := range m {
		for _, l := range labels {
			half[l] = &confusion{}
		}
	}
	misses := os.Getenv("ARENA_TAGGER_MISSES") != ""
	for _, l := range set {
		tags := arena.TagPrompt(l.Prompt)
		got := append(slices.Clone(tags.Categories), criteriaOf(tags.LMArena.Criteria)...)
		want := append(slices.Clone(l.Tags), l.Criteria...)
		for _, label := range labels {
			g, w := slices.Contains(got, label), slices.Contains(want, label)
			c := m[l.Split][label]
			switch {
			case g && w:
				c.tp++
			case g:
				c.fp++
			case w:
				c.fn++
			default:
				c.tn++
			}
			if misses && l.Split == "tune" && g != w && (arena.IsCategory(label) || os.Getenv("ARENA_TAGGER_MISSES") == "all") {
				t.Logf("%s %s: got %v, want %v: %.120q", l.ID, label, g, w, l.Prompt)
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d prompts, %d languages\n%-20s %26s   %26s\n", len(set), len(langs), "", "tune", "heldout")
	fmt.Fprintf(&b, "%-20s %5s %9s %6s %4s   %5s %9s %6s %4s\n", "label", "n", "precision", "recall", "", "n", "precision", "recall", "")
	for _, label := range labels {
		tu, ho := m["tune"][label], m["heldout"][label]
		fmt.Fprintf(&b, "%-20s %5d %9.2f %6.2f %4s   %5d %9.2f %6.2f\n", label, tu.tp+tu.fn, tu.precision(), tu.recall(), "",
			ho.tp+ho.fn, ho.precision(), ho.recall())
	}
	t.Log("\n" + b.String())
	// The board categories, and the four criteria the rules meet as well on both
	// halves; complexity, creativity and real world are reported, not held to 0.9,
	// because their held-out figures are below it (see the README).
	for _, label := range []string{"code", "math", "creative", "if", "hard", "specificity", "domain_knowledge", "problem_solving",
		"technical_accuracy"} {
		for _, half := range []string{"tune", "heldout"} {
			c := m[half][label]
			if c.precision() < 0.9 || c.recall() < 0.9 {
				t.Errorf("%s on the %s half: precision %.2f, recall %.2f; both must be at least 0.9", label, half, c.precision(), c.recall())
			}
		}
	}
}

// TestTaggerCriteriaRules holds the rules for complexity, problem solving and real
// world to what they read beyond words: a question for how to do something, told by
// its grammar from one for how something works; a program or a plan asked for in
// several parts; a CJK word that is evidence of two things; and advice that is not a
// solution to work out.
func TestTaggerCriteriaRules(t *testing.T) {
	type want struct{ complexity, problemSolving, realWorld bool }
	for _, c := range []struct {
		prompt string
		want   want
	}{
		{"¿Cómo quito el óxido de unas herramientas de jardín?", want{false, true, true}},
		{"Как правильно перезагрузить роутер, если пропал интернет?", want{false, true, true}},
		{"Wie bekomme ich Kalkflecken von der Duschwand weg?", want{false, true, true}},
		{"Comment enlever une tache de graisse sur un jean ?", want{false, true, true}},
		{"Como tirar mancha de café de um tapete?", want{false, true, true}},
		{"手机充电特别慢,换了充电线也一样,怎么办?", want{false, true, true}},
		// how something works is knowledge, not a task; работает is no job (работа)
		{"Comment fonctionne un vaccin à ARN ?", want{false, false, false}},
		{"Объясни, как работает GPS.", want{false, false, false}},
		{"¿Cómo se forman los arcoíris?", want{false, false, false}},
		{"Erkläre, wie ein Kühlschrank funktioniert.", want{false, false, false}},
		// a program of several parts, and one with its tests
		{"Write a Python script that goes through every CSV file in a folder, merges them, drops rows with a duplicate email address, and saves the result as an Excel file.", want{true, true, true}},
		{"Реализуй на C++ класс матрицы с перегрузкой операторов сложения и умножения и проверкой размеров, и напиши тесты.", want{true, true, false}},
		{"Write a SQL query that returns the top 5 customers by total order amount.", want{false, true, true}},
		// a plan held to several conditions
		{"Organiza un plan de estudio de ocho semanas para preparar el examen B2 de inglés, estudiando una hora al día entre semana, con repasos y simulacros.", want{true, true, true}},
		// 証明して is a request to calculate and a proof at once
		{"√2が無理数であることを証明してください。", want{true, true, false}},
		// a fault told in a few sentences is one to diagnose, not a task of many steps
		{"My sourdough comes out dense and flat every time. I feed the starter once a day and bake after a 4 hour rise. What am I doing wrong?", want{false, true, true}},
		// advice asked for is no solution to work out
		{"What should I wear to a job interview at a law firm?", want{false, false, true}},
	} {
		got := arena.TagPrompt(c.prompt).LMArena.Criteria
		if g := (want{got.Complexity, got.ProblemSolving, got.RealWorld}); g != c.want {
			t.Errorf("%q: complexity, problem solving, real world %v, want %v", c.prompt, g, c.want)
		}
	}
	// 脚本 is a program's script in Chinese: writing one is no creative writing.
	if got := arena.TagPrompt("用Python写一个脚本,每天早上八点读取公司共享文件夹里的Excel报表,把销售额低于目标的门店筛选出来,并自动发邮件给对应的店长。"); !slices.Contains(got.Categories, "code") ||
		slices.Contains(got.Categories, "creative") || !got.LMArena.Criteria.Complexity {
		t.Errorf("a Python script in Chinese: %+v", got)
	}
}

// TestTaggerResearcherFindings holds the tagger to the failures an outside researcher
// reported in the first tagger: creative for "write a ..." of any kind, math for phone
// numbers but not for a count of primes, and no code for a linked list in C.
func TestTaggerResearcherFindings(t *testing.T) {
	for _, c := range []struct {
		prompt   string
		has, not []string
	}{
		{"Write a SQL query that lists customers who ordered nothing in 2024", []string{"code"}, []string{"creative"}},
		{"write a sql query to count orders per day", []string{"code"}, []string{"creative"}},
		{"Write an email to my landlord about the broken heater", nil, []string{"creative", "code"}},
		{"Write a cover letter for a nursing job", nil, []string{"creative"}},
		{"Call me back on 555-867-5309 or +1 (415) 555-0199", nil, []string{"math"}},
		{"My new number is 0176 1234 5678, please save it", nil, []string{"math"}},
		{"The invoice from 2024-03-15 says $1,299.00, due 04/15", nil, []string{"math"}},
		{"How many prime numbers are there below 100?", []string{"math"}, []string{"code"}},
		{"reverse a linked list in C", []string{"code"}, []string{"math", "creative"}},
		{"Write a poem about autumn", []string{"creative"}, []string{"code", "math"}},
	} {
		got := arena.TagPrompt(c.prompt).Categories
		for _, tag := range c.has {
			if !slices.Contains(got, tag) {
				t.Errorf("%q: tags %v lack %s", c.prompt, got, tag)
			}
		}
		for _, tag := range c.not {
			if slices.Contains(got, tag) {
				t.Errorf("%q: tags %v have %s", c.prompt, got, tag)
			}
		}
	}
}

// TestTagPromptStructure: the flat tags and the v0.1 verdicts agree, in the order
// Categories gives, for every labelled prompt, and the same prompt always gets the same
// tags.
func TestTagPromptStructure(t *testing.T) {
	for _, l := range readLabelled(t) {
		a, b := arena.TagPrompt(l.Prompt), arena.TagPrompt(l.Prompt)
		if !slices.Equal(a.Categories, b.Categories) || a.LMArena != b.LMArena {
			t.Fatalf("%s: tagged twice, %+v then %+v", l.ID, a, b)
		}
		v := a.LMArena
		code, long := slices.Contains(a.Categories, "code"), slices.Contains(a.Categories, "long")
		if want := v.Categories(code, long); !slices.Equal(a.Categories, want) {
			t.Errorf("%s: categories %v, the v0.1 verdicts give %v", l.ID, a.Categories, want)
		}
		if v.IF.Score < 0 || v.IF.Score > 5 || v.IF.IF != (v.IF.Score >= 4) {
			t.Errorf("%s: if_v0.1 %+v: the score is 0 to 5, and if is a score of 4 or more", l.ID, v.IF)
		}
		if want := map[bool]string{true: "yes", false: "no"}[v.CreativeWriting.CreativeWriting]; v.CreativeWriting.Score != want {
			t.Errorf("%s: creative_writing_v0.1 %+v", l.ID, v.CreativeWriting)
		}
		if long != (utf8.RuneCountInString(strings.TrimSpace(l.Prompt)) > arena.LongPrompt) {
			t.Errorf("%s: long is %v", l.ID, long)
		}
		if !slices.IsSortedFunc(a.Categories, func(x, y string) int {
			return slices.Index(arena.Categories, x) - slices.Index(arena.Categories, y)
		}) {
			t.Errorf("%s: categories %v are not in display order", l.ID, a.Categories)
		}
	}
}

// TestTagPromptLongPaste: a prompt at the length limit, a question followed by a pasted
// file, is read by its head and tail but measured whole.
func TestTagPromptLongPaste(t *testing.T) {
	paste := strings.Repeat("the quick brown fox jumps over the lazy dog ", arena.MaxPromptChars/44)
	p := "Why does my Python script crash with a KeyError? Here is the log:\n" + paste
	got := arena.TagPrompt(p).Categories
	if !slices.Contains(got, "code") || !slices.Contains(got, "long") {
		t.Errorf("tags %v; want code and long", got)
	}
	if got := arena.TagPrompt(paste + "\nSummarise this in three bullet points and a title.").LMArena.IF; !got.IF {
		t.Errorf("a request after a long paste: if_v0.1 %+v", got)
	}
}

// BenchmarkCategorize tags the labelled prompts, as battle creation does one at a time.
func BenchmarkCategorize(b *testing.B) {
	f, err := os.ReadFile("testdata/categories.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	var prompts []string
	var bytes int
	for line := range strings.SplitSeq(strings.TrimSpace(string(f)), "\n") {
		var l labelled
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			b.Fatal(err)
		}
		prompts = append(prompts, l.Prompt)
		bytes += len(l.Prompt)
	}
	b.SetBytes(int64(bytes / len(prompts)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		arena.TagPrompt(prompts[i%len(prompts)])
	}
}

// BenchmarkCategorizeLongest tags a prompt at the length limit.
func BenchmarkCategorizeLongest(b *testing.B) {
	p := strings.Repeat("SELECT id, name FROM users WHERE created_at > now() - interval '7 days';\n", arena.MaxPromptChars/74)
	b.SetBytes(int64(len(p)))
	for b.Loop() {
		arena.TagPrompt(p)
	}
}

// FuzzTagPrompt: any text tags without panicking, the same way twice, with flat tags
// that agree with the v0.1 verdicts and a score from 0 to 5; the tagger reads numbers,
// code lines and CJK text by hand, index by index.
func FuzzTagPrompt(f *testing.F) {
	for _, s := range []string{"", "+", "(1", "1/", "3x+", "x^", "= -", "20%", "what is 2", "```", "1.2.3.4", "+44 (0) 20",
		"写一首诗", "3つ", "百字", "Error", "aException", "- ", "1. ", "}", "c++", ".net", "\xff\xfe", "१२३ + ४"} {
		f.Add(s)
	}
	for _, l := range strings.Split(strings.TrimSpace(string(mustRead(f, "testdata/categories.jsonl"))), "\n")[:40] {
		var lb labelled
		if json.Unmarshal([]byte(l), &lb) == nil {
			f.Add(lb.Prompt)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, b := arena.TagPrompt(s), arena.TagPrompt(s)
		if !slices.Equal(a.Categories, b.Categories) || a.LMArena != b.LMArena {
			t.Fatalf("%q tagged %+v, then %+v", s, a, b)
		}
		v := a.LMArena
		if got := v.Categories(slices.Contains(a.Categories, "code"), slices.Contains(a.Categories, "long")); !slices.Equal(got, a.Categories) {
			t.Fatalf("%q: categories %v, v0.1 %+v", s, a.Categories, v)
		}
		if v.IF.Score < 0 || v.IF.Score > 5 || v.IF.IF != (v.IF.Score >= 4) {
			t.Fatalf("%q: if_v0.1 %+v", s, v.IF)
		}
		for _, c := range a.Categories {
			if !arena.IsCategory(c) {
				t.Fatalf("%q: tag %q", s, c)
			}
		}
	})
}

func mustRead(f *testing.F, name string) []byte {
	b, err := os.ReadFile(name)
	if err != nil {
		f.Fatal(err)
	}
	return b
}

// TestTagPromptSmallTalk: small talk meets no criterion, and a task that happens to
// hold a greeting's word is no small talk.
func TestTagPromptSmallTalk(t *testing.T) {
	for _, p := range []string{"hi", "hello how are you", "test", "你好", "привет"} {
		if c := arena.TagPrompt(p).LMArena.Criteria; c.Count() != 0 {
			t.Errorf("%q meets criteria %+v", p, c)
		}
	}
	got := arena.TagPrompt("write a unit test")
	if !slices.Contains(got.Categories, "code") || !got.LMArena.Criteria.Specificity {
		t.Errorf("write a unit test: %+v", got)
	}
}
