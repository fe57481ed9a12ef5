#!/usr/bin/env bash
# What Redis adds to a request: per-call latency of the rate limiter and the response cache, Redis adapters
# against the in-memory ones, side by side in one run. Starts its own redis-server on a free loopback port
# (pinned to core 0; the benchmark runs on core 1), measures a raw PING round trip as the floor, and stops
# Redis by PID. Bounded: CALLS x ROUNDS calls per stage (defaults 5000 x 5).
set -euo pipefail
cd "$(dirname "$0")/.."
CALLS=${CALLS:-5000}
ROUNDS=${ROUNDS:-5}

command -v redis-server >/dev/null || { echo "redis-server is missing (apt-get install -y redis-server)" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
workdir=$(mktemp -d)
taskset -c 0 redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$workdir" >"$workdir/redis.log" 2>&1 &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null; wait "$redis_pid" 2>/dev/null; rm -rf "$workdir"' EXIT
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done

dotnet build -c Release bench/RedisStages -v quiet -nologo >/dev/null
echo "Raw round trip (redis-benchmark PING, one connection, 20000 requests):"
taskset -c 1 redis-benchmark -p "$port" -t ping_mbulk -n 20000 -c 1 -q 2>/dev/null | tr "\r" "\n" | grep -v "^ *$" | tail -n 1 || true
echo
taskset -c 1 dotnet bench/RedisStages/bin/Release/net10.0/LlmGateway.RedisStages.dll "127.0.0.1:$port" "$CALLS" "$ROUNDS"
