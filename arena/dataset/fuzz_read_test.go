package dataset

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/ranking"
)

// battleFileSeeds are one small file of each shape the reader and the importer accept,
// plus near misses, so the fuzzer starts from every branch of the sniffer.
var battleFileSeeds = []string{
	"",
	" \n\t\n",
	"\xef\xbb\xbf" + `{"model_a":"a","model_b":"b","winner":"model_a","tstamp":1745000000.25}` + "\n",
	`{"model_a": "gpt-4", "model_b": "claude", "winner": "model_b", "tstamp": 1745000000.25, "anony": true, "language": "English", "judge": "arena_user_1"}` + "\n" +
		`{"model_a":"gpt-\u0034","model_b":"cl\"aude","winner":"tie","tstamp":1.5e3}` + "\n",
	` { "winner" : "tie (bothbad)" , "model_b" : "b" , "model_a" : "a", "extra": {"x": [1, 2, {"y": "}"}]}, "n": null } ` + "\n",
	`{"model_a": "a", "model_b": "b", "winner": "both_bad", "timestamp": "2025-05-29T14:48:41.602925", "is_code": true, "tags": ["math"]}` + "\n",
	`{"model_a":"a","model_b":"b","winner":"model_a","conv_metadata":{"sum_assistant_a_tokens":10,"header_count_a":{"h1":1},"sum_assistant_b_tokens":3},"category_tag":{"criteria_v0.1":{"complexity":true,"creativity":true},"math_v0.1":{"math":true}}}` + "\n",
	`{"model_a":"a","model_b":"b","winner_model_a":1,"winner_model_b":0,"winner_tie":0}`,
	`[{"model_a": "x", "model_b": "y", "winner": "model_a"}, {"model_a": "y", "model_b": "x", "winner": "tie"}]`,
	`[{"model_a": "x", "model_b": "y", "winner": "model_a"}, {"model_a": }]`,
	"model_a,model_b,winner,tstamp\nx,y,model_a,1\ny,x,tie,2\n",
	"model_a;model_b;winner\nx;y;model_b\n",
	"id,model_a,model_b,prompt,response_a,response_b,winner_model_a,winner_model_b,winner_tie\n1,a,b,\"[\"\"p\"\"]\",\"[\"\"r\"\"]\",\"[\"\"s\"\"]\",1,0,0\n",
	"id,model_a,model_b,prompt,response_a,response_b,winner_model_a,winner_model_b,winner_tie\n1,a,b,[],[],[],1,1,0\n",
	`{"id":"1","model_a":"a","model_b":"b","winner":"model_a","conversation_a":[{"role":"user","content":"x"},{"role":"assistant","content":"y"}],"conversation_b":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"text","text":"z"}]}]}` + "\n",
	`{"question_id":"q","model_a":"a","model_b":"b","winner":"tie","conversation_a":[{"role":"user","content":"x"}],"conversation_b":[{"role":"user","content":"x"}],"category_tag":{"if_v0.1":{"if":true}}}` + "\n",
	`{"question_id": "6f1c", "model_a": "a", "model_b": "b", "winner": "model_a", "judge": "arena_user_1", "tstamp": 1700000000.5}` + "\n" +
		`{"question_id": 17, "id": null, "model_a": "b", "model_b": "a", "winner": "tie", "judge": "arena_user_\u0032", "judge_hash": {"x": 1}}` + "\n",
	"question_id,model_a,model_b,winner,judge,tstamp\n6f1c,a,b,model_a,arena_user_1,1\n,b,a,tie, ,2\n",
	`{"id": "1", "model_a": "a", "model_b": "b", "winner": "model_a", "source": "imported:lmarena"}` + "\n" +
		`{"id": "2", "model_a": "a", "model_b": "b", "winner": "model_a", "source": "imported:"}` + "\n",
	`{"id":"1","model_a":"a","model_b":"b","winner":"model_a","conversation_a":[],"conversation_b":[],"source":"imported:x"}` + "\n" +
		`{"id":"2","model_a":"a","model_b":"b","winner":"model_a","conversation_a":[],"conversation_b":[],"source":{"y":1}}` + "\n",
	"id,model_a,model_b,prompt,response_a,response_b,winner_model_a,winner_model_b,winner_tie,source\n1,a,b,[],[],[],1,0,0,imported:x\n2,a,b,[],[],[],0,1,0,arena\n",
	"hello world\nfoo\n",
}

// readFuzz reads data as ReadBattles does, returning everything it produced as text.
func readFuzz(r io.Reader, opt ReadOptions) string {
	var out strings.Builder
	st, err := ReadBattles(context.Background(), r, "f", opt, func(b ranking.Battle) error {
		fmt.Fprintf(&out, "%+v\n", b)
		return nil
	})
	fmt.Fprintf(&out, "stats %+v err %v", st, err)
	return out.String()
}

