#!/usr/bin/env bash
# A province on PostgreSQL (run by hand, not in make test): TEACHERS teachers (default 300k) in
# SCHOOLS schools (3,000) of DISTRICTS districts (30, each a cluster) and RECORDS training records
# (20M), generated deterministically; prints the import rates, the compliance report for one
# district and for the province, a teacher's transcript over HTTP, and authenticated list/filter
# GETs under CLIENTS concurrent clients (64) split over two `tdr serve` processes (p50/p99,
# errors). Targets: district compliance < 1 s, transcript < 50 ms, list p99 < 100 ms, 0 errors.
#   bench/province_bench.sh BUILD_DIR        (TDR_BENCH_PG=URL of a maintenance database, else a
#                                             throw-away server is started; one file of at most
#                                             1M rows per training centre, IMPORTS=4 importing at
#                                             once; DURATION=30 s of load; THREADS=nproc per
#                                             server; KEEP=1 keeps the
#                                             database, REUSE=1 measures a kept one again)
set -euo pipefail
build=${1:-build}
teachers=${TEACHERS:-300000}; schools=${SCHOOLS:-3000}; districts=${DISTRICTS:-30}
records=${RECORDS:-20000000}; imports=${IMPORTS:-4}; clients=${CLIENTS:-64}; duration=${DURATION:-30}
threads=${THREADS:-$(nproc)}  # per server: PostgreSQL, both servers and wrk share this machine's cores
root=$(cd "$(dirname "$0")/.." && pwd)
tdr="$build/bin/tdr"; plugins="--plugins=$build/lib/tdr/plugins"
command -v wrk >/dev/null || { echo "installing wrk"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
work=$(mktemp -d /tmp/tdr-province-XXXXXX)
own_pg=
cleanup() {
  kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true
  [ -n "$own_pg" ] && "$root/scripts/pg-test-server" stop "$work/pg" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
server=${TDR_BENCH_PG:-}
if [ -z "$server" ]; then server=$("$root/scripts/pg-test-server" start "$work/pg"); own_pg=1; fi
url="${server%/*}/tdr_province"
export TDR_TODAY=2027-06-30
T() { "$tdr" --lang en --db "$url" "$plugins" "$@"; }
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }
echo "province on PostgreSQL: $teachers teachers, $schools schools, $districts districts, $records training records"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
if [ -n "${REUSE:-}" ] && psql "$url" -Atc "SELECT 1 FROM training_records LIMIT 1" >/dev/null 2>&1; then
  echo "  (reusing the kept database: $(psql "$url" -Atc "SELECT COUNT(*) FROM training_records") records)"
  T migrate >/dev/null
else
psql "$server" -qc "DROP DATABASE IF EXISTS tdr_province" 2>/dev/null
psql "$server" -qc "CREATE DATABASE tdr_province"
T init >/dev/null

# Schools, clusters (one per district), cluster members, teachers: deterministic.
per=$(( schools / districts ))
awk -v n="$schools" -v per="$per" 'BEGIN { print "code,name,stage,district";
  for (i = 1; i <= n; i++) printf "S%04d,第%d学校,%s,区%02d\n", i, i, (i % 3 ? "primary" : "junior"), int((i - 1) / per) + 1 }' > "$work/schools.csv"
awk -v d="$districts" 'BEGIN { print "code,name,kind";
  for (i = 1; i <= d; i++) printf "C%02d,区%02d教育集群,integrated\n", i, i }' > "$work/clusters.csv"
awk -v n="$schools" -v per="$per" 'BEGIN { print "cluster,school";
  for (i = 1; i <= n; i++) printf "C%02d,S%04d\n", int((i - 1) / per) + 1, i }' > "$work/members.csv"
awk -v n="$teachers" -v s="$schools" 'BEGIN { srand(11); print "staff_no,name,gender,home_school,subject,stage,hire_date,at_school_since,post,status";
  for (i = 1; i <= n; i++) { y = 1990 + int(rand() * 35);
    printf "P%07d,教师%d,%s,S%04d,语文,primary,%d-09-01,%d-09-01,teacher,active\n", i, i, (i % 2 ? "F" : "M"), (i % s) + 1, y, y + int(rand() * 3) } }' > "$work/teachers.csv"
t0=$(now)
for f in schools clusters; do T import "core.$f" "$work/$f.csv" >/dev/null; done
T import core.cluster_members "$work/members.csv" >/dev/null
t1=$(now)
T import core.teachers "$work/teachers.csv" >/dev/null
t2=$(now)
printf "  core.teachers import           %10.0f rows/s (%d rows, %.1f s)\n" "$(echo "$teachers / $(secs "$t1" "$t2")" | bc -l)" "$teachers" "$(secs "$t1" "$t2")"

