package main

import (
	"context"
	"flag"
	"fmt"
	"regexp"
	"strings"
	"text/tabwriter"
)

func init() {
	register(command{name: "config", usage: "print the configuration serve would run with, secrets masked", run: runConfig})
}

// envOf finds the ARENA_* variable a serve flag's usage names, as every one must.
var envOf = regexp.MustCompile(`\(env (ARENA_[A-Z0-9_]+)`)

// flagEnv is the environment variable of a flag, "" if its usage names none.
func flagEnv(f *flag.Flag) string {
	if m := envOf.FindStringSubmatch(f.Usage); m != nil {
		return m[1]
	}
	return ""
}

// envSecrets are secrets read from the environment alone, never from a flag.
var envSecrets = []struct{ name, what string }{
	{"ARENA_SECRET_KEY", "the key sealing labs' API keys, when --secret-key-file is not set"},
	{"ARENA_KEY_PASSWORD", "the password of --key-file's keystore"},
}

func runConfig(_ context.Context, env *Env, args []string) error {
	sf, err := newServeFlags(env, "config", "config [serve flags]")
	if err != nil {
		return err
	}
	if err := sf.fs.Parse(args); err != nil {
		return err
	}
	if sf.fs.NArg() > 0 {
		return fmt.Errorf("config takes serve's flags and no arguments, got %q", sf.fs.Args())
	}
	set := map[string]bool{}
	sf.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "FLAG\tVALUE\tFROM")
	sf.fs.VisitAll(func(f *flag.Flag) {
		from := "default"
		if set[f.Name] {
			from = "flag"
		} else if e := flagEnv(f); e != "" && env.Getenv(e) != "" {
			from = "env " + e
		}
		fmt.Fprintf(w, "--%s\t%s\t%s\n", f.Name, shownValue(f.Name, f.Value.String()), from)
	})
	names := []struct{ name, what string }{}
	names = append(names, envSecrets...)
	if v := sf.o.quality.moderationKeyEnv; v != "" {
		names = append(names, struct{ name, what string }{v, "the moderation endpoint's API key"})
	}
	for _, s := range names {
		v := "(not set)"
		if env.Getenv(s.name) != "" {
			v = "***"
		}
		fmt.Fprintf(w, "%s\t%s\tenv, %s\n", s.name, v, s.what)
	}
	return w.Flush()
}

// shownValue masks a flag's value if it is a secret: a salt, password or token outright
// (a -file or -env flag names where a secret is, and is shown), and a URL's credentials.
func shownValue(name, v string) string {
	if v == "" {
		return `""`
	}
	if secretFlag(name) {
		return "***"
	}
	return redactURL(v)
}

// secretFlag reports whether a flag's value is itself a secret: its name has a word
// such as salt or password, and does not end in -file or -env, which name where one is.
func secretFlag(name string) bool {
	words := strings.Split(name, "-")
	if last := words[len(words)-1]; last == "file" || last == "env" {
		return false
	}
	for _, w := range words {
		switch w {
		case "salt", "password", "secret", "token", "key", "apikey":
			return true
		}
	}
	return false
}
