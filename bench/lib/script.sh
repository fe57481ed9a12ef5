# Sourced first by every bench script that starts servers (load.sh, overload.sh, soak.sh, jit-tiering.sh, redis-round-trips.sh, syscalls.sh,
# stream-overhead.sh, ttft-breakdown.sh, profile.sh), after it has set MOCK and OUT.

log() { printf '[%s %s] %s\n' "$BENCH_TAG" "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# bench_init TAG [TOOL...] — log/die lines tagged TAG; every TOOL on the PATH; $MOCK an existing file, made absolute;
# $OUT created and made absolute (the scripts change directory to start servers from other checkouts).
bench_init() {
  BENCH_TAG=$1
  shift
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || die "$tool is missing (wrk, redis-server, strace: apt-get install $tool)"
  done
  [ -f "$MOCK" ] || die "no mock upstream at $MOCK (set MOCK=)"
  MOCK=$(cd "$(dirname "$MOCK")" && pwd)/$(basename "$MOCK")
  mkdir -p "$OUT"
  OUT=$(cd "$OUT" && pwd)
}

# median — the median of the numbers on standard input, one per line.
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
