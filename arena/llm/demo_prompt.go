package llm

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/arena-dev/arena/arena"
)

// prompt is what the demo models understand of a conversation: enough to build an
// answer around the person's own words.
type prompt struct {
	kind    string   // greeting, arith, code, compare, list, how, why, what or other
	subject string   // the latest question's subject in the person's words, pronouns turned round
	task    string   // for "how do I X", the X
	terms   []string // content words, in order of appearance
	lang    string   // programming language asked about, "" if none
	a, b    string   // the two sides of a comparison
	expr    string   // a simple sum such as "12 * 7", with its value
	value   float64
	prev    string // the previous question's subject, "" on the first turn
	turn    int    // 1 for the first question
}

var (
	wordRe  = regexp.MustCompile(`[\p{L}][\p{L}\p{N}+#'-]*`)
	arithRe = regexp.MustCompile(`(-?\d+(?:\.\d+)?)\s*([-+*/x×])\s*(-?\d+(?:\.\d+)?)`)
	// Leading filler stripped, repeatedly, to find the subject of a question.
	fillerRes = func() []*regexp.Regexp {
		var rs []*regexp.Regexp
		for _, s := range []string{
			`^(hi|hello|hey)\b[,!.]*\s*`,
			`^(ok|okay|so|and|but|also|now|then|well)\b[,]?\s+`,
			`^(please|pls|kindly)\s+`,
			`^(can|could|would|will) you( please)?\s+`,
			`^i('d| would) like( you)? to (know|understand|learn)( about)?\s+`,
			`^i (want|need) to (know|understand|learn)( about)?\s+`,
			`^(tell|teach|show) me( more)?( about)?\s+`,
			`^(explain|describe|define|summari[sz]e)( to me)?( what| how| why)?\s+`,
			`^what('s| is| are| was| were) the differences? between\s+`,
			`^(what|who|which)('s| is| are| was| were)( the| a| an)?\s+`,
			`^why (is|are|do|does|did|can't|cannot|would|should|was|were)( the| a| an)?\s+`,
			`^(write|create|make|build|implement|generate|give|code)( me)?( up)?( a| an| the| some)?\s+`,
			`^(list|name|suggest|recommend)( me)?( the| some| a few)?\s+`,
			`^compare\s+`,
		} {
			rs = append(rs, regexp.MustCompile(`(?i)`+s))
		}
		return rs
	}()
	whyRe      = regexp.MustCompile(`(?i)^why (is|are|was|were|do|does|did) (the |a |an |your |my )?([\p{L}\p{N}-]+) (.+)$`)
	howToRe    = regexp.MustCompile(`(?i)^how (do|can|should|would|could|might) (i|you|we|one)\s+|^how to\s+`)
	howWorksRe = regexp.MustCompile(`(?i)^how (does|do|is|are) (.+?) (work|made|built|done)\b`)
	compareRes = []*regexp.Regexp{
		regexp.MustCompile(`(?i)difference between (.+?) and (.+?)(?:[?.!,]|$| for | in | when )`),
		regexp.MustCompile(`(?i)compare (.+?) (?:and|with|to) (.+?)(?:[?.!,]|$| for | in | when )`),
		regexp.MustCompile(`(?i)(?:^|[\s,:])([\p{L}\p{N}+#.-]+(?: [\p{L}\p{N}+#.-]+)?) (?:vs\.?|versus) ([\p{L}\p{N}+#.-]+(?: [\p{L}\p{N}+#.-]+)?)`),
		regexp.MustCompile(`(?i)(?:should i use|is it better to use|better:?) (.+?) or (.+?)(?:[?.!,]|$| for | in | when )`),
	}
	greetingRe = regexp.MustCompile(`^(hi|hello|hey|yo|greetings|good (morning|afternoon|evening))\b`)
	listRe     = regexp.MustCompile(`^(list|name|suggest|recommend|give me (some|a few|\d+))\b|\b(top \d+|\d+ (ways|ideas|tips|examples|reasons|things))\b|\b(ideas|tips) (for|to|on)\b`)
	whatRe     = regexp.MustCompile(`^(what|who|which|define|explain|describe|tell me about)\b`)
	goRe       = regexp.MustCompile(`(?i)\bgolang\b|\bin go\b|\bgo (code|function|program|struct|routine|channel|module|package|test)s?\b|\bGo\b`)
)

var languages = []struct{ name, re string }{
	{"typescript", `\b(typescript|ts|tsx|angular|deno)\b`},
	{"javascript", `\b(javascript|js|node(\.?js)?|react|npm|browser|dom|jquery)\b`},
	{"python", `\b(python|py|pandas|numpy|django|flask|pip)\b`},
	{"rust", `\b(rust|cargo|rustc)\b`},
	{"java", `\b(java|jvm|spring|maven|gradle)\b`},
	{"sql", `\b(sql|query|queries|postgres(ql)?|mysql|sqlite|database|table|join)\b`},
	{"bash", `\b(bash|shell|zsh|terminal|command line|cli|grep|sed|awk)\b`},
}

