#!/usr/bin/env bash
# Runs a benchmark against Release builds: bench/run.sh [--published] <e2e|simulator|...> [options]
# --published: the api, the worker and the simulator run as a deployment publishes them (dotnet publish for
# linux-x64, ReadyToRun, see eng/Server.props), from artifacts/published/, instead of from their build folders.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Notifications.sln -c Release -warnaserror >/dev/null
if [[ "${1:-}" == "--published" ]]; then
  shift
  for program in Api Worker Simulator; do
    dotnet publish "src/Notifications.$program" -c Release -r linux-x64 --self-contained false -warnaserror \
      -o "artifacts/published/Notifications.$program" >/dev/null
  done
  export NOTIFICATIONS_PUBLISHED="$PWD/artifacts/published"
fi
# The load generator shares the cores it measures: its idle thread-pool threads sleep instead of
# spinning, as the servers' do (eng/Server.props).
export DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0
exec dotnet bench/Notifications.Benchmarks/bin/Release/net10.0/Notifications.Benchmarks.dll "$@"
