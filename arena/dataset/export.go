package dataset

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/internal/textscratch"
	"github.com/arena-dev/arena/ranking"
)

// Export formats.
const (
	FormatNameJSONL   = "jsonl"   // arena-human-preference-100k/140k columns, one JSON object per line
	FormatNameParquet = "parquet" // the same columns as nested Parquet
	FormatNameCSV     = "csv"     // arena-human-preference-55k columns
	FormatNameDPO     = "dpo"     // TRL's conversational preference format, JSON Lines
)

// ExportFormats lists the export formats, in the order releases write them.
var ExportFormats = []string{FormatNameJSONL, FormatNameParquet, FormatNameCSV, FormatNameDPO}

// RowSource is where exports read battles from; *sqlstore.DB is one.
type RowSource = arena.ExportSource

// Filter selects the battles an export contains.
type Filter = arena.ExportFilter

// ExportOptions tune an export.
type ExportOptions struct {
	// Salt keys the judge_hash of this arena's own voters. Empty means a fresh random
	// salt, so hashes cannot be linked across exports; give one to make hashes stable
	// (a release uses one salt for all its files).
	Salt []byte
	// NoRedact keeps e-mail addresses, phone numbers, IP addresses and long numbers in
	// prompts, answers and comments (see Redact).
	NoRedact bool
	// Progress, if set, is called from time to time with the rows read so far.
	Progress func(rows int64)
	// Workers convert and encode rows in parallel (0: GOMAXPROCS).
	Workers int
}

// ValidFormat reports an unknown export format as an EINVALID error.
func ValidFormat(format string) error {
	if slices.Contains(ExportFormats, format) {
		return nil
	}
	return arena.Errorf(arena.EINVALID, "Unknown export format %q; use one of %s.", format, strings.Join(ExportFormats, ", "))
}

// ContentType is the MIME type of a format's files, for HTTP downloads.
func ContentType(format string) string {
	switch format {
	case FormatNameCSV:
		return "text/csv; charset=utf-8"
	case FormatNameParquet:
		return "application/vnd.apache.parquet"
	}
	return "application/x-ndjson"
}

// FileExtension is the file name extension of a format: .jsonl, .parquet, .csv or
// .dpo.jsonl.
func FileExtension(format string) string {
	if format == FormatNameDPO {
		return ".dpo.jsonl"
	}
	return "." + format
}

// Export writes the battles filter selects from src to w in format (jsonl, parquet, csv
// or dpo), streaming: memory does not grow with the number of battles. It returns the
// number of rows written. The dpo format holds decisive votes only.
func Export(ctx context.Context, src RowSource, format string, filter Filter, w io.Writer, opt ExportOptions) (int64, error) {
	if err := ValidFormat(format); err != nil {
		return 0, err
	}
	if format == FormatNameDPO {
		filter.ExcludeTies = true
	}
	s, err := newSink(format, w)
	if err != nil {
		return 0, err
	}
	ns, err := exportTo(ctx, src, filter, opt, []exportSink{s})
	if err != nil {
		return 0, err
	}
	return ns[0], nil
}

// Message is one message of a conversation, OpenAI-style. An assistant message whose
// model reasoned carries its reasoning beside the content, never in it, with why the
// answer ended and its completion tokens; other messages have role and content alone,
// as in LMArena's files.
type Message struct {
	Role    string `json:"role" parquet:"role"`
	Content string `json:"content" parquet:"content"`
	// Optional, so that files without reasoning read as they always did and other
	// arenas' files, which lack the columns, read as no reasoning.
	Reasoning        string `json:"reasoning,omitempty" parquet:"reasoning,optional"`
	FinishReason     string `json:"finish_reason,omitempty" parquet:"finish_reason,optional"`
	CompletionTokens int64  `json:"completion_tokens,omitempty" parquet:"completion_tokens,optional"`
}

// answerMessage is an answer as an assistant message: with its reasoning, and then the
// finish reason and tokens that tell a reasoning model's cut-off or long thinking apart,
// only when there is reasoning, so that exports of answers without any stay as before.
func answerMessage(content, reasoning, finish string, tokens int) Message {
	if reasoning == "" {
		return Message{Role: "assistant", Content: content}
	}
	return Message{Role: "assistant", Content: content, Reasoning: reasoning, FinishReason: finish, CompletionTokens: int64(tokens)}
}

