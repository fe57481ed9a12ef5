#!/usr/bin/env bash
# What a load spike on a fresh gateway does to the rate limit: how many requests went through unchecked because a
# Redis call timed out (the rate limit fails open by design when Redis is slow) and how often the Redis breaker
# opened — when the process, not Redis, was the slow part (bench/README.md, "Overload").
#
# Starts on 127.0.0.1 and free ports: redis-server and the gateway (Release, Redis mode, default policy, as load.sh)
# on CPU 0, the mock upstream and wrk on CPU 1. For each target, in turn and ROUNDS times (A B / B A ...), a fresh
# gateway and an emptied Redis: WARM seconds of c64 cache misses (unrecorded; 0 = the spike hits a cold process),
# then DURATION seconds of cache misses from CONC connections. Prints, per target, the medians of RPS, p50 and p99,
# wrk's timeouts (requests without an answer in 2 s), the breaker's openings (its "Redis unusable" log lines), the
# share of requests let through unchecked (gateway_rate_limit_failed_open_total / gateway_requests_total), the share
# whose client left before its answer (outcome "client_closed": the requests still queued when wrk stops) and the share
# with any other outcome than "ok".
#
#   MOCK=../shared/bench/mock/mock-upstream.js ./bench/overload.sh           # ~4 minutes
#   git worktree add /tmp/base REV && BASELINE=/tmp/base ./bench/overload.sh   # also the gateway of commit REV
#   BASELINE=. BASELINE_ENV="A=1 …" ./bench/overload.sh     # the same build with a runtime setting as the baseline
set -euo pipefail
cd "$(dirname "$0")/.."

MOCK=${MOCK:-../shared/bench/mock/mock-upstream.js}
CONC=${CONC:-1000}
WARM=${WARM:-0}
DURATION=${DURATION:-25}
ROUNDS=${ROUNDS:-2}
BASELINE=${BASELINE:-}
BASELINE_ENV=${BASELINE_ENV:-}
OUT=${OUT:-bench/results/overload-$(date -u +%Y%m%dT%H%M%SZ)}

. bench/lib/script.sh
bench_init overload wrk redis-server redis-cli node curl taskset dotnet
. bench/lib/processes.sh
. bench/lib/gateway.sh

targets=(gateway)
declare -A ROOT=([gateway]=$PWD)
if [ -n "$BASELINE" ]; then
  targets+=(baseline)
  ROOT[baseline]=$(cd "$BASELINE" && pwd)
fi
for target in "${targets[@]}"; do
  [ "$target" = baseline ] && [ "${ROOT[baseline]}" = "$PWD" ] && continue
  log "building Release: ${ROOT[$target]}/src/Api"
  (cd "${ROOT[$target]}" && dotnet build -c Release src/Api -nologo -v q) >"$OUT/build-$target.log" 2>&1 \
    || die "build failed (see $OUT/build-$target.log)"
done

start_redis taskset -c 0
start_mock taskset -c 1

json() { # field -> its number in $result, wrk's LOAD_JSON line
  sed -E "s/.*\"$1\":([0-9.]+).*/\1/" <<<"$result"
}
percent() { # part whole -> part as a percentage of whole, one decimal
  awk -v part="$1" -v whole="$2" 'BEGIN {printf "%.1f", whole ? 100 * part / whole : 0}'
}
metric_sum() { # file metric-regex -> sum of the matching samples
  { grep -E "^$2" "$1" || true; } | awk '{s += $NF} END {print s + 0}'
}

: >"$OUT/raw.tsv"
for round in $(seq "$ROUNDS"); do
  order=("${targets[@]}")
  (( round % 2 == 0 )) && order=($(printf '%s\n' "${targets[@]}" | tac))
  for target in "${order[@]}"; do
    free_port; GW_PORT=$FREE_PORT
    redis-cli -p "$REDIS_PORT" flushall >/dev/null
    GW_LOG=$OUT/$target-$round.log
    pushd "${ROOT[$target]}" >/dev/null
    if [ "$target" = baseline ]; then
      # shellcheck disable=SC2086 # BASELINE_ENV is words for env
      start_gateway env ${BASELINE_ENV:-} taskset -c 0
    else
      start_gateway taskset -c 0
    fi
    popd >/dev/null
    wait_ok "http://127.0.0.1:$GW_PORT/health/ready" 90 || die "gateway ($target) not ready (see $GW_LOG)"
    export LOAD_AUTH="Bearer $(gateway_user_token "overload-$round-$RANDOM")"
    (( WARM > 0 )) && gateway_misses 64 "$WARM" "warm-$target-$round" >/dev/null
    # wrk's default timeout of 2 s: a request unanswered by then counts as one of its timeouts.
    gateway_misses "$CONC" "$DURATION" "run-$target-$round-$RANDOM" >"$OUT/wrk-$target-$round.txt"
    curl -fs "http://127.0.0.1:$GW_PORT/metrics" >"$OUT/metrics-$target-$round.txt"
    result=$(sed -n 's/^LOAD_JSON //p' "$OUT/wrk-$target-$round.txt")
    timeouts=$({ grep -oE 'timeout [0-9]+' "$OUT/wrk-$target-$round.txt" || true; } | awk '{print $2}')
    requests=$(metric_sum "$OUT/metrics-$target-$round.txt" 'gateway_requests_total\{.*/v1/chat/completions')
    unchecked=$(metric_sum "$OUT/metrics-$target-$round.txt" 'gateway_rate_limit_failed_open_total')
    answered_ok=$(metric_sum "$OUT/metrics-$target-$round.txt" 'gateway_requests_total\{.*gateway_outcome="ok".*/v1/chat/completions')
    client_left=$(metric_sum "$OUT/metrics-$target-$round.txt" 'gateway_requests_total\{.*gateway_outcome="client_closed".*/v1/chat/completions')
    openings=$(grep -c 'Redis unusable' "$GW_LOG" || true)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$round" "$(json rps)" "$(json p50)" "$(json p99)" "${timeouts:-0}" \
      "$openings" "$(percent "$unchecked" "$requests")" "$(percent "$client_left" "$requests")" \
      "$(percent $(( requests - answered_ok - client_left )) "$requests")" | tee -a "$OUT/raw.tsv" >&2
    kill -TERM "$GW_PID"; wait "$GW_PID" 2>/dev/null || true
  done
done

{
  echo "Overload: $CONC connections of cache misses for ${DURATION}s on a fresh gateway (WARM=${WARM}s first), one CPU;"
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), ROUNDS=$ROUNDS, medians; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| target | RPS | p50 ms | p99 ms | wrk timeouts | breaker openings | requests let through unchecked | client left | another outcome than ok |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for target in "${targets[@]}"; do
    column() { awk -F'\t' -v t="$target" -v c="$1" '$1 == t {print $c}' "$OUT/raw.tsv" | median; }
    printf '| %s | %.0f | %.0f | %.0f | %.0f | %s | %s%% | %s%% | %s%% |\n' "$target" "$(column 3)" "$(column 4)" "$(column 5)" \
      "$(column 6)" "$(column 7)" "$(column 8)" "$(column 9)" "$(column 10)"
  done
} | tee "$OUT/summary.md"
