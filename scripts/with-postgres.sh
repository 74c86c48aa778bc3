#!/usr/bin/env bash
# Runs a command against a PostgreSQL cluster (UTF-8, C.UTF-8 locale) with DATABASE_URL pointing at it.
# By default the cluster is a throwaway one in a temporary folder, stopped and removed afterwards.
# PG_DIR=/some/folder keeps it there instead: made on first use, started and stopped around each command,
# never removed (a benchmark's big database is built once and measured many times).
# fsync is off (tests) unless PG_FSYNC=on (benchmarks that claim durability).
# PG_OPTIONS adds server settings, e.g. PG_OPTIONS='-c commit_delay=200 -c commit_siblings=2'.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || "$here/system-packages.sh" postgresql
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
keep=${PG_DIR:+yes}
if [ -n "$keep" ]; then
  dir=$PG_DIR
  mkdir -p "$dir"
else
  dir=$(mktemp -d /tmp/shuyuan-pg.XXXXXX)
fi
chown postgres "$dir"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_postgres() { su postgres -s /bin/sh -c "$*"; }
[ -f "$dir/data/PG_VERSION" ] || as_postgres "$pgbin/initdb -D $dir/data -E UTF8 --locale=C.UTF-8 -A trust" >/dev/null
as_postgres "$pgbin/pg_ctl -D $dir/data -l $dir/server.log -w \
  -o '-p $port -k $dir -c listen_addresses= -c fsync=${PG_FSYNC:-off} -c max_connections=200 ${PG_OPTIONS:-}' start" >/dev/null
if [ -n "$keep" ]; then
  trap 'as_postgres "$pgbin/pg_ctl -D $dir/data -m fast -w stop" >/dev/null' EXIT
else
  trap 'as_postgres "$pgbin/pg_ctl -D $dir/data -m fast -w stop" >/dev/null; rm -rf "$dir"' EXIT
fi
socket=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$dir")
export DATABASE_URL="postgres://postgres@${socket}:${port}/${PG_DATABASE:-shuyuan}"
"$@"
