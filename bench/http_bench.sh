#!/usr/bin/env bash
# Authenticated GET of one record from `tdr serve` against a bare Poco "hello" server, both
# started here and driven by wrk on loopback with the same settings. Prints requests/s of each,
# their ratio (target >= 0.5), p99 latency and non-2xx counts; ROUNDS rounds, alternating the
# two, and the median of the rounds' ratios (loopback figures on a 2-core machine vary by ±10%).
#   bench/http_bench.sh BUILD_DIR [DURATION_S] [CONNECTIONS] [THREADS] [ROUNDS]
set -euo pipefail
build=${1:-build}; duration=${2:-10}; conns=${3:-32}; wthreads=${4:-2}; rounds=${5:-5}
command -v wrk >/dev/null || { echo "installing wrk"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
tdr="$build/bin/tdr"

"$tdr" --db "sqlite:$work/bench.db" demo --teachers 5000 >/dev/null
token=$("$tdr" --db "sqlite:$work/bench.db" user add bench --role hr_officer | tail -n 1)

port_of() { # wait for "... port N" / "http://127.0.0.1:N" on the first line of a log
  for _ in $(seq 100); do
    line=$(head -n 1 "$1" 2>/dev/null || true)
    p=$(echo "$line" | grep -oE '(port |127\.0\.0\.1:)[0-9]+' | grep -oE '[0-9]+$' || true)
    [ -n "$p" ] && { echo "$p"; return; }
    sleep 0.1
  done
  echo "server did not start: $(cat "$1")" >&2; exit 1
}

run_wrk() { # url [header] -> "rps p99_ms non2xx"
  local out
  if [ -n "${2:-}" ]; then
    out=$(wrk -t"$wthreads" -c"$conns" -d"${duration}s" --latency -H "$2" "$1")
  else
    out=$(wrk -t"$wthreads" -c"$conns" -d"${duration}s" --latency "$1")
  fi
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  errs=$(echo "$out" | awk '/Socket errors/ {print $0}')
  echo "$rps ${p99:-?} ${non2xx:-0} ${errs:+($errs)}"
}

"$build/bin/hello_server" 0 16 > "$work/hello.log" &
hello_port=$(port_of "$work/hello.log")
"$tdr" --db "sqlite:$work/bench.db" serve --port 0 ${TDR_BENCH_SERVE_ARGS:-} > "$work/tdr.log" 2>&1 &
tdr_port=$(port_of "$work/tdr.log")

id=2500
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$tdr_port/api/v1/core/teachers/$id" >/dev/null

echo "HTTP GET of one record, wrk -t$wthreads -c$conns -d${duration}s on loopback, $rounds rounds"
ratios=()
for round in $(seq "$rounds"); do
  read -r h_rps h_p99 h_non _ < <(run_wrk "http://127.0.0.1:$hello_port/")
  read -r t_rps t_p99 t_non _ < <(run_wrk "http://127.0.0.1:$tdr_port/api/v1/core/teachers/$id" "Authorization: Bearer $token")
  ratio=$(awk -v t="$t_rps" -v h="$h_rps" 'BEGIN { printf "%.2f", t / h }')
  ratios+=("$ratio")
  printf "  round %d: hello %10s req/s p99 %8s | tdr %10s req/s p99 %8s non-2xx %s | ratio %s\n" \
    "$round" "$h_rps" "$h_p99" "$t_rps" "$t_p99" "$t_non" "$ratio"
done
median=$(printf "%s\n" "${ratios[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "  median ratio tdr/baseline $median  (target >= 0.5)"
