package dataset

import (
	"bytes"
	"unicode/utf8"
)

// scanLine extracts the known fields of a simple JSON object line. It returns false
// whenever the line is anything but plain (escapes in strings, odd numbers, bad
// syntax...), and the caller falls back to encoding/json.
func scanLine(l []byte, f *lineFields) bool {
	i := skipWS(l, 0)
	if i >= len(l) || l[i] != '{' {
		return false
	}
	i++
	for first := true; ; first = false {
		i = skipWS(l, i)
		if i >= len(l) {
			return false
		}
		if l[i] == '}' {
			if !first {
				return false // trailing comma
			}
			i++
			break
		}
		if l[i] != '"' {
			return false
		}
		key, j, ok := scanString(l, i)
		if !ok {
			return false
		}
		i = skipWS(l, j)
		if i >= len(l) || l[i] != ':' {
			return false
		}
		i = skipWS(l, i+1)
		if i >= len(l) {
			return false
		}
		start := i
		switch string(key) {
		case "model_a", "model_b", "winner", "language", "timestamp":
			if l[i] != '"' {
				return false
			}
			s, j, ok := scanString(l, i)
			if !ok {
				return false
			}
			switch string(key) {
			case "model_a":
				f.modelA, f.hasA = s, true
			case "model_b":
				f.modelB, f.hasB = s, true
			case "winner":
				f.winner, f.hasW = s, true
			case "language":
				f.language = s
			case "timestamp":
				f.timestamp = s
			}
			i = j
		case "tstamp":
			v, j, ok := scanNumber(l, i)
			if !ok {
				return false
			}
			f.tstamp, f.hasT, i = v, true, j
		case "anony", "is_code":
			var v bool
			switch {
			case bytes.HasPrefix(l[i:], []byte("true")):
				v, i = true, i+4
			case bytes.HasPrefix(l[i:], []byte("false")):
				i += 5
			default:
				return false
			}
			if string(key) == "anony" {
				f.anony = v
			} else {
				f.isCode = v
			}
		default:
			j, ok := skipValue(l, i, 0)
			if !ok {
				return false
			}
			switch string(key) {
			case "conv_metadata":
				f.convMeta = l[start:j]
			case "category_tag":
				f.categoryTag = l[start:j]
			case "tags":
				f.tags = l[start:j]
			case "id":
				f.id = l[start:j]
			case "question_id":
				f.questionID = l[start:j]
			case "judge":
				f.judge = l[start:j]
			case "judge_hash":
				f.judgeHash = l[start:j]
			case "source":
				f.source = l[start:j]
			case "conversation_a":
				f.convA = l[start:j]
			case "winner_model_a", "winner_model_b", "winner_tie":
				return false
			}
			i = j
		}
		i = skipWS(l, i)
		if i >= len(l) {
			return false
		}
		if l[i] == ',' {
			i++
			continue
		}
		if l[i] == '}' {
			i++
			break
		}
		return false
	}
	return skipWS(l, i) == len(l)
}

func skipWS(l []byte, i int) int {
	for i < len(l) && (l[i] == ' ' || l[i] == '\t' || l[i] == '\r' || l[i] == '\n') {
		i++
	}
	return i
}

// scanString returns the content of the plain string at l[i] == '"' and the index past
// its closing quote; strings with escapes or control characters are not plain.
func scanString(l []byte, i int) ([]byte, int, bool) {
	end := bytes.IndexByte(l[i+1:], '"')
	if end < 0 {
		return nil, 0, false
	}
	s := l[i+1 : i+1+end]
	if bytes.IndexByte(s, '\\') >= 0 {
		return nil, 0, false
	}
	ascii := true
	for _, c := range s {
		if c < 0x20 {
			return nil, 0, false
		}
		ascii = ascii && c < 0x80
	}
	// encoding/json reads invalid UTF-8 as U+FFFD: leave such strings to it, so both
	// paths give the same text.
	if !ascii && !utf8.Valid(s) {
		return nil, 0, false
	}
	return s, i + 2 + end, true
}

