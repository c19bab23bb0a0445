package arena

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// knownAliases are what well-known model families call themselves, by a word found in
// their model name or id.
var knownAliases = map[string][]string{
	"gpt":      {"ChatGPT", "GPT-4", "GPT-4o", "GPT-3.5", "GPT-5", "OpenAI"},
	"o1":       {"OpenAI"},
	"o3":       {"OpenAI"},
	"claude":   {"Claude", "Anthropic"},
	"gemini":   {"Gemini", "Bard", "Google DeepMind"},
	"gemma":    {"Gemma", "Google DeepMind"},
	"llama":    {"Llama", "LLaMA", "Meta AI"},
	"mistral":  {"Mistral", "Mistral AI"},
	"mixtral":  {"Mixtral", "Mistral AI"},
	"qwen":     {"Qwen", "Tongyi Qianwen", "Alibaba Cloud"},
	"deepseek": {"DeepSeek"},
	"grok":     {"Grok", "xAI"},
	"command":  {"Cohere"},
	"phi":      {"Microsoft"},
	"yi":       {"01.AI"},
}

var identityCache sync.Map // model name + id + org -> *regexp.Regexp

// identityPattern matches text that names model m: its name, its provider model id,
// known aliases of its family, and its organisation in phrases such as "developed by X"
// (an organisation's name alone is too common a word to count).
func identityPattern(m Model) *regexp.Regexp {
	key := m.Name + "\x00" + m.ModelID + "\x00" + m.Organization
	if re, ok := identityCache.Load(key); ok {
		return re.(*regexp.Regexp)
	}
	var names []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if utf8.RuneCountInString(s) >= 3 {
			names = append(names, regexp.QuoteMeta(s))
		}
	}
	add(m.Name)
	if m.ModelID != m.Name {
		add(m.ModelID)
	}
	lower := strings.ToLower(m.Name + " " + m.ModelID)
	words := strings.FieldsFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for _, w := range words {
		for _, a := range knownAliases[w] {
			add(a)
		}
	}
	var alts []string
	if len(names) > 0 {
		alts = append(alts, `\b(?:`+strings.Join(names, "|")+`)\b`)
	}
	if org := strings.TrimSpace(m.Organization); utf8.RuneCountInString(org) >= 2 {
		o := regexp.QuoteMeta(org)
		alts = append(alts, `\b(?:developed|created|trained|built|made|designed) by (?:the )?(?:team at )?`+o+`\b`, `\b`+o+`'s (?:AI|assistant|language model|model)\b`)
	}
	if len(alts) == 0 {
		alts = []string{`\A\z.`} // matches nothing
	}
	re := regexp.MustCompile(`(?i)` + strings.Join(alts, "|"))
	identityCache.Store(key, re)
	return re
}

// RevealsIdentity reports whether text names model m.
func RevealsIdentity(m Model, text string) bool { return identityPattern(m).MatchString(text) }

// BattleRevealsIdentity reports whether either side named its own model in any turn.
func BattleRevealsIdentity(b *Battle) bool {
	for _, t := range b.Turns {
		if RevealsIdentity(b.ModelA, t.A.Text) || RevealsIdentity(b.ModelB, t.B.Text) {
			return true
		}
	}
	return false
}
