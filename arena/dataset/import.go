package dataset

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/ranking"
)

// DefaultImportSource is the source imported battles are filed under unless told
// otherwise.
const DefaultImportSource = "lmarena"

// ImportSink stores imported battles; *sqlstore.Importer is one.
type ImportSink interface {
	Add(ctx context.Context, b *arena.ImportedBattle) error
}

// ImportOptions tune an import.
type ImportOptions struct {
	// Progress, if set, is called from time to time with the battles read so far.
	Progress func(read int64)
	// Note, if set, is told what a successful import left out of the battles it stored,
	// such as the image parts of arena-human-preference-140k's messages.
	Note func(msg string)
}

// noteImages notes the image parts an import left out, if any.
func (o ImportOptions) noteImages(n int64) {
	if n == 0 || o.Note == nil {
		return
	}
	part := "parts"
	if n == 1 {
		part = "part"
	}
	o.Note(fmt.Sprintf("%d image %s left out of the conversations: only text is imported", n, part))
}

// ImportFile reads the battles of one file and passes them to sink. It reads:
//
//   - LMArena clean_battle logs (JSON Lines, a JSON array, or CSV with model_a,
//     model_b and winner), through ReadBattles: no conversations;
//   - JSON Lines with conversations: arena-human-preference-100k (question_id) and
//     -140k (id, content as a list of parts), and this arena's own jsonl exports;
//   - arena-human-preference-55k CSV (prompt, response_a, response_b, winner_model_a,
//     winner_model_b, winner_tie): a tie there may have been both bad, it imports as tie;
//   - Parquet with the columns of this arena's exports (and LMArena files whose
//     columns have the same shape).
//
// Battles without an id get one from a hash of their content (and how many identical
// battles came before in the file), so importing a file again matches the same ids.
// A malformed record stops the import with an error naming file:line.
func ImportFile(ctx context.Context, sink ImportSink, path string, stdin io.Reader, opt ImportOptions) (int64, error) {
	name := displayName(path)
	if path != "-" {
		if ok, err := isParquet(path); err != nil {
			return 0, err
		} else if ok {
			return importParquet(ctx, sink, path, opt)
		}
	}
	r, _, _, err := Open(path, stdin)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	n, err := importStream(ctx, sink, r, name, opt)
	return n, checkDamage(r, name, err)
}

// importStream imports the text formats (everything but Parquet) from r, as the
// sniffer tells them apart; it is ImportFile without the file, which the fuzz
// tests drive with arbitrary bytes.
func importStream(ctx context.Context, sink ImportSink, r io.Reader, name string, opt ImportOptions) (int64, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	sh := sniff(br)
	switch {
	case sh.kind == kindConvJSONL:
		return importConvJSONL(ctx, sink, br, name, opt)
	case sh.kind == kindConvCSV:
		return importConvCSV(ctx, sink, br, name, opt)
	case sh.empty:
		return 0, emptyFile(name)
	}
	return importBattles(ctx, sink, br, name, sh.format, opt)
}

// isParquet reports whether the file at path starts with Parquet's magic bytes; "-"
// (standard input) is never read as Parquet, whose footer is at the end.
func isParquet(path string) (bool, error) {
	if path == "-" {
		return false, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	var magic [4]byte
	if _, err := io.ReadFull(f, magic[:]); err != nil {
		return false, nil
	}
	return string(magic[:]) == "PAR1", nil
}

// contentIDs gives battles without an id one derived from their content and how many
// identical battles preceded them in the file.
type contentIDs map[[8]byte]uint32

func (c contentIDs) id(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write([]byte(p))
	}
	var k [8]byte
	copy(k[:], h.Sum(nil))
	c[k]++
	id := "h:" + hex.EncodeToString(k[:])
	if n := c[k]; n > 1 {
		id += "#" + strconv.Itoa(int(n))
	}
	return id
}

var outcomeWinner = [...]arena.Winner{ranking.WinA: arena.WinnerA, ranking.WinB: arena.WinnerB, ranking.Tie: arena.WinnerTie, ranking.BothBad: arena.WinnerBothBad}

// arenaTags maps tags from other arenas' files to this arena's categories: LMArena's
// creative_writing is creative, its hard_prompt hard.
func arenaTags(tags []string) []string {
	var out []string
	for _, t := range tags {
		switch t {
		case "creative_writing":
			t = "creative"
		case "hard_prompt":
			t = "hard"
		}
		if !arena.IsCategory(t) {
			continue
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return slices.Index(arena.Categories, a) - slices.Index(arena.Categories, b) })
	return out
}

