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
	"time"

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
	// Content is how jsonl and parquet write a message's content: arena.ContentParts
	// (140k's typed parts, also what "" means) or arena.ContentString (100k's strings).
	Content arena.ExportContent
	// Images reads the bytes of the images prompts carry, for the formats with typed
	// parts (jsonl and parquet; never with ContentString): Parquet holds each image's
	// bytes in its part, JSON Lines references a file. nil: an export that meets an
	// image fails, saying so.
	Images ImageSource
	// ImageDir is where a JSON Lines export writes its image files, each once, named by
	// its SHA-256 (ImageFileName): the "images" directory beside the file, whose rows
	// reference "images/<name>".
	ImageDir string
	// ImageURL, when ImageDir is empty, prefixes the SHA-256 of an image to make its
	// reference instead, for an export streamed from a server that serves its images
	// ("/images/"). With neither, a JSON Lines export that meets an image fails.
	ImageURL string
}

// resolver is the export's image resolver: nil when no format it writes has images.
func (opt ExportOptions) resolver(ctx context.Context, format string) *imageResolver {
	if opt.Content == arena.ContentString || format != FormatNameJSONL && format != FormatNameParquet {
		return nil
	}
	r := &imageResolver{ctx: ctx, src: opt.Images, dir: opt.ImageDir, url: opt.ImageURL}
	if format == FormatNameParquet {
		// Parquet carries the bytes: no file is written, and the reference is never
		// written either, only the image's type read.
		r.dir, r.url = "", "-"
	}
	return r
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
	s, err := newSink(ctx, format, w, opt)
	if err != nil {
		return 0, err
	}
	ns, err := exportTo(ctx, src, filter, opt, opt.resolver(ctx, format), []exportSink{s})
	if err != nil {
		return 0, err
	}
	return ns[0], nil
}

// Message is one message of a conversation, OpenAI-style, its content a string (the
// parquet row of --content string; jsonl writes either form from it). An assistant
// message whose model reasoned carries its reasoning beside the content, never in it,
// with why the answer ended and its completion tokens; other messages have role and
// content alone, as in LMArena's files.
type Message struct {
	Role    string `json:"role" parquet:"role"`
	Content string `json:"content" parquet:"content"`
	// Optional, so that files without reasoning read as they always did and other
	// arenas' files, which lack the columns, read as no reasoning.
	Reasoning        string `json:"reasoning,omitempty" parquet:"reasoning,optional"`
	FinishReason     string `json:"finish_reason,omitempty" parquet:"finish_reason,optional"`
	CompletionTokens int64  `json:"completion_tokens,omitempty" parquet:"completion_tokens,optional"`
	// Images are the message's images (a prompt's attachments), written as content
	// parts by the formats that have them (see contentParts) and left out of the
	// others, whose content is text.
	Images []ImageRef `json:"-" parquet:"-"`
}

// ContentPart is one part of a message's content in arena-human-preference-140k's
// form: a "text" part (image and mimeType null), or an "image" part (text null) whose
// image is the file's bytes in Parquet and, in JSON Lines, the path of the file beside
// the export ("images/<sha256>.png").
type ContentPart struct {
	Type     string  `json:"type" parquet:"type"`
	Text     *string `json:"text" parquet:"text,optional"`
	Image    []byte  `json:"image" parquet:"image,optional"`
	MimeType *string `json:"mimeType" parquet:"mimeType,optional"`
	// file is JSON Lines' reference to the image, and sha its name for Parquet to read.
	file, sha string
}

// PartsMessage is a Message whose content is 140k's list of typed parts: the parquet
// row's message by default.
type PartsMessage struct {
	Role             string        `parquet:"role"`
	Content          []ContentPart `parquet:"content,list"`
	Reasoning        string        `parquet:"reasoning,optional"`
	FinishReason     string        `parquet:"finish_reason,optional"`
	CompletionTokens int64         `parquet:"completion_tokens,optional"`
}

// FullTurn is one turn of full_conversation in 140k's shape: the user's message and
// each side's answer to it, with messages of type M (Message or PartsMessage).
type FullTurn[M any] struct {
	User       M `json:"user" parquet:"user"`
	ModelSideA M `json:"model_side_a" parquet:"model_side_a"`
	ModelSideB M `json:"model_side_b" parquet:"model_side_b"`
}

