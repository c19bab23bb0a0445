package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/dataset"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/netguard"
)

func init() {
	register(command{name: "snapshot", usage: "leaderboard snapshots: take, list, or verify a battles file's hash", run: runSnapshot})
}

// labOptions are the serve flags of model labs, pair sampling and snapshots.
type labOptions struct {
	allowPrivate  bool
	secretKeyFile string
	sampler       string
	newModelVotes int
	newModelBoost float64
	weights       string
	refresh       time.Duration
	snapshotEvery time.Duration
	pauseAfter    int
}

func addLabFlags(fs *flag.FlagSet, env *Env) (*labOptions, error) {
	o := &labOptions{}
	fs.BoolVar(&o.allowPrivate, "allow-private-endpoints", env.Getenv("ARENA_ALLOW_PRIVATE_ENDPOINTS") == "1",
		"let model endpoints be loopback, private or link-local addresses: for local development only (env ARENA_ALLOW_PRIVATE_ENDPOINTS=1)")
	fs.StringVar(&o.secretKeyFile, "secret-key-file", env.Getenv("ARENA_SECRET_KEY_FILE"),
		"file holding the 32-byte key (hex or base64) that encrypts labs' API keys; or set ARENA_SECRET_KEY to the key itself")
	fs.StringVar(&o.sampler, "sampler", envString(env, "ARENA_SAMPLER", arena.SampleUniform), "pair sampling: uniform or active (env ARENA_SAMPLER)")
	nv, err := envInt(env, "ARENA_NEW_MODEL_VOTES", 300)
	if err != nil {
		return nil, err
	}
	fs.IntVar(&o.newModelVotes, "new-model-votes", nv, "models with fewer votes than this are drawn more often (env ARENA_NEW_MODEL_VOTES)")
	fs.Float64Var(&o.newModelBoost, "new-model-boost", 3, "how much more often new models are drawn (1 for no boost)")
	fs.StringVar(&o.weights, "model-weights", env.Getenv("ARENA_MODEL_WEIGHTS"), "per-model sampling weights, e.g. gpt-4o=2,old-model=0.5 (env ARENA_MODEL_WEIGHTS)")
	fs.DurationVar(&o.refresh, "sampler-refresh", time.Minute, "how often the sampler rereads vote counts")
	fs.DurationVar(&o.snapshotEvery, "snapshot-every", time.Hour, "how often to snapshot the leaderboard (0 for never)")
	fs.IntVar(&o.pauseAfter, "pause-after-failures", 5, "pause a model after this many failed calls in a row")
	return o, nil
}

// secretKey reads the key from the file or ARENA_SECRET_KEY; nil when neither is set.
func (o *labOptions) secretKey(env *Env) (*arena.SecretBox, error) {
	raw := env.Getenv("ARENA_SECRET_KEY")
	if o.secretKeyFile != "" {
		b, err := os.ReadFile(o.secretKeyFile)
		if err != nil {
			return nil, fmt.Errorf("--secret-key-file: %w", err)
		}
		raw = string(b)
	}
	if strings.TrimSpace(raw) == "" {
		return nil, nil
	}
	key, err := arena.ParseSecretKey(raw)
	if err != nil {
		return nil, fmt.Errorf("secret key: %s", arena.ErrorMessage(err))
	}
	return arena.NewSecretBox(key)
}

