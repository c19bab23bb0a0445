package web_test

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena/web"
)

// The client address comes from X-Forwarded-For only when the TCP peer is a trusted
// proxy, and then it is the rightmost address that is not itself a trusted proxy: the
// leftmost entries are whatever the client chose to send.
func TestTrustProxyOnlyFromListedPeers(t *testing.T) {
	for _, tc := range []struct {
		name    string
		trusted []string
		xff     string
		want    string
	}{
		{"peer not listed", []string{"10.0.0.0/8"}, "203.0.113.9", "127.0.0.1"},
		{"peer listed", []string{"127.0.0.1/32"}, "203.0.113.9", "203.0.113.9"},
		{"forged left entry", []string{"127.0.0.1/32"}, "198.51.100.66, 203.0.113.9", "203.0.113.9"},
		{"chain of proxies", []string{"127.0.0.1/32", "10.0.0.0/8"}, "198.51.100.66, 203.0.113.9, 10.1.2.3", "203.0.113.9"},
		{"off", nil, "203.0.113.9", "127.0.0.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			var prefixes []netip.Prefix
			for _, p := range tc.trusted {
				prefixes = append(prefixes, netip.MustParsePrefix(p))
			}
			e.restart(t, func(d *web.Deps, c *web.Config) { d.Quality, c.TrustProxy = e.db, prefixes })
			a := e.apiUser("behind-proxy")
			if code, out := a.do("POST", "/api/battles", map[string]string{"prompt": "where am I"}, "X-Forwarded-For", tc.xff); code != 201 {
				t.Fatalf("battle: %d %v", code, out)
			}
			ss, err := e.db.Sightings(context.Background(), e.clock.Now().Add(-time.Hour))
			if err != nil || len(ss) != 1 || ss[0].IP != tc.want {
				t.Fatalf("sightings %+v %v, want the address %s", ss, err, tc.want)
			}
		})
	}
}