// DedupTag is arena-human-preference-100k's dedup_tag (see ranking.Dedup).
type DedupTag struct {
	HighFreq bool `json:"high_freq" parquet:"high_freq"`
	Sampled  bool `json:"sampled" parquet:"sampled"`
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
// field names, order and integer types of arena-human-preference-140k.
type ConvMetadata struct {
	SumAssistantATokens int32       `json:"sum_assistant_a_tokens" parquet:"sum_assistant_a_tokens"`
	HeaderCountA        HeaderCount `json:"header_count_a" parquet:"header_count_a"`
	ListCountA          ListCount   `json:"list_count_a" parquet:"list_count_a"`
	BoldCountA          BoldCount   `json:"bold_count_a" parquet:"bold_count_a"`
	// ContextATokens is what model_a was given for its last answer: every user turn and
	// its own earlier answers (for one turn, the prompt).
	ContextATokens      int32       `json:"context_a_tokens" parquet:"context_a_tokens"`
	SumAssistantBTokens int32       `json:"sum_assistant_b_tokens" parquet:"sum_assistant_b_tokens"`
	HeaderCountB        HeaderCount `json:"header_count_b" parquet:"header_count_b"`
	ListCountB          ListCount   `json:"list_count_b" parquet:"list_count_b"`
	BoldCountB          BoldCount   `json:"bold_count_b" parquet:"bold_count_b"`
	ContextBTokens      int32       `json:"context_b_tokens" parquet:"context_b_tokens"`
	SumUserTokens       int32       `json:"sum_user_tokens" parquet:"sum_user_tokens"`
	Turns               int32       `json:"turns" parquet:"turns"`
}

// RecordOf is one exported battle with messages of type M: arena-human-preference-
// 140k's columns in its order, then 100k's that 140k dropped, then this arena's own.
type RecordOf[M any] struct {
	ID     string `json:"id" parquet:"id"`
	ModelA string `json:"model_a" parquet:"model_a"`
	ModelB string `json:"model_b" parquet:"model_b"`
	Winner string `json:"winner" parquet:"winner"`
	// EvaluationSessionID groups a voter's battles whose votes came at most
	// SessionGap apart (null when the voter or the time is unknown), and
	// EvaluationOrder numbers the battles of a session in this export from 1.
	EvaluationSessionID string        `json:"evaluation_session_id" parquet:"evaluation_session_id,optional"`
	EvaluationOrder     int32         `json:"evaluation_order" parquet:"evaluation_order,optional"`
	ConversationA       []M           `json:"conversation_a" parquet:"conversation_a,list"`
	ConversationB       []M           `json:"conversation_b" parquet:"conversation_b,list"`
	FullConversation    []FullTurn[M] `json:"full_conversation" parquet:"full_conversation,list"`
	ConvMetadata        ConvMetadata  `json:"conv_metadata" parquet:"conv_metadata"`
	CategoryTag         CategoryTag   `json:"category_tag" parquet:"category_tag"`
	Language            string        `json:"language" parquet:"language"`
	IsCode              bool          `json:"is_code" parquet:"is_code"`
	// Timestamp is the vote's time, written as 140k's timestamp[ns] (UTC, no zone) in
	// Parquet and RFC 3339 in jsonl; zero (written as null) when unknown.
	Timestamp time.Time `json:"timestamp" parquet:"timestamp,optional,timestamp(nanosecond:local)"`
	Turn      int64     `json:"turn" parquet:"turn"`
	// Tstamp is the vote's time in Unix seconds, 0 when unknown (a battle imported from
	// a file without times, such as the 55k CSV), which is written as null.
	Tstamp    float64  `json:"tstamp" parquet:"tstamp,optional"`
	JudgeHash string   `json:"judge_hash" parquet:"judge_hash"`
	IsRefusal bool     `json:"is_refusal" parquet:"is_refusal"`
	DedupTag  DedupTag `json:"dedup_tag" parquet:"dedup_tag"`
	Reasons   []string `json:"reasons" parquet:"reasons,list"`
	Comment   string   `json:"comment" parquet:"comment"`
	// Last, so that the columns before keep LMArena's order.
	Source string `json:"source" parquet:"source"`
	// Anony is LMArena's flag of an anonymous vote: false for a side-by-side vote,
	// whose voter chose the models and saw their names.
	Anony bool `json:"anony" parquet:"anony"`
	// StoppedA and StoppedB: the voter stopped one of that side's answers while it
	// streamed, so it is what had arrived, not all the model would have said. A study
	// of whole answers leaves these battles out.
	StoppedA bool `json:"stopped_a" parquet:"stopped_a"`
	StoppedB bool `json:"stopped_b" parquet:"stopped_b"`
	// RegeneratedA and RegeneratedB count the side's answers the voter had answered
	// again before the vote; the conversation holds the answers voted on.
	RegeneratedA int64 `json:"regenerated_a" parquet:"regenerated_a"`
	RegeneratedB int64 `json:"regenerated_b" parquet:"regenerated_b"`
}

// Record is one exported battle as the converter makes it, contents as strings: the
// row of every format, and the parquet row of --content string.
type Record = RecordOf[Message]

// partsRecord is the parquet row of 140k's typed parts, the default.
type partsRecord = RecordOf[PartsMessage]

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
	// lmarena fills full_conversation and is_refusal, which only jsonl and parquet have.
	lmarena bool
	// judges caches judge hashes: voters vote many times, and an HMAC a row was a
	// twentieth of the conversion.
	judges map[int64]string
	// the last imported source and its column value, which runs of rows share
	source, sourceCol string
	// imgs resolves the prompts' images; nil when no format of the export has them.
	imgs *converterImages
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

// rowExtra is what the export's reader decides for a row, in row order, before it is
// converted: its session and its dedup tag.
type rowExtra struct {
	session string
	order   int32
	dedup   DedupTag
}

// withImages gives m the images named by shas, in order: a prompt's attachments (or,
// the same way, an answer's images). It is the one way a message gets image parts
// (see contentParts); a failure to read one is kept for the batch.
func (c *converter) withImages(m Message, shas []string) Message {
	m.Images = c.imgs.refs(shas)
	return m
}

func (c *converter) convert(r *arena.ExportRow, x *rowExtra, rec *Record) {
	*rec = Record{
		ID: r.ID, ModelA: r.ModelA, ModelB: r.ModelB, Winner: string(r.Winner),
		EvaluationSessionID: x.session, EvaluationOrder: x.order,
		ConversationA: rec.ConversationA[:0], ConversationB: rec.ConversationB[:0], FullConversation: rec.FullConversation[:0],
		Turn: int64(len(r.Turns)), Language: r.Language, DedupTag: x.dedup,
		Reasons: r.Reasons, Comment: c.redact(r.Comment),
		Anony:        arena.VoteFacts{Source: r.Source, Mode: r.Mode}.Anonymous(),
		RegeneratedA: int64(r.Regenerated[0]), RegeneratedB: int64(r.Regenerated[1]),
	}
	if !r.VotedAt.IsZero() {
		rec.Tstamp = float64(r.VotedAt.UnixMilli()) / 1000
		rec.Timestamp = r.VotedAt.UTC()
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
	var user, lastA, lastB int64
	for _, t := range r.Turns {
		rec.StoppedA, rec.StoppedB = rec.StoppedA || t.StoppedA, rec.StoppedB || t.StoppedB
		p := c.redact(t.Prompt)
		a, b := c.redact(t.AnswerA), c.redact(t.AnswerB)
		um := c.withImages(Message{Role: "user", Content: p}, t.Images)
		am := c.withImages(answerMessage(a, c.redact(t.ReasoningA), t.FinishA, t.TokensA), t.ImagesA)
		bm := c.withImages(answerMessage(b, c.redact(t.ReasoningB), t.FinishB, t.TokensB), t.ImagesB)
		rec.ConversationA = append(rec.ConversationA, um, am)
		rec.ConversationB = append(rec.ConversationB, um, bm)
		if c.lmarena {
			rec.FullConversation = append(rec.FullConversation, FullTurn[Message]{User: um, ModelSideA: am, ModelSideB: bm})
			rec.IsRefusal = rec.IsRefusal || arena.Refusal(t.AnswerA, t.AnswerB)
		}
		if !given {
			// Style features are the answer's alone: reasoning is not what the voter judged.
			ta, tb := sa.tokens, sb.tokens
			sa.addMarkdown(a)
			sb.addMarkdown(b)
			lastA, lastB = sa.tokens-ta, sb.tokens-tb
			user += int64(ranking.ApproxTokens(p))
		}
	}
	if given {
		return
	}
	rec.ConvMetadata = ConvMetadata{
		SumAssistantATokens: int32(sa.tokens), HeaderCountA: sa.headers, ListCountA: sa.lists, BoldCountA: sa.bold,
		ContextATokens:      int32(user + sa.tokens - lastA),
		SumAssistantBTokens: int32(sb.tokens), HeaderCountB: sb.headers, ListCountB: sb.lists, BoldCountB: sb.bold,
		ContextBTokens: int32(user + sb.tokens - lastB),
		SumUserTokens:  int32(user), Turns: int32(len(r.Turns)),
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
	// lmarenaColumns says whether the format has the columns of LMArena's files that
	// cost a conversion something (full_conversation, is_refusal) or an export a first
	// pass over the prompts (dedup_tag): jsonl's and parquet's, not csv's or dpo's.
	lmarenaColumns() bool
}

func newSink(ctx context.Context, format string, w io.Writer, opt ExportOptions) (exportSink, error) {
	parts := opt.Content != arena.ContentString
	switch format {
	case FormatNameJSONL:
		return &textSink{w: w, enc: func(dst []byte, r *Record) ([]byte, bool) { return appendRecordJSON(dst, r, parts) }, tags: true}, nil
	case FormatNameDPO:
		return &textSink{w: w, enc: appendDPO}, nil
	case FormatNameCSV:
		s := &textSink{w: w, enc: appendCSVRow}
		s.header = []byte(csvHeader)
		return s, nil
	case FormatNameParquet:
		return newParquetSink(ctx, w, parts, opt.Images), nil
	}
	return nil, ValidFormat(format)
}

// textSink writes a line-oriented format.
type textSink struct {
	w      io.Writer
	header []byte
	enc    func(dst []byte, r *Record) ([]byte, bool)
	tags   bool // the format has LMArena's columns (see exportSink.lmarenaColumns)
}

func (s *textSink) lmarenaColumns() bool { return s.tags }

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
	extras  []rowExtra          // the rows' sessions and dedup tags
	turns   []arena.ExportTurn  // the rows' turns, copied from the source
	text    textscratch.Scratch // the rows' strings, copied from the source
	recs    []Record
	encoded [][]byte // per exportSink
	counts  []int
	err     error // a conversion's failure (an image that could not be read or written)
	done    chan struct{}
}

// exportTo reads the rows once and writes them to every exportSink; it returns the rows each
// exportSink wrote. Rows are converted and encoded by workers in parallel and written in
// order.
func exportTo(ctx context.Context, src RowSource, filter Filter, opt ExportOptions, imgs *imageResolver, sinks []exportSink) ([]int64, error) {
	salt := opt.Salt
	if len(salt) == 0 {
		salt = make([]byte, 32)
		rand.Read(salt)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// The order-dependent columns are decided here, on the one goroutine that reads,
	// before the rows fan out: the sessions, and (after a first pass over the prompts)
	// which battles of a frequent prompt are sampled.
	sess := newSessions(salt)
	var dedup *ranking.Dedup
	lmarena := slices.ContainsFunc(sinks, exportSink.lmarenaColumns)
	if lmarena {
		var err error
		if dedup, err = promptDedup(ctx, src, filter); err != nil {
			return nil, err
		}
	}
	var prompts []string
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
			conv := &converter{salt: salt, noRedact: opt.NoRedact, lmarena: lmarena}
			if imgs != nil {
				conv.imgs = &converterImages{r: imgs}
			}
			for b := range work {
				if len(b.recs) < len(b.rows) {
					b.recs = append(b.recs, make([]Record, len(b.rows)-len(b.recs))...)
				}
				b.recs = b.recs[:len(b.rows)]
				for i := range b.rows {
					conv.convert(&b.rows[i], &b.extras[i], &b.recs[i])
				}
				if conv.imgs != nil && conv.imgs.err != nil {
					b.err, conv.imgs.err = conv.imgs.err, nil
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
			if err == nil && b.err != nil {
				err = b.err
				cancel()
			}
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
			cur.rows, cur.turns, cur.extras, cur.err = cur.rows[:0], cur.turns[:0], cur.extras[:0], nil
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
		x := rowExtra{dedup: DedupTag{Sampled: true}}
		x.session, x.order = sess.assign(r)
		if dedup != nil {
			prompts = prompts[:0]
			for _, t := range r.Turns {
				prompts = append(prompts, t.Prompt)
			}
			x.dedup.HighFreq, x.dedup.Sampled = dedup.Next(ranking.PromptKeyOf(prompts))
		}
		cur.extras = append(cur.extras, x)
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
