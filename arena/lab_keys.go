package arena

import (
	"context"
	"strconv"
	"strings"
)

// keyContext binds a sealed key to its model, so a key copied to another row of the
// database does not open there.
func keyContext(id int64) string { return "arena model api key " + strconv.FormatInt(id, 10) }

// knownKey is what this server has learnt of a model's key: whether the model is a
// lab's (whose key the store holds, sealed) and, if so, the decrypted key.
type knownKey struct {
	lab bool
	key string
}

func (l *Labs) remember(id int64, k knownKey) {
	l.mu.Lock()
	if l.keys == nil {
		l.keys = map[int64]knownKey{}
	}
	l.keys[id] = k
	l.mu.Unlock()
}

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
	l.remember(id, knownKey{lab: true, key: key})
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

// APIKey makes Labs the arena's KeySource: a lab model's key is decrypted from the
// store (once per server, until ForgetKeys), and the operator's own models get theirs
// from Operator.
func (l *Labs) APIKey(ctx context.Context, m Model) (string, error) {
	k, err := l.known(ctx, m)
	if err != nil {
		return "", err
	}
	if !k.lab {
		if l.Operator == nil {
			// No variable can be read, so a model naming one is reported as unset.
			return EnvKeys(func(string) string { return "" }).APIKey(ctx, m)
		}
		return l.Operator.APIKey(ctx, m)
	}
	return k.key, nil
}

// IsLabModel reports whether m is a lab's rather than the operator's, from what this
// server learnt of it for its key: the two are called through different guards.
func (l *Labs) IsLabModel(ctx context.Context, m Model) (bool, error) {
	k, err := l.known(ctx, m)
	return k.lab, err
}

// known is what this server knows of m's owner and key, read from the store the first
// time (and after ForgetKeys).
func (l *Labs) known(ctx context.Context, m Model) (knownKey, error) {
	l.mu.Lock()
	k, ok := l.keys[m.ID]
	l.mu.Unlock()
	if ok {
		return k, nil
	}
	lm, err := l.ModelStore.LabModel(ctx, m.ID)
	if err != nil {
		return k, err
	}
	k.lab = lm.LabID != 0
	if k.lab && lm.HasKey {
		if k.key, err = l.openKey(ctx, m.ID); err != nil {
			return knownKey{lab: true}, err
		}
	}
	l.remember(m.ID, k)
	return k, nil
}

// openKey reads and decrypts a lab model's sealed key.
func (l *Labs) openKey(ctx context.Context, id int64) (string, error) {
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
	return l.Box.Open(sealed, keyContext(id))
}

// VerifyKeys opens every API key the labs stored, so a server started with the wrong
// secret key, or none, stops at once with the reason. Otherwise every keyed lab model
// would fail its first calls and be paused, blaming the lab for the operator's mistake.
func (l *Labs) VerifyKeys(ctx context.Context) error {
	models, err := l.ModelStore.LabModels(ctx, 0)
	if err != nil {
		return err
	}
	for _, m := range models {
		if m.LabID == 0 || !m.HasKey || m.Status == ModelRetired {
			continue
		}
		if l.Box == nil {
			return Errorf(EINVALID, "Labs have stored API keys (model %q is one), and this server was started without the secret key that encrypts them: set --secret-key-file or ARENA_SECRET_KEY to that key.", m.Name)
		}
		if _, err := l.openKey(ctx, m.ID); err != nil {
			return Errorf(EINVALID, "The secret key given cannot open the API keys labs stored (model %q is one): start the server with the key they were stored with.", m.Name)
		}
	}
	return nil
}
