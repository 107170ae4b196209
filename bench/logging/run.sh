#!/usr/bin/env bash
# What the error log's backend costs a worker: jgu's own slf4j provider (the default) against logback
# (--log-config with a logback.xml writing Gunicorn's line to stderr), in one run on this machine (README.md
# beside this file has the figures and the choice):
#   bench/logging/run.sh              # BOOTS=8 ROUNDS=2 by default
# For each backend, ROUNDS times (interleaved, so noise on a shared machine hits both alike): starts an
# arbiter with one worker of the Hello app, adds workers with TTIN one after another until BOOTS have booted
# (each worker's spawn-to-ready time is its `spawn_to_ready_ms=` debug line, from /proc's start time), then
# records the RSS and PSS of the idle workers and the arbiter's RSS. No AOT cache (JGU_AOT=off): a cache fits
# one class path, and logback's adds lib/logback/, so with one the comparison would be of caches, not backends. The Hello app logs nothing of its own,
# so the figures are the backend's boot and resident cost alone.
# Builds the distribution with `mvn package` when it is missing. Results land in bench/logging/target/.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/../.." && pwd)
say_prefix=bench-logging
. "$root/bench/lib.sh"
. "$root/dist/src/bin/find-java"
jgu_find_java || exit 1
export JAVA_HOME=$JGU_JAVA_HOME

BOOTS=${BOOTS:-8}
ROUNDS=${ROUNDS:-2}
out=$here/target
mkdir -p "$out"
rm -f "$out"/*.log "$out"/results.tsv

version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1)
JGU=$root/dist/target/jgu-$version/bin/jgu
if [ ! -x "$JGU" ] || [ "${BUILD:-}" = 1 ]; then
  say "building the distribution (mvn package)"
  (cd "$root" && mvn -B -q -ntp -o -DskipTests package -pl dist -am) >"$out/build.log" 2>&1 \
    || { tail -30 "$out/build.log"; exit 1; }
fi

cat >"$out/logback.xml" <<'XML'
<configuration>
  <appender name="ERR" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>[%d{yyyy-MM-dd HH:mm:ss Z}] [${jgu.pid}] [%level] %msg%n</pattern></encoder>
  </appender>
  <root level="DEBUG"><appender-ref ref="ERR"/></root>
</configuration>
XML

server_pid=""
trap '[ -n "$server_pid" ] && kill_tree "$server_pid"' EXIT

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }

measure() { # BACKEND ROUND -> appends one row to results.tsv
  local backend=$1 round=$2 log=$out/$1-$2.log extra=() i workers
  [ "$backend" = logback ] && extra=(--log-config "$out/logback.xml")
  JGU_AOT=off "$JGU" -b 127.0.0.1:0 -w 1 -k gthread --log-level debug "${extra[@]}" dev.jgu.examples.Hello >"$log.out" 2>"$log" &
  server_pid=$!
  wait_for "$log" '-> ready' 60 1 "$server_pid"
  for ((i = 2; i <= BOOTS; i++)); do
    kill -TTIN "$server_pid"
    wait_for "$log" '-> ready' 60 "$i" "$server_pid"
  done
  workers=$(pgrep -P "$server_pid" | tr '\n' ' ')
  local n boots rss pss arss
  n=$(echo $workers | wc -w)
  boots=$(grep -o 'spawn_to_ready_ms=[0-9]*' "$log" | cut -d= -f2 | tr '\n' ' ')
  rss=$(( $(mem_kib Rss $workers) / n ))
  pss=$(( $(mem_kib Pss $workers) / n ))
  arss=$(mem_kib Rss "$server_pid")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$backend" "$round" "$boots" "$rss" "$pss" "$arss" >>"$out/results.tsv"
  kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
}

say "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), java $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
for ((r = 1; r <= ROUNDS; r++)); do
  for backend in jgu logback; do
    say "round $r: $backend"
    measure "$backend" "$r"
  done
done

{
  printf 'backend | worker boot, spawn to ready (ms): median [all] | worker RSS (MiB) | worker PSS (MiB) | arbiter RSS (MiB)\n'
  for backend in jgu logback; do
    boots=$(awk -F'\t' -v b="$backend" '$1 == b {printf "%s ", $3}' "$out/results.tsv")
    rss=$(awk -F'\t' -v b="$backend" '$1 == b {printf "%s ", $4}' "$out/results.tsv" | median)
    pss=$(awk -F'\t' -v b="$backend" '$1 == b {printf "%s ", $5}' "$out/results.tsv" | median)
    arss=$(awk -F'\t' -v b="$backend" '$1 == b {printf "%s ", $6}' "$out/results.tsv" | median)
    printf '%-7s | %4s [%s] | %6.1f | %6.1f | %6.1f\n' "$backend" "$(echo "$boots" | median)" \
      "$(echo "$boots" | tr ' ' '\n' | grep -v '^$' | sort -n | tr '\n' ' ' | sed 's/ $//')" \
      "$(echo "$rss / 1024" | bc -l)" "$(echo "$pss / 1024" | bc -l)" "$(echo "$arss / 1024" | bc -l)"
  done
} | tee "$out/table.txt"
