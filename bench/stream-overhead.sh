#!/usr/bin/env bash
# What the gateway adds to a streamed answer: time to first token and to [DONE], versus the mock upstream directly.
# Starts the mock upstream (../shared/bench/mock/mock-upstream.js) and the gateway (Release, default policy, in-memory
# mode, the mock as its OpenAI provider), runs bench/stream/probe.js against both, alternating, one request at a time,
# then stops exactly the processes it started. Loopback only; bounded by REQUESTS and 120 s per model.
#
#   ./bench/stream-overhead.sh                 # REQUESTS=200 per model
#   MOCK=/path/to/mock-upstream.js ./bench/stream-overhead.sh
set -euo pipefail
cd "$(dirname "$0")/.."

MOCK=${MOCK:-../shared/bench/mock/mock-upstream.js}
REQUESTS=${REQUESTS:-200}
MOCK_PORT=${MOCK_PORT:-18181}
GATEWAY_PORT=${GATEWAY_PORT:-18182}
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

[ -f "$MOCK" ] || { echo "stream-overhead: no mock upstream at $MOCK (set MOCK=)" >&2; exit 1; }
dotnet build -c Release src/Api -v q -nologo >/dev/null

taskset -c 1 node "$MOCK" --port="$MOCK_PORT" >"$work/mock.log" 2>&1 & pids+=($!)

secret=$(head -c 48 /dev/urandom | base64)
JWT_SECRET=$secret ADMIN_USER_ID=bench ADMIN_PASSWORD=bench-password-not-secret \
  OPENAI_API_KEY=sk-bench-mock OPENAI_BASE_URL="http://127.0.0.1:$MOCK_PORT/v1" \
  RATE_LIMIT=100000000 RATE_WINDOW=60 ASPNETCORE_ENVIRONMENT=Production \
  Serilog__MinimumLevel__Default=Warning DOTNET_TC_CallCountingDelayMs=0 \
  taskset -c 0 dotnet src/Api/bin/Release/net10.0/LlmGateway.Api.dll --urls "http://127.0.0.1:$GATEWAY_PORT" \
  >"$work/gateway.log" 2>&1 & pids+=($!)

for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$GATEWAY_PORT/health" >/dev/null 2>&1 && curl -fs "http://127.0.0.1:$MOCK_PORT/health" >/dev/null 2>&1 && break
  sleep 0.2
done
token=$(curl -fs -X POST "http://127.0.0.1:$GATEWAY_PORT/login" -H 'Content-Type: application/json' \
  -d '{"user_id":"bench","password":"bench-password-not-secret"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')

echo "machine: $(nproc) cores, $(dotnet --version), mock on core 1, gateway on core 0, probe unpinned; $REQUESTS requests per model"
# Each model name tells the mock how to stream: 20 chunks at once, and 20 chunks 5 ms apart (a model's pace).
for model in mock-gpt-chunks20 mock-gpt-chunkdelay5-chunks20; do
  node bench/stream/probe.js --direct="http://127.0.0.1:$MOCK_PORT/v1/chat/completions" \
    --gateway="http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions" --token="$token" --model="$model" \
    --requests="$REQUESTS" --max-seconds=120
done
