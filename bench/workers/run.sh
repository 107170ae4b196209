#!/usr/bin/env bash
# Hello-world benchmark of jgu's worker classes against Jetty 12 and Gunicorn, in
# one run on this machine (see README.md beside this file):
#   bench/workers/run.sh            # everything
#   TARGETS="jgu-async jetty" bench/workers/run.sh
# Installs what it needs (wrk, and Gunicorn with gevent when Debian has them),
# builds jgu's distribution and the Jetty app, then boots every target, records
# its idle RSS and warms it up; then, ROUNDS times, runs `wrk -t1 -c50 -d10s` with
# keep-alive and with `Connection: close` against each target in turn (interleaved,
# so a burst of noise on a shared machine hits every target alike, not one); records
# RSS after load and stops them. Prints one table with the median requests/s, p50/p99
# latency over the rounds, errors and RSS, and each jgu figure as a ratio to Jetty's
# from the same run; then worker boot times (spawn to ready) with and without the AOT
# cache. Results also land in bench/workers/target/results/.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/dist/src/bin/find-java"
jgu_find_java || exit 1
export JAVA_HOME=$JGU_JAVA_HOME

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-10s}
CONNS=${CONNS:-50}
WORKERS=${WORKERS:-2}
THREADS=${THREADS:-4}
BOOTS=${BOOTS:-9}
ROUNDS=${ROUNDS:-3}
TARGETS=${TARGETS:-"jgu-sync jgu-gthread jgu-async jetty jetty-blocking gunicorn-gthread gunicorn-gevent"}
out=$here/target/results
mkdir -p "$out"
rm -f "$out"/*.wrk "$out"/*.log "$out"/*.idle-rss "$out"/results.tsv

say() { echo "bench: $*" >&2; }

install_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  dpkg -s gunicorn >/dev/null 2>&1 || missing+=(gunicorn)
  dpkg -s python3-gevent >/dev/null 2>&1 || missing+=(python3-gevent)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} (apt)"
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo apt-get update -qq >/dev/null 2>&1 || true
    for pkg in "${missing[@]}"; do
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$pkg" >/dev/null 2>&1 || say "apt could not install $pkg"
    done
  fi
  command -v wrk >/dev/null || { say "wrk is required"; exit 1; }
}

build() {
  say "building jgu (JDK $JAVA_HOME) and the Jetty app"
  (cd "$root" && mvn -B -q -ntp -Dmaven.test.skip=true install -pl dist -am) >"$out/build.log" 2>&1 \
    || { tail -30 "$out/build.log"; exit 1; }
  (cd "$here/jetty" && mvn -B -q -ntp package) >>"$out/build.log" 2>&1 || { tail -30 "$out/build.log"; exit 1; }
  version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1)
  JGU=$root/dist/target/jgu-$version/bin/jgu
}

# --- process bookkeeping: every server is started here and killed by pid ---------------
declare -A pid_of url_of
server_pid="" # the one being started or stopped
kill_tree() { kill -KILL "$1" $(pgrep -P "$1" || true) 2>/dev/null || true; } # PID: it and its children
cleanup() {
  local p
  for p in "${pid_of[@]}" $server_pid; do kill_tree "$p"; done
}
trap cleanup EXIT

tree_pids() { echo "$1"; pgrep -P "$1" || true; }
rss_kib() { local sum=0 p r; for p in $(tree_pids "$1"); do r=$(awk '/^VmRSS/{print $2}' /proc/$p/status 2>/dev/null || echo 0); sum=$((sum + ${r:-0})); done; echo $sum; }
worker_rss_max_kib() { local max=0 p r; for p in $(pgrep -P "$1" || true); do r=$(awk '/^VmRSS/{print $2}' /proc/$p/status 2>/dev/null || echo 0); [ "${r:-0}" -gt $max ] && max=$r; done; echo $max; }

wait_for() { # FILE REGEX SECONDS [COUNT]: until FILE has COUNT lines matching REGEX
  local file=$1 re=$2 limit=$3 count=${4:-1} i
  for ((i = 0; i < limit * 20; i++)); do
    [ "$(grep -c -E -- "$re" "$file" 2>/dev/null || true)" -ge "$count" ] && return 0
    sleep 0.05
  done
  say "timed out waiting for '$re' in $file"; tail -20 "$file" >&2; return 1
}

start_target() { # NAME -> sets server_pid, url
  local name=$1 log=$out/$1.log
  case $name in
    jgu-*)
      "$JGU" -b 127.0.0.1:0 -w "$WORKERS" -k "${name#jgu-}" --threads "$THREADS" --worker-connections 1000 \
        dev.jgu.examples.Hello >"$log.out" 2>"$log" &
      server_pid=$!
      wait_for "$log" '-> ready' 60 "$WORKERS"
      url="http://$(grep -o -m1 'listening: address=[^ ]*' "$log" | cut -d= -f2)/" ;;
    jetty | jetty-blocking)
      # jetty: a NonBlocking handler (the ratios' baseline); jetty-blocking: a plain one, for reference
      "$JAVA_HOME/bin/java" -XX:+UseSerialGC -cp "$here/jetty/target/classes:$here/jetty/target/lib/*" \
        dev.jgu.bench.jetty.JettyHello 127.0.0.1 0 "${name#jetty-}" >"$log" 2>&1 &
      server_pid=$!
      wait_for "$log" 'listening: port=' 60
      url="http://127.0.0.1:$(grep -o -m1 'port=[0-9]*' "$log" | cut -d= -f2)/" ;;
    gunicorn-*)
      command -v gunicorn >/dev/null || return 1
      local k=${name#gunicorn-} extra=()
      [ "$k" = gthread ] && extra=(--threads "$THREADS")
      # Debian's gunicorn runs on Debian's python3, which need not be the python3 on PATH.
      local py; py=$(head -1 "$(command -v gunicorn)" | sed 's/^#! *//; s/ .*//')
      [ "$k" = gevent ] && { "$py" -c 'import gevent' 2>/dev/null || return 1; extra=(--worker-connections 1000); }
      (cd "$here" && exec gunicorn -b 127.0.0.1:0 -w "$WORKERS" -k "$k" "${extra[@]}" --error-logfile - hello_wsgi:app) >"$log" 2>&1 &
      server_pid=$!
      wait_for "$log" 'Booting worker' 60 "$WORKERS"
      url="http://127.0.0.1:$(grep -o -m1 'Listening at: http://[^ ]*' "$log" | sed 's/.*://')/" ;;
    *) say "$name: unknown target (jgu-CLASS, jetty, jetty-blocking, gunicorn-gthread, gunicorn-gevent)"; return 1 ;;
  esac
}

