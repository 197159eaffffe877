#!/bin/sh
# Stands in for the postgres image's entrypoint (docker-entrypoint.sh of docker-library/postgres)
# in the PostgreSQL contract test: the image is not available, so this does what its documentation
# and that script do for `docker-entrypoint.sh postgres` as a non-root user, with the PostgreSQL
# server on PATH (Debian's, in the test):
#
# - PGDATA is made (mode 0700); when it holds no cluster yet, POSTGRES_PASSWORD is required and
#   `initdb --username="$POSTGRES_USER" --pwfile=… $POSTGRES_INITDB_ARGS` makes one (initdb's own
#   defaults: trust for local socket and loopback connections);
# - pg_hba.conf gets `host all all all $POSTGRES_HOST_AUTH_METHOD` (default scram-sha-256): every
#   other connection needs a password;
# - listen_addresses is '*' (the image sets it in postgresql.conf.sample; here it is appended to
#   the new cluster's postgresql.conf, to the same effect);
# - POSTGRES_DB (default POSTGRES_USER) is created when it is not `postgres`;
# - the server options after `postgres` (`-c hba_file=…`, `-c ssl=on`, …) go to the temporary
#   server of the first start too (docker_temp_server_start "$@"), which listens on its socket only;
# - then `exec postgres OPTIONS…`.
#
# Not modelled: /docker-entrypoint-initdb.d scripts, POSTGRES_INITDB_WALDIR, running as root, an
# option with a space in it (the image quotes each with printf %q; none of the render's has one).
set -eu
if [ "$#" -lt 1 ] || [ "$1" != postgres ]; then
  echo "postgres-entrypoint.sh: only the image's CMD (postgres, then server options) is modelled, got: $*" >&2
  exit 2
fi
shift
: "${PGDATA:?PGDATA is not set}"
user="${POSTGRES_USER:-postgres}"
db="${POSTGRES_DB:-$user}"
mkdir -p "$PGDATA"
chmod 700 "$PGDATA" || true
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "${POSTGRES_HOST_AUTH_METHOD:-}" != trust ]; then
    echo "Error: Database is uninitialized and superuser password is not specified." >&2
    exit 1
  fi
  pwfile="$(mktemp)"
  printf '%s\n' "${POSTGRES_PASSWORD:-}" >"$pwfile"
  # shellcheck disable=SC2086
  initdb --username="$user" --pwfile="$pwfile" ${POSTGRES_INITDB_ARGS:-}
  rm -f "$pwfile"
  printf '\nhost all all all %s\n' "${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >>"$PGDATA/pg_hba.conf"
  printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  if [ "$db" != postgres ]; then
    pg_ctl -D "$PGDATA" -o "$* -c listen_addresses=''" -w start
    psql -v ON_ERROR_STOP=1 --username "$user" --dbname postgres -c "CREATE DATABASE \"$db\""
    pg_ctl -D "$PGDATA" -m fast -w stop
  fi
fi
exec postgres "$@"
