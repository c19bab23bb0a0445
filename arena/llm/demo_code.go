package llm

import (
	"strings"
	"unicode"
)

// fenceLang is the info string of a fenced block, as highlighters expect it.
func fenceLang(lang string) string {
	if lang == "" {
		return "python"
	}
	return lang
}

// ident makes an identifier from the prompt's words: snake_case, camelCase or
// PascalCase, falling back to "solve" when the prompt has none to spare.
func ident(terms []string, style string) string {
	var words []string
	for _, t := range terms {
		lt := strings.ToLower(t)
		if strings.ContainsAny(t, " '-+#") || lt == "go" || lt == "golang" || lt == "sql" {
			continue
		}
		skip := false
		for _, l := range languages {
			if lt == l.name {
				skip = true
			}
		}
		if !skip && strings.IndexFunc(t, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsLetter(r) }) < 0 {
			words = append(words, lt)
		}
		if len(words) == 2 {
			break
		}
	}
	if len(words) == 0 {
		words = []string{"solve"}
	}
	switch style {
	case "snake":
		return strings.Join(words, "_")
	case "pascal":
		words[0] = capitalize(words[0])
	}
	for i := 1; i < len(words); i++ {
		words[i] = capitalize(words[i])
	}
	return strings.Join(words, "")
}

