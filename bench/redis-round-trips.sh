#!/usr/bin/env bash
# How many times Redis reads from and writes to its sockets per gateway request — the measurement behind "the cache
# read and the rate-limit script travel in one round trip" (bench/README.md, "What Redis adds per request").
#
# Starts on 127.0.0.1 and free ports: redis-server, the mock upstream and the gateway (Release, Redis mode, default
# policy, as load.sh), plus BASELINE's gateway when BASELINE=DIR names another checkout (own key prefix, same Redis).
# For each gateway and case (miss: unique prompts; hit: one prompt) it runs wrk at concurrency 1 for DURATION seconds
# while `strace -c` counts Redis's read and write (write, writev) system calls, and prints them per request. Redis answers every read
# it processes, so read calls per request = round trips per request (the cache write of a miss is not awaited but is
# one more read for Redis).
#
#   MOCK=../shared/bench/mock/mock-upstream.js ./bench/redis-round-trips.sh               # ~1 minute; needs strace
#   git worktree add /tmp/base REV && BASELINE=/tmp/base MOCK=... ./bench/redis-round-trips.sh
set -euo pipefail
cd "$(dirname "$0")/.."

MOCK=${MOCK:-../shared/bench/mock/mock-upstream.js}
DURATION=${DURATION:-3}
OUT=${OUT:-bench/results/redis-round-trips-$(date -u +%Y%m%dT%H%M%SZ)}

. bench/lib/script.sh
bench_init round-trips wrk redis-server node curl strace dotnet
. bench/lib/processes.sh
. bench/lib/gateway.sh

declare -A DIR=([gateway]=$(pwd))
gateways=(gateway)
if [ -n "${BASELINE:-}" ]; then DIR[baseline]=$(cd "$BASELINE" && pwd); gateways=(baseline gateway); fi
for g in "${gateways[@]}"; do
  log "building Release: ${DIR[$g]}/src/Api"
  dotnet build -c Release "${DIR[$g]}/src/Api" -nologo -v q >>"$OUT/build.log" 2>&1 || die "build failed (see $OUT/build.log)"
done

start_redis
start_mock

declare -A URL AUTH
for g in "${gateways[@]}"; do
  free_port; GW_PORT=$FREE_PORT
  pushd "${DIR[$g]}" >/dev/null
  GW_LOG=$OUT/$g.log start_gateway env REDIS_KEY_PREFIX="llmgw-$g:"
  popd >/dev/null
  wait_ok "http://127.0.0.1:$GW_PORT/health/ready" 90 || die "$g not ready (see $OUT/$g.log)"
  URL[$g]="http://127.0.0.1:$GW_PORT/v1/chat/completions"
  token=$(gateway_user_token bench) || exit 1
  AUTH[$g]="Bearer $token"
done

wrk_run() { # gateway case seconds salt -> requests
  LOAD_AUTH=${AUTH[$1]} LOAD_CASE=$2 LOAD_SALT=$4 wrk -t1 -c1 -d"$3s" -s bench/load/chat.lua "${URL[$1]}" \
    | sed -n 's/^LOAD_JSON //p' | sed -E 's/.*"requests":([0-9]+).*/\1/'
}
calls() { awk -v name="$2" '$NF == name {print $4}' "$1"; }

echo "Redis system calls per request, concurrency 1, ${DURATION}s per row, $(date -u '+%Y-%m-%d %H:%M UTC')" | tee "$OUT/summary.md"
echo | tee -a "$OUT/summary.md"
echo "| gateway | case | requests | read calls / request | write + writev calls / request |" | tee -a "$OUT/summary.md"
echo "|---|---|---:|---:|---:|" | tee -a "$OUT/summary.md"
for g in "${gateways[@]}"; do
  for c in miss hit; do
    wrk_run "$g" "$c" 2 "warm-$g" >/dev/null   # JIT warm-up; for hit it also stores the one answer
    strace -c -e trace=read,write,writev -p "$REDIS_PID" -o "$OUT/strace-$g-$c.txt" 2>/dev/null & tracer=$!
    sleep 0.5
    requests=$(wrk_run "$g" "$c" "$DURATION" "$( [ "$c" = hit ] && echo "warm-$g" || echo "run-$g")")
    kill -INT "$tracer"; wait "$tracer" || true
    reads=$(calls "$OUT/strace-$g-$c.txt" read)
    writes=$(( $(calls "$OUT/strace-$g-$c.txt" write || true) + 0 + $(calls "$OUT/strace-$g-$c.txt" writev || true) + 0 ))
    printf '| %s | %s | %s | %.2f | %.2f |\n' "$g" "$c" "$requests" "$(bc -l <<<"${reads:-0} / $requests")" \
      "$(bc -l <<<"${writes:-0} / $requests")" | tee -a "$OUT/summary.md"
  done
done
