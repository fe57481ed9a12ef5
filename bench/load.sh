#!/usr/bin/env bash
# Load benchmark: the gateway (Release, full default policy, Redis) versus a bare ASP.NET Core pass-through
# (bench/PassThrough) versus the mock OpenAI upstream directly, driven by wrk in one run, interleaved.
#
# Starts, on 127.0.0.1 only and on free ports: redis-server (no persistence), the mock upstream
# (../shared/bench/mock/mock-upstream.js, override with MOCK=), the pass-through and the gateway; logs a bench user in;
# checks every target answers correctly; then for each case (cache miss, cache hit, streaming) and concurrency
# (1, 64) runs wrk against mock, pass-through and gateway in A B C / C B A / A B C order, DURATION seconds each after
# an unrecorded warm-up, and a node probe (bench/load/ttft.js) for time to first token and to [DONE]. Prints the
# table (medians over the repeats) and stops exactly the processes it started, by PID.
#
#   ./bench/load.sh                                  # ~10 minutes on the 2-core VM
#   DURATION=5 REPEATS=1 CASES=miss ./bench/load.sh  # a quick look
#   git worktree add /tmp/base REV && BASELINE=/tmp/base ./bench/load.sh
#                                                    # also the gateway of commit REV ("baseline"), in the same run and
#                                                    # interleaving, on the same Redis: what a change bought (~13 minutes)
#
# Pinning: the servers under test (gateway or pass-through) and Redis on CPU $SERVER_CPU (0), wrk, the mock and the
# probe on CPU $LOAD_CPU (1). The mock sits with the load generator so that the server core holds only the process
# being measured (and, for the gateway, the Redis it needs); with the mock on the server core too, the mock's own
# cost would be charged to every proxy and the mock-direct row would get a whole core the others share.
#
# Per-request server cost: CPU time (utime + stime from /proc/PID/stat) the process used during the wrk run, divided
# by the requests wrk completed; for the gateway also Redis's. It does not depend on which process was the bottleneck.
#
# Parameters (environment):
#   DURATION=8 WARMUP=2 REPEATS=3   seconds per wrk run, unrecorded warm-up per target and block, interleaved repeats
#   JIT_WARMUP=30         seconds of unrecorded c64 misses on pass-through and gateway before the first block (the
#                         runtime keeps recompiling hot framework code for tens of seconds)
#   CONCURRENCIES="1 64"  CASES="miss hit stream"
#   PROBE_REQUESTS=40     streaming probe cycles per repeat (each cycle = one request to every target; 0 skips)
#   SERVER_CPU=0 LOAD_CPU=1   MOCK=../shared/bench/mock/mock-upstream.js
#   OUT=bench/results/load-<UTC time>   raw results (raw.jsonl), logs, summary.md
#   BASELINE=DIR          another checkout of this repository: its gateway is built and measured as a fourth target
#   BASELINE_ENV="A=1 …"  environment for the baseline gateway only (with BASELINE=. : a runtime setting against none)
#   PORTKEY=DIR           a directory where `npm install @portkey-ai/gateway@1.15.2` was run (the version
#                         ../shared/bench/setup.sh pins): Portkey's gateway as a further target ("portkey") on the server
#                         CPU, routed to the mock by its headers; in the wrk blocks, not in the TTFT probe
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

MOCK=${MOCK:-../shared/bench/mock/mock-upstream.js}
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-2}
JIT_WARMUP=${JIT_WARMUP:-30}
REPEATS=${REPEATS:-3}
CONCURRENCIES=${CONCURRENCIES:-"1 64"}
CASES=${CASES:-"miss hit stream"}
PROBE_REQUESTS=${PROBE_REQUESTS:-40}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-bench/results/load-$RUN_ID}

. bench/lib/script.sh
bench_init load wrk redis-server node curl taskset dotnet
if [ -n "${BASELINE:-}" ]; then
  [ -f "$BASELINE/src/Api/Api.csproj" ] || die "BASELINE=$BASELINE is not a checkout of this repository"
  BASELINE=$(cd "$BASELINE" && pwd)
fi
PORTKEY_SERVER=${PORTKEY:+$PORTKEY/node_modules/@portkey-ai/gateway/build/start-server.js}
[ -z "${PORTKEY:-}" ] || [ -f "$PORTKEY_SERVER" ] || die "PORTKEY=$PORTKEY holds no node_modules/@portkey-ai/gateway (npm install it there)"
(( $(nproc) >= 2 )) || die "needs 2 CPUs (server and load generator apart)"
[ -f .env ] && log "warning: $root/.env exists; the gateway reads it (the variables set here win)"
RAW=$OUT/raw.jsonl
: > "$RAW"

