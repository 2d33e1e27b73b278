#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on loopback for the test suite and prints the
# URL to use as WATCHROOM_TEST_PG_URL. Installs the server from Debian's packages first
# if it is missing. WATCHROOM_TEST_PG_PORT, _DIR and _OPTS (more server settings) say
# where and how; a cluster already in _DIR is started again as it is (the city
# benchmark keeps its seeded databases that way). Usage: eval "$(bash scripts/test-postgres.sh)"
set -euo pipefail
PORT="${WATCHROOM_TEST_PG_PORT:-54329}"
DIR="${WATCHROOM_TEST_PG_DIR:-/tmp/watchroom-pg}"
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
fi
BIN=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n 1)")
RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then RUN_AS=(runuser -u postgres --); fi
if ! "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
  if [ ! -f "$DIR/PG_VERSION" ]; then
    rm -rf "$DIR"; mkdir -p "$DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres "$DIR"
    "${RUN_AS[@]}" "$BIN/initdb" -D "$DIR" -U watchroom --auth=trust -E UTF8 --locale=C.UTF-8 >&2
  fi
  rm -f "$DIR/postmaster.pid"  # left by a machine that stopped without shutting down
  "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w \
    -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 ${WATCHROOM_TEST_PG_OPTS:-}" start >&2
fi
echo "export WATCHROOM_TEST_PG_URL=postgresql+psycopg://watchroom@127.0.0.1:$PORT/postgres"
