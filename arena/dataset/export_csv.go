package dataset

import (
	"slices"
	"strconv"
	"strings"

	"github.com/arena-dev/arena/arena"
)

// csvHeader is arena-human-preference-55k's header, then the source column, each
// side's reasoning, the vote's time (55k has none), the category tags, anony, and the
// battle controls' marks (Record's StoppedA... fields).
const csvHeader = "id,model_a,model_b,prompt,response_a,response_b,winner_model_a,winner_model_b,winner_tie,source,reasoning_a,reasoning_b,timestamp,category_tag,anony," +
	"stopped_a,stopped_b,regenerated_a,regenerated_b\n"

// appendCSVField appends s as a CSV field (RFC 4180), quoted when it must be.
func appendCSVField(dst []byte, s string) []byte {
	if s == "" || !strings.ContainsAny(s, "\",\r\n") && s[0] != ' ' && s[0] != '\t' {
		return append(dst, s...)
	}
	dst = append(dst, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		dst = append(dst, s[:i+1]...)
		dst = append(dst, '"')
		s = s[i+1:]
	}
	dst = append(dst, s...)
	return append(dst, '"')
}

// appendCSVRow appends a battle as a row of arena-human-preference-55k: prompt,
// response_a and response_b are JSON lists of strings, one per turn; the winner is
// one-hot in winner_model_a, winner_model_b and winner_tie, where, as in 55k, a
// both-bad vote counts as a tie; then the source, and reasoning_a and reasoning_b, a
// JSON list of each answer's reasoning like response_a, empty when the side never
// reasoned; then the vote's time in RFC 3339 (UTC, milliseconds), empty when unknown;
// then category_tag, the JSON object of the JSON Lines export, as the conversations
// are JSON in a cell; then anony.
func appendCSVRow(dst []byte, r *Record) ([]byte, bool) {
	var scratch []byte
	list := func(msgs []Message, role string, text func(*Message) string) string {
		scratch = append(scratch[:0], '[')
		n := 0
		for i := range msgs {
			if msgs[i].Role != role {
				continue
			}
			if n > 0 {
				scratch = append(scratch, ',')
			}
			scratch = appendJSONString(scratch, text(&msgs[i]))
			n++
		}
		scratch = append(scratch, ']')
		return string(scratch)
	}
	content := func(m *Message) string { return m.Content }
	reasoning := func(msgs []Message) string {
		if !slices.ContainsFunc(msgs, func(m Message) bool { return m.Reasoning != "" }) {
			return ""
		}
		return list(msgs, "assistant", func(m *Message) string { return m.Reasoning })
	}
	// The conversation cells are JSON lists, starting with '[': only these three text
	// cells and the source can start a formula.
	dst = appendCSVField(dst, arena.DefuseCSV(r.ID))
	dst = append(dst, ',')
	dst = appendCSVField(dst, arena.DefuseCSV(r.ModelA))
	dst = append(dst, ',')
	dst = appendCSVField(dst, arena.DefuseCSV(r.ModelB))
	dst = append(dst, ',')
	dst = appendCSVField(dst, list(r.ConversationA, "user", content))
	dst = append(dst, ',')
	dst = appendCSVField(dst, list(r.ConversationA, "assistant", content))
	dst = append(dst, ',')
	dst = appendCSVField(dst, list(r.ConversationB, "assistant", content))
	switch r.Winner {
	case "model_a":
		dst = append(dst, ",1,0,0,"...)
	case "model_b":
		dst = append(dst, ",0,1,0,"...)
	default:
		dst = append(dst, ",0,0,1,"...)
	}
	// An import's source is a name someone typed (--source): defused like the others.
	dst = appendCSVField(dst, arena.DefuseCSV(r.Source))
	dst = append(dst, ',')
	dst = appendCSVField(dst, reasoning(r.ConversationA))
	dst = append(dst, ',')
	dst = appendCSVField(dst, reasoning(r.ConversationB))
	dst = append(dst, ',')
	if !r.Timestamp.IsZero() {
		dst = r.Timestamp.UTC().AppendFormat(dst, timestampLayout)
	}
	dst = append(dst, ',')
	scratch = appendCategoryTag(scratch[:0], &r.CategoryTag, true)
	dst = appendCSVField(dst, string(scratch))
	for _, b := range []bool{r.Anony, r.StoppedA, r.StoppedB} {
		dst = append(dst, ',')
		dst = strconv.AppendBool(dst, b)
	}
	dst = append(dst, ',')
	dst = strconv.AppendInt(dst, r.RegeneratedA, 10)
	dst = append(dst, ',')
	dst = strconv.AppendInt(dst, r.RegeneratedB, 10)
	return append(dst, '\n'), true
}