# ------------------------------------------------------------------ processes: started here, stopped here by PID
. bench/lib/processes.sh
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
upstream_calls() { curl -fs -m 5 "http://127.0.0.1:$MOCK_PORT/stats" | sed -E 's/.*"chat":([0-9]+).*"stream":([0-9]+).*/\1 \2/' | awk '{print $1 + $2}'; }

log "building Release: src/Api, bench/PassThrough"
dotnet build -c Release src/Api -nologo -v q >"$OUT/build.log" 2>&1 || die "build failed (see $OUT/build.log)"
dotnet build -c Release bench/PassThrough -nologo -v q >>"$OUT/build.log" 2>&1 || die "build failed (see $OUT/build.log)"
if [ -n "${BASELINE:-}" ]; then
  log "building Release: $BASELINE/src/Api (baseline)"
  dotnet build -c Release "$BASELINE/src/Api" -nologo -v q >>"$OUT/build.log" 2>&1 || die "baseline build failed (see $OUT/build.log)"
fi

free_port; PASS_PORT=$FREE_PORT
free_port; GW_PORT=$FREE_PORT
free_port; BASE_PORT=$FREE_PORT
free_port; PORTKEY_PORT=$FREE_PORT

start_redis taskset -c "$SERVER_CPU"
start_mock taskset -c "$LOAD_CPU"
. bench/lib/gateway.sh
start_passthrough taskset -c "$SERVER_CPU"

if [ -n "${BASELINE:-}" ]; then
  pushd "$BASELINE" >/dev/null
  # Its own key prefix: the two gateways share Redis (and its CPU) but no cache entries, users or policy.
  # shellcheck disable=SC2086 # BASELINE_ENV is words for env
  GW_PORT=$BASE_PORT GW_LOG=$OUT/baseline.log start_gateway env REDIS_KEY_PREFIX=llmgw-baseline: ${BASELINE_ENV:-} taskset -c "$SERVER_CPU"
  BASE_PID=$GW_PID
  popd >/dev/null
fi
start_gateway taskset -c "$SERVER_CPU"
if [ -n "${PORTKEY:-}" ]; then
  NODE_ENV=production taskset -c "$SERVER_CPU" node "$PORTKEY_SERVER" --port="$PORTKEY_PORT" --headless \
    >"$OUT/portkey.log" 2>&1 & pids+=($!); PORTKEY_PID=$!
fi

wait_ok "http://127.0.0.1:$PASS_PORT/health" 60 || die "pass-through did not start (see $OUT/passthrough.log)"
wait_ok "http://127.0.0.1:$GW_PORT/health/ready" 90 || die "gateway not ready (see $OUT/gateway.log)"
[ -z "${BASELINE:-}" ] || wait_ok "http://127.0.0.1:$BASE_PORT/health/ready" 90 || die "baseline not ready (see $OUT/baseline.log)"
[ -z "${PORTKEY:-}" ] || wait_ok "http://127.0.0.1:$PORTKEY_PORT/" 30 || die "Portkey did not start (see $OUT/portkey.log)"
log "redis :$REDIS_PORT (pid $REDIS_PID), mock :$MOCK_PORT (pid $MOCK_PID), pass-through :$PASS_PORT (pid $PASS_PID), gateway :$GW_PORT (pid $GW_PID)"

# A bench user with role "user": the default policy's user limits (RATE_LIMIT, counted in Redis on every request).
# Each gateway signs its own tokens.
declare -A URL=(
  [mock]="http://127.0.0.1:$MOCK_PORT/v1/chat/completions"
  [passthrough]="http://127.0.0.1:$PASS_PORT/v1/chat/completions"
  [gateway]="http://127.0.0.1:$GW_PORT/v1/chat/completions"
)
declare -A PID=([mock]=$MOCK_PID [passthrough]=$PASS_PID [gateway]=$GW_PID)
# Headers besides Authorization, "Name: value|Name: value".
declare -A HEADERS=()
token=$(gateway_user_token bench) || exit 1
declare -A AUTH=([gateway]="Bearer $token")
if [ -n "${PORTKEY:-}" ]; then
  URL[portkey]="http://127.0.0.1:$PORTKEY_PORT/v1/chat/completions"; PID[portkey]=$PORTKEY_PID
  HEADERS[portkey]="Authorization: Bearer sk-mock|x-portkey-provider: openai|x-portkey-custom-host: http://127.0.0.1:$MOCK_PORT/v1"
fi
if [ -n "${BASELINE:-}" ]; then
  URL[baseline]="http://127.0.0.1:$BASE_PORT/v1/chat/completions"; PID[baseline]=$BASE_PID
  token=$(GW_PORT=$BASE_PORT gateway_user_token bench) || exit 1
  AUTH[baseline]="Bearer $token"
