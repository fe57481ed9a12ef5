#!/usr/bin/env bash
# Soak: the gateway (Release, Redis mode, default policy) at a FIXED request rate for DURATION seconds through the full
# pipeline — JWT, rate limit in Redis, inspection, policy, cache, the mock upstream, output filtering — sampling memory,
# GC and thread-pool figures every SAMPLE seconds; prints the table over time and a verdict (growth trend of RSS and
# GC heap after the warm-up by linear regression; errors must be 0). Issue 8. Not part of CI.
#
# Starts, on 127.0.0.1 only and on free ports: redis-server (no persistence), the mock OpenAI upstream
# (../shared/bench/mock/mock-upstream.js, override with MOCK=) and the gateway; logs a bench user in (role user,
# RATE_LIMIT so high it never refuses, the limiter's script still runs on every request); drives bench/soak/drive.js
# (open loop: requests leave on a timer whatever the gateway does). Stops exactly what it started, by PID, on exit.
#
#   ./bench/soak.sh                              # 10 minutes at 100 req/s
#   DURATION=60 RATE=50 WARMUP=20 ./bench/soak.sh    # a quick look
#
# Parameters (environment): DURATION=600 RATE=100 SAMPLE=10 WARMUP=60 HIT_SHARE=0.3 STREAM_SHARE=0.05
#   MOCK=../shared/bench/mock/mock-upstream.js (from a git worktree elsewhere: the same file of the shared folder)
#   SKIP_BUILD=1 (use the existing Release build)
#   OUT=bench/results/soak-<UTC time>   logs, samples.json, table.txt
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

MOCK=${MOCK:-../shared/bench/mock/mock-upstream.js}
DURATION=${DURATION:-600}
RATE=${RATE:-100}
SAMPLE=${SAMPLE:-10}
WARMUP=${WARMUP:-60}
HIT_SHARE=${HIT_SHARE:-0.3}
STREAM_SHARE=${STREAM_SHARE:-0.05}
RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-bench/results/soak-$RUN_ID}

. bench/lib/script.sh
bench_init soak redis-server node curl dotnet
[ -f .env ] && log "warning: $root/.env exists; the gateway reads it (the variables set here win)"

# ------------------------------------------------------------------ processes: started here, stopped here by PID
. bench/lib/processes.sh

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building Release: src/Api"
  dotnet build -c Release src/Api -nologo -v q >"$OUT/build.log" 2>&1 || die "build failed (see $OUT/build.log)"
fi

start_redis
start_mock
free_port; GW_PORT=$FREE_PORT

. bench/lib/gateway.sh
start_gateway

wait_ok "http://127.0.0.1:$GW_PORT/health/ready" 90 || die "gateway not ready (see $OUT/gateway.log)"
log "redis :$REDIS_PORT, mock :$MOCK_PORT, gateway :$GW_PORT (pid $GW_PID)"

token=$(gateway_user_token soak) || exit 1

# The runtime metrics the driver samples must be there, or the table would be empty columns.
# (A collection count appears after the first GC, so give it a moment after start-up.)
# (The scrape is read whole before grep: with pipefail, grep -q leaving early would fail curl's side of the pipe.)
has_runtime_metrics() { grep -q '^dotnet_gc_collections_total' <<< "$(curl -fs "http://127.0.0.1:$GW_PORT/metrics")"; }
for _ in $(seq 50); do
  has_runtime_metrics && break
  curl -fs -o /dev/null -X POST "http://127.0.0.1:$GW_PORT/v1/chat/completions" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"warm-up"}]}' || true
  sleep 0.2
done
has_runtime_metrics || die "GET /metrics shows no dotnet_* runtime metrics"

{
  echo "soak: $(date -u +%FT%TZ), rate $RATE req/s for $DURATION s (warm-up $WARMUP s), mix ${HIT_SHARE} hit / ${STREAM_SHARE} stream / rest miss"
  echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/table.txt"

set +e
SOAK_TOKEN=$token node bench/soak/drive.js --url="http://127.0.0.1:$GW_PORT" --pid="$GW_PID" --rate="$RATE" \
  --duration="$DURATION" --sample="$SAMPLE" --warmup="$WARMUP" --hit-share="$HIT_SHARE" --stream-share="$STREAM_SHARE" \
  --json="$OUT/samples.json" | tee -a "$OUT/table.txt"
status=${PIPESTATUS[0]}
set -e

{
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); upstream calls (mock /stats): $(curl -fs -m 5 "http://127.0.0.1:$MOCK_PORT/stats")"
  echo "gateway CPU time: $(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f s", ($14 + $15) / hz}' "/proc/$GW_PID/stat"); warnings/errors in its log: $(grep -c '"@l":"\(Warning\|Error\|Fatal\)"' "$OUT/gateway.log" || true)"
} | tee -a "$OUT/table.txt"
log "results in $OUT"
exit "$status"
