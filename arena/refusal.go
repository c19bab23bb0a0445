package arena

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// LMArena tags refusals with a model: refusal_v0.1 asks an LLM judge whether either
// answer "explicitly declines to answer or complete a task, due to reasons like
// safety, moderation, or model limitations" (FastChat's classify/category.py), and
// refusal_v0.2 runs a fine-tuned classifier; a battle is a refusal when either side
// refuses. An export cannot call a model, so IsRefusal looks for that definition's
// wording instead: a declining phrase at the opening of an answer, where a refusal
// says so and an answer that only hedges later does not. testdata/refusal.jsonl is its
// labelled test set.

// refusalOpening is how much of an answer IsRefusal reads: a refusal declines in its
// first sentences.
const refusalOpening = 320

// refusalPatterns match the lowercased opening.
var refusalPatterns = regexp.MustCompile(`` +
	// English, at the start of a sentence or after an apology: "I'm sorry, but I can't
	// help with that", "I cannot provide", "I won't be able to write"...
	`(?:^|[.!?\n]\s*|\bsorry,?\s+(?:but\s+)?|\bapologi[sz]e,?\s+(?:but\s+)?|\bunfortunately,?\s+)` +
	`(?:i\s*(?:can't|cannot|can not|won't|will not|'m unable to|am unable to|'m not able to|am not able to|'m not going to|am not going to|won't be able to|will not be able to)` +
	`(?:\s+(?:really|actually|directly|personally|currently|fully|just|in good conscience))?` +
	`\s+(help|assist|provide|create|write|generate|comply|fulfil|fulfill|do|engage|support|answer|share|give|produce|make|continue|participate|discuss|offer|browse|access|complete|draft|respond)\b` +
	`|i\s*(?:must|have to|need to)\s+(?:respectfully\s+|politely\s+)?decline` +
	`|i(?:'m| am) not comfortable \w+ing|i don't feel comfortable` +
	`|as an ai(?:\s+language model)?,?\s+i\s+(?:can't|cannot|don't|do not|am not able|am unable))` +
	// The stock openings in Chinese, Russian, Spanish, German and French.
	`|抱歉[，,]?\s*我(?:无法|不能)|对不起[，,]?\s*我(?:无法|不能)|我无法(?:提供|帮助|协助|满足)` +
	`|извините,?\s+(?:но\s+)?я\s+не\s+могу|я\s+не\s+могу\s+(?:помочь|выполнить|предоставить)` +
	`|lo siento,?\s+(?:pero\s+)?no\s+puedo` +
	`|es tut mir leid,?\s+(?:aber\s+)?ich\s+kann|ich\s+kann\s+(?:dir|ihnen)\s+(?:dabei\s+)?nicht\s+helfen` +
	`|je\s+suis\s+d[ée]sol[ée]e?,?\s+(?:mais\s+)?je\s+ne\s+peux\s+pas|je\s+ne\s+peux\s+pas\s+(?:vous|t')\s*aider`)

