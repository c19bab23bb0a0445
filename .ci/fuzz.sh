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

# package, target
targets=(
	"./ranking FuzzStyleOf"
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
	export GOCACHE="$(mktemp -d)"
	trap 'rm -rf "$GOCACHE"' EXIT
fi

start=$SECONDS
for t in "${targets[@]}"; do
	read -r pkg name <<<"$t"
	echo "fuzz: $pkg $name ($FUZZTIME)"
	"$GO" test -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" "$pkg"
done
echo "fuzz: ${#targets[@]} targets in $((SECONDS - start))s"
