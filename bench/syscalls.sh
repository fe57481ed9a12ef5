#!/usr/bin/env bash
# System calls per c64 cache miss, gateway against the bare pass-through: where the gateway's extra thread hand-offs
# (futex: a thread woken or put to sleep) and socket calls come from. Counts, not times, so a busy machine shifts them
# little (docs/performance.md, "Thread hand-offs per request").
#
# Starts on 127.0.0.1 and free ports: redis-server, the mock upstream, the gateway (Release, Redis mode, default policy,
# as load.sh; MEMORY=1: in-memory mode) and the pass-through, the servers on CPU 0, wrk on CPU 1. For each server:
# WARM seconds of c64 misses (unrecorded), then `strace -c -f` on its process during DURATION seconds of c64 misses;
# prints the calls per completed request. strace slows the traced process: read the counts, not the request rates.
#
#   MOCK=../shared/bench/mock/mock-upstream.js ./bench/syscalls.sh      # ~1 minute; needs strace; MEMORY=1 WARM=15 DURATION=5
set -euo pipefail
cd "$(dirname "$0")/.."

MOCK=${MOCK:-../shared/bench/mock/mock-upstream.js}
WARM=${WARM:-15}
DURATION=${DURATION:-5}
OUT=${OUT:-bench/results/syscalls-$(date -u +%Y%m%dT%H%M%SZ)}

. bench/lib/script.sh
bench_init syscalls strace wrk redis-server node curl taskset dotnet
. bench/lib/processes.sh
. bench/lib/gateway.sh

log "building Release: src/Api, bench/PassThrough"
dotnet build -c Release src/Api -nologo -v q >"$OUT/build.log" 2>&1 || die "build failed (see $OUT/build.log)"
dotnet build -c Release bench/PassThrough -nologo -v q >>"$OUT/build.log" 2>&1 || die "build failed (see $OUT/build.log)"
start_redis taskset -c 0
start_mock taskset -c 1
free_port; GW_PORT=$FREE_PORT
if [ -n "${MEMORY:-}" ]; then
  redis_port=$REDIS_PORT; unset REDIS_PORT
  start_gateway taskset -c 0
  REDIS_PORT=$redis_port
else
  start_gateway taskset -c 0
fi
free_port; PASS_PORT=$FREE_PORT
start_passthrough taskset -c 0
wait_ok "http://127.0.0.1:$GW_PORT/health/ready" 90 || die "gateway not ready (see $OUT/gateway.log)"
wait_ok "http://127.0.0.1:$PASS_PORT/health" 60 || die "pass-through did not start (see $OUT/passthrough.log)"
export LOAD_AUTH="Bearer $(gateway_user_token "syscalls-$RANDOM")"

requests() { sed -n 's/^LOAD_JSON //p' | sed -E 's/.*"requests":([0-9]+).*/\1/'; }

echo "System calls per c64 cache miss ($(date -u '+%Y-%m-%d %H:%M UTC'), gateway in ${MEMORY:+in-memory}${MEMORY:-Redis} mode, load average $(cut -d' ' -f1 /proc/loadavg))" | tee "$OUT/summary.md"
for target in passthrough gateway; do
  if [ "$target" = gateway ]; then port=$GW_PORT; pid=$GW_PID; else port=$PASS_PORT; pid=$PASS_PID; fi
  log "$target: ${WARM}s warm-up, then ${DURATION}s traced"
  misses_to "$port" 64 "$WARM" "warm-$target-$RANDOM" --timeout 10s >/dev/null
  strace -c -f -p "$pid" -o "$OUT/strace-$target.txt" 2>/dev/null & tracer=$!
  sleep 1
  requests=$(misses_to "$port" 64 "$DURATION" "run-$target-$RANDOM" --timeout 10s | requests)
  kill -INT "$tracer"; wait "$tracer" || true
  { echo; echo "$target ($requests requests traced):"
    awk -v n="$requests" '$4 ~ /^[0-9]+$/ && $NF != "total" { printf "  %-14s %6.2f\n", $NF, $4 / n }' "$OUT/strace-$target.txt" \
      | sort -k2 -n -r | head -8; } | tee -a "$OUT/summary.md"
done
log "raw counts and logs: $OUT"