// scanNumber parses a plain decimal number (no exponent) at l[i].
func scanNumber(l []byte, i int) (float64, int, bool) {
	j := i
	neg := false
	if j < len(l) && l[j] == '-' {
		neg = true
		j++
	}
	var ip uint64
	digits := 0
	for j < len(l) && l[j] >= '0' && l[j] <= '9' {
		ip = ip*10 + uint64(l[j]-'0')
		j++
		digits++
	}
	if digits == 0 || digits > 15 || (digits > 1 && l[j-digits] == '0') {
		return 0, 0, false
	}
	v := float64(ip)
	if j < len(l) && l[j] == '.' {
		j++
		var fp uint64
		fd := 0
		for j < len(l) && l[j] >= '0' && l[j] <= '9' {
			if fd < 15 {
				fp = fp*10 + uint64(l[j]-'0')
				fd++
			}
			j++
		}
		if fd == 0 {
			return 0, 0, false
		}
		v += float64(fp) / pow10[fd]
	}
	if j < len(l) && (l[j] == 'e' || l[j] == 'E') {
		return 0, 0, false
	}
	if neg {
		v = -v
	}
	return v, j, true
}

var pow10 = [16]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// skipValue skips one JSON value at l[i] and returns the index past it. It checks
// structure (balanced brackets, strings, literals) but is not a full validator.
func skipValue(l []byte, i, depth int) (int, bool) {
	if depth > 64 || i >= len(l) {
		return 0, false
	}
	switch c := l[i]; {
	case c == '"':
		// Strict as encoding/json is, so a line the fast path takes is one the slow
		// path would take too (FuzzJSONLFastPath found a raw control character in a
		// skipped string passing here): no control characters, only JSON's escapes.
		j := i + 1
		for j < len(l) {
			switch c := l[j]; {
			case c == '\\':
				if j+1 >= len(l) {
					return 0, false
				}
				switch l[j+1] {
				case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
					j += 2
				case 'u':
					if j+6 > len(l) || !isHex4(l[j+2:j+6]) {
						return 0, false
					}
					j += 6
				default:
					return 0, false
				}
				continue
			case c == '"':
				return j + 1, true
			case c < 0x20:
				return 0, false
			}
			j++
		}
		return 0, false
	case c == '{' || c == '[':
		closer := byte('}')
		if c == '[' {
			closer = ']'
		}
		j := skipWS(l, i+1)
		if j < len(l) && l[j] == closer {
			return j + 1, true
		}
		for {
			if c == '{' {
				if j >= len(l) || l[j] != '"' {
					return 0, false
				}
				var ok bool
				if j, ok = skipValue(l, j, depth+1); !ok {
					return 0, false
				}
				j = skipWS(l, j)
				if j >= len(l) || l[j] != ':' {
					return 0, false
				}
				j = skipWS(l, j+1)
			}
			var ok bool
			if j, ok = skipValue(l, j, depth+1); !ok {
				return 0, false
			}
			j = skipWS(l, j)
			if j >= len(l) {
				return 0, false
			}
			if l[j] == ',' {
				j = skipWS(l, j+1)
				continue
			}
			if l[j] == closer {
				return j + 1, true
			}
			return 0, false
		}
	case c == 't':
		return lit(l, i, "true")
	case c == 'f':
		return lit(l, i, "false")
	case c == 'n':
		return lit(l, i, "null")
	case c == '-' || (c >= '0' && c <= '9'):
		return skipNumber(l, i)
	}
	return 0, false
}

// skipNumber skips a number at l[i] by JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?
// ([eE][+-]?[0-9]+)?, followed by something that is not part of a number.
func skipNumber(l []byte, i int) (int, bool) {
	digits := func(j int) int {
		for j < len(l) && l[j] >= '0' && l[j] <= '9' {
			j++
		}
		return j
	}
	j := i
	if l[j] == '-' {
		j++
	}
	switch {
	case j < len(l) && l[j] == '0':
		j++
	case j < len(l) && l[j] >= '1' && l[j] <= '9':
		j = digits(j)
	default:
		return 0, false
	}
	if j < len(l) && l[j] == '.' {
		k := digits(j + 1)
		if k == j+1 {
			return 0, false
		}
		j = k
	}
	if j < len(l) && (l[j] == 'e' || l[j] == 'E') {
		j++
		if j < len(l) && (l[j] == '+' || l[j] == '-') {
			j++
		}
		k := digits(j)
		if k == j {
			return 0, false
		}
		j = k
	}
	if j < len(l) && (l[j] >= '0' && l[j] <= '9' || l[j] == '.' || l[j] == 'e' || l[j] == 'E' || l[j] == '+' || l[j] == '-') {
		return 0, false // "01", "1.2.3", "1e5e": not one number
	}
	return j, true
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func lit(l []byte, i int, s string) (int, bool) {
	if bytes.HasPrefix(l[i:], []byte(s)) {
		return i + len(s), true
	}
	return 0, false
}