// CategoryTag is a battle's tags: the categories this arena's leaderboards split by,
// one level deep, and beside them arena-human-preference-140k's v0.1 verdicts, nested
// under 140k's own keys (criteria_v0.1, if_v0.1, math_v0.1, creative_writing_v0.1).
type CategoryTag struct {
	Code     bool `json:"code" parquet:"code"`
	Math     bool `json:"math" parquet:"math"`
	Creative bool `json:"creative" parquet:"creative"`
	IF       bool `json:"if" parquet:"if"`
	Hard     bool `json:"hard" parquet:"hard"`
	Long     bool `json:"long" parquet:"long"`
	arena.LMArenaTags
}

// ConvMetadata is the per-side style summary LMArena's style control uses, with the
// field names of arena-human-preference-140k.
type ConvMetadata struct {
	SumAssistantATokens int64       `json:"sum_assistant_a_tokens" parquet:"sum_assistant_a_tokens"`
	HeaderCountA        HeaderCount `json:"header_count_a" parquet:"header_count_a"`
	ListCountA          ListCount   `json:"list_count_a" parquet:"list_count_a"`
	BoldCountA          BoldCount   `json:"bold_count_a" parquet:"bold_count_a"`
	SumAssistantBTokens int64       `json:"sum_assistant_b_tokens" parquet:"sum_assistant_b_tokens"`
	HeaderCountB        HeaderCount `json:"header_count_b" parquet:"header_count_b"`
	ListCountB          ListCount   `json:"list_count_b" parquet:"list_count_b"`
	BoldCountB          BoldCount   `json:"bold_count_b" parquet:"bold_count_b"`
	SumUserTokens       int64       `json:"sum_user_tokens" parquet:"sum_user_tokens"`
	Turns               int64       `json:"turns" parquet:"turns"`
}

// Record is one exported battle: the row of the jsonl and parquet formats.
type Record struct {
	ID            string    `json:"id" parquet:"id"`
	ModelA        string    `json:"model_a" parquet:"model_a"`
	ModelB        string    `json:"model_b" parquet:"model_b"`
	Winner        string    `json:"winner" parquet:"winner"`
	ConversationA []Message `json:"conversation_a" parquet:"conversation_a,list"`
	ConversationB []Message `json:"conversation_b" parquet:"conversation_b,list"`
	Turn          int64     `json:"turn" parquet:"turn"`
	Language      string    `json:"language" parquet:"language"`
	// Tstamp is the vote's time in Unix seconds, 0 when unknown (a battle imported from
	// a file without times, such as the 55k CSV), which is written as null.
	Tstamp       float64      `json:"tstamp" parquet:"tstamp,optional"`
	JudgeHash    string       `json:"judge_hash" parquet:"judge_hash"`
	CategoryTag  CategoryTag  `json:"category_tag" parquet:"category_tag"`
	IsCode       bool         `json:"is_code" parquet:"is_code"`
	ConvMetadata ConvMetadata `json:"conv_metadata" parquet:"conv_metadata"`
	Reasons      []string     `json:"reasons" parquet:"reasons,list"`
	Comment      string       `json:"comment" parquet:"comment"`
	// Last, so that the columns before keep LMArena's order.
	Source string `json:"source" parquet:"source"`
}

// The values of the source column: SourceArena for this arena's own battles, and for
// imported ones SourceImported followed by the source they were imported from.
const (
	SourceArena    = "arena"
	SourceImported = "imported:"
)

// converter turns store rows into Records. It is not safe for concurrent use: each
// worker has its own.
type converter struct {
	salt     []byte
	noRedact bool
	// judges caches judge hashes: voters vote many times, and an HMAC a row was a
	// twentieth of the conversion.
	judges map[int64]string
	// the last imported source and its column value, which runs of rows share
	source, sourceCol string
}

// maxJudgeCache bounds a converter's judge hash cache (about 100 bytes an entry).
const maxJudgeCache = 1 << 14

func (c *converter) judge(userID int64) string {
	if h, ok := c.judges[userID]; ok {
		return h
	}
	if c.judges == nil || len(c.judges) >= maxJudgeCache {
		c.judges = make(map[int64]string)
	}
	h := judgeHash(c.salt, userID)
	c.judges[userID] = h
	return h
}

func (c *converter) redact(s string) string {
	if c.noRedact {
		return s
	}
	return Redact(s)
}

