#!/usr/bin/env bash
# The PostgreSQL suite needs a server. Use the one at TOC_TEST_POSTGRES_URL (default
# postgres@127.0.0.1:5432 with trust auth, as on the project's machines); when none
# answers there and we are root on Debian, install PostgreSQL and start a throw-away
# cluster with trust auth on port 54329, and print its URL for the caller to export.
set -euo pipefail
url="${TOC_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -d "$url"; then
  echo "$url"; exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "no PostgreSQL at $url; start one or set TOC_TEST_POSTGRES_URL" >&2
  echo "$url"; exit 0
fi
command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || {
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
}
bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
data=/tmp/toc-editor-pg
if [ ! -f "$data/PG_VERSION" ]; then
  mkdir -p "$data" && chown postgres "$data"
  su postgres -c "$bin/initdb -D $data -A trust -U postgres" >&2
fi
su postgres -c "$bin/pg_ctl -D $data -o '-p 54329 -k /tmp -c listen_addresses=127.0.0.1' -l $data/log -w start" >&2 || true
echo "postgresql://postgres@127.0.0.1:54329/postgres"
