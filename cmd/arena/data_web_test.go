package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/dataset"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/web"
)

// TestDataPageAndExportAPI exports voted battles over HTTP, lists a release on /data
// and downloads one of its files.
func TestDataPageAndExportAPI(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	releases := filepath.Join(dir, "releases")
	quiet := arenatest.Quiet()
	a, err := app.New(ctx, app.Config{DB: filepath.Join(dir, "arena.db"), Log: quiet, Web: web.Config{Logger: quiet},
		SeedDemoModels: true, Providers: llm.Options{DemoDelay: llm.Instant}, VotePoints: 10, Releases: releases})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	admin, err := a.Accounts.AddUser(ctx, "admin", "password1", arena.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	user, _ := a.Accounts.AddUser(ctx, "user", "password1", arena.RoleUser)
	// The admin publishes two of the four battles: the others stay internal.
	for i := 0; i < 4; i++ {
		publish := i >= 2
		b, err := a.Battles.Start(ctx, admin, fmt.Sprintf("Write code to sort %d numbers, mail me at x%d@example.com", i, i))
		if err != nil {
			t.Fatal(err)
		}
		a.Battles.Wait(ctx, admin, b.ID)
		if _, err := a.Battles.Vote(ctx, admin, b.ID, arena.VoteInput{Winner: arena.WinnerA, Publish: &publish}); err != nil {
			t.Fatal(err)
		}
	}
	if rel, err := dataset.WriteRelease(ctx, a.Store, releases, "2026-11", arena.ExportFilter{}, dataset.ReleaseOptions{}); err != nil || rel.Battles != 2 {
		t.Fatalf("public release: %+v, %v; want the 2 consented battles", rel, err)
	}
	srv := httptest.NewServer(a.Server.Handler())
	defer srv.Close()
	_, adminTok, _ := a.Tokens.Create(ctx, admin, "t")
	_, userTok, _ := a.Tokens.Create(ctx, user, "t")
	get := func(path, token string) (*http.Response, string) {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res, string(body)
	}

	res, body := get("/api/export?format=jsonl&all=1", adminTok)
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), ".jsonl") {
		t.Fatalf("export: %d %s", res.StatusCode, body)
	}
	rows := 0
	sc := bufio.NewScanner(strings.NewReader(body))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r map[string]any
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("row %d is not JSON: %v", rows, err)
		}
		if r["winner"] != "model_a" || r["conversation_a"] == nil {
			t.Fatalf("row %d: %v", rows, r)
		}
		rows++
	}
	if rows != 4 || strings.Contains(body, "@example.com") || !strings.Contains(body, "<EMAIL>") {
		t.Fatalf("%d rows, redacted=%v", rows, !strings.Contains(body, "@example.com"))
	}
	// Without all=1, everyone gets only what may be published: the battles voted after
	// the consent; and only an admin may ask for more.
	for _, tok := range []string{adminTok, userTok} {
		if _, body := get("/api/export?format=jsonl", tok); strings.Count(body, "\n") != 2 {
			t.Fatalf("a default export holds %d rows, want the 2 consented: %q", strings.Count(body, "\n"), body[:min(200, len(body))])
		}
	}
	if res, body := get("/api/export?format=jsonl&all=1", userTok); res.StatusCode != 403 || !strings.Contains(body, "Only administrators") {
		t.Fatalf("a user asking for every battle: %d %s", res.StatusCode, body)
	}
	for _, tc := range []struct{ path, token, want string }{
		{"/api/export?format=xml", adminTok, "Unknown export format"},
		{"/api/export?format=csv&since=yesterday", adminTok, "since:"},
		{"/api/export?format=csv&category=poetry", adminTok, "Unknown category"},
		{"/api/export?format=csv", "", "log in"},
	} {
		res, body := get(tc.path, tc.token)
		if res.StatusCode < 400 || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s", tc.path, res.StatusCode, body)
		}
	}
	res, body = get("/data", "")
	if res.StatusCode != 200 || !strings.Contains(body, "2026-11") || !strings.Contains(body, "battles.parquet") {
		t.Fatalf("/data: %d", res.StatusCode)
	}
	res, body = get("/data/releases/2026-11/MANIFEST.json", "")
	if res.StatusCode != 200 || !strings.Contains(body, "sha256") {
		t.Fatalf("manifest download: %d %s", res.StatusCode, body)
	}
	if res, _ := get("/data/releases/2026-11/..%2F..%2Farena.db", ""); res.StatusCode != 404 {
		t.Fatalf("a path outside the release was served: %d", res.StatusCode)
	}
}
