package llm

import (
	"encoding/json"
	"strings"
)

// Reasoning models that have no reasoning_content field (DeepSeek-R1 and Qwen on some
// servers, say) open their content with a <think> block. Only a block at the very
// start counts: an answer may well mention the tags.
const (
	thinkOpen  = "<think>"
	thinkClose = "</think>"
)

// thinkState is where a thinkSplitter is in the content.
type thinkState int

const (
	thinkStart  thinkState = iota // nothing but white space so far: a <think> may come
	thinkInside                   // inside the block
	thinkAfter                    // after </think>, skipping the white space before the answer
	thinkAnswer                   // the answer: everything passes through
)

// thinkSplitter splits streamed content into reasoning and answer, holding back only
// what could still be part of a tag split across deltas.
type thinkSplitter struct {
	state   thinkState
	pending string // held back: possibly the start of a tag
}

// feed takes one content delta and returns what of it is known to be reasoning and
// what answer.
func (t *thinkSplitter) feed(delta string) (reasoning, answer string) {
	s := t.pending + delta
	t.pending = ""
	for s != "" {
		switch t.state {
		case thinkStart:
			rest := strings.TrimLeft(s, " \t\r\n")
			switch {
			case rest == "" || (len(rest) < len(thinkOpen) && strings.HasPrefix(thinkOpen, rest)):
				t.pending = s // wait for more to decide
				return reasoning, answer
			case strings.HasPrefix(rest, thinkOpen):
				t.state, s = thinkInside, rest[len(thinkOpen):]
			default:
				t.state = thinkAnswer
			}
		case thinkInside:
			if i := strings.Index(s, thinkClose); i >= 0 {
				reasoning += s[:i]
				t.state, s = thinkAfter, s[i+len(thinkClose):]
				continue
			}
			keep := partialSuffix(s, thinkClose)
			reasoning += s[:len(s)-keep]
			t.pending = s[len(s)-keep:]
			return reasoning, answer
		case thinkAfter:
			if s = strings.TrimLeft(s, " \t\r\n"); s != "" {
				t.state = thinkAnswer
			}
		case thinkAnswer:
			return reasoning, answer + s
		}
	}
	return reasoning, answer
}

// flush ends the content, returning what was held back: an unclosed block is all
// reasoning (the model ran out of tokens thinking), and a lone "<thi" is answer.
func (t *thinkSplitter) flush() (reasoning, answer string) {
	s := t.pending
	t.pending = ""
	if t.state == thinkInside {
		return s, ""
	}
	if t.state == thinkStart && strings.TrimSpace(s) == "" {
		return "", ""
	}
	return "", s
}

// partialSuffix is the length of the longest suffix of s that is a proper prefix of
// tag: the bytes that may be a tag still arriving.
func partialSuffix(s, tag string) int {
	for n := min(len(s), len(tag)-1); n > 0; n-- {
		if strings.HasSuffix(s, tag[:n]) {
			return n
		}
	}
	return 0
}

// chunkMessage is a chunk's delta or message: the answer's content, and the reasoning
// in whichever field the server puts it (reasoning_content: DeepSeek, vLLM; reasoning:
// OpenRouter, Ollama).
type chunkMessage struct {
	Content          chunkText `json:"content"`
	ReasoningContent chunkText `json:"reasoning_content"`
	Reasoning        chunkText `json:"reasoning"`
}

// chunkText is a text field that is null or of another type on some servers (an
// object of reasoning details, say): anything but a string reads as "", rather than
// failing the whole answer.
type chunkText string

// UnmarshalJSON keeps a JSON string and ignores anything else.
func (t *chunkText) UnmarshalJSON(data []byte) error {
	var s string
	if json.Unmarshal(data, &s) == nil {
		*t = chunkText(s)
	}
	return nil
}
