#!/usr/bin/env bash
# Runs the whole test suite: unit tests and integration tests against real PostgreSQL and Redis
# (started by the tests themselves from the machine's binaries) and the Twilio/SendGrid simulator.
# Prints test results and failures only; every program a test starts logs to artifacts/logs/
# (a failing wait names the files), and the results are kept as TRX files in artifacts/test-results/.
set -euo pipefail
cd "$(dirname "$0")/.."

eng/prerequisites.sh --local
dotnet tool restore >/dev/null
dotnet build Notifications.sln -c Release -warnaserror -nologo -clp:ErrorsOnly
rm -rf artifacts/test-results artifacts/logs

status=0
dotnet test Notifications.sln -c Release --no-build --nologo \
  --logger "console;verbosity=minimal" --logger "trx" --results-directory artifacts/test-results "$@" || status=$?

eng/test-summary.sh artifacts/test-results
exit "$status"
