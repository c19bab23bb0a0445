package dataset

import (
	"strconv"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD, as with
// encoding/json; HTML characters are not escaped (this is a data file, not a page).
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		// Most text is printable ASCII: skip it eight bytes at a time.
		i = skipNoEscape(s, i)
		if i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\u202`...)
			dst = append(dst, hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// skipNoEscape returns i moved past the 8-byte blocks of s in which no byte is below
// 0x20, a '"', a '\\' or not ASCII, testing each block's bytes together (bit tricks on a
// uint64: a byte is below n when subtracting n from it borrows into its high bit). The
// loop is in here, not around a call per block, for the call's cost.
func skipNoEscape(s string, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(s); i += 8 {
		x := load8(s[i : i+8])
		q, bs := x^(ones*'"'), x^(ones*'\\')
		if ((x-ones*0x20)&^x|(q-ones)&^q|(bs-ones)&^bs|x)&highs != 0 {
			break
		}
	}
	return i
}

// load8 reads 8 bytes as a little-endian uint64, which the compiler makes one load.
func load8(b string) uint64 {
	_ = b[7]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

func appendKey(dst []byte, first bool, key string) []byte {
	if !first {
		dst = append(dst, ',')
	}
	dst = append(dst, '"')
	dst = append(dst, key...)
	return append(dst, '"', ':')
}

func appendBool(dst []byte, b bool) []byte {
	if b {
		return append(dst, "true"...)
	}
	return append(dst, "false"...)
}

// appendMessages appends msgs as a JSON list, contents as strings (parts false) or as
// 140k's typed parts.
func appendMessages(dst []byte, msgs []Message, parts bool) []byte {
	dst = append(dst, '[')
	for i := range msgs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendMessage(dst, &msgs[i], parts)
	}
	return append(dst, ']')
}

func appendMessage(dst []byte, m *Message, parts bool) []byte {
	dst = append(dst, `{"role":`...)
	dst = appendJSONString(dst, m.Role)
	if parts {
		var buf [1]ContentPart // a text message's one part, on the stack
		dst = append(dst, `,"content":`...)
		dst = appendParts(dst, contentParts(buf[:0], &m.Content, m.Images))
	} else {
		dst = append(dst, `,"content":`...)
		dst = appendJSONString(dst, m.Content)
	}
	if m.Reasoning != "" {
		dst = append(dst, `,"reasoning":`...)
		dst = appendJSONString(dst, m.Reasoning)
	}
	if m.FinishReason != "" {
		dst = append(dst, `,"finish_reason":`...)
		dst = appendJSONString(dst, m.FinishReason)
	}
	if m.CompletionTokens != 0 {
		dst = append(dst, `,"completion_tokens":`...)
		dst = strconv.AppendInt(dst, m.CompletionTokens, 10)
	}
	return append(dst, '}')
}

// appendParts appends content parts as JSON: an image part's image is the path of its
// file (see ContentPart).
func appendParts(dst []byte, parts []ContentPart) []byte {
	dst = append(dst, '[')
	for i := range parts {
		p := &parts[i]
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"type":`...)
		dst = appendJSONString(dst, p.Type)
		dst = append(dst, `,"text":`...)
		if p.Text != nil {
			dst = appendJSONString(dst, *p.Text)
		} else {
			dst = append(dst, "null"...)
		}
		dst = append(dst, `,"image":`...)
		if p.file != "" {
			dst = appendJSONString(dst, p.file)
		} else {
			dst = append(dst, "null"...)
		}
		dst = append(dst, `,"mimeType":`...)
		if p.MimeType != nil {
			dst = appendJSONString(dst, *p.MimeType)
		} else {
			dst = append(dst, "null"...)
		}
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

func appendFloat(dst []byte, f float64) []byte {
	return strconv.AppendFloat(dst, f, 'f', -1, 64)
}

func appendStyle(dst []byte, side string, tokens int32, h HeaderCount, l ListCount, b BoldCount, context int32) []byte {
	if side == "a" {
		dst = append(dst, `"sum_assistant_a_tokens":`...)
	} else {
		dst = append(dst, `,"sum_assistant_b_tokens":`...)
	}
	dst = strconv.AppendInt(dst, int64(tokens), 10)
	dst = append(dst, `,"header_count_`...)
	dst = append(dst, side...)
	dst = append(dst, '"', ':')
	for i, v := range [6]int64{h.H1, h.H2, h.H3, h.H4, h.H5, h.H6} {
		dst = append(dst, "{,"[min(i, 1)], '"', 'h', byte('1'+i), '"', ':')
		dst = strconv.AppendInt(dst, v, 10)
	}
	dst = append(dst, '}')
	dst = append(dst, `,"list_count_`...)
	dst = append(dst, side...)
	dst = append(dst, `":{"ordered":`...)
	dst = strconv.AppendInt(dst, l.Ordered, 10)
	dst = append(dst, `,"unordered":`...)
	dst = strconv.AppendInt(dst, l.Unordered, 10)
	dst = append(dst, '}')
	dst = append(dst, `,"bold_count_`...)
	dst = append(dst, side...)
	dst = append(dst, `":{"**":`...)
	dst = strconv.AppendInt(dst, b.Stars, 10)
	dst = append(dst, `,"__":`...)
	dst = strconv.AppendInt(dst, b.Underscores, 10)
	dst = append(dst, `},"context_`...)
	dst = append(dst, side...)
	dst = append(dst, `_tokens":`...)
	return strconv.AppendInt(dst, int64(context), 10)
}

// appendCategoryTag appends a category_tag object: this arena's flat tags, then, with
// v01, 140k's v0.1 verdicts.
func appendCategoryTag(dst []byte, ct *CategoryTag, v01 bool) []byte {
	dst = append(dst, '{')
	for i, f := range [...]struct {
		key string
		on  bool
	}{{"code", ct.Code}, {"math", ct.Math}, {"creative", ct.Creative}, {"if", ct.IF}, {"hard", ct.Hard}, {"long", ct.Long}} {
		dst = appendKey(dst, i == 0, f.key)
		dst = appendBool(dst, f.on)
	}
	if !v01 {
		return append(dst, '}')
	}
	c := &ct.Criteria
	dst = append(dst, `,"criteria_v0.1":{`...)
	for i, f := range [...]struct {
		key string
		on  bool
	}{{"specificity", c.Specificity}, {"domain_knowledge", c.DomainKnowledge}, {"complexity", c.Complexity},
		{"problem_solving", c.ProblemSolving}, {"creativity", c.Creativity}, {"technical_accuracy", c.TechnicalAccuracy},
		{"real_world", c.RealWorld}} {
		dst = appendKey(dst, i == 0, f.key)
		dst = appendBool(dst, f.on)
	}
	dst = append(dst, `},"if_v0.1":{"if":`...)
	dst = appendBool(dst, ct.LMArenaTags.IF.IF)
	dst = append(dst, `,"score":`...)
	dst = strconv.AppendInt(dst, ct.LMArenaTags.IF.Score, 10)
	dst = append(dst, `},"math_v0.1":{"math":`...)
	dst = appendBool(dst, ct.LMArenaTags.Math.Math)
	dst = append(dst, `},"creative_writing_v0.1":{"creative_writing":`...)
	dst = appendBool(dst, ct.CreativeWriting.CreativeWriting)
	dst = append(dst, `,"score":`...)
	dst = appendJSONString(dst, ct.CreativeWriting.Score)
	return append(dst, '}', '}')
}

// appendRecordJSON appends r as one JSON line with the columns of Record, in order,
// contents as 140k's typed parts or (parts false) as strings.
func appendRecordJSON(dst []byte, r *Record, parts bool) ([]byte, bool) {
	dst = append(dst, '{')
	dst = appendKey(dst, true, "id")
	dst = appendJSONString(dst, r.ID)
	dst = appendKey(dst, false, "model_a")
	dst = appendJSONString(dst, r.ModelA)
	dst = appendKey(dst, false, "model_b")
	dst = appendJSONString(dst, r.ModelB)
	dst = appendKey(dst, false, "winner")
	dst = appendJSONString(dst, r.Winner)
	dst = appendKey(dst, false, "evaluation_session_id")
	if r.EvaluationSessionID == "" {
		dst = append(dst, "null,"...)
		dst = append(dst, `"evaluation_order":null`...)
	} else {
		dst = appendJSONString(dst, r.EvaluationSessionID)
		dst = appendKey(dst, false, "evaluation_order")
		dst = strconv.AppendInt(dst, int64(r.EvaluationOrder), 10)
	}
	dst = appendKey(dst, false, "conversation_a")
	dst = appendMessages(dst, r.ConversationA, parts)
	dst = appendKey(dst, false, "conversation_b")
	dst = appendMessages(dst, r.ConversationB, parts)
	dst = appendKey(dst, false, "full_conversation")
	dst = append(dst, '[')
	for i := range r.FullConversation {
		t := &r.FullConversation[i]
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"user":`...)
		dst = appendMessage(dst, &t.User, parts)
		dst = append(dst, `,"model_side_a":`...)
		dst = appendMessage(dst, &t.ModelSideA, parts)
		dst = append(dst, `,"model_side_b":`...)
		dst = appendMessage(dst, &t.ModelSideB, parts)
		dst = append(dst, '}')
	}
	dst = append(dst, ']')
	dst = appendKey(dst, false, "conv_metadata")
	dst = append(dst, '{')
	m := &r.ConvMetadata
	dst = appendStyle(dst, "a", m.SumAssistantATokens, m.HeaderCountA, m.ListCountA, m.BoldCountA, m.ContextATokens)
	dst = appendStyle(dst, "b", m.SumAssistantBTokens, m.HeaderCountB, m.ListCountB, m.BoldCountB, m.ContextBTokens)
	dst = appendKey(dst, false, "sum_user_tokens")
	dst = strconv.AppendInt(dst, int64(m.SumUserTokens), 10)
	dst = appendKey(dst, false, "turns")
	dst = strconv.AppendInt(dst, int64(m.Turns), 10)
	dst = append(dst, '}')
	dst = appendKey(dst, false, "category_tag")
	dst = appendCategoryTag(dst, &r.CategoryTag, true)
	dst = appendKey(dst, false, "language")
	dst = appendJSONString(dst, r.Language)
	dst = appendKey(dst, false, "is_code")
	dst = appendBool(dst, r.IsCode)
	dst = appendKey(dst, false, "timestamp")
	if r.Timestamp.IsZero() {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '"')
		dst = r.Timestamp.UTC().AppendFormat(dst, timestampLayout)
		dst = append(dst, '"')
	}
	dst = appendKey(dst, false, "turn")
	dst = strconv.AppendInt(dst, r.Turn, 10)
	dst = appendKey(dst, false, "tstamp")
	if r.Tstamp == 0 {
		dst = append(dst, "null"...)
	} else {
		dst = appendFloat(dst, r.Tstamp)
	}
	dst = appendKey(dst, false, "judge_hash")
	dst = appendJSONString(dst, r.JudgeHash)
	dst = appendKey(dst, false, "is_refusal")
	dst = appendBool(dst, r.IsRefusal)
	dst = append(dst, `,"dedup_tag":{"high_freq":`...)
	dst = appendBool(dst, r.DedupTag.HighFreq)
	dst = append(dst, `,"sampled":`...)
	dst = appendBool(dst, r.DedupTag.Sampled)
	dst = append(dst, '}')
	dst = appendKey(dst, false, "reasons")
	dst = append(dst, '[')
	for i, s := range r.Reasons {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, s)
	}
	dst = append(dst, ']')
	dst = appendKey(dst, false, "comment")
	dst = appendJSONString(dst, r.Comment)
	dst = appendKey(dst, false, "source")
	dst = appendJSONString(dst, r.Source)
	dst = appendAnony(dst, r.Anony)
	dst = append(dst, `,"stopped_a":`...)
	dst = appendBool(dst, r.StoppedA)
	dst = append(dst, `,"stopped_b":`...)
	dst = appendBool(dst, r.StoppedB)
	dst = append(dst, `,"regenerated_a":`...)
	dst = strconv.AppendInt(dst, r.RegeneratedA, 10)
	dst = append(dst, `,"regenerated_b":`...)
	dst = strconv.AppendInt(dst, r.RegeneratedB, 10)
	return append(dst, '}', '\n'), true
}

// timestampLayout is how jsonl and csv write a vote's time: RFC 3339 in UTC, to the
// millisecond the store keeps.
const timestampLayout = "2006-01-02T15:04:05.000Z07:00"

// appendDPO appends a decisive battle as one line of TRL's conversational preference
// format, with the battle's id, the two models and where the battle came from (TRL
// leaves keys it does not know alone). A one-turn battle has an explicit prompt, the
// user message, and the two answers as chosen and rejected. In a battle of several turns
// each side answered its own conversation, so the row takes the implicit-prompt form:
// each side's whole conversation as chosen and rejected, TRL taking their common start
// as the prompt; a prompt of the winner's history would pair the loser's last answer
// with turns it never saw. chosen_stopped and rejected_stopped mark a side whose voter
// stopped one of its answers, cut short. Ties and both-bad votes are skipped.
func appendDPO(dst []byte, r *Record) ([]byte, bool) {
	var chosen, rejected []Message
	chosenModel, rejectedModel := r.ModelA, r.ModelB
	chosenStopped, rejectedStopped := r.StoppedA, r.StoppedB
	switch r.Winner {
	case "model_a":
		chosen, rejected = r.ConversationA, r.ConversationB
	case "model_b":
		chosen, rejected = r.ConversationB, r.ConversationA
		chosenModel, rejectedModel = r.ModelB, r.ModelA
		chosenStopped, rejectedStopped = r.StoppedB, r.StoppedA
	default:
		return dst, false
	}
	if len(chosen) < 2 || len(rejected) < 2 {
		return dst, false // no conversation (an imported clean_battle log)
	}
	dst = append(dst, '{')
	if len(chosen) == 2 && len(rejected) == 2 {
		dst = append(dst, `"prompt":`...)
		dst = appendMessages(dst, chosen[:1], false)
		dst = append(dst, `,"chosen":`...)
		dst = appendMessages(dst, chosen[1:], false)
		dst = append(dst, `,"rejected":`...)
		dst = appendMessages(dst, rejected[1:], false)
	} else {
		dst = append(dst, `"chosen":`...)
		dst = appendMessages(dst, chosen, false)
		dst = append(dst, `,"rejected":`...)
		dst = appendMessages(dst, rejected, false)
	}
	dst = append(dst, `,"id":`...)
	dst = appendJSONString(dst, r.ID)
	dst = append(dst, `,"chosen_model":`...)
	dst = appendJSONString(dst, chosenModel)
	dst = append(dst, `,"rejected_model":`...)
	dst = appendJSONString(dst, rejectedModel)
	dst = append(dst, `,"source":`...)
	dst = appendJSONString(dst, r.Source)
	dst = appendAnony(dst, r.Anony)
	dst = append(dst, `,"chosen_stopped":`...)
	dst = appendBool(dst, chosenStopped)
	dst = append(dst, `,"rejected_stopped":`...)
	dst = appendBool(dst, rejectedStopped)
	return append(dst, '}', '\n'), true
}

func appendAnony(dst []byte, anony bool) []byte {
	if anony {
		return append(dst, `,"anony":true`...)
	}
	return append(dst, `,"anony":false`...)
}
