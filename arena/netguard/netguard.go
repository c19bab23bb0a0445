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
// Errors name no address, since labs read them; the guard logs the detail (Guard.Log).
// Proxies from the environment are not used: a proxy would dial the destination for us,
// out of the guard's sight.
package netguard

import (
	"context"
	"errors"
	"io"
	"log/slog"
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

// BlockedError is a refusal. Its message says what was wrong without naming the address
// refused: labs read it, and the address may be an internal one (what their name
// resolved to on the arena's network). The guard logs Target instead.
type BlockedError struct {
	Target string // the URL, host or address refused; for logs, never shown
	Reason string // what was wrong, as shown: "the endpoint resolves to a loopback address, ..."
}

func (e *BlockedError) Error() string { return e.Reason }

// Unwrap makes errors.Is(err, ErrBlocked) true.
func (e *BlockedError) Unwrap() error { return ErrBlocked }

// reachError is a failure to reach an endpoint, told without the addresses its cause
// names (the arena's resolver, its own end of the connection); the guard logs the cause.
type reachError struct {
	msg string
	err error
}

func (e *reachError) Error() string { return e.msg }
func (e *reachError) Unwrap() error { return e.err }

// Timeout keeps url.Error's Timeout working through the rewording.
func (e *reachError) Timeout() bool {
	var t interface{ Timeout() bool }
	return errors.As(e.err, &t) && t.Timeout()
}

// an is s with its indefinite article, for the reasons Check gives.
func an(s string) string {
	if s != "" && strings.ContainsRune("aeiouAEIOU", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

func (g *Guard) log() *slog.Logger {
	if g.Log == nil {
		return slog.Default()
	}
	return g.Log
}

// refuse logs a refusal with its target and returns it.
func (g *Guard) refuse(target, reason string) error {
	g.log().Warn("netguard: refused an outgoing call", "target", target, "reason", reason)
	return &BlockedError{Target: target, Reason: reason}
}

// refuseAddr refuses an address: what tells the lab the kind of address, not which.
func (g *Guard) refuseAddr(target, what, kind string) error {
	return g.refuse(target, what+" "+an(kind)+", which the arena may not call")
}

// reach rewords a failure to reach target, logging the original.
func (g *Guard) reach(target string, err error) error {
	g.log().Info("netguard: could not reach an endpoint", "target", target, "error", err)
	var dnsErr *net.DNSError
	var t interface{ Timeout() bool }
	msg := "the endpoint could not be reached"
	switch {
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		msg = "the endpoint's host could not be resolved: no such host"
	case errors.As(err, &dnsErr):
		msg = "the endpoint's host could not be resolved"
	case errors.Is(err, syscall.ECONNREFUSED):
		msg = "the endpoint refused the connection"
	case errors.Is(err, syscall.ECONNRESET):
		msg = "the endpoint reset the connection"
	case errors.Is(err, net.ErrClosed), errors.Is(err, io.EOF):
		msg = "the connection to the endpoint was closed"
	case errors.As(err, &t) && t.Timeout():
		msg = "the connection to the endpoint timed out"
	}
	return &reachError{msg: msg, err: err}
}

// Guard checks outgoing destinations. The zero value refuses every private address and
// uses the default resolver.
type Guard struct {
	// AllowPrivate turns the address checks off (schemes are still checked): for local
	// development and tests, where model servers run on loopback.
	AllowPrivate bool
	// AllowHosts are exact "host:port" strings, as written in a URL, that are dialled
	// without address checks: the operator's own trusted endpoints (a vLLM on localhost,
	// say). They are the operator's trust alone: lab models are called through a
	// separate Guard without them (and with SameOrigin), and CheckURL ignores them.
	AllowHosts map[string]bool
	// TrustHost, if set, is asked about a host:port that is not in AllowHosts, and its
	// true trusts it likewise: for trusted hosts that change while the arena runs (the
	// operator adds a model). Only the operator's Guard may have one.
	TrustHost func(ctx context.Context, hostport string) bool
	// Resolver resolves names for CheckURL and for dialling; nil means net.DefaultResolver.
	Resolver *net.Resolver
	// SameOrigin makes CheckRedirect follow a redirect only to the origin (scheme, host
	// and port) of the first request. Lab endpoints are held to it: a redirect is the
	// endpoint choosing where the arena sends the prompt and the lab's API key, and
	// that must stay the endpoint the lab registered.
	SameOrigin bool
	// Log receives what the errors leave out (the address refused, the resolver's own
	// error); slog.Default() when nil.
	Log *slog.Logger
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
		return "invalid address"
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
			return "NAT64 address of " + an(r)
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
		return &BlockedError{Target: raw, Reason: "the endpoint's URL is not valid"}
	}
	if err := CheckScheme(u); err != nil {
		return err
	}
	if g.AllowPrivate {
		return nil
	}
	return g.checkHost(ctx, u.Hostname(), "the endpoint resolves to")
}

// checkHost checks a host name or literal address; what says what is being checked as a
// lab will read it: "the endpoint resolves to" or "the endpoint redirected to".
func (g *Guard) checkHost(ctx context.Context, host, what string) error {
	name := strings.TrimSuffix(strings.ToLower(host), ".")
	if metadataNames[name] || strings.HasSuffix(name, ".localhost") || strings.HasSuffix(name, ".internal") {
		return g.refuseAddr(host, what, "internal host name")
	}
	if ip, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		if r := Check(ip); r != "" {
			return g.refuseAddr(host, what, r)
		}
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	addrs, err := g.resolver().LookupNetIP(ctx, "ip", name)
	if err != nil {
		return g.reach(host, err)
	}
	for _, a := range addrs {
		if r := Check(a); r != "" {
			return g.refuseAddr(host+" ("+a.String()+")", what, r)
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
		return g.refuse(address, "the endpoint's address could not be read")
	}
	if r := Check(ap.Addr()); r != "" {
		return g.refuseAddr(address, "the endpoint resolves to", r)
	}
	return nil
}

// trusted reports whether hostport is one of AllowHosts or TrustHost trusts it.
func (g *Guard) trusted(ctx context.Context, hostport string) bool {
	return g.AllowHosts[hostport] || g.TrustHost != nil && g.TrustHost(ctx, hostport)
}

// DialContext dials addr, checking the resolved address with Control unless addr is
// one of AllowHosts (or TrustHost trusts it). Its errors, and those of the connection it returns, name no
// address: they reach labs' dashboards through the model client's messages.
func (g *Guard) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Resolver: g.Resolver}
	if !g.AllowPrivate && !g.trusted(ctx, addr) {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, g.refuse(addr, "the endpoint's address could not be read")
		}
		name := strings.TrimSuffix(strings.ToLower(host), ".")
		if metadataNames[name] || strings.HasSuffix(name, ".internal") {
			return nil, g.refuseAddr(host, "the endpoint resolves to", "internal host name")
		}
		d.Control = g.Control
	}
	c, err := d.DialContext(ctx, network, addr)
	if err != nil {
		// The dialer wraps Control's refusal as "dial tcp 127.0.0.1:80: ...".
		var be *BlockedError
		if errors.As(err, &be) {
			return nil, be
		}
		return nil, g.reach(addr, err)
	}
	return &conn{Conn: c, g: g, target: addr}, nil
}

