package dataset

import (
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// e-mail
		{"write to jane.doe+news@example.co.uk today", "write to <EMAIL> today"},
		{"Email: J_Smith99@mail-server.example.org.", "Email: <EMAIL>."},
		{"@Override public void run()", "@Override public void run()"},
		{"ssh user@host and @media print", "ssh user@host and @media print"},
		{"pip install pkg@1.2.3", "pip install pkg@1.2.3"},
		// IPv4
		{"server at 192.168.1.20, port 80", "server at <IP>, port 80"},
		{"ping 8.8.8.8.", "ping <IP>."},
		{"version 1.2.3.4.5 and 1.2.3", "version 1.2.3.4.5 and 1.2.3"},
		{"not an ip 256.1.1.1", "not an ip 256.1.1.1"},
		// IPv6
		{"addr 2001:db8:85a3::8a2e:370:7334 ok", "addr <IP> ok"},
		{"link fe80::1 here", "link <IP> here"},
		{"std::vector<int> v; a::b", "std::vector<int> v; a::b"},
		{"x = a[1::2]", "x = a[1::2]"},
		{"at 12:30:45 sharp", "at 12:30:45 sharp"},
		// phones
		{"call (555) 123-4567 now", "call <PHONE> now"},
		{"call 555-123-4567 or 555.123.4567", "call <PHONE> or <PHONE>"},
		{"US +1 415 555 2671", "US <PHONE>"},
		{"UK +44 20 7946 0958.", "UK <PHONE>."},
		{"on 2024-01-15 at 10:30", "on 2024-01-15 at 10:30"},
		{"x = 3 + 4", "x = 3 + 4"},
		// long numbers
		{"card 4111 1111 1111 1111 exp", "card <NUMBER> exp"},
		{"card 4111-1111-1111-1111", "card <NUMBER>"},
		{"account 123456789012", "account <NUMBER>"},
		{"pi is 3.14159265358979", "pi is 3.14159265358979"},
		{"mask 0x123456789abc and id_123456789", "mask 0x123456789abc and id_123456789"},
		{"small 12345678 stays", "small 12345678 stays"},
		{"year 2024 and 1,000,000", "year 2024 and 1,000,000"},
		// idempotent, and Unicode around
		{"<EMAIL> <PHONE> <IP> <NUMBER>", "<EMAIL> <PHONE> <IP> <NUMBER>"},
		{"écrivez à marie@exemple.fr — merci", "écrivez à <EMAIL> — merci"},
		{"", ""},
	} {
		if got := Redact(c.in); got != c.want {
			t.Errorf("Redact(%q) = %q, want %q", c.in, got, c.want)
		}
		if again := Redact(c.want); again != c.want {
			t.Errorf("Redact is not idempotent on %q: %q", c.want, again)
		}
	}
}

func BenchmarkRedact(b *testing.B) {
	text := "Here is a function that sums numbers 1 to 100:\n```python\ndef f(n):\n    return sum(range(n + 1))\n```\nCall me at 555-123-4567 or mail a@b.com. " +
		"The answer is 5050, computed in 0.01 seconds on 2024-01-15."
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Redact(text)
	}
}

// redactBenchText is a model answer as exports see them: Markdown prose with code, the
// numbers code and prose are full of (versions, dates, times, ports, line numbers, sums,
// hex), and a little personal data to redact.
var redactBenchText = strings.Repeat("## Answer\n\nHere is what I think about **question 7**: the result depends on a few things.\n\n"+
	"- first, Go 1.26.0 and Python 3.12.4 on 2024-01-15 at 10:30:45, listening on 127.0.0.1:8080\n"+
	"- second, the numbers: 5050, 1,000,000, 3.14159 and 0x7fff_ffff (line 1234, column 56)\n"+
	"- third, `x = a[1::2] + 365 * 24 - 60` and `std::vector<int> v(1024);`\n\n"+
	"```python\ndef solve(n):\n    return sum(range(n))  # 4950 for n = 100\n```\n\n"+
	"Contact support@example.com or call 555-123-4567 (or +44 20 7946 0958) if anything is unclear.\n", 4)

func BenchmarkRedactAnswer(b *testing.B) {
	b.SetBytes(int64(len(redactBenchText)))
	for b.Loop() {
		Redact(redactBenchText)
	}
}
