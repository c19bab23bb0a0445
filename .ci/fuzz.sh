#!/usr/bin/env bash
# Runs every Go fuzz target for FUZZTIME (default 60s) each, one after another, since
# `go test -fuzz` takes one target per run. `make fuzz` and CI (.ci/run, with a short
# FUZZTIME) both run this, so the list below is the only list of targets.
#
# What the fuzzer generates lives in GOCACHE/fuzz, not in the repository. A failure
# writes its input to the package's testdata/fuzz/FuzzX/: commit that file with the fix,
# and `go test` replays it as a regression test from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
GO="${GO:-go}"
FUZZTIME="${FUZZTIME:-60s}"
# Go minimizes every input that adds coverage, for up to -fuzzminimizetime (60s by
# default), and counts none of it as fuzzing: with ~1 ms Parquet inputs of a few KB,
# minimizing took the whole run and FuzzImportParquet explored nothing. A few seconds
# shrink inputs enough.
FUZZMINIMIZETIME="${FUZZMINIMIZETIME:-5s}"

# package, target
targets=(
	"./ranking FuzzStyleOf"
	"./arena FuzzTagPrompt"
	"./arena/images FuzzIngest"
	"./arena/dataset FuzzRedact"
	"./arena/dataset FuzzReadBattles"
	"./arena/dataset FuzzJSONLFastPath"
	"./arena/dataset FuzzSniff"
	"./arena/dataset FuzzImport"
	"./arena/dataset FuzzImportParquet"
	"./arena/dataset FuzzCSVField"
	"./arena/llm FuzzSSEStream"
	"./arena/llm FuzzThinkSplitter"
	"./arena/rewards FuzzParseSIWE"
	"./views FuzzRenderMarkdown"
	"./views FuzzBlocks"
	"./views FuzzWrapText"
)

# Every fuzz target in the tree must be listed: a new one left out would never run.
listed=$(printf '%s\n' "${targets[@]}" | sort)
found=$(git grep -o '^func Fuzz[A-Za-z0-9_]*' -- '*_test.go' | sed -E 's|^(.*)/[^/]*_test\.go:func (.*)$|./\1 \2|' | sort)
if [ "$listed" != "$found" ]; then
	echo "fuzz.sh: the target list and the Fuzz functions in the tree differ (< listed, > found):" >&2
	diff <(echo "$listed") <(echo "$found") >&2 || true
	exit 1
fi

# The fuzz cache must be writable; a read-only or missing default gets a temporary one.
cache=$("$GO" env GOCACHE)
if ! mkdir -p "$cache" 2>/dev/null || [ ! -w "$cache" ]; then
	tmpcache=$(mktemp -d)
	export GOCACHE="$tmpcache"
fi

out=$(mktemp)
trap 'rm -f "$out"; [ -z "${tmpcache:-}" ] || rm -rf "$tmpcache"' EXIT
start=$SECONDS
flakes=0
for t in "${targets[@]}"; do
	read -r pkg name <<<"$t"
	echo "fuzz: $pkg $name ($FUZZTIME)"
	if "$GO" test -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" -fuzzminimizetime "$FUZZMINIMIZETIME" "$pkg" 2>&1 | tee "$out"; then
		continue
	fi
	# Go 1.26's fuzz coordinator can report its own -fuzztime deadline as a failure,
	# "context deadline exceeded" with no failing input (go.dev/issue/75804, fixed in
	# 1.27). A failure that wrote no input under testdata/fuzz and says just that is
	# that race; a real one always writes its input.
	if [ -z "$(git status --porcelain --untracked-files=all -- "$pkg/testdata/fuzz/$name")" ] &&
		grep -qx '[[:space:]]*context deadline exceeded' "$out"; then
		echo "fuzz: $name: the coordinator's deadline race (go.dev/issue/75804), no failing input: not a failure"
		flakes=$((flakes + 1))
		continue
	fi
	echo "fuzz: $name failed; its input is under $pkg/testdata/fuzz/$name/" >&2
	exit 1
done
echo "fuzz: ${#targets[@]} targets in $((SECONDS - start))s ($flakes deadline races)"