// judgeHash is the published identity of a voter: an HMAC of the user id under the
// export's salt, so one voter's votes can be grouped within an export but not traced to
// an account, nor linked across exports with different salts.
func judgeHash(salt []byte, userID int64) string {
	m := hmac.New(sha256.New, salt)
	var b [20]byte
	m.Write(strconv.AppendInt(b[:0], userID, 10))
	var sum [32]byte
	return hex.EncodeToString(m.Sum(sum[:0])[:16])
}

func (c *converter) convert(r *arena.ExportRow, rec *Record) {
	*rec = Record{
		ID: r.ID, ModelA: r.ModelA, ModelB: r.ModelB, Winner: string(r.Winner),
		ConversationA: rec.ConversationA[:0], ConversationB: rec.ConversationB[:0],
		Turn: int64(len(r.Turns)), Language: r.Language,
		Reasons: r.Reasons, Comment: c.redact(r.Comment),
	}
	if !r.VotedAt.IsZero() {
		rec.Tstamp = float64(r.VotedAt.UnixMilli()) / 1000
	}
	if rec.Reasons == nil {
		rec.Reasons = []string{}
	}
	if r.Source != "" {
		rec.JudgeHash = r.Judge
		if r.Source != c.source {
			c.source, c.sourceCol = r.Source, SourceImported+r.Source
		}
		rec.Source = c.sourceCol
	} else {
		rec.JudgeHash = c.judge(r.VoterID)
		rec.Source = SourceArena
	}
	ct := &rec.CategoryTag
	for _, t := range r.Category {
		switch t {
		case "code":
			ct.Code = true
		case "math":
			ct.Math = true
		case "creative":
			ct.Creative = true
		case "if":
			ct.IF = true
		case "hard":
			ct.Hard = true
		case "long":
			ct.Long = true
		}
	}
	if r.LMArena != nil {
		ct.LMArenaTags = *r.LMArena
	} else {
		ct.LMArenaTags = arena.LMArenaOf(r.Category)
	}
	rec.IsCode = ct.Code
	// An imported battle's source published its conv_metadata, counted with its own
	// tokenizer: it is given as is, not recounted from the text.
	given := r.ConvMetadata != "" && json.Unmarshal([]byte(r.ConvMetadata), &rec.ConvMetadata) == nil
	var sa, sb sideStyle
	var user int64
	for _, t := range r.Turns {
		p := c.redact(t.Prompt)
		a, b := c.redact(t.AnswerA), c.redact(t.AnswerB)
		rec.ConversationA = append(rec.ConversationA, Message{Role: "user", Content: p},
			answerMessage(a, c.redact(t.ReasoningA), t.FinishA, t.TokensA))
		rec.ConversationB = append(rec.ConversationB, Message{Role: "user", Content: p},
			answerMessage(b, c.redact(t.ReasoningB), t.FinishB, t.TokensB))
		if !given {
			// Style features are the answer's alone: reasoning is not what the voter judged.
			sa.addMarkdown(a)
			sb.addMarkdown(b)
			user += int64(ranking.ApproxTokens(p))
		}
	}
	if given {
		return
	}
	rec.ConvMetadata = ConvMetadata{
		SumAssistantATokens: sa.tokens, HeaderCountA: sa.headers, ListCountA: sa.lists, BoldCountA: sa.bold,
		SumAssistantBTokens: sb.tokens, HeaderCountB: sb.headers, ListCountB: sb.lists, BoldCountB: sb.bold,
		SumUserTokens: user, Turns: int64(len(r.Turns)),
	}
}

// exportSink writes converted records in one format. encode runs on worker goroutines, in
// parallel and out of order; write runs on one goroutine in row order. The records'
// strings are valid only during the two calls (their bytes belong to a batch that is
// reused): a sink copies what it keeps.
type exportSink interface {
	// encode appends the batch's encoding to dst, or returns dst unchanged if the exportSink
	// writes records directly; n is the rows it holds.
	encode(dst []byte, recs []Record) (out []byte, n int)
	write(encoded []byte, recs []Record) error
	close() error
}

func newSink(format string, w io.Writer) (exportSink, error) {
	switch format {
	case FormatNameJSONL:
		return &textSink{w: w, enc: appendRecordJSON}, nil
	case FormatNameDPO:
		return &textSink{w: w, enc: appendDPO}, nil
	case FormatNameCSV:
		s := &textSink{w: w, enc: appendCSVRow}
		s.header = []byte(csvHeader)
		return s, nil
	case FormatNameParquet:
		return newParquetSink(w), nil
	}
	return nil, ValidFormat(format)
}

// textSink writes a line-oriented format.
type textSink struct {
	w      io.Writer
	header []byte
	enc    func(dst []byte, r *Record) ([]byte, bool)
}

