// Package netguard keeps the arena's outgoing calls to model endpoints away from the
// network the arena runs in (server-side request forgery). A lab registers an endpoint
// URL; without a guard that URL could point at the cloud metadata service, a database on
// the private network, or the arena's own admin port.
//
// The guard refuses, unless told to allow private endpoints:
//   - schemes other than http and https;
//   - loopback, private (RFC 1918, fc00::/7), link-local, unspecified, multicast,
//     broadcast, CGNAT (100.64.0.0/10), "this network", reserved, site-local, discard,
//     documentation (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) and
//     benchmarking (198.18.0.0/15, 2001:2::/48) addresses, and cloud metadata addresses
//     (169.254.169.254, fd00:ec2::254, 100.100.100.200) and names
//     (metadata.google.internal, ...);
//   - IPv6 addresses that carry an IPv4 one: IPv4-mapped (::ffff:a.b.c.d) and
//     well-known NAT64 (64:ff9b::/96) ones are judged by the IPv4 address they carry;
//     IPv4-compatible (::/96), IPv4-translated, local-use NAT64 (64:ff9b:1::/48), 6to4
//     (2002::/16) and Teredo (2001::/32) ones are refused outright;
//
// and it checks the address actually dialled, after DNS resolution, in a net.Dialer
// Control function: a name that resolved to a public address when the URL was checked
// and to 127.0.0.1 when the call is made (DNS rebinding) is still refused. Redirects are
// checked the same way, at CheckRedirect and again when their connection is dialled;
// with SameOrigin (lab endpoints) a redirect may not leave the first request's origin.
// Proxies from the environment are not used: a proxy would dial the destination for us,
// out of the guard's sight.
package netguard

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// ErrBlocked is wrapped by every refusal.
var ErrBlocked = errors.New("address not allowed")

// BlockedError says which address was refused and why.
type BlockedError struct {
	Target string // the host, URL or address refused
	Reason string
}

func (e *BlockedError) Error() string {
	return fmt.Sprintf("netguard: %s is not allowed: %s", e.Target, e.Reason)
}

// Unwrap makes errors.Is(err, ErrBlocked) true.
func (e *BlockedError) Unwrap() error { return ErrBlocked }

// Guard checks outgoing destinations. The zero value refuses every private address and
// uses the default resolver.
type Guard struct {
	// AllowPrivate turns the address checks off (schemes are still checked): for local
	// development and tests, where model servers run on loopback.
	AllowPrivate bool
	// AllowHosts are exact "host:port" strings, as written in a URL, that are dialled
	// without address checks: the operator's own trusted endpoints (a vLLM on localhost,
	// say). A lab endpoint is checked strictly by CheckURL whatever this says.
	AllowHosts map[string]bool
	// Resolver resolves names for CheckURL and for dialling; nil means net.DefaultResolver.
	Resolver *net.Resolver
	// SameOrigin makes CheckRedirect follow a redirect only to the origin (scheme, host
	// and port) of the first request. Lab endpoints are held to it: a redirect is the
	// endpoint choosing where the arena sends the prompt and the lab's API key, and
	// that must stay the endpoint the lab registered.
	SameOrigin bool
}

var metadataNames = map[string]bool{
	"metadata.google.internal":   true,
	"metadata.goog":              true,
	"metadata":                   true,
	"instance-data":              true,
	"instance-data.ec2.internal": true,
	"metadata.azure.internal":    true,
	"localhost":                  true,
}

var metadataAddrs = map[netip.Addr]string{
	netip.MustParseAddr("169.254.169.254"): "cloud metadata service",
	netip.MustParseAddr("169.254.170.2"):   "cloud metadata service (ECS)",
	netip.MustParseAddr("fd00:ec2::254"):   "cloud metadata service (AWS IPv6)",
	netip.MustParseAddr("100.100.100.200"): "cloud metadata service (Alibaba)",
}

// nat64 is the well-known NAT64 prefix (RFC 6052): its last 32 bits are the IPv4
// address the gateway connects to, so that address is what gets checked. An IPv6-only
// host behind DNS64 reaches every public endpoint through it, so it is not refused
// outright.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// blockedPrefixes are the special-purpose ranges Check refuses beyond what the netip
// predicates (loopback, private, link-local, multicast...) already cover.
var blockedPrefixes = []struct {
	p      netip.Prefix
	reason string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "\"this network\" address"},
	{netip.MustParsePrefix("100.64.0.0/10"), "carrier-grade NAT (shared) address"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol assignment"},
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation address"},
	{netip.MustParsePrefix("192.88.99.0/24"), "6to4 relay anycast address"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking address"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation address"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation address"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved address"},
	// IPv6 forms that carry an IPv4 address. IPv4-mapped ones (::ffff:0:0/96) are
	// unmapped and checked as IPv4 before these; the well-known NAT64 prefix has its
	// carried address checked. The rest are refused whatever they carry: nothing
	// legitimate uses them now, and a stack or gateway that still does may deliver
	// them to the carried (possibly internal) IPv4 address.
	{netip.MustParsePrefix("::/96"), "IPv4-compatible address (deprecated)"},
	{netip.MustParsePrefix("::ffff:0:0:0/96"), "IPv4-translated address"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "local-use NAT64 address"},
	{netip.MustParsePrefix("2002::/16"), "6to4 address"},
	{netip.MustParsePrefix("2001::/32"), "Teredo address"},
	{netip.MustParsePrefix("2001:2::/48"), "benchmarking address"},
	{netip.MustParsePrefix("2001:db8::/32"), "documentation address"},
	{netip.MustParsePrefix("100::/64"), "discard address"},
	{netip.MustParsePrefix("fec0::/10"), "site-local address (deprecated)"},
}

