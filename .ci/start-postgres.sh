#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on loopback for the stock store and
# engine tests, then prints the export line they read:
#
#   eval "$(.ci/start-postgres.sh)"
#
# In order of preference:
#   1. a server already answering on 127.0.0.1:5432 (trust auth);
#   2. the machine's Debian cluster, started with pg_ctlcluster;
#   3. Debian's postgresql package, installed if missing, with a throwaway
#      cluster in a temp folder on MALLKIT_PG_PORT (default 55432).
# The tests create a schema of their own per test, so a shared database is
# fine. Everything except the export line goes to stderr.
set -euo pipefail

db="${MALLKIT_PG_DATABASE:-postgres}"

ready() { pg_isready -q -h 127.0.0.1 -p "$1" 2>/dev/null; }

if command -v pg_isready >/dev/null 2>&1 && ready 5432; then
  echo "export MALLKIT_TEST_POSTGRES='postgres://postgres@127.0.0.1:5432/$db?sslmode=disable'"
  exit 0
fi

if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ] && [ -n "$(ls /etc/postgresql 2>/dev/null)" ]; then
  version="$(ls /etc/postgresql | sort -V | tail -1)"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
  for _ in $(seq 1 30); do
    if ready 5432; then
      echo "export MALLKIT_TEST_POSTGRES='postgres://postgres@127.0.0.1:5432/$db?sslmode=disable'"
      exit 0
    fi
    sleep 1
  done
  echo "start-postgres: the machine's cluster did not come up; starting a private one" >&2
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
port="${MALLKIT_PG_PORT:-55432}"
dir="$(mktemp -d /tmp/mallkit-pg.XXXXXX)"
chown postgres "$dir"
su postgres -c "$bin/initdb -D '$dir/data' -A trust -U postgres" >&2
su postgres -c "$bin/pg_ctl -D '$dir/data' -o \"-c listen_addresses=127.0.0.1 -p $port -k '$dir'\" -l '$dir/log' -w start" >&2
echo "export MALLKIT_TEST_POSTGRES='postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable'"
