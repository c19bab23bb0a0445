package rewards

import (
	"bytes"
	"context"
	"crypto/rand"
	"math/big"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
)

// SIWEMessage is a Sign-In with Ethereum (EIP-4361) message. The arena builds one with
// String, the wallet signs the text with personal_sign (EIP-191), and SIWEVerifier.Verify
// parses the text back strictly and checks the signature.
type SIWEMessage struct {
	Scheme         string         // optional, e.g. "https"; "" when absent
	Domain         string         // the authority asking for the signature, e.g. "arena.example"
	Address        common.Address // the wallet signing in
	Statement      string         // optional human-readable line; "" when absent
	URI            string         // the resource the sign-in is for, an absolute URI
	Version        string         // always "1"
	ChainID        uint64         // EIP-155 chain id
	Nonce          string         // at least 8 letters or digits, single use (the store's job)
	IssuedAt       time.Time      // required
	ExpirationTime time.Time      // optional; zero when absent
	NotBefore      time.Time      // optional; zero when absent
	RequestID      string         // optional; "" when absent
	Resources      []string       // optional URIs
}

const (
	siweVersion  = "1"
	siweHeader   = " wants you to sign in with your Ethereum account:"
	siweSkew     = 5 * time.Minute // how far in the future Issued At may be
	siweMaxBytes = 16 << 10
)

func siweInvalid(format string, args ...any) error {
	return arena.Errorf(arena.EINVALID, "Malformed sign-in message: "+format, args...)
}

// NewNonce returns a random 16-character alphanumeric nonce for a SIWE message.
func NewNonce() (string, error) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	var b [16]byte
	max := big.NewInt(int64(len(alphabet)))
	for i := range b {
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", err
		}
		b[i] = alphabet[n.Int64()]
	}
	return string(b[:]), nil
}

// Validate checks that m can be written as an EIP-4361 message.
func (m *SIWEMessage) Validate() error {
	if m.Scheme != "" && !validScheme(m.Scheme) {
		return siweInvalid("the scheme %q is not valid.", m.Scheme)
	}
	if m.Domain == "" || strings.ContainsAny(m.Domain, " /\t\r\n") || strings.ContainsFunc(m.Domain, isControl) {
		return siweInvalid("the domain %q is not valid.", m.Domain)
	}
	if !validStatement(m.Statement) {
		return siweInvalid("the statement may hold only printable ASCII URI characters and spaces.")
	}
	if !validURI(m.URI) {
		return siweInvalid("the URI %q is not an absolute URI.", m.URI)
	}
	if m.Version != siweVersion {
		return siweInvalid("the version must be %q.", siweVersion)
	}
	if !validNonce(m.Nonce) {
		return siweInvalid("the nonce must be at least 8 letters or digits.")
	}
	if m.IssuedAt.IsZero() {
		return siweInvalid("Issued At is missing.")
	}
	if strings.ContainsFunc(m.RequestID, func(r rune) bool { return isControl(r) || r == ' ' }) {
		return siweInvalid("the request id may not hold spaces or control characters.")
	}
	for _, r := range m.Resources {
		if !validURI(r) {
			return siweInvalid("the resource %q is not an absolute URI.", r)
		}
	}
	return nil
}

func formatSIWETime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// String writes m as the EIP-4361 text a wallet signs. Call Validate first: String does
// not check its fields.
func (m *SIWEMessage) String() string {
	var b strings.Builder
	if m.Scheme != "" {
		b.WriteString(m.Scheme + "://")
	}
	b.WriteString(m.Domain + siweHeader + "\n")
	b.WriteString(m.Address.Hex() + "\n\n")
	if m.Statement != "" {
		b.WriteString(m.Statement + "\n")
	}
	b.WriteString("\n")
	b.WriteString("URI: " + m.URI + "\n")
	b.WriteString("Version: " + m.Version + "\n")
	b.WriteString("Chain ID: " + strconv.FormatUint(m.ChainID, 10) + "\n")
	b.WriteString("Nonce: " + m.Nonce + "\n")
	b.WriteString("Issued At: " + formatSIWETime(m.IssuedAt))
	if !m.ExpirationTime.IsZero() {
		b.WriteString("\nExpiration Time: " + formatSIWETime(m.ExpirationTime))
	}
	if !m.NotBefore.IsZero() {
		b.WriteString("\nNot Before: " + formatSIWETime(m.NotBefore))
	}
	if m.RequestID != "" {
		b.WriteString("\nRequest ID: " + m.RequestID)
	}
	if len(m.Resources) > 0 {
		b.WriteString("\nResources:")
		for _, r := range m.Resources {
			b.WriteString("\n- " + r)
		}
	}
	return b.String()
}

