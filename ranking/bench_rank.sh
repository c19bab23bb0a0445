#!/bin/sh
# End-to-end benchmark of `arena rank --bootstrap 100` on 1.5M synthetic battles over 114
# models (clean_battle JSON Lines). The file is generated under /tmp, never committed.
# Usage: sh ranking/bench_rank.sh   (from the repository root)
set -e
bin=${TMPDIR:-/tmp}/arena-bench
file=${TMPDIR:-/tmp}/arena-bench-battles.jsonl
go build -o "$bin" ./cmd/arena
[ -f "$file" ] || "$bin" gen-battles --models 114 --battles 1500000 --seed 1 --out "$file"
ls -l "$file"
/usr/bin/time -v "$bin" rank --bootstrap 100 "$file" 2>&1 >/dev/null |
	grep -E 'Elapsed|Maximum resident|Percent of CPU'
