#!/usr/bin/env bash
# What the runtime's JIT settings do to the gateway under steady load on one CPU — the measurement behind the
# Dockerfile's DOTNET_TC_CallCountingDelayMs=0 (bench/README.md, "Tiered compilation").
#
# Starts on 127.0.0.1 and free ports: redis-server and the gateway (Release, Redis mode, default policy, as load.sh)
# on CPU 0, the mock upstream and wrk on CPU 1. For each JIT mode, in turn and ROUNDS times (A B C D / D C B A ...),
# a fresh gateway: WARM seconds of c64 cache misses (unrecorded), then DURATION seconds recorded. Prints, per mode,
# the median RPS and CPU µs per request (utime + stime of the gateway over the recorded run / requests), and how many
# methods were at each code tier at the end (from the runtime's perf map, DOTNET_PerfMapEnabled=1).
#
#   MOCK=../shared/bench/mock/mock-upstream.js ./bench/jit-tiering.sh      # ~7 minutes
#
# Modes (start_gateway runs the gateway as the container image does, with DOTNET_TC_CallCountingDelayMs=0):
#   runtime-defaults   that variable unset: .NET's own tiering, as `dotnet run` gets it
#   container          the image's and the bench's setting: .NET's tiering without the tiering delay
#   quickjit-pgo-off   variable unset, DOTNET_TC_QuickJit=0 DOTNET_TieredPGO=0: optimised at first call, no PGO
#   no-tiering         DOTNET_TieredCompilation=0: everything optimised once, ReadyToRun code kept
set -euo pipefail
cd "$(dirname "$0")/.."

MOCK=${MOCK:-../shared/bench/mock/mock-upstream.js}
WARM=${WARM:-30}
DURATION=${DURATION:-8}
ROUNDS=${ROUNDS:-2}
OUT=${OUT:-bench/results/jit-$(date -u +%Y%m%dT%H%M%SZ)}

. bench/lib/script.sh
bench_init jit wrk redis-server node curl taskset dotnet
. bench/lib/processes.sh
. bench/lib/gateway.sh

log "building Release: src/Api"
dotnet build -c Release src/Api -nologo -v q >"$OUT/build.log" 2>&1 || die "build failed (see $OUT/build.log)"

start_redis taskset -c 0
start_mock taskset -c 1

declare -A MODE_ENV=(
  [runtime-defaults]="-u DOTNET_TC_CallCountingDelayMs"
  [container]=""
  [quickjit-pgo-off]="-u DOTNET_TC_CallCountingDelayMs DOTNET_TC_QuickJit=0 DOTNET_TieredPGO=0"
  [no-tiering]="DOTNET_TieredCompilation=0"
)
modes=(runtime-defaults container quickjit-pgo-off no-tiering)

: >"$OUT/raw.tsv"
for round in $(seq "$ROUNDS"); do
  order=("${modes[@]}")
  (( round % 2 == 0 )) && order=(no-tiering quickjit-pgo-off container runtime-defaults)
  for mode in "${order[@]}"; do
    free_port; GW_PORT=$FREE_PORT
    # shellcheck disable=SC2086 # the mode's variables are words for env
    start_gateway env ${MODE_ENV[$mode]} DOTNET_PerfMapEnabled=1 taskset -c 0
    wait_ok "http://127.0.0.1:$GW_PORT/health/ready" 90 || die "gateway ($mode) not ready (see $OUT/gateway.log)"
    export LOAD_AUTH="Bearer $(gateway_user_token "jit-$round-$RANDOM")"
    gateway_misses 64 "$WARM" "warm-$mode-$round" --timeout 10s >/dev/null
    before=$(awk '{print $14 + $15}' "/proc/$GW_PID/stat")
    result=$(gateway_misses 64 "$DURATION" "run-$mode-$round" --timeout 10s | sed -n 's/^LOAD_JSON //p')
    after=$(awk '{print $14 + $15}' "/proc/$GW_PID/stat")
    requests=$(sed -E 's/.*"requests":([0-9]+).*/\1/' <<<"$result")
    rps=$(sed -E 's/.*"rps":([0-9.]+).*/\1/' <<<"$result")
    tiers=$(grep -oE '\[(QuickJitted|Optimized|OptimizedTier1|OptimizedTier1OSR|InstrumentedTier|InstrumentedTierOptimized|MinOptJitted)\]$' \
      "/tmp/perf-$GW_PID.map" 2>/dev/null | sort | uniq -c | awk '{printf "%s=%s ", $2, $1}' | tr -d '[]')
    printf '%s\t%s\t%s\t%s\t%s\n' "$mode" "$round" "$rps" "$(( (after - before) * 10000 / requests ))" "$tiers" | tee -a "$OUT/raw.tsv" >&2
    kill -TERM "$GW_PID"; wait "$GW_PID" 2>/dev/null || true
    rm -f "/tmp/perf-$GW_PID.map" "/tmp/perfinfo-$GW_PID.map"
  done
done

{
  echo "JIT modes, c64 cache misses on one CPU, $(date -u '+%Y-%m-%d %H:%M UTC'), WARM=${WARM}s DURATION=${DURATION}s ROUNDS=$ROUNDS, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| mode | RPS (median) | CPU µs/request (median) | methods by code tier at the end (last round) |"
  echo "|---|---:|---:|---|"
  for mode in "${modes[@]}"; do
    rps=$(awk -F'\t' -v m="$mode" '$1 == m {print $3}' "$OUT/raw.tsv" | median)
    cpu=$(awk -F'\t' -v m="$mode" '$1 == m {print $4}' "$OUT/raw.tsv" | median)
    tiers=$(awk -F'\t' -v m="$mode" '$1 == m {t = $5} END {print t}' "$OUT/raw.tsv")
    printf '| %s | %.0f | %.0f | %s |\n' "$mode" "$rps" "$cpu" "$tiers"
  done
} | tee "$OUT/summary.md"
