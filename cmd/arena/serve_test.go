package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/llm"
)

// buildBinary builds cmd/arena once per test run.
func buildBinary(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "arena")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func freeAddr(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServer runs `arena serve` and waits until /healthz answers.
func startServer(t testing.TB, bin, db, addr string, extra ...string) *exec.Cmd {
	t.Helper()
	// Vote quality is off: a script voting instantly is exactly what it would exclude,
	// and these tests are about durability and consistency.
	cmd := exec.Command(bin, append([]string{"serve", "--addr", addr, "--db", db, "--log-level", "warn", "--no-vote-quality"}, extra...)...)
	cmd.Env = append(os.Environ(), "ARENA_DEMO_DELAY=-1ns")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get("http://" + addr + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return cmd
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server did not start: %s", stderr.String())
	return nil
}

func call(t *testing.T, method, url, token string, body any) map[string]any {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, r)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode >= 300 {
		t.Fatalf("%s %s: %d %v %v", method, url, res.StatusCode, out, err)
	}
	return out
}

// TestAcknowledgedWritesSurviveKill signs a user up, votes, kills the server with SIGKILL
// right after the acknowledgement, and finds everything after a restart.
func TestAcknowledgedWritesSurviveKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "arena.db")
	pw := filepath.Join(dir, "pw")
	os.WriteFile(pw, []byte("password123\n"), 0o600)
	if out, err := exec.Command(bin, "users", "add", "--db", db, "--password-file", pw, "--admin", "root").CombinedOutput(); err != nil {
		t.Fatalf("users add: %v %s", err, out)
	}
	out, err := exec.Command(bin, "users", "token", "--db", db, "root").Output()
	if err != nil {
		t.Fatal(err)
	}
	token := strings.TrimSpace(string(out))
	addr := freeAddr(t)
	cmd := startServer(t, bin, db, addr)
	base := "http://" + addr
	var ids []string
	for i := 0; i < 5; i++ {
		b := call(t, "POST", base+"/api/battles", token, map[string]string{"prompt": fmt.Sprintf("question %d", i)})
		id := b["id"].(string)
		call(t, "GET", base+"/api/battles/"+id+"?wait=10s", token, nil)
		call(t, "POST", base+"/api/battles/"+id+"/vote", token, map[string]any{"winner": "model_a"})
		ids = append(ids, id)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	startServer(t, bin, db, addr)
	for _, id := range ids {
		if b := call(t, "GET", base+"/api/battles/"+id, token, nil); b["status"] != "voted" {
			t.Fatalf("battle %s after kill -9: %v", id, b)
		}
	}
	if lb := call(t, "GET", base+"/api/leaderboard", token, nil); lb["battles"].(float64) != 5 {
		t.Fatalf("leaderboard after kill -9: %v", lb)
	}
}

func TestCommandErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "arena.db")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"nonsense"}, `unknown command "nonsense"`},
		{[]string{"serve", "--log-level", "loud"}, "use debug, info, warn or error"},
		{[]string{"models", "add", "--db", db, "--temperature", "3", "--base-url", "http://x/v1", "m"}, "temperature must be between 0 and 2"},
		{[]string{"models", "set", "--db", db, "nobody"}, `No model is named "nobody"`},
		{[]string{"users", "add", "--db", db, "--password-file", "/nonexistent", "x"}, "cannot read password file"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		env := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
		err := Run(t.Context(), env, tt.args)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("arena %v: err = %v, want %q", tt.args, err, tt.want)
		}
	}
}

func TestUsersAndModelsCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "arena.db")
	run := func(stdin string, args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		env := &Env{Stdin: strings.NewReader(stdin), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
		if err := Run(t.Context(), env, args); err != nil {
			t.Fatalf("arena %v: %v (%s)", args, err, stderr.String())
		}
		return stdout.String()
	}
	if out := run("secret-password\n", "users", "add", "--db", db, "--admin", "ops"); !strings.Contains(out, `added admin "ops"`) {
		t.Fatalf("users add: %q", out)
	}
	if out := run("", "users", "token", "--db", db, "ops"); !strings.HasPrefix(out, "arena_") {
		t.Fatalf("users token: %q", out)
	}
	run("", "models", "add", "--db", db, "--org", "Meta", "--base-url", "http://127.0.0.1:11434/v1", "--model-id", "llama3", "llama3-local")
	run("", "models", "set", "--db", db, "--max-tokens", "256", "llama3-local")
	run("", "models", "disable", "--db", db, "llama3-local")
	out := run("", "models", "list", "--db", db)
	if !strings.Contains(out, "llama3-local") || !strings.Contains(out, "Meta") || !strings.Contains(out, "paused (by an admin)") {
		t.Fatalf("models list: %q", out)
	}
}

func TestRankFromDatabase(t *testing.T) {
	ctx := t.Context()
	db := filepath.Join(t.TempDir(), "arena.db")
	a, err := app.New(ctx, app.Config{DB: db, Log: arenatest.Quiet(), SeedDemoModels: true,
		Providers: llm.Options{DemoDelay: llm.Instant}, VotePoints: 10})
	if err != nil {
		t.Fatal(err)
	}
	u, err := a.Accounts.AddUser(ctx, "voter", "password1", arena.RoleUser)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 6; i++ {
		b, err := a.Battles.Start(ctx, u, fmt.Sprintf("prompt %d", i))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Battles.Wait(ctx, u, b.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Battles.Vote(ctx, u, b.ID, arena.VoteInput{Winner: arena.WinnerA}); err != nil {
			t.Fatal(err)
		}
	}
	a.Close()
	var stdout, stderr bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	if err := Run(ctx, env, []string{"rank", "--db", db, "--format", "json", "--ci", "none"}); err != nil {
		t.Fatalf("rank --db: %v %s", err, stderr.String())
	}
	var out struct {
		Battles int `json:"battles"`
		Models  []struct {
			Model string `json:"model"`
		} `json:"models"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil || out.Battles != 6 || len(out.Models) < 2 {
		t.Fatalf("rank --db output: %v %s", err, stdout.String())
	}
}
