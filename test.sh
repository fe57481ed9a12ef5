#!/usr/bin/env bash
# Runs the whole test suite, installing what the tests need first.
# Ends with one line: "tests: N passed, M failed". Exit code 0 only when everything built and passed.
set -uo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# What the tests need beyond the .NET SDK: redis-server (the Redis adapters' integration tests start their own on a
# free port, or use Testcontainers when a Docker engine answers), Compose (to validate docker-compose.yml; no
# engine needed), Node.js (npx, for the OpenAPI linter) and Chromium (the admin console's browser tests drive it
# through Playwright). Installed from Debian when missing.
ensure_tools() {
  local missing=()
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ -n "${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  # npx runs the OpenAPI linter (OpenApiLintTests), fetched from the npm registry on first use.
  command -v npx >/dev/null 2>&1 || missing+=(nodejs npm)
  if ! command -v docker-compose >/dev/null 2>&1 && ! docker compose version >/dev/null 2>&1; then
    missing+=(docker-compose)
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${missing[*]} from Debian"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "test.sh: ${missing[*]} missing and cannot be installed here (needs root and apt-get)" >&2
    return 1
  fi
}

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

if ! ensure_tools; then
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

dotnet test LlmGateway.sln --logger "trx" --results-directory "$results" "$@"
status=$?

# Count from the TRX files: one per test project that ran.
passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
  f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

# A build failure or a crashed test host runs no test: count it as a failure, never as green.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  failed=1
fi

echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
