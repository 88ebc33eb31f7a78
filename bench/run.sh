#!/usr/bin/env bash
# Runs a benchmark against Release builds: bench/run.sh <simulator|...> [options]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Notifications.sln -c Release -warnaserror >/dev/null
exec dotnet bench/Notifications.Benchmarks/bin/Release/net10.0/Notifications.Benchmarks.dll "$@"
