#!/usr/bin/env bash
# A private PostgreSQL cluster on 127.0.0.1 for the integration tests, installed from Debian when missing.
#
#   scripts/postgres.sh start    install if needed, initdb once, start, wait until it accepts connections
#   scripts/postgres.sh stop     fast shutdown; does nothing when it is not running
#   scripts/postgres.sh status   exit 0 when the cluster of this data folder runs
#   scripts/postgres.sh url      print the connection URL
#
# Environment: PG_PORT (15432), PG_DATA_DIR (/tmp/spanloop-postgres-$PG_PORT), PG_SOCKET_DIR (/tmp).
# The cluster trusts connections from 127.0.0.1 only and has its own port, so it never clashes with a system one.
set -euo pipefail

PG_PORT="${PG_PORT:-15432}"
PG_DATA_DIR="${PG_DATA_DIR:-/tmp/spanloop-postgres-$PG_PORT}"
PG_SOCKET_DIR="${PG_SOCKET_DIR:-/tmp}"
CLUSTER="$PG_DATA_DIR/cluster"
LOG="$PG_DATA_DIR/postgres.log"

say() { echo "postgres.sh: $*" >&2; }

bindir() { find /usr/lib/postgresql -maxdepth 2 -type d -name bin 2>/dev/null | sort -V | tail -n 1; }

install() {
  if [[ -n "$(bindir)" ]]; then
    return 0
  fi
  say "installing PostgreSQL from Debian"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq postgresql >/dev/null
  [[ -n "$(bindir)" ]] || { say "PostgreSQL binaries not found after install"; exit 1; }
}

# initdb and postgres refuse to run as root: run them as the postgres user that the Debian package creates.
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

status() {
  [[ -f "$CLUSTER/PG_VERSION" ]] && as_owner "$(bindir)/pg_ctl" -D "$CLUSTER" status >/dev/null 2>&1
}

start() {
  install
  local bin
  bin="$(bindir)"
  if status; then
    say "already running on 127.0.0.1:$PG_PORT"
    return 0
  fi
  mkdir -p "$PG_DATA_DIR"
  if [[ "$(id -u)" == 0 ]]; then chown postgres: "$PG_DATA_DIR"; fi
  if [[ ! -f "$CLUSTER/PG_VERSION" ]]; then
    as_owner "$bin/initdb" -D "$CLUSTER" -U postgres -A trust -E UTF8 --no-locale >/dev/null
  fi
  as_owner "$bin/pg_ctl" -D "$CLUSTER" -l "$LOG" -w -t 60 \
    -o "-p $PG_PORT -k $PG_SOCKET_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
    start >/dev/null || { say "start failed; log follows"; cat "$LOG" >&2 || true; exit 1; }
  say "running on 127.0.0.1:$PG_PORT (data in $CLUSTER)"
}

stop() {
  if ! status; then
    return 0
  fi
  as_owner "$(bindir)/pg_ctl" -D "$CLUSTER" -m fast -w stop >/dev/null
  say "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) echo "postgres://postgres@127.0.0.1:$PG_PORT/postgres" ;;
  *)
    say "usage: $0 start|stop|status|url"
    exit 2
    ;;
esac
