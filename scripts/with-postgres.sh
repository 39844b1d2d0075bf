#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh CMD [ARG…]
# Runs CMD against a throw-away PostgreSQL: initdb into a temp folder (C collation, UTF-8, trust
# auth over a unix socket in that folder only — no TCP listener), pg_ctl start on a free port,
# create database `enclave`, export DATABASE_URL, run CMD, then stop the server and remove the
# folder. Exits with CMD's status. As root the server runs as the `postgres` user (initdb refuses
# root). PGBIN overrides the binaries folder (default: the newest /usr/lib/postgresql/*/bin).
set -euo pipefail
if [ $# -eq 0 ]; then echo "usage: $0 CMD [ARG...]" >&2; exit 2; fi

PGBIN="${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "with-postgres: no PostgreSQL binaries (apt-get install -y postgresql, or set PGBIN)" >&2
  exit 2
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/enclave-pg-XXXXXX")"
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$tmp"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi
chmod 700 "$tmp"

port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"

started=0
cleanup() {
  if [ "$started" = 1 ]; then as_pg "$PGBIN/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

as_pg "$PGBIN/initdb" -D "$tmp/data" -U enclave --auth=trust --no-locale -E UTF8 >"$tmp/initdb.log" 2>&1 \
  || { cat "$tmp/initdb.log" >&2; exit 2; }
# A test cluster: durability off (fsync, synchronous_commit), room for parallel test files.
as_pg "$PGBIN/pg_ctl" -D "$tmp/data" -l "$tmp/postgres.log" -w -t 60 \
  -o "-p $port -k $tmp -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null || { cat "$tmp/postgres.log" >&2; exit 2; }
started=1
as_pg "$PGBIN/createdb" -h "$tmp" -p "$port" -U enclave enclave

export DATABASE_URL="postgres://enclave@localhost:$port/enclave?host=$tmp"
echo "with-postgres: $("$PGBIN/postgres" --version) in $tmp (port $port)" >&2
set +e
"$@"
status=$?
set -e
exit "$status"
