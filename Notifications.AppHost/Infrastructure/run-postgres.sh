#!/usr/bin/env bash
# Runs the machine's own PostgreSQL for the AppHost's local infrastructure mode.
#   run-postgres.sh <data-dir> <port>      (password in POSTGRES_PASSWORD, used at initdb only;
#                                           extra server options in POSTGRES_EXTRA_ARGS)
# Initialises the cluster on first use, and turns the orchestrator's SIGTERM into PostgreSQL's
# "fast" shutdown (SIGINT), which ends open sessions, checkpoints and exits cleanly, so the next
# start needs no crash recovery. A plain SIGTERM would be a "smart" shutdown that waits for clients.
set -euo pipefail

data_dir=$1
port=$2
bin_dir=${POSTGRES_BIN_DIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ ! -x "$bin_dir/postgres" ]; then
  echo "PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin; set POSTGRES_BIN_DIR)." >&2
  exit 1
fi

# PostgreSQL refuses to run as root: run it as the postgres user when we are root.
as_owner=()
if [ "$(id -u)" = 0 ]; then
  as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups)
fi

mkdir -p "$data_dir"
if [ ${#as_owner[@]} -gt 0 ]; then
  chown postgres:postgres "$data_dir"
  if ! "${as_owner[@]}" test -w "$data_dir"; then
    echo "The postgres user cannot reach $data_dir: a parent folder is not traversable. Set Infrastructure:DataPath to a folder under /var or /tmp." >&2
    exit 1
  fi
fi
chmod 700 "$data_dir"

if [ ! -f "$data_dir/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required to initialise the cluster}" > "$pwfile"
  [ ${#as_owner[@]} -gt 0 ] && chown postgres "$pwfile"
  "${as_owner[@]}" "$bin_dir/initdb" --pgdata="$data_dir" --username=postgres --pwfile="$pwfile" \
    --auth-host=scram-sha-256 --auth-local=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
fi

"${as_owner[@]}" "$bin_dir/postgres" -D "$data_dir" -p "$port" \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300 \
  -c shared_buffers=256MB -c logging_collector=off -c log_min_messages=warning ${POSTGRES_EXTRA_ARGS:-} &
pid=$!
trap 'kill -INT "$pid" 2>/dev/null' TERM INT
set +e
wait "$pid"
status=$?
# A trapped signal interrupts the first wait; wait again for PostgreSQL's own exit.
if kill -0 "$pid" 2>/dev/null; then
  wait "$pid"
  status=$?
fi
exit "$status"
