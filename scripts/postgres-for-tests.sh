#!/usr/bin/env bash
# Start a local PostgreSQL (Debian's packages) on loopback for the test suite, and print
# the DATABASE_URL to use. Idempotent: safe to run when the server is already up.
set -euo pipefail
# The caller reads stdout as the URL, and Debian's tools talk on stdout ("Removed stale pid
# file."), so everything up to the URL goes to stderr. (A block redirect, not a saved
# descriptor: the server would inherit that and hold the caller's $(...) open forever.)
{
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
cluster=main
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version $cluster"; then
  pg_createcluster "$version" "$cluster" -- --auth-local=peer --auth-host=scram-sha-256 >/dev/null
fi
pg_conftool "$version" "$cluster" set listen_addresses localhost >/dev/null
pg_conftool "$version" "$cluster" set port 54329 >/dev/null
pg_conftool "$version" "$cluster" set fsync off >/dev/null            # test data only
pg_conftool "$version" "$cluster" set synchronous_commit off >/dev/null
cluster_online() {
  pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1==v && $2==c {print $4}' | grep -qx online
}
# A server killed without shutting down (a stopped session, a restarted machine) leaves its
# socket lock behind, and a new server refuses to start while the PID written in it exists,
# which after a restart is often some unrelated process. Nothing listens: the lock is stale.
for attempt in 1 2 3; do
  cluster_online && break
  if ! pg_isready -h 127.0.0.1 -p 54329 -q; then
    rm -f /var/run/postgresql/.s.PGSQL.54329.lock /var/run/postgresql/.s.PGSQL.54329
  fi
  pg_ctlcluster "$version" "$cluster" start && break
  echo "postgres-for-tests: start attempt $attempt failed; log:" >&2
  tail -n 5 "/var/log/postgresql/postgresql-$version-$cluster.log" >&2 || true
  sleep 2
done
cluster_online || { echo "postgres-for-tests: could not start PostgreSQL $version/$cluster" >&2; exit 1; }
for _ in $(seq 1 30); do
  pg_isready -h 127.0.0.1 -p 54329 -q && break
  sleep 1
done
su postgres -c "psql -p 54329 -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='staffroom'\"" | grep -q 1 ||
  su postgres -c "psql -p 54329 -qc \"CREATE ROLE staffroom LOGIN CREATEDB PASSWORD 'staffroom-test'\""
su postgres -c "psql -p 54329 -qtAc \"SELECT 1 FROM pg_database WHERE datname='staffroom'\"" | grep -q 1 ||
  su postgres -c "createdb -p 54329 -O staffroom staffroom"
} >&2
echo "postgres://staffroom:staffroom-test@127.0.0.1:54329/staffroom"
