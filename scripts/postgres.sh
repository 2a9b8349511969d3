#!/usr/bin/env bash
# Start or stop a throw-away PostgreSQL cluster for the test suite.
# PostgreSQL refuses to run as root, so the cluster runs as the `postgres` user.
#   scripts/postgres.sh start   -> prints nothing; server on 127.0.0.1:$PGPORT
#   scripts/postgres.sh stop
set -euo pipefail
PGPORT=${PGPORT:-54329}
DATA=${PGDATA_DIR:-/var/tmp/flanders-hub-pg-$PGPORT}
RUN_AS=postgres

find_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] && echo "$dir"
}

install_postgres() {
  echo "PostgreSQL not found: installing it from Debian's packages..." >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: run as root, or install postgresql yourself (apt-get install postgresql)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$RUN_AS" -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    BIN=$(find_bin) || { install_postgres; BIN=$(find_bin); }
    if [ "$(id -u)" -eq 0 ] && ! id "$RUN_AS" >/dev/null 2>&1; then
      useradd --system --home /var/lib/postgresql --shell /bin/bash "$RUN_AS"
    fi
    if [ ! -f "$DATA/PG_VERSION" ]; then
      rm -rf "$DATA"; mkdir -p "$DATA"
      [ "$(id -u)" -eq 0 ] && chown "$RUN_AS" "$DATA"
      as_pg "$BIN/initdb" -D "$DATA" -U hub --auth=trust -E UTF8 >/dev/null
    fi
    if ! as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
      as_pg "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 start \
        -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null \
        || { echo "error: PostgreSQL did not start; see $DATA/server.log" >&2; tail -n 20 "$DATA/server.log" >&2; exit 1; }
    fi
    for _ in $(seq 1 30); do
      "$BIN/pg_isready" -h 127.0.0.1 -p "$PGPORT" >/dev/null 2>&1 && break; sleep 1
    done
    "$BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U hub -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname='hub'" | grep -q 1 \
      || "$BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U hub hub
    ;;
  stop)
    BIN=$(find_bin) || exit 0
    [ -f "$DATA/PG_VERSION" ] && as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