// FuzzReadBattles reads arbitrary bytes as a battle file. Besides never panicking or
// hanging, the result (battles, counts, error) must not depend on how the bytes
// arrive or how many goroutines decode them: one byte per Read on one worker must
// give what a whole buffer on four gives, which catches state kept across chunks.
func FuzzReadBattles(f *testing.F) {
	for _, s := range battleFileSeeds {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, skipBad bool) {
		opt := ReadOptions{SkipBad: skipBad, Style: true, Tags: true}
		opt.Workers = 4
		whole := readFuzz(bytes.NewReader(data), opt)
		opt.Workers = 1
		bytewise := readFuzz(iotest.OneByteReader(bytes.NewReader(data)), opt)
		if whole != bytewise {
			t.Fatalf("the result depends on the reads:\nwhole:    %s\nbytewise: %s", whole, bytewise)
		}
	})
}

// FuzzJSONLFastPath checks the JSON Lines fast scanner against encoding/json: for a
// line the scanner accepts, the battle and its provenance (or the error) must be the
// ones the slow path, which is the specification, decodes.
func FuzzJSONLFastPath(f *testing.F) {
	for _, s := range battleFileSeeds {
		for l := range strings.Lines(s) {
			f.Add([]byte(strings.TrimRight(l, "\n")))
		}
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		d := newDecoder("f", ReadOptions{Tags: true, Style: true, provenance: true})
		var lf lineFields
		if !scanLine(line, &lf) {
			return // the slow path decodes it, by definition
		}
		var fast, slow ranking.Battle
		var fp, sp provenance
		ferr := d.build(&lf, &fast, &fp)
		serr := d.decodeSlow(line, &slow, &sp)
		if (ferr == nil) != (serr == nil) || ferr == nil && (fmt.Sprint(fast) != fmt.Sprint(slow) || fp != sp) {
			t.Fatalf("%q:\nfast %+v %+v (%v)\nslow %+v %+v (%v)", line, fast, fp, ferr, slow, sp, serr)
		}
	})
}

// FuzzSniff checks the sniffer on arbitrary starts of files: it reads nothing (the
// reader after it still yields every byte), an empty file has no format, and the
// shape does not depend on the reader's buffer once the buffer holds the whole file.
func FuzzSniff(f *testing.F) {
	for _, s := range battleFileSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		br := bufio.NewReaderSize(bytes.NewReader(data), 1<<16)
		sh := sniff(br)
		rest, _ := io.ReadAll(br)
		if !bytes.Equal(rest, data) {
			t.Fatalf("sniff consumed input: %d bytes left of %d", len(rest), len(data))
		}
		if sh.empty && sh.format != FormatAuto {
			t.Fatalf("empty file with format %v", sh.format)
		}
		if len(data) < 4096 {
			if sh2 := sniff(bufio.NewReaderSize(iotest.OneByteReader(bytes.NewReader(data)), 4096)); sh2 != sh {
				t.Fatalf("shape %+v with a 64 KiB buffer, %+v with 4 KiB", sh, sh2)
			}
		}
	})
}

// recordingSink keeps what an import adds, as text, and checks each battle is one a
// store may take.
type recordingSink struct {
	t   *testing.T
	out strings.Builder
}

func (s *recordingSink) Add(_ context.Context, b *arena.ImportedBattle) error {
	if b.ModelA == b.ModelB {
		s.t.Fatalf("imported a battle of %q against itself", b.ModelA)
	}
	if err := checkModelNames(b.ModelA, b.ModelB); err != nil {
		s.t.Fatalf("imported a battle with a bad model name: %v", err)
	}
	if !b.Winner.Valid() {
		s.t.Fatalf("imported a battle with winner %q", b.Winner)
	}
	c := *b
	lmarena := "none"
	if c.LMArena != nil {
		lmarena = fmt.Sprintf("%+v", *c.LMArena)
	}
	c.LMArena = nil // a pointer: its address differs between two reads, its verdicts must not
	fmt.Fprintf(&s.out, "%+v lmarena:%s\n", c, lmarena)
	return nil
}

func importFuzz(t *testing.T, r io.Reader) string {
	s := &recordingSink{t: t}
	n, err := importStream(context.Background(), s, r, "f", ImportOptions{})
	fmt.Fprintf(&s.out, "n %d err %v", n, err)
	return s.out.String()
}

// FuzzImport imports arbitrary bytes as ImportFile does a text file: every battle it
// passes on has two different, well-formed model names and a valid winner, and the
// result (including content-derived ids) does not depend on how the bytes arrive.
func FuzzImport(f *testing.F) {
	for _, s := range battleFileSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		whole := importFuzz(t, bytes.NewReader(data))
		bytewise := importFuzz(t, iotest.OneByteReader(bytes.NewReader(data)))
		if whole != bytewise {
			t.Fatalf("the result depends on the reads:\nwhole:    %s\nbytewise: %s", whole, bytewise)
		}
	})
}
