package dataset

import (
	"bufio"
	"bytes"
	"io"
)

// detect looks at the first bytes: '{' is JSON Lines, '[' a JSON array, and a first line
// naming model_a and model_b is a CSV header.
func detect(br *bufio.Reader) (Format, error) {
	for n := 64; ; n *= 2 {
		buf, err := br.Peek(n)
		buf = bytes.TrimPrefix(buf, []byte("\xef\xbb\xbf"))
		trimmed := bytes.TrimLeft(buf, " \t\r\n")
		if len(trimmed) > 0 {
			switch trimmed[0] {
			case '{':
				return FormatJSONL, nil
			case '[':
				return FormatJSONArray, nil
			}
			if i := bytes.IndexByte(buf, '\n'); i >= 0 || err != nil || n >= 1<<16 {
				line := buf
				if i >= 0 {
					line = buf[:i]
				}
				if bytes.Contains(line, []byte("model_a")) && bytes.Contains(line, []byte("model_b")) && bytes.ContainsAny(line, ",;\t") {
					return FormatCSV, nil
				}
				return 0, ErrUnknownFormat
			}
		} else if err != nil || n >= 1<<16 {
			if len(buf) == 0 && err != nil {
				return 0, io.EOF
			}
			if len(trimmed) == 0 && err != nil {
				return 0, io.EOF
			}
			return 0, ErrUnknownFormat
		}
	}
}

type fileKind int

const (
	kindBattles   fileKind = iota // no conversations: ReadBattles
	kindConvJSONL                 // JSON Lines with conversation_a/b
	kindConvCSV                   // 55k CSV with prompt/response_a/response_b
)

// sniff looks at the first record to tell files with conversations from battle logs.
func sniff(br *bufio.Reader) (fileKind, error) {
	var head []byte
	for n := 4096; ; n *= 4 {
		b, err := br.Peek(n)
		head = b
		if i := bytes.IndexByte(b, '\n'); i >= 0 || err != nil || n >= 64<<20 {
			if i >= 0 {
				head = b[:i]
			}
			break
		}
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	t := bytes.TrimLeft(head, " \t\r")
	switch {
	case len(t) > 0 && t[0] == '{':
		if bytes.Contains(head, []byte(`"conversation_a"`)) {
			return kindConvJSONL, nil
		}
	case len(t) > 0 && t[0] == '[':
	default:
		if bytes.Contains(head, []byte("response_a")) && bytes.Contains(head, []byte("prompt")) {
			return kindConvCSV, nil
		}
	}
	return kindBattles, nil
}
