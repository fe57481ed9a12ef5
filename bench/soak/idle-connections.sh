#!/usr/bin/env bash
# Idle-connection soak (issue 20, finding 6): IDLE connections (default 20,000) opened to the gateway on 127.0.0.1 and
# left idle (nothing sent), from CLIENTS node processes (each within its own file-descriptor limit), while a probe
# asks /health and /generate every second. The gateway runs with its connection limits (MAX_CONCURRENT_CONNECTIONS,
# KEEP_ALIVE_TIMEOUT_SECONDS): connections over the cap are closed at once, idle ones after the keep-alive timeout.
# Verdict: the gateway process is alive at the end, and answered probes during and after the flood. Not part of CI;
# do not run it on a machine others are measuring on.
#
# Starts, on 127.0.0.1 only and on free ports: the mock OpenAI upstream (../shared/bench/mock/mock-upstream.js,
# override with MOCK=) and the gateway (Release, in-memory mode). Stops exactly what it started, by PID, on exit;
# every step is bounded by `timeout`, so the script ends by itself.
#
#   ./bench/soak/idle-connections.sh                          # 20,000 idle connections held 90 s
#   IDLE=2000 HOLD=20 ./bench/soak/idle-connections.sh        # a quick look
#
# Parameters (environment): IDLE=20000 CLIENTS=2 HOLD=90 BATCH=500 MAX_CONNECTIONS=10000 KEEP_ALIVE=60
#   SKIP_BUILD=1 (use the existing Release build)   OUT=bench/results/idle-<UTC time>
set -euo pipefail
cd "$(dirname "$0")/../.."
# Everything here is on loopback: a proxy from the environment would make every curl wait for nothing.
export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}" NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
root=$(pwd)

MOCK=${MOCK:-../shared/bench/mock/mock-upstream.js}
IDLE=${IDLE:-20000}
CLIENTS=${CLIENTS:-2}
HOLD=${HOLD:-90}
BATCH=${BATCH:-500}
MAX_CONNECTIONS=${MAX_CONNECTIONS:-10000}
KEEP_ALIVE=${KEEP_ALIVE:-60}
RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-bench/results/idle-$RUN_ID}

. bench/lib/script.sh
bench_init idle node curl dotnet
[ -f .env ] && log "warning: $root/.env exists; the gateway reads it (the variables set here win)"
. bench/lib/processes.sh

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building Release: src/Api"
  timeout 900 dotnet build -c Release src/Api -nologo -v q >"$OUT/build.log" 2>&1 || die "build failed (see $OUT/build.log)"
fi

start_mock
free_port; GW_PORT=$FREE_PORT
. bench/lib/gateway.sh
start_gateway env MAX_CONCURRENT_CONNECTIONS="$MAX_CONNECTIONS" KEEP_ALIVE_TIMEOUT_SECONDS="$KEEP_ALIVE"
wait_ok "http://127.0.0.1:$GW_PORT/health" 90 || die "gateway not ready (see $OUT/gateway.log)"
token=$(gateway_user_token idle-soak) || exit 1
log "gateway :$GW_PORT (pid $GW_PID), cap $MAX_CONNECTIONS connections, keep-alive ${KEEP_ALIVE}s; opening $IDLE idle connections from $CLIENTS clients for ${HOLD}s"

probe() { # one /health and one /generate; prints "health generate" status codes
  local health generate
  health=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$GW_PORT/health" || true)
  generate=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$GW_PORT/generate" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "{\"prompt\":\"idle soak probe $RANDOM\"}" || true)
  echo "$health $generate"
}

per_client=$(( (IDLE + CLIENTS - 1) / CLIENTS ))
client_pids=()
for i in $(seq "$CLIENTS"); do
  timeout $(( HOLD + 60 )) node bench/soak/idle-connections.js --port="$GW_PORT" --count="$per_client" --batch="$BATCH" --hold="$HOLD" \
    >"$OUT/client-$i.json" 2>"$OUT/client-$i.log" & pids+=($!); client_pids+=($!)
done

ok=0; failed=0
: >"$OUT/probes.txt"
for second in $(seq "$HOLD"); do
  result=$(probe)
  echo "$second $result" >>"$OUT/probes.txt"
  if [ "$result" = "200 200" ]; then ok=$(( ok + 1 )); else failed=$(( failed + 1 )); fi
  kill -0 "$GW_PID" 2>/dev/null || break
  sleep 1
done
for pid in "${client_pids[@]}"; do wait "$pid" || true; done

alive=no; kill -0 "$GW_PID" 2>/dev/null && alive=yes
after=$(probe)
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$GW_PID/status" 2>/dev/null || echo 0)
{
  echo "idle connections requested: $IDLE (${CLIENTS} clients), cap $MAX_CONNECTIONS, keep-alive ${KEEP_ALIVE}s, held ${HOLD}s"
  for i in $(seq "$CLIENTS"); do echo "client $i: $(cat "$OUT/client-$i.json" 2>/dev/null || echo 'no report')"; done
  echo "probes during the flood (health+generate both 200): $ok ok, $failed not"
  echo "after the flood: health/generate $after; gateway alive: $alive; RSS $(( rss_kb / 1024 )) MB"
} | tee "$OUT/summary.txt"
grep -i '"@l":"\(Error\|Fatal\)"' "$OUT/gateway.log" | head -5 || true

[ "$alive" = yes ] && [ "$after" = "200 200" ] || die "FAIL: the gateway did not survive or does not serve (see $OUT)"
log "PASS"