fi
targets=(mock passthrough ${PORTKEY:+portkey} ${BASELINE:+baseline} gateway)

# ------------------------------------------------------------------ smoke: right answers before any timing
smoke_body() { # case nonce
  local s=''; [ "$1" = stream ] && s='"stream":true,'
  printf '{"model":"gpt-4o-mini",%s"messages":[{"role":"user","content":"[smoke %s] How do I rotate a log file?"}]}' "$s" "$2"
}
for t in "${targets[@]}"; do
  for c in miss stream; do
    extra=(); [ -z "${AUTH[$t]:-}" ] || extra+=(-H "Authorization: ${AUTH[$t]}")
    IFS='|' read -ra headers <<< "${HEADERS[$t]:-}"; for h in "${headers[@]}"; do extra+=(-H "$h"); done
    code=$(smoke_body "$c" "$RUN_ID-$t" | curl -s -N -m 20 -o "$OUT/smoke-$t-$c.txt" -D "$OUT/smoke-$t-$c.headers" \
      -w '%{http_code}' -X POST -H 'Content-Type: application/json' "${extra[@]}" --data-binary @- "${URL[$t]}")
    [ "$code" = 200 ] || die "smoke $t/$c: HTTP $code: $(head -c 300 "$OUT/smoke-$t-$c.txt")"
    if [ "$c" = stream ]; then grep -q 'data: \[DONE\]' "$OUT/smoke-$t-$c.txt" || die "smoke $t/stream: no [DONE]"
    else grep -q '"choices"' "$OUT/smoke-$t-$c.txt" || die "smoke $t/miss: no choices"; fi
  done
done
# The gateway answers from the mock (not its offline fallback), and the same request again from its cache.
grep -qi '^x-gateway-provider: openai' "$OUT/smoke-gateway-miss.headers" || die "gateway did not use the mock as provider: $(cat "$OUT/smoke-gateway-miss.headers")"
smoke_body miss "$RUN_ID-gateway" | curl -s -m 20 -o /dev/null -D "$OUT/smoke-gateway-hit.headers" -X POST \
  -H 'Content-Type: application/json' -H "Authorization: ${AUTH[gateway]}" --data-binary @- "${URL[gateway]}"
grep -qi '^x-cache: hit' "$OUT/smoke-gateway-hit.headers" || die "gateway cache did not hit: $(cat "$OUT/smoke-gateway-hit.headers")"
log "smoke: all targets answer (JSON and SSE); the gateway uses the mock and its cache hits"

loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)

# ------------------------------------------------------------------ closed loop: wrk
run_wrk() { # target case concurrency seconds salt -> LOAD_JSON payload
  LOAD_AUTH=${AUTH[$1]:-} LOAD_HEADERS=${HEADERS[$1]:-} LOAD_CASE=$2 LOAD_SALT=$5 taskset -c "$LOAD_CPU" timeout $(( $4 + 30 )) \
    wrk -t1 -c"$3" -d"$4s" --timeout 10s -s bench/load/chat.lua "${URL[$1]}" 2>>"$OUT/wrk.stderr" \
    | sed -n 's/^LOAD_JSON //p' | tail -1
}
order() { if (( $1 % 2 == 1 )); then echo "${targets[@]}"; else printf '%s\n' "${targets[@]}" | tac | xargs; fi; }

# JIT warm-up before anything is recorded: tiered compilation and PGO settle under load, not in the first block.
log "warm-up: ${JIT_WARMUP}s of cache misses at concurrency 64 on pass-through and gateway (not recorded)"
for t in "${targets[@]:1}"; do run_wrk "$t" miss 64 "$JIT_WARMUP" "$RUN_ID-jit" >/dev/null; done

for case in $CASES; do
  for conc in $CONCURRENCIES; do
    log "== $case, concurrency $conc: ${DURATION}s x $REPEATS per target (warm-up ${WARMUP}s)"
    # The hit case sends one fixed body for the whole block; the warm-up stores it in the gateway's cache.
    for t in "${targets[@]}"; do run_wrk "$t" "$case" "$conc" "$WARMUP" "$RUN_ID-$case-$conc-warm" >/dev/null; done
    for (( rep = 1; rep <= REPEATS; rep++ )); do
      for t in $(order "$rep"); do
        salt="$RUN_ID-$case-$conc-$rep-$t"; [ "$case" = hit ] && salt="$RUN_ID-$case-$conc-warm"
        sleep 1   # requests wrk abandoned at the end of the previous run finish before this one starts
        up0=$(upstream_calls); cpu0=$(cpu_ticks "${PID[$t]}"); redis0=$(cpu_ticks "$REDIS_PID")
        res=$(run_wrk "$t" "$case" "$conc" "$DURATION" "$salt")
        cpu1=$(cpu_ticks "${PID[$t]}"); redis1=$(cpu_ticks "$REDIS_PID"); up1=$(upstream_calls)
        [ -n "$res" ] || die "wrk gave no result for $t (see $OUT/wrk.stderr)"
        printf '{"kind":"wrk","case":"%s","conc":%s,"rep":%s,"target":"%s","cpu_ticks":%s,"redis_ticks":%s,"upstream_calls":%s,"wrk":%s}\n' \
          "$case" "$conc" "$rep" "$t" $(( cpu1 - cpu0 )) $(( redis1 - redis0 )) $(( up1 - up0 )) "$res" >> "$RAW"
        log "  rep $rep $t: $res"
      done
    done
  done
