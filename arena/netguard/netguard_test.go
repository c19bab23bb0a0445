package netguard_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/net/dns/dnsmessage"

	"github.com/arena-dev/arena/arena/netguard"
)

func TestCheckAddresses(t *testing.T) {
	tests := []struct {
		ip      string
		blocked bool
	}{
		{"127.0.0.1", true},
		{"127.8.9.10", true},
		{"10.0.0.1", true},
		{"172.16.5.4", true},
		{"192.168.1.1", true},
		{"169.254.169.254", true},
		{"169.254.1.1", true},
		{"100.64.0.1", true},
		{"100.100.100.200", true},
		{"0.0.0.0", true},
		{"255.255.255.255", true},
		{"224.0.0.1", true},
		{"::1", true},
		{"::", true},
		{"fe80::1", true},
		{"fd00:ec2::254", true},
		{"fc00::5", true},
		{"ff02::1", true},
		{"::ffff:127.0.0.1", true}, // IPv4-mapped loopback
		{"::ffff:10.1.2.3", true},
		{"64:ff9b::a00:1", true}, // NAT64 of 10.0.0.1
		{"8.8.8.8", false},
		{"1.1.1.1", false},
		{"2606:4700:4700::1111", false},
		{"100.128.0.1", false}, // just past CGNAT
		// IPv6 forms that carry an IPv4 address: each is refused when what it carries is
		// internal (or, where the carried address cannot be read reliably, outright).
		{"::127.0.0.1", true}, // IPv4-compatible (deprecated), ::/96
		{"::8.8.8.8", true},   // refused outright: nothing routes these any more
		{"::ffff:169.254.169.254", true},
		{"::ffff:0:7f00:1", true},    // IPv4-translated (SIIT)
		{"2002:7f00:1::", true},      // 6to4 of 127.0.0.1
		{"2002:a00:1::1", true},      // 6to4 of 10.0.0.1
		{"2002:a9fe:a9fe::", true},   // 6to4 of the metadata service
		{"2002:808:808::1", true},    // 6to4 of a public address: relays are gone (RFC 7526)
		{"64:ff9b::7f00:1", true},    // NAT64 of 127.0.0.1
		{"64:ff9b::a9fe:a9fe", true}, // NAT64 of 169.254.169.254
		{"64:ff9b::c0a8:101", true},  // NAT64 of 192.168.1.1
		{"64:ff9b::808:808", false},  // NAT64 of 8.8.8.8: how an IPv6-only host with DNS64 reaches it
		{"64:ff9b:1::a00:1", true},   // local-use NAT64: where the IPv4 sits is the network's choice
		{"64:ff9b:1:ffff::808:808", true},
		{"2001::1", true}, // Teredo: the client's IPv4 is hidden in the address
		// Documentation and benchmarking ranges are never real endpoints.
		{"192.0.2.10", true},
		{"198.51.100.7", true},
		{"203.0.113.200", true},
		{"2001:db8::1", true},
		{"198.18.0.1", true},
		{"198.19.255.254", true},
		{"198.20.0.1", false}, // just past benchmarking
		{"2001:2::1", true},
		{"2001:2:1::1", false}, // past 2001:2::/48
		{"192.88.99.1", true},  // the deprecated 6to4 relay anycast
		{"fec0::1", true},      // site-local (deprecated), routed internally where used
	}
	for _, tt := range tests {
		got := netguard.Check(netip.MustParseAddr(tt.ip)) != ""
		if got != tt.blocked {
			t.Errorf("Check(%s) blocked = %v, want %v", tt.ip, got, tt.blocked)
		}
	}
}

