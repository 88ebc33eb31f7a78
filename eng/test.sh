#!/usr/bin/env bash
# Runs the whole test suite: unit tests and integration tests against real PostgreSQL and Redis
# (started by the tests themselves from the machine's binaries) and the Twilio/SendGrid simulator.
set -euo pipefail
cd "$(dirname "$0")/.."

eng/prerequisites.sh --local
dotnet tool restore >/dev/null
dotnet build Notifications.sln -c Release -warnaserror
dotnet test Notifications.sln -c Release --no-build --logger "console;verbosity=normal" "$@"
