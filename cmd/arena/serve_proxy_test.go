package main

import (
	"context"
	"io"
	"net/http"
	"net/netip"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/web"
)

// TestServeTrustProxyFlag: --trust-proxy is a list of CIDR ranges; the old "1" still
// means loopback and private ranges; a mistake is named.
func TestServeTrustProxyFlag(t *testing.T) {
	log := arenatest.Quiet()
	got, err := trustedProxies("10.0.0.0/8, 127.0.0.1/32,192.0.2.7", log)
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("192.0.2.7/32")}
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("list: %v %v", got, err)
	}
	if got, err := trustedProxies("1", log); err != nil || !slices.Equal(got, web.PrivateProxyRanges) {
		t.Fatalf("1: %v %v", got, err)
	}
	if got, err := trustedProxies("", log); err != nil || got != nil {
		t.Fatalf("off: %v %v", got, err)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.internal", "--secure-cookies"} {
		if _, err := trustedProxies(bad, log); err == nil || !strings.Contains(err.Error(), "--trust-proxy") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// --metrics-addr serves /metrics on a listener of its own and takes it off the main
// one; --metrics-token guards it there.
func TestServeMetricsListener(t *testing.T) {
	maddr := freeAddr(t)
	s := startArena(t, -1, "--metrics-addr", maddr, "--metrics-token", "scrape-me-0123456789")
	get := func(url, token string) (int, string) {
		req, _ := http.NewRequest("GET", url, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	if code, body := get(s.URL+"/metrics", ""); code != http.StatusNotFound || strings.Contains(body, "arena_http_requests_total") {
		t.Errorf("/metrics on the main listener: %d", code)
	}
	if code, _ := get("http://"+maddr+"/metrics", ""); code != http.StatusUnauthorized {
		t.Errorf("the metrics listener without the token: %d", code)
	}
	if code, body := get("http://"+maddr+"/metrics", "scrape-me-0123456789"); code != 200 || !strings.Contains(body, `route="/healthz"`) {
		t.Errorf("the metrics listener with the token: %d %.300s", code, body)
	}
}

// The metrics flags fall back to ARENA_METRICS_ADDR and ARENA_METRICS_TOKEN.
func TestServeMetricsFlagsFromEnvironment(t *testing.T) {
	vars := map[string]string{"ARENA_METRICS_ADDR": "no-such-host.invalid:99999", "ARENA_METRICS_TOKEN": "short"}
	env := &Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard, Getenv: func(k string) string { return vars[k] }}
	db := filepath.Join(t.TempDir(), "arena.db")
	err := Run(context.Background(), env, []string{"serve", "--addr", "127.0.0.1:0", "--db", db})
	if err == nil || !strings.Contains(err.Error(), "--metrics-token") {
		t.Errorf("a short token from the environment: %v", err)
	}
	vars["ARENA_METRICS_TOKEN"] = ""
	err = Run(context.Background(), env, []string{"serve", "--addr", "127.0.0.1:0", "--db", db})
	if err == nil || !strings.Contains(err.Error(), "--metrics-addr no-such-host.invalid:99999") {
		t.Errorf("a bad address from the environment: %v", err)
	}
}