// conn rewords its read and write errors as DialContext does: "read tcp
// 10.0.0.5:41234->...: connection reset by peer" names the arena's own address.
type conn struct {
	net.Conn
	g      *Guard
	target string
}

func (c *conn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	return n, c.hide(err)
}

func (c *conn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	return n, c.hide(err)
}

func (c *conn) hide(err error) error {
	var op *net.OpError
	if err == nil || !errors.As(err, &op) {
		return err // io.EOF and the like, which the HTTP transport looks for as they are
	}
	if errors.Is(err, net.ErrClosed) { // our own side closed it: nothing to log
		return &reachError{msg: "the connection to the endpoint was closed", err: err}
	}
	return c.g.reach(c.target, err)
}

// CheckRedirect is an http.Client CheckRedirect: it refuses redirects to other schemes,
// to other origins with SameOrigin, and to blocked hosts (the dial is checked again
// when it happens), and stops after 5.
func (g *Guard) CheckRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return errors.New("the endpoint redirected more than 5 times")
	}
	if err := CheckScheme(req.URL); err != nil {
		return err
	}
	if g.SameOrigin && len(via) > 0 && origin(req.URL) != origin(via[0].URL) {
		return g.refuse(via[0].URL.Redacted()+" -> "+req.URL.Redacted(),
			"the endpoint redirected to another origin; it may redirect only within its own scheme, host and port")
	}
	if g.AllowPrivate || g.trusted(req.Context(), req.URL.Host) {
		return nil
	}
	return g.checkHost(req.Context(), req.URL.Hostname(), "the endpoint redirected to")
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