stop_target() { # PID
  server_pid=$1
  local kids; kids=$(pgrep -P "$server_pid" || true)
  kill -TERM "$server_pid" 2>/dev/null || true
  local i
  for ((i = 0; i < 200; i++)); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.05; done
  kill -KILL "$server_pid" $kids 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

to_ms() { # wrk latency (850.00us, 1.20ms, 2.01s) -> ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

wrk_row() { # FILE -> "rps p50 p99 errors"
  local f=$1 rps p50 p99 errs
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$f")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$f")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$f")")
  errs=$(awk '/Socket errors:/ {gsub(",", ""); s += $4 + $6 + $8 + $10} /Non-2xx/ {s += $NF} END {print s + 0}' "$f")
  echo "$rps $p50 $p99 $errs"
}

median() { echo "$@" | tr ' ' '\n' | grep . | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

boot_all() { # boots, sizes and warms up every target; sets `measured`
  local name
  measured=()
  for name in $TARGETS; do
    if ! start_target "$name"; then
      say "$name: not available, skipped"
      [ -n "$server_pid" ] && kill_tree "$server_pid"
      server_pid=""; continue
    fi
    pid_of[$name]=$server_pid; url_of[$name]=$url; server_pid=""
    measured+=("$name")
  done
  sleep 1
  for name in "${measured[@]}"; do
    echo "$(rss_kib "${pid_of[$name]}") $(worker_rss_max_kib "${pid_of[$name]}")" >"$out/$name.idle-rss"
  done
  for name in "${measured[@]}"; do
    say "$name: warming up (${url_of[$name]})"
    wrk -t1 -c"$CONNS" -d"$WARMUP" "${url_of[$name]}" >/dev/null
    wrk -t1 -c"$CONNS" -d3s -H 'Connection: close' "${url_of[$name]}" >/dev/null
  done
}

measure_rounds() {
  local r name
  for ((r = 1; r <= ROUNDS; r++)); do
    for name in "${measured[@]}"; do
      say "round $r/$ROUNDS: $name, keep-alive then Connection: close, $DURATION each"
      wrk -t1 -c"$CONNS" -d"$DURATION" --latency "${url_of[$name]}" >"$out/$name.keepalive.$r.wrk"
      wrk -t1 -c"$CONNS" -d"$DURATION" --latency -H 'Connection: close' "${url_of[$name]}" >"$out/$name.close.$r.wrk"
    done
  done
}

summarize() { # NAME MODE -> "rps p50 p99 errors": medians over the rounds, errors summed
  local name=$1 mode=$2 f rps=() p50=() p99=() errs=0 row
  for f in "$out/$name.$mode".*.wrk; do
    read -r -a row <<<"$(wrk_row "$f")"
    rps+=("${row[0]}"); p50+=("${row[1]}"); p99+=("${row[2]}"); errs=$((errs + row[3]))
  done
  echo "$(median "${rps[@]}") $(median "${p50[@]}") $(median "${p99[@]}") $errs"
}

stop_all() { # records each target's figures and RSS under load, then stops it
  local name
  for name in "${measured[@]}"; do
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$(summarize "$name" keepalive)" "$(summarize "$name" close)" \
      "$(cat "$out/$name.idle-rss")" "$(rss_kib "${pid_of[$name]}")" | tr ' ' '\t' >>"$out/results.tsv"
    stop_target "${pid_of[$name]}"
    unset "pid_of[$name]"
  done
}

report() {
  awk -F'\t' '
    function ratio(a, b) { return b > 0 ? sprintf("%.2fx", a / b) : "-" }
    { n[NR] = $1; for (i = 2; i <= NF; i++) v[NR, i] = $i; if ($1 == "jetty") j = NR; if ($1 == "gunicorn-gevent") g = NR }
    END {
      printf "%-17s | %9s %7s %7s %5s | %9s %7s %7s %5s | %8s %9s %9s | %-20s | %s\n", "target", "ka rps", "p50 ms", "p99 ms", "err",
        "close rps", "p50 ms", "p99 ms", "err", "idle MiB", "idle/wkr", "load MiB", "vs jetty: ka p99 cl", "vs gevent: ka cl"
      for (r = 1; r <= NR; r++) {
        vj = ""; vg = ""
        if (j && n[r] ~ /^jgu-/) vj = ratio(v[r, 2], v[j, 2]) " " ratio(v[r, 4], v[j, 4]) " " ratio(v[r, 6], v[j, 6])
        if (g && n[r] ~ /^jgu-/) vg = ratio(v[r, 2], v[g, 2]) " " ratio(v[r, 6], v[g, 6])
        printf "%-17s | %9d %7.2f %7.2f %5d | %9d %7.2f %7.2f %5d | %8.1f %9s %9.1f | %-20s | %s\n", n[r], v[r, 2], v[r, 3], v[r, 4], v[r, 5],
          v[r, 6], v[r, 7], v[r, 8], v[r, 9], v[r, 10] / 1024, (v[r, 11] > 0 ? sprintf("%.1f", v[r, 11] / 1024) : "-"), v[r, 12] / 1024, vj, vg
      }
    }' "$out/results.tsv"
}

boot_times() { # MODE(off|auto) -> spawn-to-ready ms of BOOTS workers started one after another
  local mode=$1 log=$out/boot-$1.log i
  JGU_AOT=$mode "$JGU" -b 127.0.0.1:0 -w 1 -k gthread --log-level debug dev.jgu.examples.Hello >"$log.out" 2>"$log" &
  server_pid=$!
  wait_for "$log" '-> ready' 60 1
  for ((i = 2; i <= BOOTS; i++)); do
    kill -TTIN "$server_pid"
    wait_for "$log" '-> ready' 60 "$i"
  done
  stop_target "$server_pid"
  grep -o 'spawn_to_ready_ms=[0-9]*' "$log" | cut -d= -f2 | sort -n | tr '\n' ' '
}

train_aot() {
  local log=$out/aot-train.log
  JGU_AOT=train "$JGU" -b 127.0.0.1:0 -w 1 -k gthread dev.jgu.examples.Hello >"$log.out" 2>"$log" &
  server_pid=$!
  wait_for "$log" '-> ready' 60 1
  wrk -t1 -c10 -d3s "http://$(grep -o -m1 'listening: address=[^ ]*' "$log" | cut -d= -f2)/" >/dev/null
  kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  grep -m1 -o 'AOTCache creation is complete: [^ ]*' "$log" >&2 || say "no AOT cache written (JDK < 25?)"
}

install_tools
build
say "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), java $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
say "worker boot without the AOT cache"
boot_off=$(boot_times off)
say "training the AOT cache"
train_aot
say "worker boot with the AOT cache"
boot_on=$(boot_times auto)
boot_all
measure_rounds
stop_all
echo
echo "hello world, wrk -t1 -c$CONNS -d$DURATION, median of $ROUNDS interleaved rounds, $WORKERS workers (jgu, gunicorn), --threads $THREADS (gthread); RSS is the whole process tree"
report | tee "$out/table.txt"
echo
printf 'worker boot, spawn to ready (ms), %s workers one after another:\n  JGU_AOT=off : %s (median %s)\n  AOT cache   : %s (median %s)\n' \
  "$BOOTS" "$boot_off" "$(median $boot_off)" "$boot_on" "$(median $boot_on)" | tee -a "$out/table.txt"
