package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode"
	"unicode/utf8"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/dataset"
	"github.com/arena-dev/arena/ranking"
)

// dbBattleSource opens the arena's own database at path as a source of battles, for
// `arena rank --db FILE`. It is nil until the storage wiring sets it (from another file
// of this package, in an init function); rank reports a clear error while it is nil.
// kind is the arena whose battles it reads (arena.ArenaText or arena.ArenaVision).
var dbBattleSource func(ctx context.Context, path string, imported bool, kind string) (ranking.BattleSource, error)

func init() {
	register(command{name: "rank", usage: "compute a leaderboard from battle files", run: runRank})
}

const rankSynopsis = `rank [flags] FILE...

Computes a leaderboard from battle files: JSON Lines, a JSON array or CSV, in the
shapes LMArena publishes (clean_battle logs, arena-human-preference-140k/55k), .gz
read transparently, "-" for stdin.`

type rankFlags struct {
	method, ci, anchor, category, format, db, inputFormat string
	bothBad, styleRidge, deprecated, features             string
	arena                                                 string
	bootstrap                                             int
	minBattles, reweightMin                               int64
	seed                                                  uint64
	alpha, dedupPercentile                                float64
	style, excludeTies, skipBad, imported, reweight       bool
	dedup                                                 bool
	ciSet                                                 bool
}