// IsRefusal reports whether an answer declines the task, by the heuristic above:
// a declining phrase ("I'm sorry, but I can't help with that", "As an AI language
// model, I cannot", "I must decline", and the stock openings in Chinese, Russian,
// Spanish, German and French) within its first 320 characters, at the start of a
// sentence or after an apology. An answer that apologises and then answers, or
// declines something later on, is not a refusal; an empty answer is not either.
func IsRefusal(answer string) bool {
	s := strings.TrimSpace(answer)
	if len(s) > refusalOpening {
		cut := refusalOpening
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	// Most answers hold none of the words a refusal needs: one pass over the opening
	// spares them lowering and the regular expression, which cost an export twenty
	// times its time.
	if !mayRefuse(s) {
		return false
	}
	s = strings.ToLower(strings.ReplaceAll(s, "’", "'"))
	for len(s) > 0 {
		m := refusalPatterns.FindStringSubmatchIndex(s)
		if m == nil {
			return false
		}
		// "I can't help but notice" is no refusal, nor is a refusal quoted.
		helpBut := m[2] >= 0 && strings.EqualFold(s[m[2]:m[3]], "help") && strings.HasPrefix(strings.ToLower(strings.TrimLeft(s[m[1]:], " ")), "but ")
		before := s[:m[0]]
		quoted := strings.Count(before, `"`)%2 == 1 || strings.Count(before, "“") > strings.Count(before, "”")
		if !helpBut && !quoted {
			return true
		}
		s = s[m[1]:]
	}
	return false
}

// refusalWords are words every refusalPatterns match contains, in any case; those in
// other scripts are looked for only in text that is not all ASCII.
var (
	refusalWords = []string{"can't", "can’t", "cannot", "can not", "won't", "won’t", "will not", "unable to", "not able to", "not going to", "decline",
		"comfortable", "as an ai", "lo siento", "es tut mir leid", "nicht helfen", "ne peux pas"}
	refusalWordsOther = []string{"抱歉", "对不起", "我无法", "не могу"}
)

// refusalFirst indexes refusalWords by their first byte: mayRefuse looks at each
// position of the opening once, where 15 substring searches cost a fifth of an export.
var refusalFirst = func() (t [utf8.RuneSelf][]string) {
	for _, w := range refusalWords {
		t[w[0]] = append(t[w[0]], w)
	}
	return t
}()

// mayRefuse reports whether s holds one of refusalWords.
func mayRefuse(s string) bool {
	ascii := true
	for i := 0; i+1 < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			continue
		}
		for _, w := range refusalFirst[c|0x20] {
			if s[i+1]|0x20 == w[1] && len(s)-i >= len(w) && strings.EqualFold(s[i:i+len(w)], w) {
				return true
			}
		}
	}
	if !ascii {
		for _, w := range refusalWordsOther {
			if strings.Contains(s, w) {
				return true
			}
		}
	}
	return false
}

// Refusal is the battle-level verdict: whether any of the answers, in any turn and on
// either side, is a refusal (IsRefusal). The export's is_refusal and the "exclude
// refusals" board (BoardQuery.ExcludeRefusals) both ask it.
func Refusal(answers ...string) bool {
	return slices.ContainsFunc(answers, IsRefusal)
}

// Refuses is Refusal over every answer of the battle.
func (b *Battle) Refuses() bool {
	for _, t := range b.Turns {
		if IsRefusal(t.A.Text) || IsRefusal(t.B.Text) {
			return true
		}
	}
	return false
}

// UncheckedRefusal is a voted battle whose refusal flag is not set yet (voted before
// the flag existed, or imported), with every answer of both sides.
type UncheckedRefusal struct {
	ID      string
	Answers []string
}

// RefusalStore is what CheckRefusals needs of the store.
type RefusalStore interface {
	// UncheckedRefusals returns up to limit voted battles with no refusal flag, by id.
	UncheckedRefusals(ctx context.Context, limit int) ([]UncheckedRefusal, error)
	// SetRefusals stores each battle's flag, in one transaction, unless it is set.
	SetRefusals(ctx context.Context, flags map[string]bool) error
}

// CheckRefusals flags every voted battle not flagged yet, a batch at a time
// (RetagBatch), and returns how many it flagged and how many of those are refusals.
// Running it again does nothing; servers sharing a database may run it at once.
func CheckRefusals(ctx context.Context, store RefusalStore) (checked, refusals int, err error) {
	last := ""
	for {
		batch, err := store.UncheckedRefusals(ctx, RetagBatch)
		if err != nil || len(batch) == 0 {
			return checked, refusals, err
		}
		// The same battle first again means the store did not store its flag, and this
		// would loop forever.
		if batch[0].ID == last {
			return checked, refusals, fmt.Errorf("checking refusals made no progress: battle %s stays unflagged", last)
		}
		last = batch[0].ID
		flags := make(map[string]bool, len(batch))
		for _, b := range batch {
			flags[b.ID] = Refusal(b.Answers...)
			if flags[b.ID] {
				refusals++
			}
		}
		if err := store.SetRefusals(ctx, flags); err != nil {
			return checked, refusals, err
		}
		checked += len(batch)
	}
}
