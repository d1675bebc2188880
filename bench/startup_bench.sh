#!/usr/bin/env bash
# Start-up of `tdr serve` with every built-in plugin on a demo district: time from exec to the
# first answered /api/v1/health, and resident memory once idle, beside the bare Poco "hello"
# server started the same way. Median of RUNS starts (targets: < 200 ms, idle RSS < 60 MB).
#   bench/startup_bench.sh BUILD_DIR [RUNS]
set -euo pipefail
build=${1:-build}; runs=${2:-7}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
tdr="$build/bin/tdr"
"$tdr" --db "sqlite:$work/start.db" demo --teachers 5000 >/dev/null

# start CMD... : prints "milliseconds_to_first_answer idle_rss_kb" for a server on port 18719
start() {
  local url=$1; shift
  local t0 t1 pid
  t0=$(date +%s%N)
  "$@" >/dev/null 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "$url"; do sleep 0.002; done
  t1=$(date +%s%N)
  sleep 0.5
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$(( (t1 - t0) / 1000000 )) $rss"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

tdr_ms=(); tdr_rss=(); hello_ms=(); hello_rss=()
for _ in $(seq "$runs"); do
  read -r ms rss < <(start "http://127.0.0.1:18719/api/v1/health" \
    "$tdr" --db "sqlite:$work/start.db" serve --port 18719)
  tdr_ms+=("$ms"); tdr_rss+=("$rss")
  read -r ms rss < <(start "http://127.0.0.1:18719/" "$build/bin/hello_server" 18719 16)
  hello_ms+=("$ms"); hello_rss+=("$rss")
done
plugins=$("$tdr" --db "sqlite:$work/start.db" plugins | grep -c loaded)
echo "start-up to the first answer, median of $runs starts ($plugins plugins loaded, 5000 teachers)"
printf "  %-32s %5s ms   idle RSS %6.1f MB\n" "bare Poco hello (baseline)" \
  "$(printf '%s\n' "${hello_ms[@]}" | median)" "$(printf '%s\n' "${hello_rss[@]}" | median | awk '{print $1/1024}')"
printf "  %-32s %5s ms   idle RSS %6.1f MB   (targets < 200 ms, < 60 MB)\n" "tdr serve" \
  "$(printf '%s\n' "${tdr_ms[@]}" | median)" "$(printf '%s\n' "${tdr_rss[@]}" | median | awk '{print $1/1024}')"