// Check says why ip may not be dialled, or returns "" when it may.
func Check(ip netip.Addr) string {
	ip = ip.Unmap()
	if r, ok := metadataAddrs[ip]; ok {
		return r
	}
	switch {
	case !ip.IsValid():
		return "not an IP address"
	case ip.IsUnspecified():
		return "unspecified address"
	case ip.IsLoopback():
		return "loopback address"
	case ip.IsPrivate():
		return "private address"
	case ip.IsLinkLocalUnicast():
		return "link-local address"
	case ip.IsMulticast(), ip.IsLinkLocalMulticast(), ip.IsInterfaceLocalMulticast():
		return "multicast address"
	case ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		return "broadcast address"
	case nat64.Contains(ip):
		b := ip.As16()
		if r := Check(netip.AddrFrom4([4]byte(b[12:]))); r != "" {
			return "NAT64 address of a " + r
		}
		return ""
	}
	for _, b := range blockedPrefixes {
		if b.p.Contains(ip) {
			return b.reason
		}
	}
	return ""
}

func (g *Guard) resolver() *net.Resolver {
	if g.Resolver != nil {
		return g.Resolver
	}
	return net.DefaultResolver
}

// CheckScheme refuses URLs that are not http(s) with a host.
func CheckScheme(u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return &BlockedError{Target: u.Redacted(), Reason: "only http and https URLs are allowed"}
	}
	if u.Hostname() == "" {
		return &BlockedError{Target: u.Redacted(), Reason: "the URL has no host"}
	}
	if u.User != nil {
		return &BlockedError{Target: u.Redacted(), Reason: "credentials in URLs are not allowed; use the API key field"}
	}
	return nil
}

// CheckURL checks a URL strictly, as a lab endpoint is checked when it is registered:
// its scheme, its host name, and every address the name resolves to now. AllowHosts does
// not apply; AllowPrivate skips the address checks.
func (g *Guard) CheckURL(ctx context.Context, raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return &BlockedError{Target: raw, Reason: "not a valid URL"}
	}
	if err := CheckScheme(u); err != nil {
		return err
	}
	if g.AllowPrivate {
		return nil
	}
	return g.checkHost(ctx, u.Hostname())
}

func (g *Guard) checkHost(ctx context.Context, host string) error {
	name := strings.TrimSuffix(strings.ToLower(host), ".")
	if metadataNames[name] || strings.HasSuffix(name, ".localhost") || strings.HasSuffix(name, ".internal") {
		return &BlockedError{Target: host, Reason: "an internal host name"}
	}
	if ip, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		if r := Check(ip); r != "" {
			return &BlockedError{Target: host, Reason: r}
		}
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	addrs, err := g.resolver().LookupNetIP(ctx, "ip", name)
	if err != nil {
		return fmt.Errorf("netguard: cannot resolve %s: %w", host, err)
	}
	for _, a := range addrs {
		if r := Check(a); r != "" {
			return &BlockedError{Target: host + " (" + a.String() + ")", Reason: r}
		}
	}
	return nil
}

// Control is a net.Dialer Control function: it refuses to connect to a blocked address.
// It runs after name resolution, on the very address being dialled.
func (g *Guard) Control(network, address string, _ syscall.RawConn) error {
	if g.AllowPrivate {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &BlockedError{Target: address, Reason: "not an IP address and port"}
	}
	if r := Check(ap.Addr()); r != "" {
		return &BlockedError{Target: address, Reason: r}
	}
	return nil
}

// DialContext dials addr, checking the resolved address with Control unless addr is
// one of AllowHosts.
func (g *Guard) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Resolver: g.Resolver}
	if !g.AllowPrivate && !g.AllowHosts[addr] {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		name := strings.TrimSuffix(strings.ToLower(host), ".")
		if metadataNames[name] || strings.HasSuffix(name, ".internal") {
			return nil, &BlockedError{Target: host, Reason: "an internal host name"}
		}
		d.Control = g.Control
	}
	return d.DialContext(ctx, network, addr)
}

// CheckRedirect is an http.Client CheckRedirect: it refuses redirects to other schemes
// and to blocked hosts (the dial is checked again when it happens), and stops after 5.
func (g *Guard) CheckRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return errors.New("netguard: stopped after 5 redirects")
	}
	if err := CheckScheme(req.URL); err != nil {
		return err
	}
	if g.SameOrigin && len(via) > 0 && origin(req.URL) != origin(via[0].URL) {
		return &BlockedError{Target: via[0].URL.Redacted() + " -> " + req.URL.Redacted(),
			Reason: "the endpoint redirected to another origin; it may redirect only within its own scheme, host and port"}
	}
	if g.AllowPrivate || g.AllowHosts[req.URL.Host] {
		return nil
	}
	return g.checkHost(req.Context(), req.URL.Hostname())
}

// origin is a URL's scheme, host and port, with the scheme's default port written out
// so that https://h and https://h:443 are the same origin.
func origin(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return u.Scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// Client returns an HTTP client for model endpoints that goes through the guard. Like
// the llm package's own client it has no overall timeout (answers stream for minutes)
// and does not ask for compression (compressed event streams arrive in bursts).
func (g *Guard) Client() *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			Proxy:                 nil,
			DialContext:           g.DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          256,
			MaxIdleConnsPerHost:   64,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ExpectContinueTimeout: time.Second,
			DisableCompression:    true,
		},
		CheckRedirect: g.CheckRedirect,
	}
}
