package main

import (
	"bytes"
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"
)

func envMap(m map[string]string) *Env {
	var out bytes.Buffer
	return &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Getenv: func(k string) string { return m[k] }}
}

// TestEveryServeFlagHasAnEnvFallback walks every flag of `arena serve`: its usage must
// name an ARENA_* variable, and setting that variable must change the flag's default.
func TestEveryServeFlagHasAnEnvFallback(t *testing.T) {
	base, err := newServeFlags(envMap(nil), "serve", "serve")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	seen := map[string]string{}
	base.fs.VisitAll(func(f *flag.Flag) {
		n++
		name := flagEnv(f)
		if name == "" {
			t.Errorf("--%s: its usage names no environment variable: %q", f.Name, f.Usage)
			return
		}
		if other, ok := seen[name]; ok {
			t.Errorf("--%s and --%s both read %s", f.Name, other, name)
		}
		seen[name] = f.Name
		// A value unlike the default, of the flag's type.
		var v string
		switch d := f.Value.(flag.Getter).Get().(type) {
		case bool:
			v = map[bool]string{false: "1", true: "false"}[d]
		case int:
			v = fmt.Sprint(d + 7)
		case uint64:
			v = fmt.Sprint(d + 7)
		case float64:
			v = fmt.Sprint(d + 0.25)
		case time.Duration:
			v = (d + 7*time.Second).String()
		case string:
			v = "from-the-environment"
		default:
			t.Errorf("--%s: a flag of type %T the test does not know", f.Name, d)
			return
		}
		sf, err := newServeFlags(envMap(map[string]string{name: v}), "serve", "serve")
		if err != nil {
			t.Errorf("%s=%s: %v", name, v, err)
			return
		}
		if got := sf.fs.Lookup(f.Name).DefValue; got == f.DefValue {
			t.Errorf("%s=%s leaves --%s at its default %q", name, v, f.Name, got)
		}
	})
	if n < 30 {
		t.Fatalf("only %d serve flags walked", n)
	}
	var help bytes.Buffer
	env := envMap(nil)
	env.Stderr = &help
	if err := Run(t.Context(), env, []string{"serve", "-h"}); err != flag.ErrHelp {
		t.Fatalf("serve -h: %v", err)
	}
	for _, want := range []string{"ARENA_SECRET_KEY_FILE", "ARENA_SECRET_KEY to the key itself", "(env ARENA_SAMPLER_REFRESH)", "(env ARENA_LOG_LEVEL)"} {
		if !strings.Contains(help.String(), want) {
			t.Errorf("serve -h does not mention %s", want)
		}
	}
}

// TestConfigShowsWhereEachValueCameFrom: a flag beats the environment, which beats the
// default, and secrets are masked wherever they come from.
func TestConfigShowsWhereEachValueCameFrom(t *testing.T) {
	var out bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Getenv: func(k string) string {
		return map[string]string{
			"ARENA_ADDR":                 ":9090",
			"ARENA_SNAPSHOT_EVERY":       "2h",
			"ARENA_LOG_LEVEL":            "debug",
			"ARENA_USER_HASH_SALT":       "pepper-from-env",
			"ARENA_SECRET_KEY":           "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
			"ARENA_RPC_URL":              "https://mainnet.example.io/v3/9aa3d95b3bc440fa88ea12eaa4456161",
			"ARENA_MODERATION_URL":       "https://user:modpass@mod.example/v1",
			"MY_MODERATION_KEY":          "sk-moderation",
			"ARENA_KEY_PASSWORD":         "",
			"ARENA_PAUSE_AFTER_FAILURES": "9",
		}[k]
	}}
	if err := Run(t.Context(), env, []string{"config", "--db", "postgres://arena:dbpass@db:5432/arena", "--log-level", "warn", "--moderation-key-env", "MY_MODERATION_KEY"}); err != nil {
		t.Fatalf("config: %v %s", err, out.String())
	}
	rows := map[string][]string{}
	for _, line := range strings.Split(out.String(), "\n") {
		if f := strings.Fields(line); len(f) >= 2 {
			rows[f[0]] = f[1:]
		}
	}
	for name, want := range map[string]string{
		"--addr":                 ":9090 env ARENA_ADDR",
		"--snapshot-every":       "2h0m0s env ARENA_SNAPSHOT_EVERY",
		"--pause-after-failures": "9 env ARENA_PAUSE_AFTER_FAILURES",
		"--log-level":            "warn flag",
		"--db":                   "postgres://arena:***@db:5432/arena flag",
		"--sampler":              "uniform default",
		"--user-hash-salt":       "*** env ARENA_USER_HASH_SALT",
		"--rpc":                  "https://mainnet.example.io/v3/*** env ARENA_RPC_URL",
		"--moderation-url":       "https://user:***@mod.example/v1 env ARENA_MODERATION_URL",
		"--moderation-key-env":   "MY_MODERATION_KEY flag",
		"ARENA_SECRET_KEY":       "*** env,",
		"ARENA_KEY_PASSWORD":     "(not set) env,",
		"MY_MODERATION_KEY":      "*** env,",
	} {
		got := rows[name]
		if len(got) == 0 || !strings.HasPrefix(strings.Join(got, " "), want) {
			t.Errorf("%s: %q, want %q", name, strings.Join(got, " "), want)
		}
	}
	for _, secret := range []string{"pepper-from-env", "00112233", "9aa3d95b", "modpass", "dbpass", "sk-moderation"} {
		if strings.Contains(out.String(), secret) {
			t.Errorf("config printed the secret %q", secret)
		}
	}
}
