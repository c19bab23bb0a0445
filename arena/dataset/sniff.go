package dataset

import (
	"bufio"
	"bytes"
)

// fileKind says whether a file's battles carry their conversations, and how.
type fileKind int

const (
	kindBattles   fileKind = iota // no conversations: a battle log, as ReadBattles reads it
	kindConvJSONL                 // JSON Lines with conversation_a/b
	kindConvCSV                   // 55k CSV with prompt/response_a/response_b
)

// shape is what the start of a battle file tells about it.
type shape struct {
	format Format // FormatJSONL, FormatJSONArray or FormatCSV; FormatAuto for none of them
	empty  bool   // nothing but white space: an error (see emptyFile)
	kind   fileKind
}

const (
	// formatWindow bounds the look for the first record: a file with more white space
	// than this before it is not a battle file.
	formatWindow = 1 << 16
	// maxHead bounds the look for the end of the first line, which in a file with
	// conversations can be megabytes long; the reader's buffer usually ends it first.
	maxHead = 64 << 20
)

var byteOrderMark = []byte("\xef\xbb\xbf")

// sniff tells the shape of the file br reads from its first bytes, which it leaves
// unread. The format: the first record starting with '{' is JSON Lines and with '[' a
// JSON array, and a first line naming model_a and model_b is a CSV header. The kind,
// for imports, looks at the first line alone: an object naming conversation_a, or a
// CSV header naming prompt and response_a, carries conversations.
func sniff(br *bufio.Reader) shape {
	var head []byte
	for n := 64; ; n *= 2 {
		b, err := br.Peek(n)
		head = b
		if err != nil || n >= maxHead {
			break // the input or the buffer ends here
		}
		if bytes.IndexByte(b, '\n') >= 0 && (n >= formatWindow || len(bytes.TrimLeft(bytes.TrimPrefix(b, byteOrderMark), " \t\r\n")) > 0) {
			break // the first line is whole, and the first record in sight
		}
	}
	return shape{kind: kindOf(head)}.withFormat(head)
}

// withFormat sets s's format from the first formatWindow bytes of head, all of the
// file when head is shorter.
func (s shape) withFormat(head []byte) shape {
	win := bytes.TrimPrefix(head[:min(len(head), formatWindow)], byteOrderMark)
	if t := bytes.TrimLeft(win, " \t\r\n"); len(t) == 0 {
		s.empty = len(head) < formatWindow
		return s
	} else if t[0] == '{' {
		s.format = FormatJSONL
		return s
	} else if t[0] == '[' {
		s.format = FormatJSONArray
		return s
	}
	line := win
	if i := bytes.IndexByte(win, '\n'); i >= 0 {
		line = win[:i]
	}
	if bytes.Contains(line, []byte("model_a")) && bytes.Contains(line, []byte("model_b")) && bytes.ContainsAny(line, ",;\t") {
		s.format = FormatCSV
	}
	return s
}

// kindOf tells a file's kind from its first line, the start of head.
func kindOf(head []byte) fileKind {
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	head = bytes.TrimPrefix(head, byteOrderMark)
	t := bytes.TrimLeft(head, " \t\r")
	switch {
	case len(t) > 0 && t[0] == '{':
		if bytes.Contains(head, []byte(`"conversation_a"`)) {
			return kindConvJSONL
		}
	case len(t) > 0 && t[0] == '[':
	default:
		if bytes.Contains(head, []byte("response_a")) && bytes.Contains(head, []byte("prompt")) {
			return kindConvCSV
		}
	}
	return kindBattles
}