// importBattles imports a battle log without conversations, in format, as ReadBattles
// reads it, keeping each battle's id, voter and source where the log gives them.
func importBattles(ctx context.Context, sink ImportSink, br *bufio.Reader, name string, format Format, opt ImportOptions) (int64, error) {
	ids := contentIDs{}
	var n int64
	ropt := ReadOptions{Tags: true, checkNames: true, provenance: true}
	_, err := readAs(ctx, br, name, format, ropt, &provSink{yield: func(b *ranking.Battle, p *provenance) error {
		ib := arena.ImportedBattle{
			ExternalID: p.id, Judge: p.judge, Source: p.source,
			ModelA: b.ModelA, ModelB: b.ModelB, Winner: outcomeWinner[b.Outcome],
			VotedAt:  secondsTime(b.Time),
			Category: arenaTags(b.Tags),
		}
		for _, t := range b.Tags {
			if l, ok := strings.CutPrefix(t, "lang:"); ok {
				ib.Language = l
			}
		}
		if ib.ExternalID == "" {
			ib.ExternalID = ids.id(b.ModelA, b.ModelB, string(ib.Winner), strconv.FormatFloat(b.Time, 'g', -1, 64))
		}
		if err := sink.Add(ctx, &ib); err != nil {
			return err
		}
		if n++; opt.Progress != nil && n%8192 == 0 {
			opt.Progress(n)
		}
		return nil
	}})
	return n, err
}

// maxModelName is the longest model name an import accepts, in characters: real ones
// are under 100, and a name is shown on every leaderboard and model page.
const maxModelName = 256

// checkModelName says what is wrong with an imported model name, if anything: over
// maxModelName characters, not UTF-8, or holding a control character (a tab, a
// newline, an escape sequence), none of which a real model name has and all of which
// would reach terminals, pages and exports.
func checkModelName(s string) error { return checkName(s, "a model name") }

// checkName is checkModelName for a name of what kind.
func checkName(s, kind string) error {
	if !utf8.ValidString(s) {
		return errors.New("is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > maxModelName {
		return fmt.Errorf("is %d characters long, more than the %d %s may have", n, maxModelName, kind)
	}
	for i, r := range s {
		if unicode.IsControl(r) {
			return fmt.Errorf("has a control character (%U) at byte %d", r, i)
		}
	}
	return nil
}

// checkModelNames checks model_a's and model_b's names with checkModelName.
func checkModelNames(a, b string) error {
	if err := checkModelName(a); err != nil {
		return &fieldError{"model_a", err}
	}
	if err := checkModelName(b); err != nil {
		return &fieldError{"model_b", err}
	}
	return nil
}

// originalSource reads a row's source column, as this arena's exports write it, into
// the source the battle is filed under (ImportedBattle.Source). A battle the exporting
// arena had imported, imported:NAME, keeps NAME: the source that collected it, whose
// id and judge it carries, so a chain of re-imports never nests imported:imported:
// and a direct import of NAME's file finds the same battles. The exporting arena's own
// battles (arena), rows without the column, and values some other file's source
// column holds are filed under the import's --source, which names where the file
// came from: "".
func originalSource(col string) (string, error) {
	name, ok := strings.CutPrefix(col, SourceImported)
	if !ok {
		return "", nil
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return "", &fieldError{"source", fmt.Errorf("%q names no source after %q", col, SourceImported)}
	}
	if err := checkName(name, "a source name"); err != nil {
		return "", &fieldError{"source", err}
	}
	return name, nil
}

// secondsTime is a file's numeric time (see epochSeconds) as a time; zero, for a
// file that gave none, is the zero time, which the store keeps as "unknown".
func secondsTime(s float64) time.Time {
	if s == 0 || math.IsNaN(s) || math.IsInf(s, 0) {
		return time.Time{}
	}
	return time.UnixMilli(int64(math.Round(epochSeconds(s) * 1000))).UTC()
}

func withLong(tags []string, turns []arena.ExportTurn, hasLong bool) []string {
	if hasLong || len(turns) == 0 || slices.Contains(tags, "long") {
		return tags
	}
	if utf8.RuneCountInString(strings.TrimSpace(turns[0].Prompt)) > arena.LongPrompt {
		tags = arenaTags(append(tags, "long"))
	}
	return tags
}