var languageRes = func() []*regexp.Regexp {
	rs := make([]*regexp.Regexp, len(languages))
	for i, l := range languages {
		rs[i] = regexp.MustCompile(`(?i)` + l.re)
	}
	return rs
}()

var codeWords = regexp.MustCompile(`(?i)\b(code|function|implement|program|script|regex|algorithm|bug|compile|syntax|class|method|snippet|loop|recursion|recursive|array|debug|refactor|api|endpoint)\b|` + "```")

var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but if then else so of to in on at by for with about from into onto over
	under as is are was were be been being am do does did doing have has had having can could would should will shall may
	might must i me my mine myself you your yours we us our they them their he him his she her it its this that these those
	there here what which who whom whose when where why how not no yes very really just also too more most much many some any
	all each every such than then only own same other others another again further once out up down off please thanks thank
	explain tell give write make show want need know like get got let lets let's help use using used one two way ways thing
	things stuff something anything difference between compare versus vs list name examples example best good better bad
	describe define mean means meaning work works working idea ideas think kind sort lot lots okay ok hi hello hey can't
	don't doesn't isn't aren't won't i'm you're it's that's what's i'd i've create build implement generate code function
	program script simple quick short long new old different same important main basic basics	able else ever still via`) {
		m[w] = true
	}
	return m
}()

var fallbackTerms = []string{"the core idea", "the context", "the trade-offs", "the details", "the edge cases", "the constraints"}

var pronouns = map[string]string{"i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself",
	"i'm": "you're", "i've": "you've", "i'd": "you'd", "am": "are", "we": "you", "us": "you", "our": "your", "ours": "yours"}

// parsePrompt reads the conversation's latest user message, and the one before it for
// follow-ups.
func parsePrompt(msgs []arena.Message) prompt {
	var users []string
	for _, m := range msgs {
		if m.Role == "user" && strings.TrimSpace(m.Content) != "" {
			users = append(users, strings.TrimSpace(m.Content))
		}
	}
	if len(users) == 0 {
		users = []string{""}
	}
	p := analyse(users[len(users)-1])
	p.turn = len(users)
	if len(users) > 1 {
		prev := analyse(users[len(users)-2])
		p.prev = prev.subject
		// "Why?", "Tell me more": too little to go on, so keep talking about the last thing.
		if len(p.terms) < 2 && p.kind != "greeting" && p.kind != "arith" {
			p.subject, p.task, p.lang, p.a, p.b = prev.subject, prev.task, prev.lang, prev.a, prev.b
			p.terms = append(p.terms, prev.terms...)
			if p.kind == "other" {
				p.kind = prev.kind
			}
		}
	}
	for _, f := range fallbackTerms {
		if len(p.terms) >= 4 {
			break
		}
		p.terms = append(p.terms, f)
	}
	return p
}

func analyse(text string) prompt {
	var p prompt
	lower := strings.ToLower(text)
	p.terms = keyTerms(text)

	if m := arithRe.FindStringSubmatch(text); m != nil && len(strings.Fields(text)) <= 12 {
		if v, ok := calc(m[1], m[2], m[3]); ok {
			p.expr, p.value = m[1]+" "+strings.NewReplacer("x", "×", "*", "×").Replace(m[2])+" "+m[3], v
		}
	}
	if goRe.MatchString(text) {
		p.lang = "go"
	} else {
		for i, re := range languageRes {
			if re.MatchString(lower) {
				p.lang = languages[i].name
				break
			}
		}
	}
	for _, re := range compareRes {
		if m := re.FindStringSubmatch(text); m != nil {
			p.a, p.b = cleanPhrase(m[1]), cleanPhrase(m[2])
			if p.a != "" && p.b != "" && !strings.EqualFold(p.a, p.b) {
				break
			}
			p.a, p.b = "", ""
		}
	}

	first := strings.Fields(lower)
	switch {
	case p.expr != "":
		p.kind = "arith"
	case len(first) <= 3 && len(first) > 0 && greetingRe.MatchString(lower):
		p.kind = "greeting"
	case p.a != "":
		p.kind = "compare"
	case codeWords.MatchString(lower) || (p.lang != "" && p.lang != "sql" && p.lang != "bash"):
		p.kind = "code"
	case listRe.MatchString(lower):
		p.kind = "list"
	case strings.HasPrefix(lower, "how"):
		p.kind = "how"
	case strings.HasPrefix(lower, "why") || strings.Contains(lower, " why "):
		p.kind = "why"
	case whatRe.MatchString(lower):
		p.kind = "what"
	default:
		p.kind = "other"
	}

	subject := firstSentence(text)
	if m := whyRe.FindStringSubmatch(subject); m != nil {
		// "why is the sky blue" reads better as "why the sky is blue".
		verb := strings.ToLower(m[1])
		switch verb {
		case "do", "did":
			verb = ""
		case "does":
			verb = "does"
		}
		if verb == "does" {
			subject = "why " + m[2] + m[3] + " " + thirdPerson(m[4])
		} else {
			subject = strings.Join(strings.Fields("why "+m[2]+m[3]+" "+verb+" "+m[4]), " ")
		}
	} else if m := howWorksRe.FindStringSubmatch(subject); m != nil {
		subject = "how " + m[2] + " " + conjugate(m[1], m[3])
	} else if loc := howToRe.FindStringIndex(subject); loc != nil {
		p.task = swapPronouns(cleanPhrase(subject[loc[1]:]))
		subject = "how to " + p.task
	} else {
		for changed := true; changed; {
			changed = false
			for _, re := range fillerRes {
				if loc := re.FindStringIndex(subject); loc != nil && loc[1] < len(subject) {
					subject, changed = subject[loc[1]:], true
				}
			}
		}
	}
	if subject == firstSentence(text) {
		subject = lowerFirst(subject) // capitalised only because it starts the sentence
	}
	p.subject = swapPronouns(cleanPhrase(subject))
	if p.kind == "other" && len(strings.Fields(p.subject)) > 4 && len(p.terms) > 0 {
		// A statement, not a question: name what it is about instead of echoing it.
		p.subject = strings.Join(p.terms[:min(2, len(p.terms))], " and ")
	}
	if p.lang != "" {
		// The language is said once where it belongs, not treated as a topic word.
		terms := p.terms[:0]
		for _, t := range p.terms {
			if !languageWord(t) {
				terms = append(terms, t)
			}
		}
		p.terms = terms
	}
	if p.kind == "compare" {
		p.subject = p.a + " versus " + p.b
	}
	if len(strings.Fields(p.subject)) == 0 || p.kind == "greeting" {
		p.subject = strings.Join(p.terms[:min(2, len(p.terms))], " and ")
	}
	if p.subject == "" {
		p.subject = "this"
	}
	return p
}

func languageWord(w string) bool {
	w = strings.ToLower(w)
	for _, l := range languages {
		if w == l.name {
			return true
		}
	}
	return w == "golang" || w == "js" || w == "node"
}

func lowerFirst(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 || isAcronym(f[0]) || f[0] == "I" || strings.HasPrefix(f[0], "I'") {
		return s
	}
	r, n := utf8.DecodeRuneInString(f[0])
	if rest := f[0][n:]; rest != strings.ToLower(rest) {
		return s // "iPhone", "McDonald"
	}
	return string(unicode.ToLower(r)) + s[n:]
}

func thirdPerson(rest string) string {
	f := strings.Fields(rest)
	if len(f) > 0 && !strings.HasSuffix(f[0], "s") {
		f[0] += "s"
	}
	return strings.Join(f, " ")
}

func conjugate(aux, verb string) string {
	if verb == "work" {
		if strings.EqualFold(aux, "does") {
			return "works"
		}
		return "work"
	}
	if strings.EqualFold(aux, "is") {
		return "is " + verb
	}
	return "are " + verb
}

// keyTerms returns the content words of text, deduplicated, in order, at most six.
func keyTerms(text string) []string {
	var out []string
	seen := map[string]bool{}
	for i, w := range wordRe.FindAllString(text, -1) {
		w = strings.Trim(w, "'-")
		lw := strings.ToLower(w)
		if utf8.RuneCountInString(w) < 3 && !isAcronym(w) || stopwords[lw] || seen[lw] {
			continue
		}
		seen[lw] = true
		if i == 0 && !isAcronym(w) {
			w = lw // capitalised only because it starts the sentence
		}
		out = append(out, w)
		if len(out) == 6 {
			break
		}
	}
	return out
}

func isAcronym(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n >= 2
}

func firstSentence(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\n"); i > 0 {
		s = s[:i]
	}
	// End at the first "? " or ". " or "! ", so "e.g." or "3.5" inside stay whole.
	for i := 0; i+1 < len(s); i++ {
		if (s[i] == '?' || s[i] == '.' || s[i] == '!') && s[i+1] == ' ' {
			return s[:i]
		}
	}
	return s
}

// cleanPhrase trims punctuation and caps a phrase at nine words.
func cleanPhrase(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, "?.!,;: ")
	s = strings.Trim(s, "\"'`*")
	f := strings.Fields(s)
	if len(f) > 9 {
		f = f[:9]
	}
	return strings.Join(f, " ")
}

func swapPronouns(s string) string {
	f := strings.Fields(s)
	for i, w := range f {
		if r, ok := pronouns[strings.ToLower(w)]; ok {
			f[i] = r
		}
	}
	return strings.Join(f, " ")
}

func calc(a, op, b string) (float64, bool) {
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	switch op {
	case "+":
		return x + y, true
	case "-":
		return x - y, true
	case "*", "x", "×":
		return x * y, true
	case "/":
		if y == 0 {
			return 0, false
		}
		return x / y, true
	}
	return 0, false
}

func formatNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
