#!/usr/bin/env bash
# Where a streamed answer's time to first token goes, from the packets on the loopback interface: for each paced
# stream the TTFT probe (bench/load/ttft.js) sends through the gateway and through the bare pass-through, the moments
# the request arrived, the Redis command left and its reply came back (gateway only), the request to the mock left,
# the mock's first content event arrived, and that content left for the client. Nothing is instrumented: tcpdump
# timestamps every packet, bench/load/ttft-phases.js matches them per request and prints medians per phase.
#
#   ./bench/ttft-breakdown.sh               # ~2 minutes; needs tcpdump (apt-get install tcpdump) and root to capture
#   CYCLES=60 ./bench/ttft-breakdown.sh
#
# Same servers, pinning and settings as ./bench/load.sh (gateway + Redis + pass-through on CPU 0, mock + probe on
# CPU 1); loopback only; bounded by CYCLES; stops exactly the processes it started.
set -euo pipefail
cd "$(dirname "$0")/.."

MOCK=${MOCK:-../shared/bench/mock/mock-upstream.js}
CYCLES=${CYCLES:-40}
OUT=${OUT:-bench/results/ttft-breakdown-$(date -u +%Y%m%dT%H%M%SZ)}

. bench/lib/script.sh
bench_init ttft-breakdown tcpdump wrk redis-server node curl taskset dotnet
. bench/lib/processes.sh
. bench/lib/gateway.sh

dotnet build -c Release src/Api -nologo -v q >"$OUT/build.log" 2>&1 || die "build failed (see $OUT/build.log)"
dotnet build -c Release bench/PassThrough -nologo -v q >>"$OUT/build.log" 2>&1 || die "build failed (see $OUT/build.log)"

free_port; PASS_PORT=$FREE_PORT
free_port; GW_PORT=$FREE_PORT
start_redis taskset -c 0
start_mock taskset -c 1
start_passthrough taskset -c 0
start_gateway taskset -c 0
wait_ok "http://127.0.0.1:$PASS_PORT/health" 60 || die "pass-through did not start (see $OUT/passthrough.log)"
wait_ok "http://127.0.0.1:$GW_PORT/health/ready" 90 || die "gateway not ready (see $OUT/gateway.log)"
token=$(gateway_user_token bench) || exit 1

log "warm-up: 10 s of streams and 10 s of misses at c16 through each server (the runtime's tiering settles)"
for target in "$GW_PORT" "$PASS_PORT"; do
  for case in stream miss; do
    LOAD_CASE=$case LOAD_AUTH="Bearer $token" LOAD_SALT="warm-$RANDOM" taskset -c 1 timeout 60 \
      wrk -t1 -c16 -d10s -s bench/load/chat.lua "http://127.0.0.1:$target/v1/chat/completions" >/dev/null
  done
done

tcpdump -i lo -n -tt -l -A "tcp port $GW_PORT or tcp port $PASS_PORT or tcp port $MOCK_PORT or tcp port $REDIS_PORT" \
  >"$OUT/packets.txt" 2>"$OUT/tcpdump.log" & pids+=($!); TCPDUMP_PID=$!
sleep 1
taskset -c 1 node bench/load/ttft.js --targets="mock=http://127.0.0.1:$MOCK_PORT/v1/chat/completions,passthrough=http://127.0.0.1:$PASS_PORT/v1/chat/completions,gateway=http://127.0.0.1:$GW_PORT/v1/chat/completions" \
  --auth-gateway="Bearer $token" --requests="$CYCLES" --warmup=5 --max-seconds=120 >"$OUT/probe.txt"
sleep 0.5
kill -INT "$TCPDUMP_PID"; wait "$TCPDUMP_PID" 2>/dev/null || true

echo "machine: $(nproc) cores, .NET SDK $(dotnet --version), $(uname -r); $CYCLES paced streams (20 chunks 5 ms apart) per server; load average $(cut -d' ' -f1-3 /proc/loadavg)"
sed -n 's/^LOAD_JSON //p' "$OUT/probe.txt" | node -e '
  const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
  for (const t of ["passthrough", "gateway"]) console.log(`probe: ${t} added TTFT p50 ${r[t].added_ttft.p50} ms (vs the mock directly)`);'
node bench/load/ttft-phases.js --packets="$OUT/packets.txt" --gateway="$GW_PORT" --passthrough="$PASS_PORT" \
  --mock="$MOCK_PORT" --redis="$REDIS_PORT" | tee "$OUT/summary.md"
log "raw packets and logs: $OUT"
