package rewards

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

// siweTimeFields are the lines whose value is a time: RFC 3339 has many spellings of
// one instant (an offset, trailing zeros in the fraction), and String writes the one
// canonical spelling, so these lines may change in a round trip, to the same instant.
var siweTimeFields = []string{"Issued At: ", "Expiration Time: ", "Not Before: "}

// FuzzParseSIWE parses arbitrary text as a sign-in message. It must not panic; it fails
// only with an EINVALID *arena.Error; and a message that parses is valid, re-formats
// by String to the same text line for line (a time line to the same instant), and
// parses back from that to the same message. A text String writes back otherwise is one
// the signature would cover but the arena would read differently.
func FuzzParseSIWE(f *testing.F) {
	base := `https://example.com wants you to sign in with your Ethereum account:
0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2

I accept the ExampleOrg Terms of Service: https://example.com/tos

URI: https://example.com/login
Version: 1
Chain ID: 1
Nonce: 32891756
Issued At: 2021-09-30T16:25:24Z
Expiration Time: 2021-10-01T16:25:24Z
Not Before: 2021-09-30T16:25:24.500+02:00
Request ID: req-1
Resources:
- ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/
- https://example.com/my-web2-claim.json`
	f.Add(base)
	f.Add(`arena.example wants you to sign in with your Ethereum account:
0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2


URI: https://arena.example/wallet
Version: 1
Chain ID: 1337
Nonce: abcdefgh12345678
Issued At: 2026-11-26T12:00:00.000Z`)
	f.Add(strings.ReplaceAll(base, "\n", "\r\n"))
	f.Add(strings.Replace(base, "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2", 1))
	f.Add(strings.Replace(base, "Chain ID: 1", "Chain ID: 01", 1))
	f.Add(base + "\n")
	f.Fuzz(func(t *testing.T, text string) {
		m, err := ParseSIWE(text)
		if err != nil {
			var ae *arena.Error
			if !errors.As(err, &ae) || ae.Code != arena.EINVALID {
				t.Fatalf("error %T %v, want an EINVALID *arena.Error", err, err)
			}
			return
		}
		if err := m.Validate(); err != nil {
			t.Fatalf("parsed a message that does not validate: %v", err)
		}
		out := m.String()
		in, got := strings.Split(text, "\n"), strings.Split(out, "\n")
		if len(in) != len(got) {
			t.Fatalf("re-formatted with %d lines, not %d:\n%s\n----\n%s", len(got), len(in), text, out)
		}
		for i := range in {
			if in[i] != got[i] && !sameInstant(in[i], got[i]) {
				t.Fatalf("line %d %q re-formats as %q", i+1, in[i], got[i])
			}
		}
		back, err := ParseSIWE(out)
		if err != nil {
			t.Fatalf("the re-formatted message does not parse: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(m, back) {
			t.Fatalf("round trip changed the message:\n%+v\n%+v", m, back)
		}
	})
}

// sameInstant says whether two lines are the same time field holding the same instant.
func sameInstant(a, b string) bool {
	for _, p := range siweTimeFields {
		av, aok := strings.CutPrefix(a, p)
		bv, bok := strings.CutPrefix(b, p)
		if aok && bok {
			at, aerr := time.Parse(time.RFC3339Nano, av)
			bt, berr := time.Parse(time.RFC3339Nano, bv)
			return aerr == nil && berr == nil && at.Equal(bt)
		}
	}
	return false
}
