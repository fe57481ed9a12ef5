# Sourced by the bench scripts that start servers (the list is in bench/lib/script.sh): every process a script starts is appended to
# pids and stopped by its PID on exit (TERM, then KILL after 5 s) — never anything else; free loopback ports; waiting
# for a health URL; starting Redis and the mock upstream, the fixtures every load script needs.
pids=()
cleanup() {
  local rc=$? pid
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
next_port=$(( 20000 + RANDOM % 20000 ))
free_port() {
  while port_in_use "$next_port"; do next_port=$(( next_port + 1 )); done
  FREE_PORT=$next_port; next_port=$(( next_port + 1 ))
}
wait_ok() { # url seconds
  for _ in $(seq $(( $2 * 10 ))); do curl -fs -m 2 -o /dev/null "$1" && return 0; sleep 0.1; done
  return 1
}

# start_redis [WORD...] — redis-server without persistence on a free loopback port, output in $OUT/redis.log; the words
# go in front of the command (e.g. `taskset -c 0`). Sets REDIS_PORT and REDIS_PID.
start_redis() {
  free_port; REDIS_PORT=$FREE_PORT
  "$@" redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no >"$OUT/redis.log" 2>&1 & pids+=($!)
  REDIS_PID=$!
}

# start_mock [WORD...] — the mock upstream ($MOCK) on a free loopback port, output in $OUT/mock.log, and waits until it
# answers. Sets MOCK_PORT and MOCK_PID.
start_mock() {
  free_port; MOCK_PORT=$FREE_PORT
  "$@" node "$MOCK" --port="$MOCK_PORT" >"$OUT/mock.log" 2>&1 & pids+=($!)
  MOCK_PID=$!
  wait_ok "http://127.0.0.1:$MOCK_PORT/health" 20 || die "mock did not start (see $OUT/mock.log)"
}
