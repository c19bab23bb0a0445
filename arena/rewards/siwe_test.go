package rewards

import (
	"crypto/ecdsa"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
)

var siweNow = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// personalSign signs text the way a wallet's personal_sign does: v is 27 or 28.
func personalSign(t *testing.T, key *ecdsa.PrivateKey, text string) string {
	t.Helper()
	sig, err := crypto.Sign(accounts.TextHash([]byte(text)), key)
	if err != nil {
		t.Fatal(err)
	}
	sig[64] += 27
	return hexutil.Encode(sig)
}

func newKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func testMessage(t *testing.T, addr common.Address) *SIWEMessage {
	t.Helper()
	nonce, err := NewNonce()
	if err != nil {
		t.Fatal(err)
	}
	return &SIWEMessage{
		Domain:         "arena.example",
		Address:        addr,
		Statement:      "Link this wallet to your Arena account to claim rewards.",
		URI:            "https://arena.example/wallet",
		Version:        "1",
		ChainID:        1337,
		Nonce:          nonce,
		IssuedAt:       siweNow,
		ExpirationTime: siweNow.Add(10 * time.Minute),
	}
}

func testVerifier() SIWEVerifier {
	return SIWEVerifier{Domain: "arena.example", URI: "https://arena.example/wallet", ChainID: 1337, Clock: arenatest.NewClock(siweNow.Add(time.Minute))}
}

