package llm

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// maxEventBytes bounds one server-sent event, so a broken or hostile endpoint cannot make
// us buffer without end. Real chunks are a few hundred bytes.
const maxEventBytes = 1 << 20

var errEventTooLong = errors.New("event longer than 1 MiB")

// sseReader splits a text/event-stream body into events, following the WHATWG rules
// that matter here: "data:" lines of one event are joined with "\n", lines starting
// with ":" are comments (keep-alives), a blank line ends an event, and "\r\n", "\n" or
// "\r" end a line.
type sseReader struct {
	r    *bufio.Reader
	line []byte // reused across lines
	data []byte // reused across events
	cr   bool   // the last line ended with "\r", so a "\n" right after it is part of it
}

func newSSEReader(r io.Reader) *sseReader {
	return &sseReader{r: bufio.NewReaderSize(r, 16<<10)}
}

// next returns the event name and data of the next event that carries data; the slices
// are valid until the following call. A body that ends between events gives io.EOF; one
// that ends inside a line gives io.ErrUnexpectedEOF, since the last chunk was cut off.
func (s *sseReader) next() (event string, data []byte, err error) {
	s.data = s.data[:0]
	hasData := false
	for {
		line, err := s.readLine()
		if err != nil {
			if err == io.EOF && hasData {
				// The final blank line is missing but the lines were whole: lenient
				// servers do this, and the event is intact.
				return event, s.data, nil
			}
			return "", nil, err
		}
		if len(line) == 0 {
			if hasData {
				return event, s.data, nil
			}
			event = ""
			continue
		}
		if line[0] == ':' {
			continue
		}
		field, value := line, []byte(nil)
		if i := bytes.IndexByte(line, ':'); i >= 0 {
			field, value = line[:i], line[i+1:]
			value = bytes.TrimPrefix(value, []byte(" "))
		}
		switch string(field) {
		case "data":
			if hasData {
				s.data = append(s.data, '\n')
			}
			s.data = append(s.data, value...)
			hasData = true
			if len(s.data) > maxEventBytes {
				return "", nil, errEventTooLong
			}
		case "event":
			event = string(value)
		}
	}
}

// readLine returns the next line without its terminator.
func (s *sseReader) readLine() ([]byte, error) {
	s.line = s.line[:0]
	for {
		b, err := s.r.ReadByte()
		if err != nil {
			if err == io.EOF && len(s.line) > 0 {
				return nil, io.ErrUnexpectedEOF
			}
			return nil, err
		}
		cr := s.cr
		s.cr = false
		switch b {
		case '\n':
			if cr && len(s.line) == 0 {
				continue // the second half of "\r\n"
			}
			return s.line, nil
		case '\r':
			// Not peeking for the "\n": that could block on a server that ends lines
			// with a bare "\r" and then pauses.
			s.cr = true
			return s.line, nil
		}
		s.line = append(s.line, b)
		if len(s.line) > maxEventBytes {
			return nil, errEventTooLong
		}
	}
}