// fakeDNS answers every A query with 127.0.0.1 and every AAAA query with nothing: a
// public-looking name that resolves to loopback, as a rebinding attacker's would.
func fakeDNS(t *testing.T) *net.Resolver {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	go func() {
		buf := make([]byte, 1500)
		for {
			n, addr, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			var p dnsmessage.Parser
			h, err := p.Start(buf[:n])
			if err != nil {
				continue
			}
			q, err := p.Question()
			if err != nil {
				continue
			}
			b := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: h.ID, Response: true, Authoritative: true})
			b.StartQuestions()
			b.Question(q)
			b.StartAnswers()
			if q.Type == dnsmessage.TypeA {
				b.AResource(dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 1}, dnsmessage.AResource{A: [4]byte{127, 0, 0, 1}})
			}
			out, err := b.Finish()
			if err == nil {
				pc.WriteTo(out, addr)
			}
		}
	}()
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", pc.LocalAddr().String())
	}}
}

func TestCheckURL(t *testing.T) {
	g := &netguard.Guard{Resolver: fakeDNS(t)}
	ctx := context.Background()
	tests := []struct {
		url string
		ok  bool
	}{
		{"http://127.0.0.1:8080/v1", false},
		{"http://10.0.0.1/v1", false},
		{"http://169.254.169.254/latest/meta-data", false},
		{"http://[::1]:11434/v1", false},
		{"http://[fd00:ec2::254]/", false},
		{"http://localhost:8080/v1", false},
		{"http://metadata.google.internal/computeMetadata/v1", false},
		{"http://rebind.example.com/v1", false}, // resolves to 127.0.0.1
		{"ftp://8.8.8.8/v1", false},
		{"file:///etc/passwd", false},
		{"gopher://8.8.8.8/", false},
		{"http://user:pw@8.8.8.8/v1", false},
		{"https://8.8.8.8/v1", true},
		{"http://[2606:4700:4700::1111]/v1", true},
	}
	for _, tt := range tests {
		err := g.CheckURL(ctx, tt.url)
		if (err == nil) != tt.ok {
			t.Errorf("CheckURL(%s) = %v, want ok=%v", tt.url, err, tt.ok)
		}
		if err != nil && !tt.ok && !errors.Is(err, netguard.ErrBlocked) {
			t.Errorf("CheckURL(%s) = %v, want an ErrBlocked", tt.url, err)
		}
	}
	open := &netguard.Guard{AllowPrivate: true}
	if err := open.CheckURL(ctx, "http://127.0.0.1:8080/v1"); err != nil {
		t.Errorf("AllowPrivate refused loopback: %v", err)
	}
	if err := open.CheckURL(ctx, "file:///etc/passwd"); err == nil {
		t.Error("AllowPrivate let a file URL through")
	}
}

