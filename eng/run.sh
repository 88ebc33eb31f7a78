#!/usr/bin/env bash
# Brings the whole Notifications stack up: PostgreSQL, Redis, migrations, api, worker, simulator.
# Uses containers when a container runtime answers, otherwise the machine's own binaries.
set -euo pipefail
cd "$(dirname "$0")/.."

eng/prerequisites.sh

# PostgreSQL runs as the postgres user when we are root; it must be able to reach the data folder.
if [ "$(id -u)" = 0 ] && [ -z "${Infrastructure__DataPath:-}" ] \
   && ! setpriv --reuid=postgres --regid=postgres --init-groups test -x "$PWD" 2>/dev/null; then
  export Infrastructure__DataPath="/var/lib/notifications-dev/$(printf '%s' "$PWD" | sha1sum | cut -c1-12)"
  echo "Note: $PWD is not reachable by the postgres user; local data goes to $Infrastructure__DataPath"
fi

echo "Building (the first build restores packages and takes a minute or two)..."
dotnet build Notifications.AppHost -nologo -v quiet -clp:NoSummary

echo "Starting PostgreSQL, Redis, the migrations, api, worker and simulator."
echo "A \"Notifications is ready\" block with every address follows once all of them are healthy; Ctrl+C stops everything."
# Ctrl+C reaches the AppHost, which stops every resource; this script then says so.
trap 'true' INT
status=0
dotnet run --project Notifications.AppHost --launch-profile http --no-build "$@" || status=$?
if [ "$status" = 0 ]; then
  echo "Notifications stopped: every resource has shut down."
else
  echo "Notifications stopped with exit code $status (see the messages above)."
fi
exit "$status"
