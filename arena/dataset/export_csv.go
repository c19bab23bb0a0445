package dataset

import (
	"strings"

	"github.com/arena-dev/arena/arena"
)

// csvHeader is arena-human-preference-55k's header, and the source column after it.
const csvHeader = "id,model_a,model_b,prompt,response_a,response_b,winner_model_a,winner_model_b,winner_tie,source\n"

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
// both-bad vote counts as a tie; then the source.
func appendCSVRow(dst []byte, r *Record) ([]byte, bool) {
	var scratch []byte
	list := func(msgs []Message, role string) string {
		scratch = append(scratch[:0], '[')
		n := 0
		for _, m := range msgs {
			if m.Role != role {
				continue
			}
			if n > 0 {
				scratch = append(scratch, ',')
			}
			scratch = appendJSONString(scratch, m.Content)
			n++
		}
		scratch = append(scratch, ']')
		return string(scratch)
	}
	// The conversation cells are JSON lists, starting with '[': only these three text
	// cells and the source can start a formula.
	dst = appendCSVField(dst, arena.DefuseCSV(r.ID))
	dst = append(dst, ',')
	dst = appendCSVField(dst, arena.DefuseCSV(r.ModelA))
	dst = append(dst, ',')
	dst = appendCSVField(dst, arena.DefuseCSV(r.ModelB))
	dst = append(dst, ',')
	dst = appendCSVField(dst, list(r.ConversationA, "user"))
	dst = append(dst, ',')
	dst = appendCSVField(dst, list(r.ConversationA, "assistant"))
	dst = append(dst, ',')
	dst = appendCSVField(dst, list(r.ConversationB, "assistant"))
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
	return append(dst, '\n'), true
}