// countingServer is a loopback server that counts the requests that reach it.
func countingServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		if h != nil {
			h(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestDialTimeRefusal(t *testing.T) {
	srv, hits := countingServer(t, nil)
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	g := &netguard.Guard{Resolver: fakeDNS(t)}
	c := g.Client()
	for _, target := range []string{
		srv.URL,                                   // 127.0.0.1 literal
		"http://[::1]:" + port,                    // IPv6 loopback
		"http://rebind.example.com:" + port,       // a name the (fake) DNS points at 127.0.0.1
		"http://rebind.example.com:" + port + "/", // again, nothing cached
	} {
		res, err := c.Get(target)
		if err == nil {
			res.Body.Close()
			t.Errorf("GET %s went through the guard", target)
			continue
		}
		if !errors.Is(err, netguard.ErrBlocked) {
			t.Errorf("GET %s: %v, want a refusal by the guard", target, err)
		}
	}
	if hits.Load() != 0 {
		t.Fatalf("%d requests reached the loopback server", hits.Load())
	}
	// The same client with private endpoints allowed does reach it: the refusal above
	// was the guard's, not a broken server.
	open := (&netguard.Guard{AllowPrivate: true, Resolver: fakeDNS(t)}).Client()
	res, err := open.Get("http://rebind.example.com:" + port)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if hits.Load() != 1 {
		t.Fatalf("allowed request: %d hits", hits.Load())
	}
}

func TestRedirectRefusal(t *testing.T) {
	// The victim: an internal service on loopback.
	victim, victimHits := countingServer(t, nil)
	// The endpoint is trusted by exact host:port (as an operator's own endpoint would
	// be) so the test can reach it on loopback; it redirects to the internal service.
	redirector, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, victim.URL+"/secret", http.StatusFound)
	})
	ru, _ := url.Parse(redirector.URL)
	g := &netguard.Guard{AllowHosts: map[string]bool{ru.Host: true}}
	res, err := g.Client().Get(redirector.URL + "/v1/chat/completions")
	if err == nil {
		res.Body.Close()
		t.Fatal("the redirect to loopback was followed")
	}
	if !errors.Is(err, netguard.ErrBlocked) {
		t.Fatalf("redirect: %v, want a refusal by the guard", err)
	}
	if victimHits.Load() != 0 {
		t.Fatal("the redirect reached the internal service")
	}

	// CheckRedirect on its own, for targets no test server can stand for.
	for _, target := range []string{"http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]/",
		"http://localhost/", "file:///etc/passwd", "http://metadata.google.internal/"} {
		req, _ := http.NewRequest("GET", target, nil)
		if err := g.CheckRedirect(req, []*http.Request{{}}); err == nil {
			t.Errorf("CheckRedirect allowed %s", target)
		}
	}
	req, _ := http.NewRequest("GET", "https://8.8.8.8/", nil)
	if err := g.CheckRedirect(req, []*http.Request{{}}); err != nil {
		t.Errorf("CheckRedirect refused a public address: %v", err)
	}
}

func TestSameOriginRedirects(t *testing.T) {
	other, otherHits := countingServer(t, nil)
	var lab *httptest.Server
	lab, _ = countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/moved": // within the origin: followed
			http.Redirect(w, r, "/v1/here", http.StatusTemporaryRedirect)
		case "/v1/away": // to another port on the same host: another origin
			http.Redirect(w, r, other.URL+"/v1/chat/completions", http.StatusTemporaryRedirect)
		case "/v1/tls": // to another scheme on the same host and port: another origin
			http.Redirect(w, r, "https://"+r.Host+"/v1/here", http.StatusTemporaryRedirect)
		}
	})
	// AllowPrivate lets the test reach its loopback servers; the origin rule still applies.
	strict := (&netguard.Guard{AllowPrivate: true, SameOrigin: true}).Client()
	res, err := strict.Post(lab.URL+"/v1/moved", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatalf("a redirect within the origin: %v", err)
	}
	res.Body.Close()
	if res.Request.URL.Path != "/v1/here" {
		t.Fatalf("ended at %s", res.Request.URL)
	}
	for _, path := range []string{"/v1/away", "/v1/tls"} {
		res, err := strict.Post(lab.URL+path, "application/json", strings.NewReader(`{"messages":[]}`))
		if err == nil {
			res.Body.Close()
			t.Errorf("%s: a redirect to another origin was followed", path)
			continue
		}
		if !errors.Is(err, netguard.ErrBlocked) || !strings.Contains(err.Error(), "another origin") {
			t.Errorf("%s: %v, want a refusal saying the redirect left the origin", path, err)
		}
	}
	if otherHits.Load() != 0 {
		t.Fatal("the redirect reached the other server")
	}
	// Without SameOrigin the same redirect is followed: the refusal was the rule's.
	res, err = (&netguard.Guard{AllowPrivate: true}).Client().Post(lab.URL+"/v1/away", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if otherHits.Load() != 1 {
		t.Fatalf("other server: %d hits", otherHits.Load())
	}

	// The origin compares ports as dialled: the scheme's default port written out is the same origin.
	g := &netguard.Guard{SameOrigin: true}
	first, _ := http.NewRequest("POST", "https://8.8.8.8/v1/chat/completions", nil)
	for target, ok := range map[string]bool{
		"https://8.8.8.8:443/v2/chat/completions": true,
		"https://8.8.8.8/v2":                      true,
		"https://8.8.8.8:8443/v2":                 false,
		"https://8.8.4.4/v2":                      false,
		"http://8.8.8.8/v2":                       false,
	} {
		req, _ := http.NewRequest("POST", target, nil)
		if err := g.CheckRedirect(req, []*http.Request{first}); (err == nil) != ok {
			t.Errorf("redirect to %s: %v, want ok=%v", target, err, ok)
		}
	}
}

