#!/usr/bin/env bash
# What the gateway adds to a streamed answer: time to first token and to [DONE], versus the mock upstream directly.
# Starts the mock upstream (../shared/bench/mock/mock-upstream.js) and the gateway (Release, default policy, in-memory
# mode, the mock as its OpenAI provider; bench/lib/gateway.sh), runs bench/stream/probe.js against both, alternating,
# one request at a time, then stops exactly the processes it started. Loopback only; bounded by REQUESTS and 120 s per
# model.
#
#   ./bench/stream-overhead.sh                 # REQUESTS=200 per model
#   MOCK=../shared/bench/mock/mock-upstream.js ./bench/stream-overhead.sh
set -euo pipefail
cd "$(dirname "$0")/.."

MOCK=${MOCK:-../shared/bench/mock/mock-upstream.js}
REQUESTS=${REQUESTS:-200}
OUT=${OUT:-bench/results/stream-$(date -u +%Y%m%dT%H%M%SZ)}

. bench/lib/script.sh
bench_init stream node curl dotnet
. bench/lib/processes.sh
. bench/lib/gateway.sh

dotnet build -c Release src/Api -v q -nologo >"$OUT/build.log" 2>&1 || die "build failed (see $OUT/build.log)"

start_mock taskset -c 1
free_port; GW_PORT=$FREE_PORT
start_gateway taskset -c 0
wait_ok "http://127.0.0.1:$GW_PORT/health/ready" 60 || die "gateway not ready (see $OUT/gateway.log)"
token=$(gateway_user_token bench) || exit 1

echo "machine: $(nproc) cores, $(dotnet --version), mock on core 1, gateway on core 0, probe unpinned; $REQUESTS requests per model"
# Each model name tells the mock how to stream: 20 chunks at once, and 20 chunks 5 ms apart (a model's pace).
for model in mock-gpt-chunks20 mock-gpt-chunkdelay5-chunks20; do
  node bench/stream/probe.js --direct="http://127.0.0.1:$MOCK_PORT/v1/chat/completions" \
    --gateway="http://127.0.0.1:$GW_PORT/v1/chat/completions" --token="$token" --model="$model" \
    --requests="$REQUESTS" --max-seconds=120
done
