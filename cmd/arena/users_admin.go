package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/arena-dev/arena/arena"
)

// The administration commands of `arena users`: each parses its flags, opens the store
// and calls arena.AccountAdmin as the operator, who holds the database.

// usersCommand parses a users subcommand's flags (add, if set, binds its own) and wants
// exactly nargs arguments.
func usersCommand(env *Env, name, synopsis string, nargs int, args []string, add func(fs *flag.FlagSet)) (db string, rest []string, err error) {
	fs := newFlagSet(env, "users "+name, "users "+synopsis)
	dbf := fs.String("db", envString(env, "ARENA_DB", "./arena.db"), dbUsage)
	if add != nil {
		add(fs)
	}
	if err := fs.Parse(args); err != nil {
		return "", nil, err
	}
	if fs.NArg() != nargs {
		fs.Usage()
		if fs.NArg() > nargs && nargs > 0 && fs.Arg(nargs)[0] == '-' {
			return "", nil, fmt.Errorf("users %s: put the flags before NAME (got %q after it)", name, fs.Arg(nargs))
		}
		return "", nil, fmt.Errorf("users %s takes %s", name, synopsisArgs(synopsis))
	}
	return *dbf, fs.Args(), nil
}

// synopsisArgs is the arguments part of a synopsis, for the error that they are wrong.
func synopsisArgs(synopsis string) string {
	for i := len(synopsis) - 1; i >= 0; i-- {
		if synopsis[i] == ']' {
			return synopsis[i+2:]
		}
	}
	return synopsis
}

// openAdmin opens the store and returns the operator's administration of accounts.
func openAdmin(ctx context.Context, db string) (*arena.AccountAdmin, func(), error) {
	store, err := openStore(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	a := (&arena.AccountAdmin{Store: store, Clock: arena.SystemClock{}}).AsOperator()
	return a, func() { store.Close() }, nil
}

func usersList(ctx context.Context, env *Env, args []string) error {
	var f arena.UserFilter
	var role string
	db, _, err := usersCommand(env, "list", "list [--db FILE] [--role ROLE] [--search TEXT] [--guests] [--limit N]", 0, args, func(fs *flag.FlagSet) {
		fs.StringVar(&role, "role", "", "only accounts of this role: user, lab or admin")
		fs.StringVar(&f.Search, "search", "", "only accounts whose name contains TEXT, ignoring case")
		fs.BoolVar(&f.Guests, "guests", false, "list guests too (one per visitor who never signed up)")
		fs.IntVar(&f.Limit, "limit", 0, "list at most N accounts, the oldest first; 0 for all")
	})
	if err != nil {
		return err
	}
	f.Role = arena.Role(role)
	a, done, err := openAdmin(ctx, db)
	if err != nil {
		return err
	}
	defer done()
	us, err := a.List(ctx, f)
	if err != nil {
		return userError(err)
	}
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tNAME\tROLE\tGUEST\tDISABLED\tCREATED\tLAST SEEN\tTOKENS")
	for _, u := range us {
		name := u.Username
		if u.Guest {
			name = "-"
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", u.ID, name, u.Role, yesNo(u.Guest), yesNo(u.Disabled),
			u.CreatedAt.UTC().Format("2006-01-02"), seen(u.LastSeen), u.Tokens)
	}
	return w.Flush()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func seen(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02T15:04Z") // one word, so the columns split on spaces
}

func usersSetRole(ctx context.Context, env *Env, args []string) error {
	db, rest, err := usersCommand(env, "set-role", "set-role [--db FILE] NAME user|lab|admin", 2, args, nil)
	if err != nil {
		return err
	}
	a, done, err := openAdmin(ctx, db)
	if err != nil {
		return err
	}
	defer done()
	before, err := a.Account(ctx, rest[0])
	if err != nil {
		return userError(err)
	}
	u, err := a.SetRole(ctx, rest[0], arena.Role(rest[1]))
	if err != nil {
		return userError(err)
	}
	if before.Role == u.Role {
		fmt.Fprintf(env.Stdout, "%s is already %s\n", u.Username, u.Role)
	} else {
		fmt.Fprintf(env.Stdout, "%s is now %s (was %s)\n", u.Username, u.Role, before.Role)
	}
	return nil
}

func usersSetDisabled(ctx context.Context, env *Env, sub string, args []string) error {
	db, rest, err := usersCommand(env, sub, sub+" [--db FILE] NAME", 1, args, nil)
	if err != nil {
		return err
	}
	a, done, err := openAdmin(ctx, db)
	if err != nil {
		return err
	}
	defer done()
	set := a.Enable
	if sub == "disable" {
		set = a.Disable
	}
	u, changed, err := set(ctx, rest[0])
	if err != nil {
		return userError(err)
	}
	switch {
	case !changed:
		fmt.Fprintf(env.Stdout, "%s is already %sd\n", u.Username, sub)
	case u.Disabled:
		fmt.Fprintf(env.Stdout, "disabled %s: it cannot log in, its sessions are ended and its API tokens refused until `arena users enable %s`\n", u.Username, u.Username)
	default:
		fmt.Fprintf(env.Stdout, "enabled %s: it can log in again, and its API tokens work again\n", u.Username)
	}
	return nil
}

func usersResetPassword(ctx context.Context, env *Env, sub string, args []string) error {
	var pwFile string
	db, rest, err := usersCommand(env, sub, sub+" [--db FILE] [--password-file F] NAME", 1, args, func(fs *flag.FlagSet) {
		fs.StringVar(&pwFile, "password-file", "", "read the new password from the first line of this file instead of stdin or a prompt")
	})
	if err != nil {
		return err
	}
	a, done, err := openAdmin(ctx, db)
	if err != nil {
		return err
	}
	defer done()
	// Before the password is asked for: a typo in the name should not cost typing it.
	if _, err := a.Account(ctx, rest[0]); err != nil {
		return userError(err)
	}
	pw, err := readPassword(env, pwFile)
	if err != nil {
		return err
	}
	u, err := a.ResetPassword(ctx, rest[0], pw)
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(env.Stdout, "set a new password for %s; every session of the account has ended\n", u.Username)
	return nil
}

func usersRevokeTokens(ctx context.Context, env *Env, args []string) error {
	var token string
	db, rest, err := usersCommand(env, "revoke-tokens", "revoke-tokens [--db FILE] [--token ID] NAME", 1, args, func(fs *flag.FlagSet) {
		fs.StringVar(&token, "token", "", "revoke only the API token with this id, as arena users token printed it; all of them when empty")
	})
	if err != nil {
		return err
	}
	var id int64
	if token != "" {
		if id, err = strconv.ParseInt(token, 10, 64); err != nil || id <= 0 {
			return fmt.Errorf("--token %q: give the token's id, a number such as 7 (not its secret)", token)
		}
	}
	a, done, err := openAdmin(ctx, db)
	if err != nil {
		return err
	}
	defer done()
	n, err := a.RevokeTokens(ctx, rest[0], id)
	if err != nil {
		return userError(err)
	}
	switch {
	case id != 0 && n == 0:
		fmt.Fprintf(env.Stdout, "API token %d of %s was already revoked\n", id, rest[0])
	case id != 0:
		fmt.Fprintf(env.Stdout, "revoked API token %d of %s\n", id, rest[0])
	default:
		fmt.Fprintf(env.Stdout, "revoked %d API token(s) of %s\n", n, rest[0])
	}
	return nil
}
