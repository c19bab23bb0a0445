package main

import (
	"net/netip"
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
