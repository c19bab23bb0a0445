package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/postgres"
	"github.com/arena-dev/arena/arena/sqlstore"
)

func init() {
	register(command{name: "models", usage: "manage models (models add|list|set|disable|enable)", run: runModels})
}

const modelsUsage = `Usage:
  arena models list [--db FILE]
  arena models add [--db FILE] [model flags] NAME
  arena models set [--db FILE] [model flags] NAME
  arena models disable [--db FILE] NAME
  arena models enable [--db FILE] NAME

Model flags (add and set):`

func runModels(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(env.Stderr, modelsUsage)
		modelFlags(newFlagSet(env, "models", ""), &arena.Model{}).PrintDefaults()
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	sub := args[0]
	fs := newFlagSet(env, "models "+sub, "models "+sub+" [flags] NAME")
	db := fs.String("db", envString(env, "ARENA_DB", "./arena.db"), dbUsage)
	var m arena.Model
	if sub == "add" || sub == "set" {
		modelFlags(fs, &m)
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	if sub == "list" {
		return listModels(ctx, env, store)
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("models %s takes exactly one NAME", sub)
	}
	name := fs.Arg(0)
	if err := changeModels(ctx, env, store, fs, sub, name, &m); err != nil {
		return err
	}
	tellServers(ctx, env, *db, arena.EventModels, "the running servers will see the change at their next refresh")
	return nil
}

// tellServers tells the servers running on a PostgreSQL database of a change a command
// made: models (so that they draw them and trust their hosts at once) or votes moved
// (so that their leaderboards are refitted). A server on SQLite (one server, which no
// command can reach) sees models change at its next sampler refresh
// (--sampler-refresh), or at once for a host it is asked to call, and votes at the next
// vote; so does a server the notification missed, which is why failing to send it is
// only a warning, saying what the servers will do instead (late).
func tellServers(ctx context.Context, env *Env, db string, kind arena.EventKind, late string) {
	if !postgres.IsURL(db) {
		return
	}
	if err := postgres.Notify(ctx, db, arena.Event{Kind: kind}); err != nil {
		fmt.Fprintf(env.Stderr, "arena: warning: %s: %v\n", late, err)
	}
}

// changeModels is models add, set, enable and disable.
func changeModels(ctx context.Context, env *Env, store *sqlstore.DB, fs *flag.FlagSet, sub, name string, m *arena.Model) error {
	switch sub {
	case "add":
		m.Name = name
		m.Active = true
		if m.Provider == "" {
			m.Provider = arena.ProviderOpenAI
		}
		if m.Provider == arena.ProviderOpenAI && m.ModelID == "" {
			m.ModelID = name
		}
		if err := arena.ValidateModel(m); err != nil {
			return fmt.Errorf("%s", arena.ErrorMessage(err))
		}
		if err := store.CreateModel(ctx, m); err != nil {
			return fmt.Errorf("%s", arena.ErrorMessage(err))
		}
		fmt.Fprintf(env.Stdout, "added model %q (id %d)\n", m.Name, m.ID)
		return nil
	case "disable", "enable":
		return setModelActive(ctx, env, store, name, sub == "enable")
	case "set":
		cur, err := store.ModelByName(ctx, name)
		if err != nil {
			return fmt.Errorf("%s", arena.ErrorMessage(err))
		}
		before := *cur
		// Only the flags given on the command line change.
		fs.Visit(func(f *flag.Flag) { applyModelFlag(cur, m, f.Name) })
		if err := arena.ValidateSettings(cur); err != nil {
			return fmt.Errorf("%s", arena.ErrorMessage(err))
		}
		if err := labAnswersStay(ctx, store, &before, cur); err != nil {
			return err
		}
		if err := store.UpdateModel(ctx, cur); err != nil {
			return fmt.Errorf("%s", arena.ErrorMessage(err))
		}
		fmt.Fprintf(env.Stdout, "updated model %q\n", cur.Name)
		return nil
	}
	return fmt.Errorf("unknown models command %q: use add, list, set, disable or enable", sub)
}

// labAnswersStay refuses a change of a lab model's answers (see arena.OutputChanges):
// its ratings are of the answers it gave, so such a change is a new variant, which its
// lab or an administrator makes (it needs the lab's key, sealed under the server's
// secret key, and an endpoint check). The operator's own models change in place.
func labAnswersStay(ctx context.Context, store *sqlstore.DB, before, after *arena.Model) error {
	changes := arena.OutputChanges(*before, *after)
	if len(changes) == 0 {
		return nil
	}
	lm, err := store.LabModel(ctx, before.ID)
	if err != nil {
		return fmt.Errorf("%s", arena.ErrorMessage(err))
	}
	if lm.LabID == 0 {
		return nil
	}
	names := make([]string, len(changes))
	for i, c := range changes {
		names[i] = c.Setting
	}
	return fmt.Errorf("model %q is a lab's, and changing %s would change its answers: that makes a new variant with ratings of its own, which its lab or an administrator makes on /labs/models/%d (or with PATCH /api/labs/models/%d); nothing was changed",
		before.Name, strings.Join(names, ", "), before.ID, before.ID)
}

// setModelActive is models enable and disable. They go through the lifecycle, not the
// active flag: enabling a lab's model that was never approved would put an endpoint
// nobody reviewed into battles, and a retired model stays retired. Disabling is the
// operator's pause, which a lab cannot lift.
func setModelActive(ctx context.Context, env *Env, store *sqlstore.DB, name string, enable bool) error {
	cur, err := store.ModelByName(ctx, name)
	if err != nil {
		return fmt.Errorf("%s", arena.ErrorMessage(err))
	}
	m, err := store.LabModel(ctx, cur.ID)
	if err != nil {
		return fmt.Errorf("%s", arena.ErrorMessage(err))
	}
	now := time.Now()
	switch {
	case m.Status == arena.ModelRetired:
		return fmt.Errorf("model %q is retired, and retired models stay out of battles", name)
	case enable && (m.Status == arena.ModelPending || m.LabID != 0 && m.ApprovedAt.IsZero()):
		return fmt.Errorf("model %q was never approved: an administrator approves it on its page, /labs/models/%d, after its endpoint check passes", name, m.ID)
	case enable && m.Status == arena.ModelActive:
		fmt.Fprintf(env.Stdout, "model %q is already active\n", name)
		return nil
	case enable:
		err = store.SetModelStatus(ctx, m.ID, arena.ModelActive, "", now)
	case m.Status == arena.ModelPending:
		return fmt.Errorf("model %q is pending approval and not in battles: nothing to disable", name)
	default:
		err = store.PauseModel(ctx, m.ID, arena.PausedByAdmin, "Disabled by the operator (arena models disable).", now)
	}
	if err != nil {
		return fmt.Errorf("%s", arena.ErrorMessage(err))
	}
	fmt.Fprintf(env.Stdout, "updated model %q\n", name)
	return nil
}

// modelFlags binds the configurable fields of a model to flags.
func modelFlags(fs *flag.FlagSet, m *arena.Model) *flag.FlagSet {
	fs.StringVar(&m.Organization, "org", "", "organisation that makes the model")
	fs.StringVar(&m.Provider, "provider", "", "openai (any OpenAI-compatible endpoint) or demo")
	fs.StringVar(&m.BaseURL, "base-url", "", "endpoint base URL, e.g. https://api.openai.com/v1 or http://localhost:11434/v1")
	fs.StringVar(&m.ModelID, "model-id", "", "model id sent to the endpoint (default: NAME)")
	fs.StringVar(&m.APIKeyEnv, "api-key-env", "", "name of the environment variable that holds the API key")
	fs.IntVar(&m.MaxTokens, "max-tokens", 1024, "maximum answer tokens (0 for the endpoint's default)")
	fs.StringVar(&m.SystemPrompt, "system-prompt", "", "system prompt sent before the conversation")
	fs.DurationVar(&m.Timeout, "timeout", 60*time.Second, "give up when the stream stalls this long")
	fs.IntVar(&m.MaxConcurrency, "concurrency", 0, "concurrent calls allowed (0 for no limit)")
	fs.BoolVar(&m.Vision, "vision", false, "the model takes images (image_url content parts): it is drawn for vision battles")
	fs.Func("output", "what the model answers with: text (the default), image (draws from a prompt through the Images API: text-to-image battles) or image_edit (draws, and edits an attached image: image-edit battles too)", func(v string) error {
		o, err := arena.ParseOutput(v)
		if err != nil {
			return errors.New(arena.ErrorMessage(err))
		}
		m.Output = o
		return nil
	})
	fs.StringVar(&m.ImageSize, "image-size", "", "an image model's size asked of the Images API, WIDTHxHEIGHT such as 1024x1024 (default: the endpoint's)")
	samplingFlags(fs, m)
	return fs
}

func applyModelFlag(dst, src *arena.Model, name string) {
	switch name {
	case "org":
		dst.Organization = src.Organization
	case "provider":
		dst.Provider = src.Provider
	case "base-url":
		dst.BaseURL = src.BaseURL
	case "model-id":
		dst.ModelID = src.ModelID
	case "api-key-env":
		dst.APIKeyEnv = src.APIKeyEnv
	case "temperature":
		dst.Temperature = src.Temperature
	case "top-p":
		dst.TopP = src.TopP
	case "seed":
		dst.Seed = src.Seed
	case "stop":
		dst.Stop = src.Stop
	case "reasoning-effort":
		dst.ReasoningEffort = src.ReasoningEffort
	case "max-tokens-field":
		dst.MaxTokensField = src.MaxTokensField
	case "extra-body":
		dst.ExtraBody = src.ExtraBody
	case "max-tokens":
		dst.MaxTokens = src.MaxTokens
	case "system-prompt":
		dst.SystemPrompt = src.SystemPrompt
	case "timeout":
		dst.Timeout = src.Timeout
	case "concurrency":
		dst.MaxConcurrency = src.MaxConcurrency
	case "vision":
		dst.Vision = src.Vision
	case "output":
		dst.Output = src.Output
	case "image-size":
		dst.ImageSize = src.ImageSize
	}
}

// listModels prints every model with where it is in its life, whose it is, its variant and the
// last thing that went wrong with it (model health's record, or a failed check).
func listModels(ctx context.Context, env *Env, store *sqlstore.DB) error {
	ms, err := store.LabModels(ctx, 0)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tSTATUS\tLAB\tVARIANT\tORG\tPROVIDER\tENDPOINT\tLAST FAILURE")
	names := make(map[int64]string, len(ms))
	for _, m := range ms {
		names[m.ID] = m.Name
	}
	for _, m := range ms {
		endpoint := m.BaseURL
		if m.Provider == arena.ProviderOpenAI {
			endpoint += " (" + m.ModelID + ")"
		}
		lab := m.LabName
		if m.LabID == 0 {
			lab = "operator"
		}
		failure := "-"
		if f := m.LastProblem(); !f.At.IsZero() {
			failure = f.At.UTC().Format("2006-01-02T15:04Z") + " " + f.Message
		}
		variant := "v" + strconv.Itoa(m.Variant)
		if p, ok := names[m.ParentID]; ok {
			variant += " of " + p
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", tableCell(m.DisplayName(), maxTableName), m.StatusLabel(), tableCell(lab, 40),
			tableCell(variant, maxTableName+8), tableCell(m.Organization, 40), m.Provider, tableCell(strings.TrimSpace(endpoint), 80), tableCell(failure, 100))
	}
	return w.Flush()
}
