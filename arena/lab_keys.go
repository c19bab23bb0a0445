package arena

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// LabKeyEnvPrefix marks a model whose API key is stored encrypted in the database: its
// APIKeyEnv is this prefix and the model id, which Labs.Getenv resolves.
const LabKeyEnvPrefix = "arena-lab-key:"

func keyContext(id int64) string { return "arena model api key " + strconv.FormatInt(id, 10) }

// SetKey replaces a model's API key. The key is never shown again.
func (l *Labs) SetKey(ctx context.Context, actor *User, id int64, key string) error {
	m, _, err := l.Model(ctx, actor, id)
	if err != nil {
		return err
	}
	key = strings.TrimSpace(key)
	if key == "" {
		return Errorf(EINVALID, "Enter the new API key.")
	}
	if l.Box == nil {
		return Errorf(EUNAVAILABLE, "This arena cannot store API keys: its operator has not configured a secret key.")
	}
	if m.LabID == 0 {
		return Errorf(EINVALID, "This model is configured by the operator, with its key in the environment.")
	}
	if err := l.ModelStore.SetModelKey(ctx, id, l.Box.Seal(key, keyContext(id)), l.Clock.Now()); err != nil {
		return err
	}
	l.mu.Lock()
	if l.keys == nil {
		l.keys = map[int64]string{}
	}
	l.keys[id] = key
	l.mu.Unlock()
	if l.OnKeyChange != nil {
		l.OnKeyChange(id)
	}
	return nil
}

// ForgetKeys drops this server's decrypted copies of the keys of models ids (of every
// model when none are given), which another server replaced; the next call reads the
// new key from the store.
func (l *Labs) ForgetKeys(ids ...int64) {
	l.mu.Lock()
	if len(ids) == 0 {
		clear(l.keys)
	}
	for _, id := range ids {
		delete(l.keys, id)
	}
	l.mu.Unlock()
}

// apiKey returns a lab model's decrypted key, "" when it has none.
func (l *Labs) apiKey(ctx context.Context, id int64) (string, error) {
	l.mu.Lock()
	k, ok := l.keys[id]
	l.mu.Unlock()
	if ok {
		return k, nil
	}
	sealed, err := l.ModelStore.ModelKey(ctx, id)
	if err != nil {
		return "", err
	}
	if len(sealed) == 0 {
		return "", nil
	}
	if l.Box == nil {
		return "", Errorf(EUNAVAILABLE, "The model's API key is stored encrypted, and this server was started without the secret key.")
	}
	k, err = l.Box.Open(sealed, keyContext(id))
	if err != nil {
		return "", err
	}
	l.mu.Lock()
	if l.keys == nil {
		l.keys = map[int64]string{}
	}
	l.keys[id] = k
	l.mu.Unlock()
	return k, nil
}

// Getenv wraps an environment lookup so that the API key variables of lab models
// (LabKeyEnvPrefix + id) resolve to their decrypted keys: pass it as llm.Options.Getenv.
// A key that cannot be read resolves to "", which makes the model's calls fail (and the
// model be paused) rather than go out without it.
func (l *Labs) Getenv(fallback func(string) string) func(string) string {
	return func(name string) string {
		rest, ok := strings.CutPrefix(name, LabKeyEnvPrefix)
		if !ok {
			return fallback(name)
		}
		id, err := strconv.ParseInt(rest, 10, 64)
		if err != nil {
			return ""
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		k, err := l.apiKey(ctx, id)
		if err != nil {
			l.log().Warn("cannot read a model's API key", "model_id", id, "error", err)
			return ""
		}
		return k
	}
}
