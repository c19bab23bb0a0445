package main

import (
	"strings"
	"testing"
)

// TestVoterSalt: the voter hash is off unless asked for; asked for, it takes the salt
// flag, or one derived from (never equal to) the secret key, or says what is missing.
func TestVoterSalt(t *testing.T) {
	key := strings.Repeat("ab", 32)
	env := func(vars map[string]string) *Env { return &Env{Getenv: func(k string) string { return vars[k] }} }
	if s, err := (&labOptions{}).voterSalt(env(map[string]string{"ARENA_SECRET_KEY": key})); s != nil || err != nil {
		t.Errorf("not asked for: %q, %v", s, err)
	}
	if s, err := (&labOptions{sendUserHash: true, userHashSalt: "pepper"}).voterSalt(env(nil)); string(s) != "pepper" || err != nil {
		t.Errorf("salt flag: %q, %v", s, err)
	}
	s, err := (&labOptions{sendUserHash: true}).voterSalt(env(map[string]string{"ARENA_SECRET_KEY": key}))
	if err != nil || len(s) != 32 || strings.Contains(string(s), "\xab\xab\xab\xab") {
		t.Errorf("derived from the key: %x, %v", s, err)
	}
	if _, err := (&labOptions{sendUserHash: true}).voterSalt(env(nil)); err == nil || !strings.Contains(err.Error(), "--user-hash-salt") {
		t.Errorf("no salt and no key: %v", err)
	}
}