// brokenDNS is a resolver whose server cannot be reached, failing as a resolver on the
// arena's private network would: the error names the internal resolver's address. No
// packet is sent anywhere.
func brokenDNS() *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
		return nil, &net.OpError{Op: "dial", Net: "udp", Addr: &net.UDPAddr{IP: net.IPv4(10, 0, 0, 2), Port: 53}, Err: errors.New("connect: network is unreachable")}
	}}
}

var addressRE = regexp.MustCompile(`\b\d{1,3}(\.\d{1,3}){3}\b|::1|\[`)

// shown is what a person would read of a call's error: the llm client drops the
// "Get URL:" wrapper (the URL is the endpoint's configuration) and shows the rest.
func shown(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

func TestErrorsNameNoInternalAddress(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close() // nothing listens there now: connections are refused

	var log bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&log, nil))
	broken := &netguard.Guard{Resolver: brokenDNS(), Log: logger}
	rebind := &netguard.Guard{Resolver: fakeDNS(t), Log: logger}
	open := &netguard.Guard{AllowPrivate: true, Log: logger}
	ctx := context.Background()
	call := func(g *netguard.Guard, u string) error {
		res, err := g.Client().Get(u)
		if err == nil {
			res.Body.Close()
			return errors.New("the call went through")
		}
		return errors.New(shown(err))
	}
	tests := []struct {
		name string
		err  error
		want string
		log  string // the detail the server log has instead
	}{
		{"unresolvable at registration", broken.CheckURL(ctx, "https://models.acme.example/v1"), "the endpoint's host could not be resolved", "10.0.0.2:53"},
		{"unresolvable when called", call(broken, "https://models.acme.example/v1"), "the endpoint's host could not be resolved", "10.0.0.2:53"},
		{"resolves to loopback at registration", rebind.CheckURL(ctx, "http://rebind.example.com/v1"), "the endpoint resolves to a loopback address", "127.0.0.1"},
		{"resolves to loopback when called", call(rebind, "http://rebind.example.com:8080/v1"), "the endpoint resolves to a loopback address", "127.0.0.1:8080"},
		{"a literal private address", rebind.CheckURL(ctx, "http://10.1.2.3/v1"), "the endpoint resolves to a private address", "10.1.2.3"},
		{"a redirect to metadata", func() error {
			req, _ := http.NewRequest("GET", "http://169.254.169.254/latest/", nil)
			first, _ := http.NewRequest("GET", "https://8.8.8.8/v1", nil)
			return rebind.CheckRedirect(req, []*http.Request{first})
		}(), "the endpoint redirected to a cloud metadata service", "169.254.169.254"},
		{"connection refused", call(open, closedURL+"/v1"), "the endpoint refused the connection", strings.TrimPrefix(closedURL, "http://")},
	}
	for _, tt := range tests {
		if tt.err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		msg := tt.err.Error()
		if !strings.Contains(msg, tt.want) {
			t.Errorf("%s: %q, want it to say %q", tt.name, msg, tt.want)
		}
		if a := addressRE.FindString(msg); a != "" {
			t.Errorf("%s: %q names the address %s", tt.name, msg, a)
		}
		if !strings.Contains(log.String(), tt.log) {
			t.Errorf("%s: the log does not have the detail %q:\n%s", tt.name, tt.log, log.String())
		}
	}
}
