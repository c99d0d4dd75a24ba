#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build and run PostHog.Aspire: the backing servers' Debian
# packages, then restores and builds the solution. Safe to run again: it installs only what is missing.
# Usage: eng/setup.sh [--tests]   (--tests adds what the test suites use: kcat, python3-kafka, chromium, npm packages)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

packages=(postgresql-15 pgbouncer redis-server zookeeper clickhouse-server clickhouse-client)
if [[ "${1:-}" == "--tests" ]]; then
  packages+=(kcat python3-kafka chromium)   # chromium: the end-to-end tests drive posthog-js in it (Playwright)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "==> installing Debian packages: ${missing[*]}"
  sudo_cmd=""; [[ $(id -u) -eq 0 ]] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "==> Debian packages present: ${packages[*]}"
fi

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK is not on PATH (install dotnet-sdk-10.0)" >&2; exit 1; }

if [[ "${1:-}" == "--tests" ]]; then
  # Test suites that drive real JavaScript clients keep a package-lock.json next to them.
  while IFS= read -r lock; do
    dir="$(dirname "$lock")"
    echo "==> npm ci in ${dir#"$root"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  done < <(find "$root/tests" -name package-lock.json -not -path '*/node_modules/*')
fi

echo "==> dotnet build (restore included)"
dotnet build PostHog.Aspire.sln -c "${CONFIGURATION:-Debug}" -nologo -clp:ErrorsOnly
