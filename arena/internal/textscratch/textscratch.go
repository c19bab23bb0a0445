// Package textscratch copies strings into one reused array, for the store and the
// dataset writers, which move millions of short-lived strings. It lives apart from the
// domain because it reaches for unsafe, which the domain package does without.
package textscratch

import "unsafe"

// Scratch holds copies of strings in one array that is reused, for code that moves
// many short-lived strings (an export's answers, a million rows of them) without
// allocating each. A string from Copy or CopyBytes is valid only until the next Reset,
// after which its bytes are written over: whoever keeps one longer must clone it.
type Scratch struct{ buf []byte }

// Reset makes the array free for new copies; the strings copied before become invalid.
func (s *Scratch) Reset() { s.buf = s.buf[:0] }

// CopyBytes returns a string holding a copy of b, valid until the next Reset.
func (s *Scratch) CopyBytes(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	// When append moves to a bigger array, the strings already made keep the old one
	// alive and unchanged: only Reset lets bytes be written over.
	k := len(s.buf)
	s.buf = append(s.buf, b...)
	return unsafe.String(&s.buf[k], len(b))
}

// Copy returns a copy of str, valid until the next Reset.
func (s *Scratch) Copy(str string) string {
	return s.CopyBytes(unsafe.Slice(unsafe.StringData(str), len(str)))
}