// ParseSIWE parses an EIP-4361 message strictly: the exact layout of the standard, LF line
// ends, no trailing newline, an EIP-55 checksummed address, fields in the standard's
// order. Any departure is an EINVALID error.
func ParseSIWE(text string) (*SIWEMessage, error) {
	if len(text) > siweMaxBytes {
		return nil, siweInvalid("it is too long.")
	}
	if strings.ContainsRune(text, '\r') {
		return nil, siweInvalid("lines must end with LF only.")
	}
	lines := strings.Split(text, "\n")
	m := &SIWEMessage{}
	next := 0
	line := func() (string, bool) {
		if next >= len(lines) {
			return "", false
		}
		next++
		return lines[next-1], true
	}
	field := func(prefix string) (string, error) {
		l, ok := line()
		if !ok || !strings.HasPrefix(l, prefix) {
			return "", siweInvalid("expected a line starting %q.", prefix)
		}
		return l[len(prefix):], nil
	}

	header, _ := line()
	authority, ok := strings.CutSuffix(header, siweHeader)
	if !ok {
		return nil, siweInvalid("the first line must end %q.", siweHeader)
	}
	if scheme, rest, found := strings.Cut(authority, "://"); found {
		// An empty scheme would parse as none and String would drop the "://": the
		// signed text and the message the arena reads would differ (found by
		// FuzzParseSIWE).
		if scheme == "" {
			return nil, siweInvalid("the scheme before \"://\" is empty.")
		}
		m.Scheme, authority = scheme, rest
	}
	m.Domain = authority

	addr, ok := line()
	if !ok || !common.IsHexAddress(addr) || !strings.HasPrefix(addr, "0x") {
		return nil, siweInvalid("the second line must be an Ethereum address.")
	}
	m.Address = common.HexToAddress(addr)
	if m.Address.Hex() != addr {
		return nil, siweInvalid("the address must be written with its EIP-55 checksum.")
	}
	if l, ok := line(); !ok || l != "" {
		return nil, siweInvalid("expected an empty line after the address.")
	}
	l, ok := line()
	if !ok {
		return nil, siweInvalid("it ends after the address.")
	}
	if l != "" {
		m.Statement = l
		if l, ok := line(); !ok || l != "" {
			return nil, siweInvalid("expected an empty line after the statement.")
		}
	}

	var err error
	if m.URI, err = field("URI: "); err != nil {
		return nil, err
	}
	if m.Version, err = field("Version: "); err != nil {
		return nil, err
	}
	chain, err := field("Chain ID: ")
	if err != nil {
		return nil, err
	}
	m.ChainID, err = strconv.ParseUint(chain, 10, 64)
	if err != nil || strconv.FormatUint(m.ChainID, 10) != chain {
		return nil, siweInvalid("the chain id %q is not a number.", chain)
	}
	if m.Nonce, err = field("Nonce: "); err != nil {
		return nil, err
	}
	issued, err := field("Issued At: ")
	if err != nil {
		return nil, err
	}
	if m.IssuedAt, err = parseSIWETime("Issued At", issued); err != nil {
		return nil, err
	}

	optional := func(prefix string) (string, bool) {
		if next < len(lines) && strings.HasPrefix(lines[next], prefix) {
			next++
			return lines[next-1][len(prefix):], true
		}
		return "", false
	}
	if v, ok := optional("Expiration Time: "); ok {
		if m.ExpirationTime, err = parseSIWETime("Expiration Time", v); err != nil {
			return nil, err
		}
	}
	if v, ok := optional("Not Before: "); ok {
		if m.NotBefore, err = parseSIWETime("Not Before", v); err != nil {
			return nil, err
		}
	}
	if v, ok := optional("Request ID: "); ok {
		if v == "" {
			return nil, siweInvalid("the request id is empty.")
		}
		m.RequestID = v
	}
	if next < len(lines) && lines[next] == "Resources:" {
		next++
		for next < len(lines) {
			r, ok := strings.CutPrefix(lines[next], "- ")
			if !ok {
				break
			}
			m.Resources = append(m.Resources, r)
			next++
		}
		if len(m.Resources) == 0 {
			return nil, siweInvalid("Resources lists nothing.")
		}
	}
	if next < len(lines) {
		return nil, siweInvalid("unexpected line %q.", arena.Truncate(lines[next], 40))
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return m, nil
}

func parseSIWETime(name, v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, siweInvalid("%s %q is not an RFC 3339 time.", name, arena.Truncate(v, 40))
	}
	return t.UTC(), nil
}

