#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster (UTF-8, C.UTF-8 locale) in a temporary folder,
# with DATABASE_URL pointing at it; the cluster is stopped and removed afterwards. fsync is off (tests) unless
# PG_FSYNC=on (benchmarks that claim durability).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || "$here/system-packages.sh" postgresql
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
dir=$(mktemp -d /tmp/shuyuan-pg.XXXXXX)
chown postgres "$dir"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_postgres() { su postgres -s /bin/sh -c "$*"; }
as_postgres "$pgbin/initdb -D $dir/data -E UTF8 --locale=C.UTF-8 -A trust" >/dev/null
as_postgres "$pgbin/pg_ctl -D $dir/data -l $dir/server.log -w \
  -o '-p $port -k $dir -c listen_addresses= -c fsync=${PG_FSYNC:-off} -c max_connections=200' start" >/dev/null
trap 'as_postgres "$pgbin/pg_ctl -D $dir/data -m fast -w stop" >/dev/null; rm -rf "$dir"' EXIT
socket=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$dir")
export DATABASE_URL="postgres://postgres@${socket}:${port}/shuyuan"
"$@"