func runRank(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "rank", rankSynopsis)
	var f rankFlags
	fs.StringVar(&f.method, "method", "bt", "rating method: bt (Bradley-Terry) or elo (online Elo)")
	fs.IntVar(&f.bootstrap, "bootstrap", 100, "bootstrap rounds for confidence intervals; 0 for none")
	fs.StringVar(&f.ci, "ci", "bootstrap", "confidence intervals: bootstrap, sandwich or none")
	fs.StringVar(&f.anchor, "anchor", "", "MODEL=SCORE: shift ratings so MODEL has SCORE")
	fs.BoolVar(&f.style, "style-control", false, "Bradley-Terry with style control (length, headers, lists, bold)")
	fs.StringVar(&f.category, "category", "", "only battles tagged TAG (e.g. math, code, hard_prompt, lang:en)")
	fs.BoolVar(&f.excludeTies, "exclude-ties", false, "drop ties and both-bad votes")
	fs.Int64Var(&f.minBattles, "min-battles", 0, "leave out models with fewer battles")
	fs.Uint64Var(&f.seed, "seed", 1, "bootstrap random seed")
	fs.StringVar(&f.format, "format", "table", "output: table, json or csv")
	fs.BoolVar(&f.skipBad, "skip-bad", false, "skip malformed records (counted on stderr) instead of stopping")
	fs.StringVar(&f.db, "db", "", "read battles from the arena database FILE instead of files: its counted votes, as the leaderboard")
	fs.BoolVar(&f.imported, "imported", false, "with --db, add the imported votes, as the leaderboard's \"include imported\" view")
	fs.StringVar(&f.arena, "arena", "", "with --db, the arena whose board to compute: text (the default), vision (prompts with images), text_to_image or image_edit (answers that are images)")
	fs.StringVar(&f.inputFormat, "input-format", "auto", "battle file format: auto, jsonl, json or csv")
	fs.Float64Var(&f.alpha, "alpha", ranking.DefaultAlpha, "significance level of the intervals and of the rank (UB): 0.05 gives 95% intervals")
	fs.StringVar(&f.bothBad, "both-bad", ranking.BothBadTie, "a both-bad vote is a tie (half a win each, as LMArena) or excluded: tie or exclude")
	fs.BoolVar(&f.reweight, "reweight", false, "weigh each battle by 1/max(battles of its pair, --reweight-min-pair), as LMArena since July 2025 (Bradley-Terry)")
	fs.Int64Var(&f.reweightMin, "reweight-min-pair", ranking.DefaultReweightMinPair, "with --reweight, the pair count below which a pair's battles weigh no more (arena-rank's min_pair_count)")
	fs.StringVar(&f.styleRidge, "style-ridge", ranking.StyleRidgeFastChat, "style control's prior: fastchat (0.5 on all parameters), arena-rank (1 on the mean likelihood) or none")
	fs.BoolVar(&f.dedup, "dedup", false, "sample down battles of the most frequent prompts, by LMArena's dedup_tag rule (needs conversation_a or a prompt column)")
	fs.Float64Var(&f.dedupPercentile, "dedup-percentile", ranking.DefaultDedupPercentile, "with --dedup, prompts seen more often than this quantile of prompt counts keep only that many battles")
	fs.StringVar(&f.features, "features", "", "contextual Bradley-Terry: add FILE's numeric columns (CSV or JSON Lines, keyed by battle id) to the fit like style features")
	fs.StringVar(&f.deprecated, "deprecated", "", "models fitted but not shown: NAME,NAME... or @FILE with one name a line")
	if err := fs.Parse(args); err != nil {
		return err
	}
	fs.Visit(func(fl *flag.Flag) {
		if fl.Name == "ci" {
			f.ciSet = true
		}
	})
	files := fs.Args()
	if len(files) == 0 && f.db == "" {
		fs.Usage()
		return fmt.Errorf("rank: no battle files given (use - for stdin, or --db FILE)")
	}
	if len(files) > 0 && f.db != "" {
		return fmt.Errorf("rank: give battle files or --db, not both")
	}
	kind, err := arena.ParseArena(f.arena)
	if err != nil {
		return fmt.Errorf("rank: --arena: %s", arena.ErrorMessage(err))
	}
	if f.db == "" && f.arena != "" {
		return fmt.Errorf("rank: --arena needs --db: battle files are one arena's already")
	}
	if kind != arena.ArenaText && f.imported {
		return fmt.Errorf("rank: --imported adds other arenas' text battles; the %s board has none", kind)
	}
	if f.db != "" && (f.features != "" || f.dedup) {
		return fmt.Errorf("rank: --features and --dedup need battle files (ids and prompts); export the battles and rank the file")
	}
	opt, err := f.options()
	if err != nil {
		return fmt.Errorf("rank: %w", err)
	}
	switch f.format {
	case "table", "json", "csv":
	default:
		return fmt.Errorf("rank: unknown --format %q (want table, json or csv)", f.format)
	}
	inFormat, err := dataset.ParseFormat(f.inputFormat)
	if err != nil {
		return fmt.Errorf("rank: %w", err)
	}
	ropt := dataset.ReadOptions{Format: inFormat, SkipBad: f.skipBad, Style: f.style, Prompts: f.dedup, IDs: f.features != ""}
	if f.category != "" {
		ropt.Tags = true
		ropt.Filter = ranking.TagFilter(f.category)
	}

	bar := newProgressBar(env, "auto", "")
	defer bar.clear()
	opt.Progress = func(stage string, done, total int) { bar.set(stage, int64(done), int64(total)) }

	needRows := opt.Method == ranking.MethodElo || opt.StyleControl || opt.Dedup > 0 || opt.Features != nil
	var agg *ranking.Aggregate
	var log *ranking.BattleLog
	var st dataset.Stats
	if needRows {
		log = ranking.NewBattleLog()
	} else {
		agg = ranking.NewAggregate()
	}
	if f.db != "" {
		if dbBattleSource == nil {
			return errors.New("rank: --db is not available in this build (no database battle source is wired in); export the battles to a file and rank that")
		}
		src, err := dbBattleSource(ctx, f.db, f.imported, kind)
		if err != nil {
			return fmt.Errorf("rank: %w", err)
		}
		keep := ropt.Filter
		err = src(func(b ranking.Battle) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			if keep != nil && !keep(&b) {
				return nil
			}
			st.Battles++
			if log != nil {
				log.Add(b)
			} else {
				agg.AddBattle(b)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("rank: %w", err)
		}
	} else {
		var total int64
		for _, p := range files {
			if p == "-" {
				total = -1
				break
			}
			if fi, err := os.Stat(p); err == nil {
				total += fi.Size()
			}
		}
		var before int64
		for _, p := range files {
			o := ropt
			base := before
			o.Progress = func(n int64) { bar.set("reading", base+n, total) }
			var s dataset.Stats
			var err error
			if log != nil {
				s, err = dataset.ReadFile(ctx, p, env.Stdin, o, func(b ranking.Battle) error { log.Add(b); return nil })
			} else {
				var a *ranking.Aggregate
				a, s, err = dataset.ReadAggregate(ctx, p, env.Stdin, o)
				if err == nil {
					agg.Merge(a)
				}
			}
			st.Records += s.Records
			st.Battles += s.Battles
			st.Skipped += s.Skipped
			st.Errors = append(st.Errors, s.Errors...)
			if err != nil {
				return err
			}
			if fi, err := os.Stat(p); err == nil && p != "-" {
				before += fi.Size()
			}
		}
	}
	if st.Skipped > 0 {
		fmt.Fprintf(env.Stderr, "arena rank: skipped %d malformed record(s)", st.Skipped)
		if len(st.Errors) > 0 {
			fmt.Fprintf(env.Stderr, "; first: %v", st.Errors[0])
		}
		fmt.Fprintln(env.Stderr)
	}
	if st.Battles == 0 {
		if f.category != "" {
			return fmt.Errorf("rank: no battles tagged %q", f.category)
		}
		return errors.New("rank: no battles")
	}
	var lb *ranking.Leaderboard
	if log != nil {
		lb, err = ranking.BuildLeaderboardFromLog(log, opt)
	} else {
		lb, err = ranking.BuildLeaderboard(agg, opt)
	}
	bar.clear()
	if err != nil {
		return fmt.Errorf("rank: %w", err)
	}
	return writeLeaderboard(env.Stdout, lb, f.format)
}

