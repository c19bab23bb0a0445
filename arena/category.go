package arena

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Categories are the tags leaderboards split battles by, in display order: code,
// math, creative (creative writing), if (instruction following), hard (LMArena's hard
// prompts) and long (a longer query). TagPrompt gives them; an untagged prompt counts
// only in the overall leaderboard.
var Categories = []string{"code", "math", "creative", "if", "hard", "long"}

// IsCategory reports whether tag is one of Categories.
func IsCategory(tag string) bool { return slices.Contains(Categories, tag) }

// TaggerVersion numbers TagPrompt's rules. A battle's stored tags carry the version
// that made them, so battles tagged by an older tagger can be found and re-tagged
// (RetagBattles). 0 is the first tagger, which stamped nothing; bump this whenever a
// change to the rules would change a prompt's tags.
const TaggerVersion = 3

// LongPrompt is the length, in characters, beyond which a prompt is a longer query.
const LongPrompt = 500

// Criteria are LMArena's seven hardness criteria (criteria_v0.1 in
// arena-human-preference-140k): a prompt meeting at least HardCriteria of them is a
// hard prompt. The field names are 140k's, in JSON and Parquet alike.
type Criteria struct {
	Specificity       bool `json:"specificity" parquet:"specificity"`
	DomainKnowledge   bool `json:"domain_knowledge" parquet:"domain_knowledge"`
	Complexity        bool `json:"complexity" parquet:"complexity"`
	ProblemSolving    bool `json:"problem_solving" parquet:"problem_solving"`
	Creativity        bool `json:"creativity" parquet:"creativity"`
	TechnicalAccuracy bool `json:"technical_accuracy" parquet:"technical_accuracy"`
	RealWorld         bool `json:"real_world" parquet:"real_world"`
}

// HardCriteria is how many Criteria make a hard prompt, as LMArena counts.
const HardCriteria = 6

// Count is how many of the criteria the prompt meets.
func (c Criteria) Count() int {
	n := 0
	for _, b := range [...]bool{c.Specificity, c.DomainKnowledge, c.Complexity, c.ProblemSolving, c.Creativity, c.TechnicalAccuracy, c.RealWorld} {
		if b {
			n++
		}
	}
	return n
}

// IFTag is 140k's if_v0.1: an instruction-following score from 0 (no instructions
// to follow) to 5 (advanced ones), and if, set from 4 up as LMArena sets it.
type IFTag struct {
	IF    bool  `json:"if" parquet:"if"`
	Score int64 `json:"score" parquet:"score"`
}

// MathTag is 140k's math_v0.1.
type MathTag struct {
	Math bool `json:"math" parquet:"math"`
}

// CreativeWritingTag is 140k's creative_writing_v0.1; Score is "yes" or "no", the
// verdict in words as LMArena's classifier gives it.
type CreativeWritingTag struct {
	CreativeWriting bool   `json:"creative_writing" parquet:"creative_writing"`
	Score           string `json:"score" parquet:"score"`
}

// LMArenaTags are the v0.1 keys of 140k's category_tag. LMArena's come from an LLM
// judge; TagPrompt's from heuristics that approximate the same definitions.
type LMArenaTags struct {
	Criteria        Criteria           `json:"criteria_v0.1" parquet:"criteria_v0.1"`
	IF              IFTag              `json:"if_v0.1" parquet:"if_v0.1"`
	Math            MathTag            `json:"math_v0.1" parquet:"math_v0.1"`
	CreativeWriting CreativeWritingTag `json:"creative_writing_v0.1" parquet:"creative_writing_v0.1"`
}

// Categories are the flat tags the v0.1 verdicts imply, with code and long, which
// they do not cover, given: math, creative writing and instruction following as
// judged, hard at HardCriteria criteria.
func (t LMArenaTags) Categories(code, long bool) []string {
	var out []string
	for _, c := range [...]struct {
		on  bool
		tag string
	}{{code, "code"}, {t.Math.Math, "math"}, {t.CreativeWriting.CreativeWriting, "creative"}, {t.IF.IF, "if"},
		{t.Criteria.Count() >= HardCriteria, "hard"}, {long, "long"}} {
		if c.on {
			out = append(out, c.tag)
		}
	}
	return out
}

// LMArenaOf is what flat tags alone say of the v0.1 keys, for a battle whose v0.1
// verdicts were never stored (an imported file that had none): math, creative writing
// and instruction following as tagged, with if's score 0 (not scored) and the
// criteria false (unknown).
func LMArenaOf(categories []string) LMArenaTags {
	var t LMArenaTags
	t.Math.Math = slices.Contains(categories, "math")
	t.CreativeWriting = creativeWriting(slices.Contains(categories, "creative"))
	t.IF.IF = slices.Contains(categories, "if")
	return t
}

func creativeWriting(on bool) CreativeWritingTag {
	if on {
		return CreativeWritingTag{CreativeWriting: true, Score: "yes"}
	}
	return CreativeWritingTag{Score: "no"}
}

// PromptTags are a prompt's tags: this arena's Categories and 140k's v0.1 verdicts,
// which agree (Categories are LMArena.Categories with code and long).
type PromptTags struct {
	Categories []string
	LMArena    LMArenaTags
}

// TagPrompt tags a prompt by heuristics: keyword and pattern rules in English,
// Chinese, Spanish, German, French, Russian, Japanese and Portuguese that approximate
// LMArena's LLM-judged definitions (see the README's "Categories"). It is pure and
// deterministic: the same prompt always gets the same tags.
func TagPrompt(prompt string) PromptTags {
	prompt = strings.TrimSpace(prompt)
	s := newScan(prompt)
	var t LMArenaTags
	code := s.isCode()
	t.Math.Math = s.isMath(code)
	t.CreativeWriting = creativeWriting(s.isCreative(code))
	t.IF.Score = s.ifScore()
	t.IF.IF = t.IF.Score >= 4
	t.Criteria = s.criteria(code, t.Math.Math, t.CreativeWriting.CreativeWriting)
	long := utf8.RuneCountInString(prompt) > LongPrompt
	return PromptTags{Categories: t.Categories(code, long), LMArena: t}
}