func TestSIWEFormat(t *testing.T) {
	m := &SIWEMessage{
		Scheme:         "https",
		Domain:         "example.com",
		Address:        common.HexToAddress("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2"),
		Statement:      "I accept the ExampleOrg Terms of Service: https://example.com/tos",
		URI:            "https://example.com/login",
		Version:        "1",
		ChainID:        1,
		Nonce:          "32891756",
		IssuedAt:       time.Date(2021, 9, 30, 16, 25, 24, 0, time.UTC),
		ExpirationTime: time.Date(2021, 10, 1, 16, 25, 24, 0, time.UTC),
		RequestID:      "req-1",
		Resources:      []string{"ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/", "https://example.com/my-web2-claim.json"},
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	want := `https://example.com wants you to sign in with your Ethereum account:
0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2

I accept the ExampleOrg Terms of Service: https://example.com/tos

URI: https://example.com/login
Version: 1
Chain ID: 1
Nonce: 32891756
Issued At: 2021-09-30T16:25:24Z
Expiration Time: 2021-10-01T16:25:24Z
Request ID: req-1
Resources:
- ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/
- https://example.com/my-web2-claim.json`
	if got := m.String(); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	back, err := ParseSIWE(want)
	if err != nil {
		t.Fatal(err)
	}
	if back.String() != want {
		t.Fatalf("round trip changed the message:\n%s", back.String())
	}
	// Without a statement the standard leaves two empty lines; milliseconds parse too.
	m.Statement, m.Scheme, m.RequestID, m.Resources = "", "", "", nil
	m.ExpirationTime = time.Time{}
	text := m.String()
	if !strings.Contains(text, "Cc2\n\n\nURI: ") {
		t.Fatalf("no-statement layout wrong:\n%s", text)
	}
	text = strings.Replace(text, "16:25:24Z", "16:25:24.123Z", 1)
	back, err = ParseSIWE(text)
	if err != nil {
		t.Fatal(err)
	}
	if back.Statement != "" || back.IssuedAt.Nanosecond() != 123_000_000 || back.Nonce != "32891756" {
		t.Fatalf("parsed %+v", back)
	}
}

func TestSIWEVerify(t *testing.T) {
	key := newKey(t)
	addr := crypto.PubkeyToAddress(key.PublicKey)
	m := testMessage(t, addr)
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	text := m.String()
	sig := personalSign(t, key, text)

	got, err := testVerifier().Verify(t.Context(), text, sig)
	if err != nil {
		t.Fatalf("valid sign-in refused: %v", err)
	}
	if got.Address != addr || got.Nonce != m.Nonce || !got.ExpirationTime.Equal(m.ExpirationTime) {
		t.Fatalf("parsed %+v", got)
	}

	// v as 0/1 (some signers) is accepted too.
	raw := hexutil.MustDecode(sig)
	raw[64] -= 27
	if _, err := testVerifier().Verify(t.Context(), text, hexutil.Encode(raw)); err != nil {
		t.Fatalf("v=0/1 refused: %v", err)
	}
}

func TestSIWERefuses(t *testing.T) {
	key, other := newKey(t), newKey(t)
	addr := crypto.PubkeyToAddress(key.PublicKey)
	m := testMessage(t, addr)
	text := m.String()
	sig := personalSign(t, key, text)

	signed := func(mod func(m *SIWEMessage)) (string, string) {
		c := *m
		mod(&c)
		s := c.String()
		return s, personalSign(t, key, s)
	}
	highS := func() string {
		raw := hexutil.MustDecode(sig)
		// s' = n - s gives the same point with flipped parity: malleable, refused.
		n := crypto.S256().Params().N
		s := new(big.Int).SetBytes(raw[32:64])
		s.Sub(n, s)
		s.FillBytes(raw[32:64])
		raw[64] ^= 1
		return hexutil.Encode(raw)
	}

	later := func(d time.Duration) SIWEVerifier {
		v := testVerifier()
		v.Clock = arenatest.NewClock(siweNow.Add(d))
		return v
	}
	wrongDomainText, wrongDomainSig := signed(func(m *SIWEMessage) { m.Domain = "evil.example" })
	wrongChainText, wrongChainSig := signed(func(m *SIWEMessage) { m.ChainID = 1 })
	wrongURIText, wrongURISig := signed(func(m *SIWEMessage) { m.URI = "https://evil.example/" })
	notYetText, notYetSig := signed(func(m *SIWEMessage) { m.NotBefore = siweNow.Add(time.Hour) })
	futureText, futureSig := signed(func(m *SIWEMessage) {
		m.IssuedAt = siweNow.Add(time.Hour)
		m.ExpirationTime = siweNow.Add(2 * time.Hour)
	})
	maxAge := testVerifier()
	maxAge.MaxAge = 30 * time.Second

	cases := []struct {
		name      string
		v         SIWEVerifier
		text, sig string
		code      string
		msg       string
	}{
		{"altered nonce", testVerifier(), strings.Replace(text, m.Nonce, "AAAAAAAAAAAAAAAA", 1), sig, arena.EUNAUTHORIZED, "not made by"},
		{"altered statement", testVerifier(), strings.Replace(text, "Link", "Drain", 1), sig, arena.EUNAUTHORIZED, "not made by"},
		{"another key", testVerifier(), text, personalSign(t, other, text), arena.EUNAUTHORIZED, "not made by"},
		{"wrong domain", testVerifier(), wrongDomainText, wrongDomainSig, arena.EUNAUTHORIZED, "not this site"},
		{"wrong chain", testVerifier(), wrongChainText, wrongChainSig, arena.EUNAUTHORIZED, "chain 1,"},
		{"wrong URI", testVerifier(), wrongURIText, wrongURISig, arena.EUNAUTHORIZED, "another URI"},
		{"expired", later(10 * time.Minute), text, sig, arena.EUNAUTHORIZED, "expired"},
		{"too old", maxAge, text, sig, arena.EUNAUTHORIZED, "expired"},
		{"not yet valid", testVerifier(), notYetText, notYetSig, arena.EUNAUTHORIZED, "not valid yet"},
		{"issued in the future", testVerifier(), futureText, futureSig, arena.EUNAUTHORIZED, "future"},
		{"high s", testVerifier(), text, highS(), arena.EINVALID, "not a valid"},
		{"short signature", testVerifier(), text, sig[:100], arena.EINVALID, "65 bytes"},
		{"not hex", testVerifier(), text, "zz", arena.EINVALID, "hex"},
		{"empty message", testVerifier(), "", sig, arena.EINVALID, "Malformed"},
		{"trailing newline", testVerifier(), text + "\n", sig, arena.EINVALID, "Malformed"},
		{"CRLF", testVerifier(), strings.ReplaceAll(text, "\n", "\r\n"), sig, arena.EINVALID, "Malformed"},
		{"lowercase address", testVerifier(), strings.Replace(text, addr.Hex(), strings.ToLower(addr.Hex()), 1), sig, arena.EINVALID, "checksum"},
		{"short nonce", testVerifier(), strings.Replace(text, "Nonce: "+m.Nonce, "Nonce: abc", 1), sig, arena.EINVALID, "nonce"},
		{"version 2", testVerifier(), strings.Replace(text, "Version: 1", "Version: 2", 1), sig, arena.EINVALID, "version"},
		{"bad time", testVerifier(), strings.Replace(text, "Issued At: 2026", "Issued At: 26", 1), sig, arena.EINVALID, "RFC 3339"},
		{"fields swapped", testVerifier(), strings.Replace(strings.Replace(text, "Version: 1\n", "", 1), "Chain ID: 1337\n", "Chain ID: 1337\nVersion: 1\n", 1), sig, arena.EINVALID, "Version"},
		{"extra line", testVerifier(), text + "\nHello: world", sig, arena.EINVALID, "unexpected line"},
		{"chain id leading zero", testVerifier(), strings.Replace(text, "Chain ID: 1337", "Chain ID: 01337", 1), sig, arena.EINVALID, "chain id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.v.Verify(t.Context(), c.text, c.sig)
			if err == nil {
				t.Fatalf("accepted: %+v", got)
			}
			if code := arena.ErrorCode(err); code != c.code {
				t.Fatalf("code %s, want %s (%v)", code, c.code, err)
			}
			if !strings.Contains(arena.ErrorMessage(err), c.msg) {
				t.Fatalf("message %q does not mention %q", arena.ErrorMessage(err), c.msg)
			}
		})
	}
}

func TestSIWEValidate(t *testing.T) {
	addr := common.HexToAddress("0x1111111111111111111111111111111111111111")
	for name, mod := range map[string]func(m *SIWEMessage){
		"no domain":           func(m *SIWEMessage) { m.Domain = "" },
		"domain with space":   func(m *SIWEMessage) { m.Domain = "a b" },
		"statement newline":   func(m *SIWEMessage) { m.Statement = "a\nb" },
		"statement non-ascii": func(m *SIWEMessage) { m.Statement = "héllo" },
		"relative URI":        func(m *SIWEMessage) { m.URI = "/wallet" },
		"no version":          func(m *SIWEMessage) { m.Version = "" },
		"bad nonce":           func(m *SIWEMessage) { m.Nonce = "abc-defgh" },
		"no issued at":        func(m *SIWEMessage) { m.IssuedAt = time.Time{} },
		"bad resource":        func(m *SIWEMessage) { m.Resources = []string{"nope"} },
	} {
		m := testMessage(t, addr)
		mod(m)
		if err := m.Validate(); arena.ErrorCode(err) != arena.EINVALID {
			t.Errorf("%s: got %v, want EINVALID", name, err)
		}
	}
	nonce, _ := NewNonce()
	if !validNonce(nonce) || len(nonce) != 16 {
		t.Fatalf("NewNonce gave %q", nonce)
	}
}