func (f *rankFlags) options() (ranking.Options, error) {
	opt := ranking.Options{
		Method: f.method, Rounds: f.bootstrap, Seed: f.seed, MinBattles: f.minBattles,
		ExcludeTies: f.excludeTies, StyleControl: f.style,
		Alpha: f.alpha, BothBad: f.bothBad, Reweight: f.reweight, ReweightMinPair: f.reweightMin, StyleRidge: f.styleRidge,
	}
	if !(f.alpha > 0 && f.alpha < 1) {
		return opt, fmt.Errorf("--alpha %v: want a significance level between 0 and 1", f.alpha)
	}
	if f.bothBad != ranking.BothBadTie && f.bothBad != ranking.BothBadExclude {
		return opt, fmt.Errorf("unknown --both-bad %q (want tie or exclude)", f.bothBad)
	}
	switch f.styleRidge {
	case ranking.StyleRidgeFastChat, ranking.StyleRidgeArenaRank, ranking.StyleRidgeNone:
	default:
		return opt, fmt.Errorf("unknown --style-ridge %q (want fastchat, arena-rank or none)", f.styleRidge)
	}
	if f.reweight && f.method == ranking.MethodElo {
		return opt, fmt.Errorf("--reweight needs --method bt")
	}
	if f.reweightMin < 1 {
		return opt, fmt.Errorf("--reweight-min-pair must be 1 or more")
	}
	if f.dedup {
		if !(f.dedupPercentile > 0 && f.dedupPercentile < 1) {
			return opt, fmt.Errorf("--dedup-percentile %v: want a quantile between 0 and 1", f.dedupPercentile)
		}
		opt.Dedup = f.dedupPercentile
	}
	if f.features != "" {
		if f.method == ranking.MethodElo {
			return opt, fmt.Errorf("--features needs --method bt")
		}
		t, err := readFeatures(f.features)
		if err != nil {
			return opt, err
		}
		opt.Features = t
	}
	dep, err := parseDeprecated(f.deprecated)
	if err != nil {
		return opt, err
	}
	opt.Deprecated = dep
	if f.method != ranking.MethodBT && f.method != ranking.MethodElo {
		return opt, fmt.Errorf("unknown --method %q (want bt or elo)", f.method)
	}
	if f.bootstrap < 0 {
		return opt, fmt.Errorf("--bootstrap must be 0 or more")
	}
	switch f.ci {
	case ranking.CIBootstrap, ranking.CISandwich, ranking.CINone:
	default:
		return opt, fmt.Errorf("unknown interval kind %q for --ci (want bootstrap, sandwich or none)", f.ci)
	}
	if f.ci == ranking.CISandwich && f.method == ranking.MethodElo {
		return opt, fmt.Errorf("--ci sandwich needs --method bt")
	}
	opt.CI = f.ci
	if f.ci == ranking.CIBootstrap && f.bootstrap == 0 {
		if f.ciSet {
			return opt, fmt.Errorf("--ci bootstrap needs --bootstrap N with N > 0")
		}
		opt.CI = ranking.CINone
	}
	if f.anchor != "" {
		i := strings.LastIndex(f.anchor, "=")
		if i <= 0 {
			return opt, fmt.Errorf("--anchor %q: want MODEL=SCORE", f.anchor)
		}
		score, err := strconv.ParseFloat(f.anchor[i+1:], 64)
		if err != nil {
			return opt, fmt.Errorf("--anchor %q: %q is not a number", f.anchor, f.anchor[i+1:])
		}
		opt.Anchor, opt.AnchorRating = f.anchor[:i], score
	}
	return opt, nil
}