# Training records: one file per training centre (at most 1M rows, the import's row limit),
# IMPORTS of them importing at the same time.
files=$(( (records + 999999) / 1000000 ))
awk -v n="$records" -v t="$teachers" -v k="$files" -v dir="$work" 'BEGIN { srand(7);
  split("national provincial municipal district school", lv, " "); split("ethics subject psychology it research", ca, " ");
  for (j = 1; j <= k; j++) { f[j] = sprintf("%s/records%02d.csv", dir, j); print "staff_no,title,provider,level,category,hours,completed_on,external_ref" > f[j] }
  for (i = 0; i < n; i++) { j = (i % k) + 1; m = int(rand() * 18);
    printf "P%07d,培训课程%d,培训机构%02d,%s,%s,%d.%d,%d-%02d-%02d,R%d\n", int(rand() * t) + 1, i % 500, j, lv[(i % 4) + 1], ca[(i % 5) + 1],
      1 + int(rand() * 8), int(rand() * 10), (m < 12 ? 2026 : 2027), (m % 12) + 1, 1 + int(rand() * 28), i > f[j] } }'
t3=$(now)
export tdr plugins url
if ! ls "$work"/records*.csv | xargs -P "$imports" -I{} sh -c \
    '"$tdr" --lang en --db "$url" "$plugins" import training.records "$1" > "$1.log" 2>&1 || { cat "$1.log"; exit 255; }' _ {}; then
  echo "an import failed"; exit 1
fi
t4=$(now)
printf "  training.records import        %10.0f rows/s (%d rows, %d files of training centres, %d at a time, %.0f s)\n" \
  "$(echo "$records / $(secs "$t3" "$t4")" | bc -l)" "$records" "$files" "$imports" "$(secs "$t3" "$t4")"

fi

# Reports: one district (a cluster of its schools) and the whole province, median of 3.
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
report() {
  for _ in 1 2 3; do
    s=$(now); T report training.compliance "$@" --param year=2027 --format csv > "$work/report.csv"; e=$(now)
    secs "$s" "$e"
  done | median
}
d=$(report --param cluster=C01); dn=$(($(wc -l < "$work/report.csv") - 1))
p=$(report); pn=$(($(wc -l < "$work/report.csv") - 1))
printf "  compliance, one district       %10.3f s (%d teachers behind; target < 1 s)\n" "$d" "$dn"
printf "  compliance, the province       %10.3f s (%d teachers behind)\n" "$p" "$pn"

# Two servers on the one database, a token, then HTTP.
token=$(T user add "province_hr$$" --role hr_officer | grep -Eo 'tdr_[0-9a-f]+' | head -n 1)
ports=()
for k in 1 2; do
  "$tdr" --db "$url" "$plugins" serve --port 0 --threads "$threads" --log-format none > "$work/serve$k.log" 2>&1 &
  for _ in $(seq 100); do
    p=$(grep -oE '127\.0\.0\.1:[0-9]+' "$work/serve$k.log" | head -n 1 | cut -d: -f2 || true)
    [ -n "$p" ] && break; sleep 0.1
  done
  ports+=("$p")
done
base1="http://127.0.0.1:${ports[0]}"
for _ in $(seq 1 20); do
  curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" \
    "$base1/api/v1/training/reports/transcript?staff_no=P0$(printf %06d $(( RANDOM * 7 % teachers + 1 )))"
done | median > "$work/transcript"
printf "  transcript over HTTP           %10.1f ms (median of 20 teachers; target < 50 ms)\n" "$(echo "$(cat "$work/transcript") * 1000" | bc -l)"

cat > "$work/lists.lua" <<LUA
local token, teachers, schools = os.getenv("TOKEN"), $teachers, $schools
local offset = tonumber(os.getenv("OFFSET"))  -- each pass asks about other teachers
local n = 0
request = function()
  n = n + 1
  local t = (n * 7919 + math.random(1, 1000) + offset) % teachers + 1
  local path
  if n % 2 == 0 then
    path = string.format("/api/v1/training/records?staff_no=P%07d&page_size=25", t)
  else
    path = string.format("/api/v1/core/teachers?home_school=S%04d&page_size=25", t % schools + 1)
  end
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end
LUA
# Two passes of DURATION each: the first right after the load (PostgreSQL's and the OS's caches
# hold what the imports left), the second on other teachers once the servers have run a while.
echo "  two servers of $threads threads each (THREADS), $clients clients"
half=$(( clients / 2 ))
for pass in 1 2; do
  for k in 0 1; do
    OFFSET=$(( pass * teachers / 2 )) TOKEN=$token wrk -t1 -c"$half" -d"${duration}s" --latency -s "$work/lists.lua" "http://127.0.0.1:${ports[$k]}" > "$work/wrk$k.txt" &
  done
  wait $(jobs -p | tail -n 2) 2>/dev/null || true
  for k in 0 1; do
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk$k.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$work/wrk$k.txt"); p99=$(awk '$1 == "99%" {print $2}' "$work/wrk$k.txt")
    non2xx=$(awk '/Non-2xx/ {print $5}' "$work/wrk$k.txt"); errs=$(grep 'Socket errors' "$work/wrk$k.txt" || true)
    printf "  list/filter GETs, pass %d, server %d %7s req/s p50 %s p99 %s (target < 100ms) non-2xx %s %s\n" \
      "$pass" "$((k + 1))" "$rps" "$p50" "$p99" "${non2xx:-0}" "$errs"
  done
done
[ -n "${KEEP:-}" ] || psql "$server" -qc "DROP DATABASE IF EXISTS tdr_province" 2>/dev/null || true
