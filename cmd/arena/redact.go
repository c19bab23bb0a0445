package main

import (
	"net/url"
	"regexp"
	"strings"
)

// redactURL hides the secrets a URL may carry: the password of its user, query
// parameters named like credentials, and path segments that look like API keys (node
// providers put the key in the path, as in https://mainnet.example/v3/KEY). A value that
// does not parse as a URL with a scheme is returned as it is.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "***")
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			if secretName(k) {
				q.Set(k, "***")
			}
		}
		u.RawQuery = q.Encode()
	}
	if u.Path != "" {
		parts := strings.Split(u.Path, "/")
		for i, p := range parts {
			if len(p) >= 20 && keyLike.MatchString(p) {
				parts[i] = "***"
			}
		}
		u.Path, u.RawPath = strings.Join(parts, "/"), ""
	}
	return strings.NewReplacer("%2A", "*").Replace(u.String())
}

// keyLike is a path segment long and random enough to be a key rather than a name: at
// least 20 letters, digits, _ or -, with a digit among them.
var keyLike = regexp.MustCompile(`^[A-Za-z_-]*[0-9][A-Za-z0-9_-]*$`)

// secretName reports whether a flag or parameter name is one of a secret.
func secretName(name string) bool {
	n := strings.ToLower(name)
	for _, s := range []string{"password", "passwd", "secret", "token", "salt", "apikey", "api_key", "api-key", "key"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}