func writeLeaderboard(w io.Writer, lb *ranking.Leaderboard, format string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(lb)
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write([]string{"rank", "model", "rating", "ci_lower", "ci_upper", "battles", "wins", "losses", "ties", "note"})
		for _, e := range lb.Models {
			cw.Write([]string{
				// Model names come from the battle files: text cells are defused.
				strconv.Itoa(e.Rank), arena.DefuseCSV(e.Model), fmtFloat(e.Rating), fmtPtr(e.CILower), fmtPtr(e.CIUpper),
				strconv.FormatInt(e.Battles, 10), strconv.FormatInt(e.Wins, 10), strconv.FormatInt(e.Losses, 10),
				strconv.FormatInt(e.Ties, 10), arena.DefuseCSV(e.Note),
			})
		}
		cw.Flush()
		return cw.Error()
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	alpha := lb.Alpha
	if alpha == 0 {
		alpha = ranking.DefaultAlpha
	}
	level := strconv.FormatFloat(100*(1-alpha), 'f', -1, 64) + "%"
	ciHead := level + " CI"
	if lb.CI == ranking.CINone {
		ciHead = ""
	}
	fmt.Fprintf(tw, "rank\tmodel\t rating\t%s\tbattles\t   wins\t losses\t   ties\n", ciHead)
	notes := false
	for _, e := range lb.Models {
		ci := ""
		if e.CILower != nil && e.CIUpper != nil {
			ci = fmt.Sprintf("%+.1f/%+.1f", *e.CIUpper-e.Rating, *e.CILower-e.Rating)
		}
		mark := ""
		if e.Note != "" {
			mark, notes = "*", true
		}
		fmt.Fprintf(tw, "%4d\t%s%s\t%7.1f\t%s\t%7d\t%7d\t%7d\t%7d\n", e.Rank, tableName(e.Model), mark, e.Rating, ci, e.Battles, e.Wins, e.Losses, e.Ties)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%s, %d battles", methodName(lb.Method), lb.Battles)
	switch lb.CI {
	case ranking.CIBootstrap:
		fmt.Fprintf(w, ", %s bootstrap intervals over %d rounds", level, lb.Rounds)
	case ranking.CISandwich:
		fmt.Fprintf(w, ", %s sandwich (robust) intervals", level)
	}
	fmt.Fprintln(w, ".")
	for _, n := range lb.Notes {
		fmt.Fprintf(w, "Note: %s.\n", n)
	}
	if len(lb.Style) > 0 {
		if lb.Method == ranking.MethodStyle {
			fmt.Fprintln(w, "\nStyle coefficients (log-odds per standard deviation of (a-b)/(a+b+1)):")
		} else {
			fmt.Fprintln(w, "\nFeature coefficients (log-odds per standard deviation):")
		}
		for _, c := range lb.Style {
			ci := ""
			if c.CILower != nil {
				ci = fmt.Sprintf("  [%.4f, %.4f]", *c.CILower, *c.CIUpper)
			}
			fmt.Fprintf(w, "  %-8s %+.4f%s\n", c.Feature, c.Coef, ci)
		}
	}
	if notes {
		fmt.Fprintln(w, "\n* rating not identifiable from these battles:")
		for _, e := range lb.Models {
			if e.Note != "" {
				fmt.Fprintf(w, "  %s: %s\n", tableName(e.Model), e.Note)
			}
		}
	}
	return nil
}

// maxTableName is the widest model name the table prints, in characters. The table pads
// every row to its longest name, so one name of megabytes from a battle file made every
// row megabytes long.
const maxTableName = 60

// tableName is a model name as the table prints it (see tableCell).
func tableName(name string) string { return tableCell(name, maxTableName) }

// tableCell is text as a tabwriter table prints it: cut to n characters, and with
// control characters (a tab would start a new column, a newline a new row) shown as
// U+FFFD.
func tableCell(s string, n int) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return utf8.RuneError
		}
		return r
	}, arena.Truncate(s, n))
}

func methodName(m string) string {
	switch m {
	case ranking.MethodElo:
		return "Online Elo"
	case ranking.MethodStyle:
		return "Bradley-Terry with style control"
	case ranking.MethodContextual:
		return "Contextual Bradley-Terry"
	}
	return "Bradley-Terry"
}

func fmtFloat(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func fmtPtr(p *float64) string {
	if p == nil {
		return ""
	}
	return fmtFloat(*p)
}

// parseDeprecated reads --deprecated: names separated by commas, or @FILE with one name
// a line (blank lines and lines starting with # are skipped).
func parseDeprecated(v string) ([]string, error) {
	text := v
	sep := ","
	if file, ok := strings.CutPrefix(v, "@"); ok {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("--deprecated: %w", err)
		}
		text, sep = string(b), "\n"
	}
	var out []string
	for _, name := range strings.Split(text, sep) {
		name = strings.TrimSpace(name)
		if name != "" && !strings.HasPrefix(name, "#") {
			out = append(out, name)
		}
	}
	return out, nil
}