func (s *textSink) encode(dst []byte, recs []Record) ([]byte, int) {
	n := 0
	for i := range recs {
		var ok bool
		if dst, ok = s.enc(dst, &recs[i]); ok {
			n++
		}
	}
	return dst, n
}

func (s *textSink) write(b []byte, _ []Record) error {
	if s.header != nil {
		if _, err := s.w.Write(s.header); err != nil {
			return err
		}
		s.header = nil
	}
	_, err := s.w.Write(b)
	return err
}

func (s *textSink) close() error {
	if s.header != nil { // no rows: still write the header
		_, err := s.w.Write(s.header)
		s.header = nil
		return err
	}
	return nil
}

const exportBatch = 256

// batch is a run of rows on its way through the pipeline.
type batch struct {
	rows    []arena.ExportRow
	turns   []arena.ExportTurn  // the rows' turns, copied from the source
	text    textscratch.Scratch // the rows' strings, copied from the source
	recs    []Record
	encoded [][]byte // per exportSink
	counts  []int
	done    chan struct{}
}

// exportTo reads the rows once and writes them to every exportSink; it returns the rows each
// exportSink wrote. Rows are converted and encoded by workers in parallel and written in
// order.
func exportTo(ctx context.Context, src RowSource, filter Filter, opt ExportOptions, sinks []exportSink) ([]int64, error) {
	salt := opt.Salt
	if len(salt) == 0 {
		salt = make([]byte, 32)
		rand.Read(salt)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pool := sync.Pool{New: func() any {
		return &batch{encoded: make([][]byte, len(sinks)), counts: make([]int, len(sinks))}
	}}
	// Batches in flight are bounded by order's capacity plus the one being read: enough
	// to keep every worker busy while the writer waits for the oldest, few enough that
	// the rows held stay a few megabytes.
	work := make(chan *batch, workers)
	order := make(chan *batch, 2*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conv := &converter{salt: salt, noRedact: opt.NoRedact}
			for b := range work {
				if len(b.recs) < len(b.rows) {
					b.recs = append(b.recs, make([]Record, len(b.rows)-len(b.recs))...)
				}
				b.recs = b.recs[:len(b.rows)]
				for i := range b.rows {
					conv.convert(&b.rows[i], &b.recs[i])
				}
				for k, s := range sinks {
					b.encoded[k], b.counts[k] = s.encode(b.encoded[k][:0], b.recs)
				}
				close(b.done)
			}
		}()
	}
	counts := make([]int64, len(sinks))
	writeErr := make(chan error, 1)
	go func() {
		var err error
		for b := range order {
			<-b.done
			if err == nil {
				for k, s := range sinks {
					if err = s.write(b.encoded[k], b.recs); err != nil {
						err = fmt.Errorf("writing the export: %w", err)
						cancel()
						break
					}
					counts[k] += int64(b.counts[k])
				}
			}
			pool.Put(b)
		}
		writeErr <- err
	}()
	var cur *batch
	var copyText func(string) string // cur's scratch's Copy
	var read int64
	send := func() {
		cur.done = make(chan struct{})
		order <- cur
		work <- cur
		cur = nil
	}
	err := src.ExportRows(ctx, filter, func(r *arena.ExportRow) error {
		if cur == nil {
			cur = pool.Get().(*batch)
			cur.rows, cur.turns = cur.rows[:0], cur.turns[:0]
			cur.text.Reset()
			copyText = cur.text.Copy
		}
		// Copy the row: the source reuses it and its strings' bytes. The copies go into
		// the batch's own slices and scratch, reused with the batch, so a million rows
		// allocate next to nothing; if a slice grows, rows before keep the old array,
		// which stays valid.
		var row arena.ExportRow
		row, cur.turns = r.CopyWith(copyText, cur.turns)
		cur.rows = append(cur.rows, row)
		read++
		if len(cur.rows) == exportBatch {
			send()
			if opt.Progress != nil {
				opt.Progress(read)
			}
		}
		return nil
	})
	if cur != nil && len(cur.rows) > 0 {
		send()
	}
	close(work)
	close(order)
	wg.Wait()
	werr := <-writeErr
	if werr != nil {
		return nil, werr
	}
	if err != nil {
		return nil, err
	}
	if opt.Progress != nil {
		opt.Progress(read)
	}
	for _, s := range sinks {
		if err := s.close(); err != nil {
			return nil, err
		}
	}
	return counts, nil
}