done

# ------------------------------------------------------------------ streaming: time to first token and to [DONE]
if (( PROBE_REQUESTS > 0 )); then
  log "== streaming probe: paced stream (20 chunks 5 ms apart), $PROBE_REQUESTS cycles x $REPEATS, one request at a time"
  probe_auth=(); for t in "${!AUTH[@]}"; do probe_auth+=("--auth-$t=${AUTH[$t]}"); done
  for (( rep = 1; rep <= REPEATS; rep++ )); do
    res=$(taskset -c "$LOAD_CPU" timeout 120 node bench/load/ttft.js \
      --targets="$(for t in "${targets[@]}"; do [ "$t" = portkey ] || printf '%s=%s,' "$t" "${URL[$t]}"; done)" \
      "${probe_auth[@]}" \
      --requests="$PROBE_REQUESTS" --warmup=10 --max-seconds=90 --salt="$RUN_ID-probe-$rep" 2>>"$OUT/probe.stderr" \
      | sed -n 's/^LOAD_JSON //p' | tail -1)
    [ -n "$res" ] || die "probe gave no result (see $OUT/probe.stderr)"
    printf '{"kind":"probe","rep":%s,"probe":%s}\n' "$rep" "$res" >> "$RAW"
    log "  rep $rep done"
  done
fi

# ------------------------------------------------------------------ report
gateway_warnings=$(grep -c '"@l":"\(Warning\|Error\|Fatal\)"' "$OUT/gateway.log" || true)
# A gateway that lost Redis fails open (no rate limit, no cache) and is cheaper: its figures would not be comparable.
# Still counting in Redis at the end means X-RateLimit-* on an answer (they are left out when the limiter failed open).
failed_open=()
for t in "${targets[@]}"; do
  [ -n "${AUTH[$t]:-}" ] || continue
  smoke_body miss "$RUN_ID-end-$t" | curl -s -m 20 -o /dev/null -D "$OUT/end-$t.headers" -X POST -H 'Content-Type: application/json' \
    -H "Authorization: ${AUTH[$t]}" --data-binary @- "${URL[$t]}" || true
  grep -qi '^x-ratelimit-remaining:' "$OUT/end-$t.headers" 2>/dev/null || failed_open+=("$t")
done
{
  echo "Load benchmark $(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')), .NET SDK $(dotnet --version), $(wrk -v 2>&1 | head -1 | awk '{print "wrk " $2}'), node $(node --version), $(redis-server --version | awk '{print $3}' | tr -d 'v=' | sed 's/^/redis /')"
  echo "load average at start $loadavg_start, at end $(cut -d' ' -f1-3 /proc/loadavg); servers on CPU $SERVER_CPU (gateway or pass-through, Redis), wrk + mock + probe on CPU $LOAD_CPU"
  [ -z "${BASELINE:-}" ] || echo "baseline: the gateway of $BASELINE at $(git -C "$BASELINE" rev-parse --short HEAD)${BASELINE_ENV:+ with $BASELINE_ENV}, gateway: $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' + uncommitted changes')"
  echo "DURATION=${DURATION}s WARMUP=${WARMUP}s REPEATS=$REPEATS CONCURRENCIES=\"$CONCURRENCIES\" CASES=\"$CASES\" PROBE_REQUESTS=$PROBE_REQUESTS; gateway log at ${GW_LOG_LEVEL:-Information} (as deployed), warnings and errors in it: $gateway_warnings"
  echo
  for t in "${failed_open[@]}"; do
    echo "**WARNING: $t was failing open at the end of the run (no X-RateLimit-* headers: Redis unusable to it) — its figures are not those of a gateway that checks every request; see $OUT/$t.log**"
  done
  CLK_TCK=$(getconf CLK_TCK) node bench/load/report.js "$RAW"
} | tee "$OUT/summary.md"
log "raw results and logs: $OUT"
