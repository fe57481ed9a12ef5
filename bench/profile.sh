#!/usr/bin/env bash
# Where the gateway's CPU goes under c64 cache misses: perf samples of the gateway process (call graphs, .NET frames
# named through DOTNET_PerfMapEnabled) grouped by bench/profile/categories.py into HTTP in and out, the gateway's
# checks, the framework layers between them and the runtime (bench/README.md, "Load", why the targets are out of reach).
#
# Starts on 127.0.0.1 and free ports: redis-server and the gateway (Release, Redis mode, default policy, as load.sh)
# on CPU 0, the mock upstream and wrk on CPU 1; WARM seconds of c64 misses (unrecorded), then perf records the gateway
# for DURATION seconds of c64 misses. Needs perf (Debian: linux-perf) and root, or a perf_event_paranoid that allows it.
#
#   MOCK=../shared/bench/mock/mock-upstream.js ./bench/profile.sh      # ~1.5 minutes; WARM=30 DURATION=8 CONC=64
set -euo pipefail
cd "$(dirname "$0")/.."

MOCK=${MOCK:-../shared/bench/mock/mock-upstream.js}
WARM=${WARM:-30}
DURATION=${DURATION:-8}
CONC=${CONC:-64}
OUT=${OUT:-bench/results/profile-$(date -u +%Y%m%dT%H%M%SZ)}

. bench/lib/script.sh
bench_init profile perf wrk redis-server node curl taskset dotnet python3
. bench/lib/processes.sh
. bench/lib/gateway.sh

log "building Release: src/Api"
dotnet build -c Release src/Api -nologo -v q >"$OUT/build.log" 2>&1 || die "build failed (see $OUT/build.log)"
start_redis taskset -c 0
start_mock taskset -c 1
free_port; GW_PORT=$FREE_PORT
start_gateway env DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 taskset -c 0
wait_ok "http://127.0.0.1:$GW_PORT/health/ready" 90 || die "gateway not ready (see $OUT/gateway.log)"
export LOAD_AUTH="Bearer $(gateway_user_token "profile-$RANDOM")"

log "warm-up: ${WARM}s of c$CONC misses"
gateway_misses "$CONC" "$WARM" "warm-$RANDOM" --timeout 10s >/dev/null
log "recording ${DURATION}s of c$CONC misses"
perf record -F 999 -g -p "$GW_PID" -o "$OUT/perf.data" -- sleep "$(( DURATION + 1 ))" >"$OUT/perf.log" 2>&1 & perf_pid=$!
cpu0=$(awk '{print $14 + $15}' "/proc/$GW_PID/stat")
gateway_misses "$CONC" "$DURATION" "run-$RANDOM" --timeout 10s >"$OUT/wrk.txt"
cpu1=$(awk '{print $14 + $15}' "/proc/$GW_PID/stat")
wait "$perf_pid" || die "perf failed (see $OUT/perf.log)"
requests=$(sed -n 's/^LOAD_JSON //p' "$OUT/wrk.txt" | sed -E 's/.*"requests":([0-9]+).*/\1/')
cpu_us=$(awk -v d=$(( cpu1 - cpu0 )) -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", d * 1e6 / hz / n}')
perf script -i "$OUT/perf.data" 2>/dev/null >"$OUT/perf.txt"
{
  echo "Profile: c$CONC cache misses for ${DURATION}s after ${WARM}s of warm-up, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD); $(sed -n 's/^LOAD_JSON //p' "$OUT/wrk.txt" | sed -E 's/.*"rps":([0-9.]+).*/\1 RPS/')"
  python3 bench/profile/categories.py "$OUT/perf.txt" "$cpu_us"
} | tee "$OUT/summary.md"
log "raw results and logs: $OUT"
