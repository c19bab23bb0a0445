package arena

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// secretVersion prefixes every sealed value, so the format can change later.
const secretVersion byte = 1

// SecretBox encrypts secrets at rest, such as the API keys labs enter for their models:
// AES-256-GCM under the server's key, a fresh random nonce per value. A sealed value is
// version (1 byte) | nonce (12 bytes) | ciphertext and tag.
type SecretBox struct {
	aead cipher.AEAD
}

// NewSecretBox returns a box for a 32-byte key.
func NewSecretBox(key []byte) (*SecretBox, error) {
	if len(key) != 32 {
		return nil, Errorf(EINVALID, "The secret key must be 32 bytes (64 hex digits or 44 base64 characters); it is %d bytes.", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &SecretBox{aead: aead}, nil
}

// ParseSecretKey reads a 32-byte key written as 64 hex digits or as base64 (standard
// or URL alphabet, padded or not), ignoring surrounding white space.
func ParseSecretKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if b, err := hex.DecodeString(s); err == nil && len(b) == 32 {
		return b, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) == 32 {
			return b, nil
		}
	}
	return nil, Errorf(EINVALID, "The secret key must be 32 random bytes written as 64 hex digits or in base64 (try: openssl rand -hex 32).")
}

// Seal encrypts plain; context is authenticated but not stored (a value sealed for one
// context does not open in another).
func (b *SecretBox) Seal(plain, context string) []byte {
	nonce := make([]byte, b.aead.NonceSize())
	rand.Read(nonce)
	out := append([]byte{secretVersion}, nonce...)
	return b.aead.Seal(out, nonce, []byte(plain), []byte(context))
}

// Open decrypts a value Seal returned for the same context.
func (b *SecretBox) Open(sealed []byte, context string) (string, error) {
	ns := b.aead.NonceSize()
	if len(sealed) < 1+ns+b.aead.Overhead() || sealed[0] != secretVersion {
		return "", Errorf(EINTERNAL, "The stored secret is not in a known format.")
	}
	plain, err := b.aead.Open(nil, sealed[1:1+ns], sealed[1+ns:], []byte(context))
	if err != nil {
		return "", Errorf(EINTERNAL, "The stored secret cannot be decrypted with this server's key.")
	}
	return string(plain), nil
}
