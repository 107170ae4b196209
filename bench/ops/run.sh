#!/usr/bin/env bash
# What the operator's instruments cost (see README.md beside this file):
#   bench/ops/run.sh                               # off, on, metrics, accesslog; 3 rounds
#   TARGETS="off on" ROUNDS=5 bench/ops/run.sh
#   WORKER_CLASS=sync bench/ops/run.sh
# Boots one jgu per target, all at once, each `-w WORKERS -k WORKER_CLASS --threads THREADS
# dev.jgu.examples.Hello` on 127.0.0.1:0:
#   off        nothing on
#   on         --metrics-bind 127.0.0.1:0 and --access-logfile FILE, scraped once a second
#   metrics    --metrics-bind alone, scraped once a second
#   accesslog  --access-logfile alone
# records each arbiter's idle RSS, warms every target up, then ROUNDS times runs
# `wrk -t1 -cCONNS -dDURATION --latency` (keep-alive) against each target in turn
# (interleaved, so noise on a shared machine hits them alike). Prints the median
# requests/s, p50 and p99 of the rounds, each as a ratio to "off", the arbiter's RSS
# idle and after the load, and the load average before and after.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/bench/lib.sh"
say_prefix=ops-bench

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-10s}
CONNS=${CONNS:-50}
WORKERS=${WORKERS:-2}
THREADS=${THREADS:-4}
WORKER_CLASS=${WORKER_CLASS:-gthread}
ROUNDS=${ROUNDS:-3}
TARGETS=${TARGETS:-"off on metrics accesslog"}
home=${JGU_HOME:-$root/dist/target/jgu-0.1.0-SNAPSHOT}
out=$here/target/results
mkdir -p "$out"
rm -f "$out"/*.wrk "$out"/*.log "$out"/access-*.log

install_wrk
if [ ! -x "$home/bin/jgu" ]; then
  say "building the distribution"
  (cd "$root" && mvn -B -ntp -q -pl dist -am package -DskipTests) >"$out/build.log" 2>&1 || { tail -30 "$out/build.log"; exit 1; }
fi

declare -A arbiter_of url_of metrics_of
scraper=
cleanup() {
  local p
  [ -n "$scraper" ] && kill "$scraper" 2>/dev/null || true
  for p in "${arbiter_of[@]}"; do kill_tree "$p"; done
}
trap cleanup EXIT

start() { # TARGET: boots it, fills arbiter_of, url_of, metrics_of
  local t=$1 log=$out/$1.log args=()
  case $t in
    off) ;;
    on) args=(--metrics-bind 127.0.0.1:0 --access-logfile "$out/access-$t.log") ;;
    metrics) args=(--metrics-bind 127.0.0.1:0) ;;
    accesslog) args=(--access-logfile "$out/access-$t.log") ;;
    *) say "unknown target $t"; exit 1 ;;
  esac
  "$home/bin/jgu" -b 127.0.0.1:0 -w "$WORKERS" -k "$WORKER_CLASS" --threads "$THREADS" "${args[@]}" \
    dev.jgu.examples.Hello >"$log" 2>&1 &
  arbiter_of[$t]=$!
  wait_for "$log" "booting -> ready" 120 "$WORKERS" "${arbiter_of[$t]}"
  url_of[$t]=http://$(sed -n 's/.*listening: address=\([^ ]*\).*/\1/p' "$log" | head -n 1)/
  metrics_of[$t]=$(sed -n 's/.*metrics endpoint: address=\([^ ]*\).*/\1/p' "$log" | head -n 1)
}

rss_mib() { awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for t in $TARGETS; do start "$t"; done
declare -A idle_rss
for t in $TARGETS; do idle_rss[$t]=$(rss_mib "${arbiter_of[$t]}"); done

# As Prometheus would: every endpoint scraped once a second for the whole run.
scrapes=""
for t in $TARGETS; do [ -n "${metrics_of[$t]}" ] && scrapes+=" http://${metrics_of[$t]}/metrics"; done
if [ -n "$scrapes" ]; then
  ( while true; do for u in $scrapes; do curl -s -o /dev/null "$u" || true; done; sleep 1; done ) &
  scraper=$!
fi

for t in $TARGETS; do
  say "warming up $t (${WARMUP})"
  wrk -t1 -c"$CONNS" -d"$WARMUP" "${url_of[$t]}" >/dev/null
done
declare -A rps p50 p99 errs
for ((r = 1; r <= ROUNDS; r++)); do
  for t in $TARGETS; do
    f=$out/$t.$r.wrk
    wrk -t1 -c"$CONNS" -d"$DURATION" --latency "${url_of[$t]}" >"$f"
    read -r a b c e _ < <(wrk_row "$f")
    rps[$t]+=" $a"; p50[$t]+=" $b"; p99[$t]+=" $c"; errs[$t]=$(( ${errs[$t]:-0} + e ))
    say "round $r $t: $a requests/s"
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

base=$(median ${rps[off]:-0})
{
  echo "hello keep-alive, $WORKER_CLASS, -w $WORKERS --threads $THREADS, wrk -t1 -c$CONNS -d$DURATION, median of $ROUNDS rounds"
  echo "load average before: $load_before; after: $load_after; $(nproc) cores; $("$home/bin/jgu" --version 2>/dev/null | head -n 1)"
  printf '%-10s %10s %8s %8s %8s %7s %10s %10s\n' target req/s vs-off p50-ms p99-ms errors rss-idle rss-after
  for t in $TARGETS; do
    m=$(median ${rps[$t]})
    ratio=$(awk -v m="$m" -v b="$base" 'BEGIN { if (b > 0) printf "%+.1f%%", (m / b - 1) * 100; else print "-" }')
    printf '%-10s %10s %8s %8s %8s %7s %8s MiB %6s MiB\n' "$t" "$m" "$ratio" "$(median ${p50[$t]})" "$(median ${p99[$t]})" \
      "${errs[$t]}" "${idle_rss[$t]}" "$(rss_mib "${arbiter_of[$t]}")"
  done
} | tee "$out/table.txt"
