#!/usr/bin/env bash
# Sets up what is missing, then runs the whole system through the AppHost. Extra arguments go to the AppHost
# (e.g. --fresh to start from empty data, --topology small for a 1x1 ClickHouse and one ZooKeeper).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/eng/setup.sh"
exec dotnet run --no-build --project "$root/AppHost/PostHog.AppHost" -- "$@"
