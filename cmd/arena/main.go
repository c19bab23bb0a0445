// Command arena runs the arena: serve the site, manage models and users, rank battles,
// export data and settle rewards. Each subcommand lives in its own file and registers
// itself in commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=..." (make build stamps
// `git describe`); otherwise it comes from the build information go install and go build
// record (see init).
var version = "dev"

func init() {
	info, ok := debug.ReadBuildInfo()
	version = resolveVersion(version, info, ok)
}

// resolveVersion is the stamped version, else the module's version (go install
// module@v1.2.3), else the commit it was built from, marked -dirty if the tree had
// changes, else "dev".
func resolveVersion(stamped string, info *debug.BuildInfo, ok bool) string {
	if stamped != "" && stamped != "dev" {
		return stamped
	}
	if !ok || info == nil {
		return "dev"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "-dirty"
			}
		}
	}
	if rev == "" {
		return "dev"
	}
	return rev[:min(len(rev), 12)] + dirty
}

// command is one subcommand of the binary.
type command struct {
	name  string
	usage string // one line shown by `arena help`
	run   func(ctx context.Context, env *Env, args []string) error
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

// Env is what a command gets from the process: its streams and environment, so tests can
// run commands in-process.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

// errUsage marks an error already explained by printing usage.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	if err := Run(ctx, env, os.Args[1:]); err != nil {
		if !errors.Is(err, errUsage) && !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "arena:", err)
		}
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		os.Exit(1)
	}
}

// Run dispatches args to a subcommand.
func Run(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				return c.run(ctx, env, []string{"-h"})
			}
		}
		printHelp(env.Stdout)
		return nil
	}
	c, ok := commands[args[0]]
	if !ok {
		printHelp(env.Stderr)
		return fmt.Errorf("unknown command %q", args[0])
	}
	return c.run(ctx, env, args[1:])
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "Arena: a crowdsourced model-evaluation arena.")
	fmt.Fprintln(w, "\nUsage: arena <command> [flags]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].usage)
	}
	fmt.Fprintln(w, "\nRun 'arena <command> -h' for a command's flags.")
}

func init() {
	register(command{name: "version", usage: "print the version", run: func(_ context.Context, env *Env, _ []string) error {
		fmt.Fprintln(env.Stdout, "arena", version)
		return nil
	}})
}
