#!/usr/bin/env bash
# Sets up what is missing, then runs the test suites.
# Usage: eng/test.sh            all suites (unit + integration + end-to-end)
#        eng/test.sh --fast     unit tests only (no servers started)
#        eng/test.sh -- <args>  extra arguments for dotnet test (e.g. --filter FullyQualifiedName~Kafka)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

filter=()
extra=()
while (($#)); do
  case "$1" in
    --fast) filter=(--filter "Category!=Integration&Category!=Slow"); shift ;;
    --) shift; extra=("$@"); break ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

bash eng/setup.sh --tests

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
# One test assembly at a time: integration suites start real servers and share two cores.
dotnet test PostHog.Aspire.sln --no-build -c "${CONFIGURATION:-Debug}" -m:1 -nologo \
  "${filter[@]}" "${extra[@]}" 2>&1 | tee "$log" || status=$?

# One closing line over all assemblies, e.g. "tests: 120 passed, 0 failed, 2 skipped".
read -r passed failed skipped < <(grep -E '^(Passed|Failed)!' "$log" | awk -F'[:,]' '
  { for (i = 1; i <= NF; i++) { gsub(/ /, "", $i) }
    for (i = 1; i < NF; i++) { if ($i ~ /Failed$/) f += $(i+1); if ($i == "Passed") p += $(i+1); if ($i == "Skipped") s += $(i+1) } }
  END { printf "%d %d %d\n", p, f, s }')
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if ((status == 0 && failed > 0)); then status=1; fi
exit "$status"
