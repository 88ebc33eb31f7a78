#!/usr/bin/env bash
# Installs what the stack and its tests need beyond the .NET SDK, on Debian.
# Redis is only needed when there is no container runtime; PostgreSQL's server binaries are
# expected from the machine (postgresql-15), and are installed here when missing.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)

if [ ${#missing[@]} -gt 0 ]; then
  if docker info >/dev/null 2>&1 && [ "${1:-}" != "--local" ]; then
    exit 0 # containers will provide them
  fi
  echo "Installing ${missing[*]}..."
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The Debian packages start system-wide services; the project runs its own instances.
  for service in redis-server postgresql; do
    "${sudo_cmd[@]}" service "$service" stop >/dev/null 2>&1 || true
  done
fi
