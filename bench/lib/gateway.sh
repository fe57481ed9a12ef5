# Sourced by the bench scripts that drive a gateway (see bench/lib/script.sh for the list), after
# bench/lib/processes.sh.

GW_ADMIN_ID=bench-admin
GW_ADMIN_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')

# start_gateway [WORD...] — starts the Release gateway of the current directory's checkout on $GW_PORT as it is deployed
# (from its own build folder, its default Information request log), its output in ${GW_LOG:-$OUT/gateway.log}: Redis
# mode on $REDIS_PORT (in-memory mode when it is unset), the mock on $MOCK_PORT as its OpenAI provider, the default
# policy, a rate limit so high it never refuses (the limiter's script still runs on every request) and per-user
# concurrency caps that never refuse (one bench user stands for many), a fresh JWT key and bootstrap admin, and the
# container image's tiering setting ($BENCH_RUNTIME_ENV, see the Dockerfile). GW_LOG_LEVEL=Warning turns the request
# log down (for comparisons with older runs). The words given go in front of the command (e.g. `taskset -c 0`). Sets
# GW_PID; the process is stopped by processes.sh.
BENCH_RUNTIME_ENV="DOTNET_TC_CallCountingDelayMs=0"
start_gateway() {
  local log=${GW_LOG:-$OUT/gateway.log} # absolute: bench/lib/script.sh made $OUT so
  # shellcheck disable=SC2086 # BENCH_RUNTIME_ENV is words for env
  (cd src/Api/bin/Release/net10.0 && exec env -u OTEL_EXPORTER_OTLP_ENDPOINT $BENCH_RUNTIME_ENV \
    ASPNETCORE_ENVIRONMENT=Production \
    JWT_SECRET="$(head -c 48 /dev/urandom | base64)" JWT_EXPIRY_MINUTES=240 \
    ADMIN_USER_ID="$GW_ADMIN_ID" ADMIN_PASSWORD="$GW_ADMIN_PASSWORD" \
    ${REDIS_PORT:+REDIS_HOST=127.0.0.1 REDIS_PORT=$REDIS_PORT} \
    OPENAI_API_KEY=sk-bench-mock OPENAI_BASE_URL="http://127.0.0.1:$MOCK_PORT/v1" \
    RATE_LIMIT=1000000000 RATE_WINDOW=60 MAX_CONCURRENT_REQUESTS_PER_USER=100000 MAX_CONCURRENT_STREAMS_PER_USER=100000 \
    ${GW_LOG_LEVEL:+Serilog__MinimumLevel__Default=$GW_LOG_LEVEL} \
    "$@" dotnet LlmGateway.Api.dll --urls "http://127.0.0.1:$GW_PORT") \
    >"$log" 2>&1 & pids+=($!); GW_PID=$!
}

# start_passthrough [WORD...] — starts bench/PassThrough (Release, built by the caller) on $PASS_PORT, forwarding to the
# mock on $MOCK_PORT, with the gateway's runtime setting; output in $OUT/passthrough.log. Sets PASS_PID.
start_passthrough() {
  # shellcheck disable=SC2086 # BENCH_RUNTIME_ENV is words for env
  env $BENCH_RUNTIME_ENV UPSTREAM_URL="http://127.0.0.1:$MOCK_PORT/v1/chat/completions" \
    "$@" dotnet bench/PassThrough/bin/Release/net10.0/LlmGateway.PassThrough.dll \
    --urls "http://127.0.0.1:$PASS_PORT" >"$OUT/passthrough.log" 2>&1 & pids+=($!); PASS_PID=$!
}

# misses_to PORT CONNECTIONS SECONDS SALT [WRK_OPTION...] — wrk on CPU 1 sending cache misses (bench/load/chat.lua, SALT
# in every prompt) to /v1/chat/completions on 127.0.0.1:PORT as $LOAD_AUTH; prints wrk's output, its LOAD_JSON line last.
misses_to() {
  local port=$1 connections=$2 seconds=$3 salt=$4
  shift 4
  LOAD_CASE=miss LOAD_SALT=$salt taskset -c 1 timeout $(( seconds + 30 )) \
    wrk -t1 -c"$connections" -d"${seconds}s" "$@" -s bench/load/chat.lua "http://127.0.0.1:$port/v1/chat/completions"
}

# gateway_misses CONNECTIONS SECONDS SALT [WRK_OPTION...] — misses_to the gateway on $GW_PORT.
gateway_misses() { misses_to "$GW_PORT" "$@"; }

# gateway_user_token USER_ID — logs the bootstrap admin in, creates USER_ID with role "user" and a random password, and
# prints that user's access token (the default policy's user limits then count it in Redis on every request).
gateway_user_token() {
  local base="http://127.0.0.1:$GW_PORT" admin_token password
  password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
  token_of() { sed -E 's/.*"access_token":"([^"]+)".*/\1/'; }
  admin_token=$(curl -fs -X POST "$base/login" -H 'Content-Type: application/json' \
    -d "{\"user_id\":\"$GW_ADMIN_ID\",\"password\":\"$GW_ADMIN_PASSWORD\"}" | token_of) || die "admin login failed"
  curl -fs -o /dev/null -X POST "$base/admin/users" -H "Authorization: Bearer $admin_token" \
    -H 'Content-Type: application/json' -d "{\"user_id\":\"$1\",\"password\":\"$password\",\"role\":\"user\"}" \
    || die "creating the user $1 failed"
  curl -fs -X POST "$base/login" -H 'Content-Type: application/json' \
    -d "{\"user_id\":\"$1\",\"password\":\"$password\"}" | token_of || die "login of $1 failed"
}
