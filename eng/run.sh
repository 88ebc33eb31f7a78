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

cat <<'MSG'
Starting Notifications. When the resources are up:
  Aspire dashboard   http://localhost:15080   (use the login link printed below)
  Hangfire dashboard http://localhost:5090/hangfire
  API                http://localhost:5080
  Simulator          http://localhost:5070    (the SMS and emails that were "sent")
Press Ctrl+C to stop everything.
MSG
exec dotnet run --project Notifications.AppHost --launch-profile http "$@"
