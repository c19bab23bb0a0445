package arena

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The tagger reads a prompt once into a scan: its words, looked up in a lexicon of
// signals (tagger_lexicon.go), CJK keywords found by substring, and what words do not
// show (tagger_numbers.go, and lines of code, lengths and sentences here). The rules in
// tagger_rules.go weigh the signals. Nothing here depends on anything but the prompt.

// signal is a kind of evidence a word, phrase or pattern gives.
type signal uint8

// scanHead and scanTail bound the text a scan reads: the head and tail of a long
// prompt say what it asks, and a pasted 20,000-character file would otherwise make
// every battle's creation pay for reading all of it.
const (
	scanHead = 6000
	scanTail = 2000
)

type scan struct {
	orig  string   // the prompt as read (head and tail of a long one)
	text  string   // orig lower-cased
	words []string // text's words (runs of letters and digits outside CJK scripts)
	n     [nSignals]int
	// cjk counts the CJK characters (Han, kana, hangul), which have no words to split.
	cjk int
}

func newScan(prompt string) *scan {
	orig := prompt
	if len(orig) > scanHead+scanTail {
		head, tail := scanHead, len(orig)-scanTail
		for head > 0 && !utf8.RuneStart(orig[head]) {
			head--
		}
		for tail < len(orig) && !utf8.RuneStart(orig[tail]) {
			tail++
		}
		orig = orig[:head] + "\n" + orig[tail:]
	}
	s := &scan{orig: orig, text: strings.ToLower(orig)}
	s.words = splitWords(s.text, &s.cjk)
	lex.match(s)
	s.patterns()
	return s
}

func isCJK(r rune) bool {
	if r < 0x1100 { // below Hangul Jamo: Latin, Greek, Cyrillic and the rest, quickly
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r) || r == 'ー'
}

