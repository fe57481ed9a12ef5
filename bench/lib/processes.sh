# Sourced by the bench scripts that start servers (the list is in bench/lib/script.sh): every process a script starts is appended to
# pids and stopped by its PID on exit (TERM, then KILL after 5 s) — never anything else; free loopback ports; waiting
# for a health URL.
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
