#!/usr/bin/env bash
# Makes sure what the test suite talks to is here and running: PostgreSQL and
# Redis on their standard local ports, and the Debian tools some tests drive
# (each scripts/ensure.d/*.sh adds its own). Idempotent and quick when all is up.
# Installing needs root (CI and the development machines run as root).
set -euo pipefail

log() { printf '[ensure] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $*"; return 1
  fi
}

APT_UPDATED=0
apt_install() {
  if ! command -v apt-get >/dev/null; then log "cannot install $* (no apt-get); install it by hand"; return 1; fi
  # Another apt run (unattended upgrades, a second checkout) holds the lock for a while: wait for it.
  if [ "$APT_UPDATED" = 0 ]; then as_root apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null; APT_UPDATED=1; fi
  log "installing $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "$@" >/dev/null
}

wait_for() { # seconds command...
  local seconds=$1; shift
  for _ in $(seq 1 $((seconds * 4))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; done
  return 1
}

# The tests connect as the `postgres` role over loopback without a password. Only that is
# allowed: three lines for that role on the socket, 127.0.0.1 and ::1, put before the package's
# own rules; every other role and address keeps the authentication the package set up.
trust_test_role() {
  local hba marker='# platform tests: the postgres role, local connections only'
  hba=$(ls /etc/postgresql/*/main/pg_hba.conf | head -n1)
  grep -qF "$marker" "$hba" && return 0
  log "allowing the postgres role to connect without a password over the local socket, 127.0.0.1 and ::1 only (first lines of $hba)"
  as_root sed -i "1i $marker\\nlocal   all   postgres                 trust\\nhost    all   postgres   127.0.0.1/32  trust\\nhost    all   postgres   ::1/128       trust" "$hba"
}

ensure_postgres() {
  if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then return 0; fi
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    apt_install postgresql postgresql-contrib
    trust_test_role
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n1)
  log "starting PostgreSQL $version"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_for 30 pg_isready -q -h 127.0.0.1 -p 5432 || { log "PostgreSQL did not start"; return 1; }
  for db in test; do
    psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1 ||
      psql -h 127.0.0.1 -U postgres -qc "create database \"$db\""
  done
}

ensure_redis() {
  if command -v redis-cli >/dev/null && redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then return 0; fi
  command -v redis-server >/dev/null || apt_install redis-server redis-tools
  log "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no >/dev/null
  wait_for 15 redis-cli -h 127.0.0.1 -p 6379 ping || { log "Redis did not start"; return 1; }
}

ensure_command() { # command package...
  local cmd=$1; shift
  command -v "$cmd" >/dev/null || apt_install "$@"
}

ensure_postgres
ensure_redis
ensure_command chromium chromium
ensure_command pgbench postgresql-client
ensure_command redis-benchmark redis-tools

for extra in "$(dirname "$0")"/ensure.d/*.sh; do
  [ -e "$extra" ] || continue
  # shellcheck source=/dev/null
  . "$extra"
done