// hostPort is a URL's host with its default port, as the HTTP transport dials it.
func hostPort(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	if u.Port() != "" {
		return u.Host
	}
	port := "80"
	if u.Scheme == "https" {
		port = "443"
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// setupLabs builds the SSRF guard and the labs service, and returns the provider
// options with the guarded client and the labs service as the key source: it holds the
// labs' keys and hands the operator's models to the key source opts came with.
func (a *app) setupLabs(ctx context.Context, env *Env, o *labOptions, opts llm.Options) (llm.Options, error) {
	box, err := o.secretKey(env)
	if err != nil {
		return opts, err
	}
	guard := &netguard.Guard{AllowPrivate: o.allowPrivate, AllowHosts: map[string]bool{}}
	// The operator's own endpoints (configured with `arena models`) are trusted as
	// written, so a local vLLM keeps working without opening private addresses to labs.
	all, err := a.db.LabModels(ctx, 0)
	if err != nil {
		return opts, err
	}
	for _, m := range all {
		if m.LabID == 0 && m.Provider == arena.ProviderOpenAI {
			if hp := hostPort(m.BaseURL); hp != "" {
				guard.AllowHosts[hp] = true
			}
		}
	}
	client := guard.Client()
	a.labs = &arena.Labs{
		LabStore: a.db, InviteStore: a.db, ModelStore: a.db, ReportStore: a.db, SnapshotStore: a.db, Users: a.db, Clock: arena.SystemClock{}, Log: a.log, Box: box, CheckURL: guard.CheckURL, PauseAfter: o.pauseAfter,
		Operator: opts.Keys,
		Connect: func(m arena.Model, keys arena.KeySource) (arena.Provider, error) {
			return llm.NewOpenAI(m, keys, client)
		},
	}
	if a.labs.Operator == nil {
		a.labs.Operator = arena.EnvKeys(os.Getenv)
	}
	if box == nil {
		a.log.Warn("no secret key: labs cannot store API keys (set --secret-key-file or ARENA_SECRET_KEY)")
	}
	opts.HTTPClient, opts.Keys = client, a.labs
	return opts, nil
}

// startLabs installs the sampler and the failure watcher on the battle service and
// starts the periodic sampler refresh and leaderboard snapshots.
func (a *app) startLabs(ctx context.Context, o *labOptions) error {
	weights, err := arena.ParseModelWeights(o.weights)
	if err != nil {
		return err
	}
	s := &arena.PairSampler{Mode: o.sampler, Weights: weights, NewModelVotes: int64(o.newModelVotes), NewModelBoost: o.newModelBoost}
	if err := s.Validate(); err != nil {
		return err
	}
	if err := s.Refresh(ctx, a.db); err != nil {
		return err
	}
	a.battles.Sampler = s
	a.battles.Providers = a.labs.Watch(a.battles.Providers)
	a.refreshSampler = func() {
		if err := s.Refresh(context.Background(), a.db); err != nil {
			a.log.Warn("sampler refresh failed", "error", err)
		}
	}
	a.labs.OnChange = func() {
		a.refreshSampler()
		a.broadcast(arena.Event{Kind: arena.EventModels})
	}
	a.labs.OnKeyChange = func(id int64) { a.broadcast(arena.Event{Kind: arena.EventModelKey, ID: strconv.FormatInt(id, 10)}) }
	go s.Run(ctx, a.db, max(o.refresh, time.Second), func(err error) { a.log.Warn("sampler refresh failed", "error", err) })
	if o.snapshotEvery > 0 {
		go a.labs.RunSnapshots(ctx, o.snapshotEvery)
	}
	return nil
}

func runSnapshot(ctx context.Context, env *Env, args []string) error {
	usage := "Usage:\n  arena snapshot take [--db FILE]\n  arena snapshot list [--db FILE]\n  arena snapshot verify [--expect SHA256] FILE\n"
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(env.Stderr, usage)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	fs := newFlagSet(env, "snapshot "+args[0], "snapshot "+args[0]+" [flags]")
	dbPath := fs.String("db", envString(env, "ARENA_DB", "./arena.db"), dbUsage)
	expect := fs.String("expect", "", "with verify: the hash the file must give")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	switch args[0] {
	case "take", "list":
		db, err := openStore(ctx, *dbPath)
		if err != nil {
			return err
		}
		defer db.Close()
		if args[0] == "take" {
			s, err := (&arena.Labs{SnapshotStore: db, Clock: arena.SystemClock{}}).TakeSnapshot(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "snapshot %d: %d votes, sha256 %s\n", s.ID, s.Votes, s.Hash)
			return nil
		}
		list, err := db.Snapshots(ctx, 1000)
		if err != nil {
			return err
		}
		for _, s := range list {
			fmt.Fprintf(env.Stdout, "%d\t%s\t%d\t%s\n", s.ID, s.CreatedAt.Format(time.RFC3339), s.Votes, s.Hash)
		}
		return nil
	case "verify":
		if fs.NArg() != 1 {
			return fmt.Errorf("verify takes one battles file (JSON Lines, '-' for stdin)")
		}
		n, sum, err := hashBattleFile(ctx, env, fs.Arg(0))
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%d votes, sha256 %s\n", n, sum)
		if *expect != "" && !strings.EqualFold(*expect, sum) {
			return fmt.Errorf("the hash does not match: expected %s", *expect)
		}
		return nil
	}
	fmt.Fprint(env.Stderr, usage)
	return fmt.Errorf("unknown snapshot command %q", args[0])
}

// hashBattleFile computes a snapshot hash from a JSON Lines battles file whose records
// carry a battle id ("id", "battle_id" or "question_id"), model_a, model_b and winner.
func hashBattleFile(ctx context.Context, env *Env, path string) (int64, string, error) {
	r, _, _, err := dataset.Open(path, env.Stdin)
	if err != nil {
		return 0, "", err
	}
	defer r.Close()
	var votes []arena.SnapshotVote
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		if ctx.Err() != nil {
			return 0, "", ctx.Err()
		}
		b := strings.TrimSpace(sc.Text())
		if b == "" {
			continue
		}
		var rec struct {
			ID         string `json:"id"`
			BattleID   string `json:"battle_id"`
			QuestionID string `json:"question_id"`
			ModelA     string `json:"model_a"`
			ModelB     string `json:"model_b"`
			Winner     string `json:"winner"`
		}
		if err := json.Unmarshal([]byte(b), &rec); err != nil {
			return 0, "", fmt.Errorf("%s:%d: %w", path, line, err)
		}
		id := rec.ID
		if id == "" {
			id = rec.BattleID
		}
		if id == "" {
			id = rec.QuestionID
		}
		w := arena.Winner(rec.Winner)
		if w == "tie (bothbad)" {
			w = arena.WinnerBothBad
		}
		if id == "" || !w.Valid() {
			return 0, "", fmt.Errorf("%s:%d: a record needs a battle id and a winner of model_a, model_b, tie or both_bad", path, line)
		}
		votes = append(votes, arena.SnapshotVote{BattleID: id, ModelA: rec.ModelA, ModelB: rec.ModelB, Winner: w})
	}
	if err := sc.Err(); err != nil && err != io.EOF {
		return 0, "", err
	}
	sort.Slice(votes, func(i, j int) bool { return votes[i].BattleID < votes[j].BattleID })
	h := arena.NewVoteHash()
	for _, v := range votes {
		if err := h.Add(v); err != nil {
			return 0, "", err
		}
	}
	return h.Count(), h.Sum(), nil
}