// splitWords splits lower-cased text into words: runs of letters, digits and
// combining marks, CJK characters excepted (counted in cjk instead).
func splitWords(text string, cjk *int) []string {
	var words []string
	start := -1
	for i, r := range text {
		var inWord bool
		if r < utf8.RuneSelf {
			inWord = r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z'
		} else if isCJK(r) {
			if cjk != nil {
				*cjk++
			}
		} else {
			inWord = unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		}
		switch {
		case inWord && start < 0:
			start = i
		case !inWord && start >= 0:
			words = append(words, text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		words = append(words, text[start:])
	}
	return words
}

func (s *scan) has(g signal) bool { return s.n[g] > 0 }

// lexicon finds the signals of words, word prefixes and suffixes, phrases of words and
// CJK keywords.
type lexicon struct {
	exact              map[string][]signal
	prefix, suffix     map[string][]signal
	prefixLen, suffLen []int
	phrases            map[string][]phrase // by first word
	cjk                map[rune][]cjkEntry // by first rune, longest first
}

type phrase struct {
	rest    []string
	signals []signal
}

type cjkEntry struct {
	s       string
	signals []signal
}

// newLexicon builds a lexicon from entries of signals: "word", "prefix*", "*suffix",
// "several words" (split as prompts are, so "don't" is "don t"), or CJK text, found
// anywhere. A CJK entry is matched longest first and takes its characters, so a
// longer, neutral entry (程序员, a programmer) keeps a shorter one (程序, a program)
// from matching inside it.
func newLexicon(entries map[signal][]string) *lexicon {
	l := &lexicon{exact: map[string][]signal{}, prefix: map[string][]signal{}, suffix: map[string][]signal{},
		phrases: map[string][]phrase{}, cjk: map[rune][]cjkEntry{}}
	addLen := func(lens []int, n int) []int {
		for _, m := range lens {
			if m == n {
				return lens
			}
		}
		return append(lens, n)
	}
	// Signals in a fixed order, so that building the lexicon twice gives the same one.
	var sigs []signal
	for g := range entries {
		sigs = append(sigs, g)
	}
	sort.Slice(sigs, func(i, j int) bool { return sigs[i] < sigs[j] })
	type key struct {
		g signal
		e string
	}
	seen := map[key]bool{}
	for _, g := range sigs {
		for _, e := range entries[g] {
			e = strings.ToLower(e)
			if seen[key{g, e}] {
				continue // listed twice: one word is one piece of evidence
			}
			seen[key{g, e}] = true
			r, _ := utf8.DecodeRuneInString(e)
			switch {
			case isCJK(r) || strings.ContainsFunc(e, isCJK):
				// A CJK entry takes its characters, so one listed under several signals
				// is one entry giving them all (証明, a proof, is mathematics too).
				i := slices.IndexFunc(l.cjk[r], func(c cjkEntry) bool { return c.s == e })
				if i < 0 {
					l.cjk[r] = append(l.cjk[r], cjkEntry{s: e})
					i = len(l.cjk[r]) - 1
				}
				l.cjk[r][i].signals = append(l.cjk[r][i].signals, g)
			case strings.HasSuffix(e, "*"):
				p := strings.TrimSuffix(e, "*")
				l.prefix[p] = append(l.prefix[p], g)
				l.prefixLen = addLen(l.prefixLen, len(p))
			case strings.HasPrefix(e, "*"):
				p := strings.TrimPrefix(e, "*")
				l.suffix[p] = append(l.suffix[p], g)
				l.suffLen = addLen(l.suffLen, len(p))
			default:
				ws := splitWords(e, nil)
				if len(ws) == 1 {
					l.exact[ws[0]] = append(l.exact[ws[0]], g)
				} else if len(ws) > 1 {
					l.phrases[ws[0]] = append(l.phrases[ws[0]], phrase{rest: ws[1:], signals: []signal{g}})
				}
			}
		}
	}
	for r, es := range l.cjk {
		sort.SliceStable(es, func(i, j int) bool { return len(es[i].s) > len(es[j].s) })
		l.cjk[r] = es
	}
	sort.Ints(l.prefixLen)
	sort.Ints(l.suffLen)
	return l
}

func (l *lexicon) match(s *scan) {
	add := func(gs []signal) {
		for _, g := range gs {
			s.n[g]++
		}
	}
	for i, w := range s.words {
		add(l.exact[w])
		for _, n := range l.prefixLen {
			if n >= len(w) {
				break
			}
			add(l.prefix[w[:n]])
		}
		for _, n := range l.suffLen {
			if n >= len(w) {
				break
			}
			add(l.suffix[w[len(w)-n:]])
		}
		for _, p := range l.phrases[w] {
			if i+len(p.rest) < len(s.words) && equalWords(s.words[i+1:i+1+len(p.rest)], p.rest) {
				add(p.signals)
			}
		}
	}
	if s.cjk == 0 {
		return
	}
	t := s.text
	for i := 0; i < len(t); {
		r, size := utf8.DecodeRuneInString(t[i:])
		next := i + size
		for _, e := range l.cjk[r] {
			if strings.HasPrefix(t[i:], e.s) {
				add(e.signals)
				next = i + len(e.s)
				break
			}
		}
		i = next
	}
}

func equalWords(a, b []string) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// patterns reads what the words do not show: numbers and arithmetic, notation, fences,
// error names, lines of code and of lists, sentences, and lengths asked for.
func (s *scan) patterns() {
	if strings.ContainsAny(s.text, "0123456789") {
		s.numbers()
	}
	s.symbols()
	s.n[sigFence] += strings.Count(s.text, "```")
	s.n[sigQuestion] += strings.Count(s.text, "?") + strings.Count(s.text, "？")
	s.errorNames()
	s.howDo()
	s.lines()
	s.sentences()
	s.lengths()
}

// errorNames counts the names of errors and exceptions a program printed:
// TypeError, NullPointerException, java.lang.OutOfMemoryError.
func (s *scan) errorNames() {
	for _, name := range [...]string{"Error", "Exception"} {
		t := s.orig
		for n := 0; n < 4; n++ {
			i := strings.Index(t, name)
			if i < 0 {
				break
			}
			if i > 0 && t[i-1] >= 'a' && t[i-1] <= 'z' {
				s.n[sigTrace]++
			}
			t = t[i+len(name):]
		}
	}
}

// codeStarts begin lines of code; codeTells are in them anywhere. A start comes with
// what else the line must hold, or how few words it may have, so that prose ("Let me
// know", "Select the best one", "Import the CSV into Excel") is not code.
var codeStarts = [...]struct {
	start, also string
	maxWords    int
}{
	{"def ", "(", 0}, {"class ", ":", 0}, {"class ", "{", 0}, {"import ", "", 6}, {"from ", " import ", 0},
	{"func ", "(", 0}, {"function", "(", 0}, {"fn ", "(", 0}, {"public ", "(", 0}, {"private ", "(", 0},
	{"static ", "(", 0}, {"return ", "", 4}, {"return", "", 1}, {"const ", "=", 0}, {"let ", "=", 0},
	{"var ", "=", 0}, {"#include", "", 0}, {"package ", "", 2}, {"using ", ";", 0}, {"namespace ", "", 3},
	{"select ", " from ", 0}, {"insert into", "", 0}, {"update ", " set ", 0}, {"create table", "", 0},
	{"for (", "", 0}, {"for ", " in ", 0}, {"while (", "", 0}, {"if (", "", 0}, {"elif ", ":", 0},
	{"else:", "", 0}, {"try:", "", 0}, {"except", ":", 0}, {"catch", "(", 0}, {"print(", "", 0},
	{"printf(", "", 0}, {"console.", "(", 0}, {"system.out", "", 0}, {"echo ", "", 0}, {"$ ", "", 0},
	{"sudo ", "", 0}, {"pip ", "", 0}, {"npm ", "", 0}, {"git ", "", 0}, {"docker ", "", 0}, {"kubectl ", "", 0},
	{"curl ", "", 0}, {"<", ">", 0},
}

var codeTells = [...]string{"=>", ":=", "();", "){", ") {", "->", "};", "!==", "===", "&&", "||"}

// lines counts the lines that read as code and those that start a list item.
func (s *scan) lines() {
	code := 0
	for line := range strings.SplitSeq(s.text, "\n") {
		t := strings.TrimSpace(line)
		if len(t) < 2 {
			if t == "}" || t == ")" || t == "]" {
				code++
			}
			continue
		}
		if strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || strings.HasPrefix(t, "• ") ||
			t[0] >= '0' && t[0] <= '9' && (strings.HasPrefix(t[1:], ". ") || strings.HasPrefix(t[1:], ") ")) {
			s.n[sigListLine]++
		}
		switch {
		case code >= 8:
			// Code enough to tell; the rest of a long paste is not read line by line.
		case len(t) <= 300 && isCodeLine(t):
			code++
		default:
			// Commas in code are syntax; in prose they part a request.
			s.n[sigClause] += strings.Count(t, ",") + strings.Count(t, ";") + strings.Count(t, "，") + strings.Count(t, "、")
		}
	}
	s.n[sigCodeLine] += code
}

func isCodeLine(t string) bool {
	if strings.HasSuffix(t, ";") || strings.HasSuffix(t, "{") || t == "};" || t == "});" {
		return true
	}
	for _, c := range codeStarts {
		if strings.HasPrefix(t, c.start) && (c.also == "" || strings.Contains(t[len(c.start):], c.also)) &&
			(c.maxWords == 0 || len(strings.Fields(t)) <= c.maxWords) {
			return true
		}
	}
	for _, c := range codeTells {
		if strings.Contains(t, c) {
			return true
		}
	}
	// a call on a line of its own: hallo(), print(avg([]))
	if i := strings.IndexByte(t, '('); i > 0 && strings.HasSuffix(t, ")") && !strings.ContainsAny(t[:i], " ,") {
		return true
	}
	return false
}

// sentences counts the ends of sentences: . ! ? before a space or the end, and the
// CJK full stops, which need no space.
func (s *scan) sentences() {
	t := s.text
	n := 0
	for i := 0; i < len(t); {
		r, size := utf8.DecodeRuneInString(t[i:])
		i += size
		switch r {
		case '。', '！', '？':
			n++
		case '.', '!', '?':
			if i == len(t) || t[i] == ' ' || t[i] == '\n' {
				n++
			}
		}
	}
	s.n[sigSentence] += n
}

// lengths finds lengths and counts asked for: a number then, within two words, a unit.
func (s *scan) lengths() {
	isNumber := func(w string) bool {
		if numberWords[w] {
			return true
		}
		for i := 0; i < len(w); i++ {
			if w[i] < '0' || w[i] > '9' {
				return false
			}
		}
		return true
	}
	isUnit := func(w string) bool {
		if lengthUnits[w] {
			return true
		}
		for _, stem := range lengthStems {
			if strings.HasPrefix(w, stem) {
				return true
			}
		}
		return false
	}
	ws := s.words
	for i, w := range ws {
		if !isNumber(w) {
			continue
		}
		for j := i + 1; j < len(ws) && j <= i+3; j++ {
			if isUnit(ws[j]) || durations[ws[j]] && j+1 < len(ws) && ws[j+1] == "long" {
				s.n[sigIFLength]++
				break
			}
		}
	}
	if s.cjk == 0 {
		return
	}
	t := s.text
	for i := 0; i < len(t); {
		r, size := utf8.DecodeRuneInString(t[i:])
		i += size
		if !unicode.IsDigit(r) && !strings.ContainsRune("一二三四五六七八九十两百千", r) {
			continue
		}
		for i < len(t) {
			r, size := utf8.DecodeRuneInString(t[i:])
			if !unicode.IsDigit(r) && !strings.ContainsRune("一二三四五六七八九十两百千", r) {
				break
			}
			i += size
		}
		for _, u := range cjkUnits {
			if strings.HasPrefix(t[i:], u) {
				s.n[sigIFLength]++
				break
			}
		}
	}
}

// wordCount is the prompt's length in words, a CJK character counting as half of one.
func (s *scan) wordCount() int { return len(s.words) + s.cjk/2 }
