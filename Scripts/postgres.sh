#!/usr/bin/env bash
# A PostgreSQL 15 server of the project's own (Debian's binaries), for tests, Scripts/cluster.sh and benchmarks:
# its own data folder, listening on 127.0.0.1 only, on a port given here, with a database `ivr` owned by role
# `ivr`. Authentication is `trust` on loopback: a throwaway test/demo server, never a production one (see
# docs/deployment.md). initdb and postgres refuse to run as root, so as root they run as the `postgres` user.
#
#   Scripts/postgres.sh start DIR PORT    init DIR if new, start, create database ivr; prints the store URL
#   Scripts/postgres.sh stop DIR          fast shutdown (rolls back open transactions)
#   Scripts/postgres.sh status DIR        0 when running
set -euo pipefail
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
cmd=${1:?usage: postgres.sh start DIR PORT | stop DIR | status DIR}
dir=${2:?data folder}
port=${3:-55432}

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    if [[ ! -x "$BIN/initdb" ]]; then
      echo "postgres.sh: $BIN/initdb not found; run Scripts/setup.sh (installs Debian's postgresql)" >&2
      exit 1
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$dir"; fi
    chmod 700 "$dir"
    if [[ ! -f "$dir/PG_VERSION" ]]; then
      as_pg "$BIN/initdb" -D "$dir" -U ivr --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir.initdb.log" 2>&1 \
        || { echo "postgres.sh: initdb failed in $dir (log: $dir.initdb.log)" >&2; exit 1; }
    fi
    if ! as_pg "$BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      as_pg "$BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 -c shared_buffers=64MB" start >/dev/null \
        || { echo "postgres.sh: the server did not start on 127.0.0.1:$port (log: $dir/server.log)" >&2; exit 1; }
    fi
    if ! as_pg "$BIN/psql" -h 127.0.0.1 -p "$port" -U ivr -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'ivr'" 2>/dev/null | grep -q 1; then
      as_pg "$BIN/createdb" -h 127.0.0.1 -p "$port" -U ivr ivr
    fi
    echo "postgres://ivr@127.0.0.1:$port/ivr"
    ;;
  stop)
    [[ -f "$dir/PG_VERSION" ]] || exit 0
    as_pg "$BIN/pg_ctl" -D "$dir" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    ;;
  status)
    as_pg "$BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1
    ;;
  *)
    echo "usage: postgres.sh start DIR PORT | stop DIR | status DIR" >&2
    exit 2
    ;;
esac
