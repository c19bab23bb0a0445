package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/arena-dev/arena/arena"
)

func init() {
	register(command{name: "users", usage: "manage accounts and API tokens (users add|list|set-role|disable|enable|reset-password|token|revoke-tokens)", run: runUsers})
}

const usersUsage = `Usage:
  arena users add [--admin] [--lab] [--db FILE] [--password-file F] NAME
  arena users list [--db FILE] [--role ROLE] [--search TEXT] [--guests] [--limit N]
  arena users set-role [--db FILE] NAME user|lab|admin
  arena users disable [--db FILE] NAME
  arena users enable [--db FILE] NAME
  arena users reset-password [--db FILE] [--password-file F] NAME   (or: users passwd)
  arena users token [--db FILE] [--name LABEL] NAME
  arena users revoke-tokens [--db FILE] [--token ID] NAME

A disabled account cannot log in, its sessions end, and its API tokens are refused
until it is enabled again. A new password ends every session of the account.
` + "`arena users <command> -h`" + ` shows a command's flags.`

func runUsers(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(env.Stderr, usersUsage)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	switch args[0] {
	case "add":
		return usersAdd(ctx, env, args[1:])
	case "token":
		return usersToken(ctx, env, args[1:])
	case "list":
		return usersList(ctx, env, args[1:])
	case "set-role":
		return usersSetRole(ctx, env, args[1:])
	case "disable", "enable":
		return usersSetDisabled(ctx, env, args[0], args[1:])
	case "reset-password", "passwd":
		return usersResetPassword(ctx, env, args[0], args[1:])
	case "revoke-tokens":
		return usersRevokeTokens(ctx, env, args[1:])
	}
	return fmt.Errorf("unknown users command %q: use add, list, set-role, disable, enable, reset-password, token or revoke-tokens", args[0])
}

func usersAdd(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "users add", "users add [--admin] [--lab] [--db FILE] [--password-file F] NAME")
	db := fs.String("db", envString(env, "ARENA_DB", "./arena.db"), dbUsage)
	admin := fs.Bool("admin", false, "make the user an administrator")
	lab := fs.Bool("lab", false, "make the user a lab member")
	pwFile := fs.String("password-file", "", "read the password from the first line of this file instead of a prompt")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("users add takes exactly one NAME")
	}
	role := arena.RoleUser
	if *admin {
		role = arena.RoleAdmin
	} else if *lab {
		role = arena.RoleLab
	}
	pw, err := readPassword(env, *pwFile)
	if err != nil {
		return err
	}
	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	u, err := (&arena.Accounts{Store: store, Clock: arena.SystemClock{}}).AddUser(ctx, fs.Arg(0), pw, role)
	if err != nil {
		return fmt.Errorf("%s", arena.ErrorMessage(err))
	}
	fmt.Fprintf(env.Stdout, "added %s %q (id %d)\n", u.Role, u.Username, u.ID)
	return nil
}

func usersToken(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "users token", "users token [--db FILE] [--name LABEL] NAME")
	db := fs.String("db", envString(env, "ARENA_DB", "./arena.db"), dbUsage)
	label := fs.String("name", "cli", "a label for the token")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("users token takes exactly one NAME")
	}
	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	u, err := (&arena.AccountAdmin{Store: store}).AsOperator().Account(ctx, fs.Arg(0))
	if err != nil {
		return fmt.Errorf("%s", arena.ErrorMessage(err))
	}
	tok, secret, err := (&arena.Tokens{Store: store, Clock: arena.SystemClock{}}).Create(ctx, u, *label)
	if err != nil {
		return fmt.Errorf("%s", arena.ErrorMessage(err))
	}
	// The secret alone goes to stdout, for scripts; the id, which revoking needs, beside it.
	fmt.Fprintf(env.Stderr, "API token %d (%s) of %s; revoke it with: arena users revoke-tokens --token %d %s\n", tok.ID, tok.Name, u.Username, tok.ID, u.Username)
	fmt.Fprintln(env.Stdout, secret)
	return nil
}

// readPassword reads from a file if given, else prompts on the terminal without echo,
// else reads a line from standard input.
func readPassword(env *Env, file string) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("cannot read password file: %w", err)
		}
		line, _, _ := strings.Cut(string(b), "\n")
		return strings.TrimRight(line, "\r"), nil
	}
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(env.Stderr, "Password: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		return string(b), err
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("no password given: use --password-file or type it at the prompt")
	}
	return strings.TrimRight(line, "\r\n"), nil
}
