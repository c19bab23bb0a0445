package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena/llm/llmtest"
)

// TestRequestIDReachesProvidersAndLogs serves with JSON logs and two models behind a fake
// OpenAI-compatible endpoint: a battle started with a proxy's X-Request-Id is answered
// with it, logged with it, and calls each model with it and the side (ID-a, ID-b); an id
// unfit to log is replaced by a new one, which goes the same way.
func TestRequestIDReachesProvidersAndLogs(t *testing.T) {
	srv := llmtest.NewServer(t)
	db := filepath.Join(t.TempDir(), "arena.db")
	for _, name := range []string{"alpha", "beta"} {
		if out, err := runArena(t, "models", "add", "--db", db, "--base-url", srv.URL, "--model-id", name, name); err != nil {
			t.Fatalf("models add: %v %s", err, out)
		}
	}
	if out, err := runArena(t, "users", "add", "--db", db, "--password-file", writeFile(t, "password123\n"), "voter"); err != nil {
		t.Fatalf("users add: %v %s", err, out)
	}
	token, err := runArena(t, "users", "token", "--db", db, "voter")
	if err != nil {
		t.Fatal(err)
	}
	// The secret is standard output's one line; stderr's line after it names the token.
	token = strings.TrimSpace(strings.SplitN(token, "\n", 2)[0])
	base, stop := serveInProcess(t, nil, "--db", db, "--log-format", "json", "--log-level", "info")

	battle := func(id string) (answered string) {
		t.Helper()
		req, _ := http.NewRequest("POST", base+"/api/battles", strings.NewReader(`{"prompt": "hello"}`))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Request-Id", id)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var b map[string]any
		json.NewDecoder(res.Body).Decode(&b)
		res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("POST /api/battles: %d %v", res.StatusCode, b)
		}
		if got := callWithin(t, 15*time.Second, base+"/api/battles/"+b["id"].(string)+"?wait=10s", token); got["status"] != "ready" {
			t.Fatalf("battle: %v", got)
		}
		return res.Header.Get("X-Request-Id")
	}
	const proxyID = "lb-7f3a.2_x"
	if got := battle(proxyID); got != proxyID {
		t.Fatalf("answered with X-Request-Id %q, want the proxy's %q", got, proxyID)
	}
	bad := "two words\"" + strings.Repeat("x", 10)
	fresh := battle(bad)
	if fresh == bad || !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(fresh) {
		t.Fatalf("an id unfit to log came back as %q, want a new one", fresh)
	}
	long := battle(strings.Repeat("a", 129))
	if len(long) != 32 {
		t.Fatalf("a 129-character id came back as %q, want a new one", long)
	}
	var sent []string
	for _, r := range srv.Requests() {
		sent = append(sent, r.Header.Get("X-Request-Id"))
	}
	slices.Sort(sent)
	want := []string{proxyID + "-a", proxyID + "-b", fresh + "-a", fresh + "-b", long + "-a", long + "-b"}
	slices.Sort(want)
	if !slices.Equal(sent, want) {
		t.Fatalf("the provider saw request ids %q, want %q", sent, want)
	}

	out, err := stop()
	if err != nil {
		t.Fatalf("serve: %v %s", err, out)
	}
	logged := false
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("a log line is not JSON: %q", line)
		}
		if n := strings.Count(line, `"request_id"`); n > 1 {
			t.Errorf("request_id appears %d times in %s", n, line)
		}
		if rec["msg"] == "request" && rec["path"] == "/api/battles" && rec["request_id"] == proxyID {
			logged = true
		}
		if strings.Contains(line, bad) {
			t.Errorf("the unfit id reached the log: %s", line)
		}
	}
	if !logged {
		t.Errorf("no request line logged with request_id %q:\n%s", proxyID, out)
	}
}

// TestLogFormatFlag: anything but text or json is refused.
func TestLogFormatFlag(t *testing.T) {
	if _, err := runArena(t, "serve", "--log-format", "xml"); err == nil || !strings.Contains(err.Error(), "use text or json") {
		t.Fatalf("--log-format xml: %v", err)
	}
}

// TestResolveVersion: a stamped version wins, then the module's, then the commit.
func TestResolveVersion(t *testing.T) {
	info := func(mod string, settings ...string) *debug.BuildInfo {
		bi := &debug.BuildInfo{Main: debug.Module{Version: mod}}
		for i := 0; i+1 < len(settings); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return bi
	}
	rev := "0123456789abcdef0123456789abcdef01234567"
	for _, tc := range []struct {
		stamped string
		info    *debug.BuildInfo
		want    string
	}{
		{"v1.4.0-3-gabc-dirty", info("v1.0.0"), "v1.4.0-3-gabc-dirty"},
		{"dev", info("v1.2.3"), "v1.2.3"},
		{"dev", info("(devel)", "vcs.revision", rev, "vcs.modified", "false"), "0123456789ab"},
		{"dev", info("(devel)", "vcs.revision", rev, "vcs.modified", "true"), "0123456789ab-dirty"},
		{"dev", info("(devel)"), "dev"},
		{"dev", nil, "dev"},
	} {
		if got := resolveVersion(tc.stamped, tc.info, tc.info != nil); got != tc.want {
			t.Errorf("resolveVersion(%q, %+v) = %q, want %q", tc.stamped, tc.info, got, tc.want)
		}
	}
}

// TestVersionIsStamped builds the binary as make build does and asks it its version.
func TestVersionIsStamped(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "arena")
	if out, err := exec.Command("go", "build", "-ldflags", "-X main.version=v9.8.7-test", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v %s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil || !bytes.Equal(bytes.TrimSpace(out), []byte("arena v9.8.7-test")) {
		t.Fatalf("arena version: %q %v", out, err)
	}
}