// quoted makes term safe inside a double-quoted string literal in any of the languages.
func quoted(term string) string {
	return strings.NewReplacer(`"`, "", `\`, "", "$", "", "`", "").Replace(term)
}

// codeFor writes a short, runnable program in p.lang about p: a known recipe when the
// prompt names one, otherwise a small generic routine named after the prompt's words.
func codeFor(p prompt, d *dice) string {
	lang := fenceLang(p.lang)
	lower := strings.ToLower(strings.Join(p.terms, " ") + " " + p.subject)
	for _, r := range recipes {
		if strings.Contains(lower, r.keyword) {
			if code, ok := r.code[lang]; ok {
				return code
			}
		}
	}
	name := ident(p.terms, "snake")
	switch lang {
	case "go", "javascript", "typescript", "java":
		name = ident(p.terms, "camel")
	}
	t := func(i int) string { return quoted(p.terms[i%len(p.terms)]) }
	col := ident(p.terms[:1], "snake")
	tmpl, ok := generic[lang]
	if !ok {
		tmpl = "# Shown in Python; the same shape carries over to " + langName(lang) + ".\n" + generic["python"]
	}
	return strings.NewReplacer("NAME", name, "TERM1", t(0), "TERM2", t(1), "TERM3", t(2),
		"COLUMN", col, "TABLE", ident(p.terms[1:], "snake")+"s", "SUBJECT", quoted(p.subject)).Replace(tmpl)
}

var generic = map[string]string{
	"python": `def NAME(items):
    """SUBJECT: handle the empty case, then each item in order."""
    if not items:
        return []
    result = []
    for item in items:
        if item is None:
            continue  # skip gaps instead of failing on them
        result.append(item)
    return result


if __name__ == "__main__":
    print(NAME(["TERM1", None, "TERM2", "TERM3"]))`,
	"go": `package main

import "fmt"

// NAME handles SUBJECT: empty input first, then each item in turn.
func NAME(items []string) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		if it == "" {
			continue // skip gaps instead of failing on them
		}
		out = append(out, it)
	}
	return out
}

func main() {
	fmt.Println(NAME([]string{"TERM1", "", "TERM2", "TERM3"}))
}`,
	"javascript": `// SUBJECT: skip empty entries, keep the rest in order.
function NAME(items) {
  if (!Array.isArray(items)) throw new TypeError("expected an array");
  return items.filter((item) => item != null && item !== "");
}

console.log(NAME(["TERM1", "", "TERM2", "TERM3"]));`,
	"typescript": `// SUBJECT: skip empty entries, keep the rest in order.
function NAME(items: Array<string | null>): string[] {
  return items.filter((item): item is string => item !== null && item !== "");
}

console.log(NAME(["TERM1", null, "TERM2", "TERM3"]));`,
	"rust": `/// SUBJECT: skip empty entries, keep the rest in order.
fn NAME(items: &[&str]) -> Vec<String> {
    items
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.to_string())
        .collect()
}

fn main() {
    println!("{:?}", NAME(&["TERM1", "", "TERM2", "TERM3"]));
}`,
	"java": `import java.util.*;

public class Main {
    // SUBJECT: skip blanks, keep the order.
    static List<String> NAME(List<String> items) {
        List<String> out = new ArrayList<>();
        for (String s : items) {
            if (s == null || s.isBlank()) continue;
            out.add(s);
        }
        return out;
    }

    public static void main(String[] args) {
        System.out.println(NAME(Arrays.asList("TERM1", "", "TERM2", "TERM3")));
    }
}`,
	"sql": `-- SUBJECT
SELECT COLUMN, COUNT(*) AS total
FROM TABLE
WHERE COLUMN IS NOT NULL
GROUP BY COLUMN
ORDER BY total DESC
LIMIT 10;`,
	"bash": `#!/usr/bin/env bash
# SUBJECT
set -euo pipefail

NAME() {
  for item in "$@"; do
    [[ -z "$item" ]] && continue  # skip gaps
    echo "processing: $item"
  done
}

NAME "TERM1" "" "TERM2" "TERM3"`,
}

var recipes = []struct {
	keyword string
	code    map[string]string
}{
	{"fibonacci", map[string]string{
		"python": `def fibonacci(n):
    """Return the first n Fibonacci numbers."""
    a, b = 0, 1
    out = []
    for _ in range(n):
        out.append(a)
        a, b = b, a + b
    return out


print(fibonacci(10))  # [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]`,
		"go": `package main

import "fmt"

// fibonacci returns the first n Fibonacci numbers.
func fibonacci(n int) []int {
	out := make([]int, 0, n)
	a, b := 0, 1
	for range n {
		out = append(out, a)
		a, b = b, a+b
	}
	return out
}

func main() {
	fmt.Println(fibonacci(10)) // [0 1 1 2 3 5 8 13 21 34]
}`,
		"javascript": `// Return the first n Fibonacci numbers.
function fibonacci(n) {
  const out = [];
  let [a, b] = [0, 1];
  for (let i = 0; i < n; i++) {
    out.push(a);
    [a, b] = [b, a + b];
  }
  return out;
}

console.log(fibonacci(10)); // [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]`,
	}},
	{"prime", map[string]string{
		"python": `def primes_up_to(n):
    """Sieve of Eratosthenes: all primes <= n."""
    if n < 2:
        return []
    is_prime = [True] * (n + 1)
    is_prime[0] = is_prime[1] = False
    for i in range(2, int(n ** 0.5) + 1):
        if is_prime[i]:
            for j in range(i * i, n + 1, i):
                is_prime[j] = False
    return [i for i, p in enumerate(is_prime) if p]


print(primes_up_to(30))`,
		"go": `package main

import "fmt"

// primesUpTo is the sieve of Eratosthenes: all primes <= n.
func primesUpTo(n int) []int {
	if n < 2 {
		return nil
	}
	composite := make([]bool, n+1)
	var out []int
	for i := 2; i <= n; i++ {
		if composite[i] {
			continue
		}
		out = append(out, i)
		for j := i * i; j <= n; j += i {
			composite[j] = true
		}
	}
	return out
}

func main() {
	fmt.Println(primesUpTo(30))
}`,
		"javascript": `// Sieve of Eratosthenes: all primes <= n.
function primesUpTo(n) {
  if (n < 2) return [];
  const composite = new Array(n + 1).fill(false);
  const out = [];
  for (let i = 2; i <= n; i++) {
    if (composite[i]) continue;
    out.push(i);
    for (let j = i * i; j <= n; j += i) composite[j] = true;
  }
  return out;
}

console.log(primesUpTo(30));`,
	}},
	{"reverse", map[string]string{
		"python": `def reverse(items):
    """Return a reversed copy; works for lists and strings alike."""
    return items[::-1]


print(reverse("hello"))      # olleh
print(reverse([1, 2, 3]))    # [3, 2, 1]`,
		"go": `package main

import "fmt"

// reverse returns s reversed, rune by rune, so multi-byte characters survive.
func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

func main() {
	fmt.Println(reverse("hello, 世界"))
}`,
		"javascript": `// Reverse a string by code points, so emoji and accents survive.
function reverse(s) {
  return Array.from(s).reverse().join("");
}

console.log(reverse("hello")); // "olleh"`,
	}},
}