// SIWEVerifier checks signed sign-in messages for one site.
type SIWEVerifier struct {
	Domain  string        // required: the message's domain must equal it
	URI     string        // if set, the message's URI must equal it
	ChainID uint64        // if set, the message's chain id must equal it
	MaxAge  time.Duration // if set, messages issued longer ago than this are expired
	Clock   arena.Clock   // nil means the system clock
	// Contracts, if set, checks the signatures of contract wallets (EIP-1271, ERC-6492)
	// through the chain node; without it only keys' signatures are accepted.
	Contracts ContractSignatures
}

// ERC6492Suffix ends an ERC-6492 signature: abi.encode(factory, factoryCalldata,
// signature) followed by these 32 bytes, made by a smart account not deployed yet.
var ERC6492Suffix = bytes.Repeat([]byte{0x64, 0x92}, 16)

// SignatureCheck is a node's answer about a contract wallet's signature.
type SignatureCheck int

// The answers of ContractSignatures.CheckSignature.
const (
	// SignatureValid: the contract (deployed, or deployed by its ERC-6492 factory within
	// the call) answered isValidSignature with 0x1626ba7e.
	SignatureValid SignatureCheck = iota
	// SignatureRefused: it answered anything else, or reverted.
	SignatureRefused
	// SignatureNoCode: the address has no code (and the ERC-6492 factory, if any, did
	// not deploy it), so it is a plain key's address.
	SignatureNoCode
)

// ContractSignatures checks contract wallets' signatures through a chain node;
// arena/chain.Signatures is one.
type ContractSignatures interface {
	// CheckSignature asks signer whether it accepts sig for hash (EIP-1271), deploying it
	// first within the same read-only call when sig is ERC-6492-wrapped. An error means
	// the node could not answer.
	CheckSignature(ctx context.Context, signer common.Address, hash common.Hash, sig []byte) (SignatureCheck, error)
}

// Verify parses message strictly, checks it is for this site and valid now, and checks
// that signature (hex with 0x) was made by the message's address: a 65-byte
// personal_sign signature of its key, or, through Contracts, a signature its contract
// wallet accepts (EIP-1271 isValidSignature of the EIP-191 hash of the message), or one
// wrapped for a smart account not deployed yet (ERC-6492). It returns the parsed
// message; the caller must still consume its Nonce exactly once.
//
// Errors are *arena.Error: EINVALID for a malformed message or signature, EUNAUTHORIZED for
// a well-formed message that must be refused (wrong domain, URI or chain, expired, not yet
// valid, or signed by another key — which is also what an altered message looks like),
// EUNAVAILABLE when a contract wallet's signature cannot be checked (no node, or the node
// does not answer).
func (v SIWEVerifier) Verify(ctx context.Context, message, signature string) (*SIWEMessage, error) {
	m, err := ParseSIWE(message)
	if err != nil {
		return nil, err
	}
	sig, err := hexutil.Decode(signature)
	if err != nil {
		return nil, arena.Errorf(arena.EINVALID, "The signature is not 0x-prefixed hex.")
	}
	if v.Domain == "" {
		return nil, arena.Errorf(arena.EINTERNAL, "The sign-in verifier has no domain configured.")
	}
	if m.Domain != v.Domain {
		return nil, arena.Errorf(arena.EUNAUTHORIZED, "The sign-in message is for %q, not this site.", arena.Truncate(m.Domain, 80))
	}
	if v.URI != "" && m.URI != v.URI {
		return nil, arena.Errorf(arena.EUNAUTHORIZED, "The sign-in message is for another URI.")
	}
	if v.ChainID != 0 && m.ChainID != v.ChainID {
		return nil, arena.Errorf(arena.EUNAUTHORIZED, "The sign-in message is for chain %d, not chain %d.", m.ChainID, v.ChainID)
	}
	clock := v.Clock
	if clock == nil {
		clock = arena.SystemClock{}
	}
	now := clock.Now()
	if !m.ExpirationTime.IsZero() && !now.Before(m.ExpirationTime) {
		return nil, arena.Errorf(arena.EUNAUTHORIZED, "The sign-in message has expired; please sign in again.")
	}
	if v.MaxAge > 0 && now.Sub(m.IssuedAt) > v.MaxAge {
		return nil, arena.Errorf(arena.EUNAUTHORIZED, "The sign-in message has expired; please sign in again.")
	}
	if m.IssuedAt.After(now.Add(siweSkew)) {
		return nil, arena.Errorf(arena.EUNAUTHORIZED, "The sign-in message is issued in the future.")
	}
	if !m.NotBefore.IsZero() && now.Before(m.NotBefore) {
		return nil, arena.Errorf(arena.EUNAUTHORIZED, "The sign-in message is not valid yet.")
	}
	if err := v.checkSigner(ctx, m.Address, []byte(message), sig); err != nil {
		return nil, err
	}
	return m, nil
}

