#!/usr/bin/env bash
# What the provider path costs per call: bench/Benchmarks' ProviderBenchmarks (raw HttpClient vs OpenAI SDK vs SDK +
# resilience handler vs the gateway's adapter, whole and streamed) against the mock OpenAI upstream on 127.0.0.1.
#
#   ./bench/provider-path.sh            # ~4 minutes; MOCK=../shared/bench/mock/mock-upstream.js by default
#
# The mock runs on CPU 1, the benchmark on CPU 0; one call at a time, so the mock's share is the same in every row.
# The mock is stopped by its PID on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
MOCK=${MOCK:-../shared/bench/mock/mock-upstream.js}
[ -f "$MOCK" ] || { echo "no mock upstream at $MOCK (set MOCK=)" >&2; exit 1; }

port=$(( 20000 + RANDOM % 20000 ))
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$(( port + 1 )); done
taskset -c 1 node "$MOCK" --port="$port" >/dev/null 2>&1 &
mock_pid=$!
trap 'kill -TERM "$mock_pid" 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs -m 1 "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done

dotnet build -c Release bench/Benchmarks -nologo -v q
export MOCK_URL="http://127.0.0.1:$port/v1"
# Wall time and allocations per call (BenchmarkDotNet), then CPU per call with 16 concurrent callers (ProviderCpu).
taskset -c 0 dotnet run -c Release --no-build --project bench/Benchmarks -- --filter '*ProviderBenchmarks*' "$@"
taskset -c 0 dotnet run -c Release --no-build --project bench/Benchmarks -- --provider-cpu
