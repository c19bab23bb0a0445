#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback for the test suite, installing it from
# Debian's packages if needed, and prints the ARENA_TEST_POSTGRES value that points the
# tests at it. Usage: eval "$(.ci/postgres.sh)"; .ci/postgres.sh stop
set -euo pipefail
PORT="${ARENA_PG_PORT:-55432}"
DIR="${ARENA_PG_DIR:-/tmp/arena-pg}"

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1; }

if [ "${1:-}" = stop ]; then
	[ -d "$DIR/data" ] && runuser -u postgres -- "$(bindir)/pg_ctl" -D "$DIR/data" -m fast stop >&2 || true
	exit 0
fi

if [ -z "$(bindir)" ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	# policy-rc.d keeps the package from starting its own cluster on port 5432.
	printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
	apt-get install -y -qq --no-install-recommends postgresql >&2
	rm -f /usr/sbin/policy-rc.d
fi
BIN="$(bindir)"
if ! runuser -u postgres -- "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" 2>/dev/null; then
	rm -rf "$DIR"
	mkdir -p "$DIR/sock"
	chown -R postgres: "$DIR"
	runuser -u postgres -- "$BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --no-locale >&2
	runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR/sock -c max_connections=300 -c fsync=off" start >&2
fi
echo "export ARENA_TEST_POSTGRES='postgres://postgres@127.0.0.1:$PORT/postgres?sslmode=disable'"