// checkSigner accepts sig when address's key made it, and otherwise asks the node
// whether address is a contract wallet that accepts it. A key is tried first, as it
// needs no node; a wrapped (ERC-6492) signature goes to the node straight away, since
// it is a smart account's by construction.
func (v SIWEVerifier) checkSigner(ctx context.Context, address common.Address, message, sig []byte) error {
	wrapped := bytes.HasSuffix(sig, ERC6492Suffix)
	var keyErr error
	if !wrapped {
		signer, err := RecoverPersonalSign(message, sig)
		if err == nil && signer == address {
			return nil
		}
		keyErr = err
		if err == nil {
			keyErr = arena.Errorf(arena.EUNAUTHORIZED, "The signature was not made by %s.", address.Hex())
		}
	}
	if v.Contracts == nil {
		const noNode = "contract wallets (smart accounts) are checked through the server's chain node, and this server has none (it runs without --rpc): link a wallet with its own key, or ask the operator to configure the node."
		switch {
		case wrapped:
			return arena.Errorf(arena.EUNAVAILABLE, "This is a smart account's ERC-6492 signature, but "+noNode)
		case len(sig) != crypto.SignatureLength:
			return arena.Errorf(arena.EINVALID, "The signature is %d bytes, so it is not a key's (65 bytes). If %s is a contract wallet, "+noNode, len(sig), address.Hex())
		case arena.ErrorCode(keyErr) == arena.EINVALID:
			return keyErr
		}
		return arena.Errorf(arena.EUNAUTHORIZED, "The signature was not made by %s's key. If %s is a contract wallet, "+noNode, address.Hex(), address.Hex())
	}
	res, err := v.Contracts.CheckSignature(ctx, address, common.BytesToHash(accounts.TextHash(message)), sig)
	if err != nil {
		return arena.Errorf(arena.EUNAVAILABLE, "The chain node does not answer, so this contract wallet's signature cannot be checked now; try again in a minute.")
	}
	switch res {
	case SignatureValid:
		return nil
	case SignatureRefused:
		return arena.Errorf(arena.EUNAUTHORIZED, "The contract wallet %s does not accept this signature (EIP-1271 isValidSignature refused it).", address.Hex())
	}
	if wrapped {
		return arena.Errorf(arena.EUNAUTHORIZED, "The smart account %s is not deployed, and the factory in its ERC-6492 signature did not deploy it.", address.Hex())
	}
	return keyErr
}

// RecoverPersonalSign returns the address whose key made sig, an EIP-191 personal_sign
// signature of message: 65 bytes r || s || v with v either 27/28 or 0/1. High-s
// (malleable) signatures are refused. Errors are EINVALID.
func RecoverPersonalSign(message, sig []byte) (common.Address, error) {
	if len(sig) != crypto.SignatureLength {
		return common.Address{}, arena.Errorf(arena.EINVALID, "The signature must be %d bytes, not %d.", crypto.SignatureLength, len(sig))
	}
	s := make([]byte, crypto.SignatureLength)
	copy(s, sig)
	if s[64] >= 27 {
		s[64] -= 27
	}
	r, ss := new(big.Int).SetBytes(s[:32]), new(big.Int).SetBytes(s[32:64])
	if !crypto.ValidateSignatureValues(s[64], r, ss, true) {
		return common.Address{}, arena.Errorf(arena.EINVALID, "The signature is not a valid secp256k1 signature.")
	}
	pub, err := crypto.SigToPub(accounts.TextHash(message), s)
	if err != nil {
		return common.Address{}, arena.Errorf(arena.EINVALID, "The signature is not a valid secp256k1 signature.")
	}
	return crypto.PubkeyToAddress(*pub), nil
}

func validScheme(s string) bool {
	for i, r := range s {
		alpha := (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
		if !alpha && (i == 0 || !(r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')) {
			return false
		}
	}
	return s != ""
}

func validURI(s string) bool {
	if s == "" || strings.ContainsFunc(s, func(r rune) bool { return isControl(r) || r == ' ' }) {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && validScheme(u.Scheme)
}

// validStatement allows RFC 3986 reserved and unreserved characters and spaces, as
// EIP-4361's ABNF does.
func validStatement(s string) bool {
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case strings.ContainsRune("-._~:/?#[]@!$&'()*+,;= ", r):
		default:
			return false
		}
	}
	return true
}

func validNonce(s string) bool {
	if len(s) < 8 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }
