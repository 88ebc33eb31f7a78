#!/usr/bin/env bash
# Runs a benchmark against Release builds: bench/run.sh <simulator|...> [options]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Notifications.sln -c Release -warnaserror >/dev/null
# The load generator shares the cores it measures: its idle thread-pool threads sleep instead of
# spinning, as the servers' do (eng/Server.props).
export DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0
exec dotnet bench/Notifications.Benchmarks/bin/Release/net10.0/Notifications.Benchmarks.dll "$@"
