#!/usr/bin/env bash
# The servlet test apps (Spring MVC, Jersey) on jgu's gthread and async workers against
# the same WARs on Jetty 12 and Tomcat 11, in one run on this machine (see README.md):
#   bench/servlet/run.sh                               # everything
#   APPS=jersey TARGETS="jgu-async tomcat" bench/servlet/run.sh
#   BUILD=0 ROUNDS=1 bench/servlet/run.sh              # reuse the last build
# Builds the WARs, the Jetty/Tomcat runners and jgu's distribution. Then, per app: boots
# every target, checks that its endpoint answers 200 with the app's JSON, records the
# RSS and PSS of its whole process tree idle, warms it up, and ROUNDS times runs
# `wrk -t1 -c50 -d10s --latency` (keep-alive) against each target in turn, reading the
# tree's CPU time from /proc before and after each round; records RSS and PSS after the
# load and stops the targets. Then, for jgu, boots the app with the AOT cache off, trains
# one, boots it with the cache, and HUPs each HUPS times: worker boot times (spawn to
# ready), each worker's idle RSS and PSS, and HUP-to-reload-complete times.
# Prints one table per app, each jgu figure also as a ratio to the better of Jetty and
# Tomcat; everything lands in bench/servlet/target/results/.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/dist/src/bin/find-java"
jgu_find_java || exit 1
export JAVA_HOME=$JGU_JAVA_HOME
. "$root/bench/lib.sh"

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-10s}
CONNS=${CONNS:-50}
WORKERS=${WORKERS:-2}
ROUNDS=${ROUNDS:-3}
HUPS=${HUPS:-3}
BOOT=${BOOT:-1}
BUILD=${BUILD:-1}
APPS=${APPS:-"spring-mvc jersey"}
TARGETS=${TARGETS:-"jgu-gthread jgu-async jetty tomcat"}
read -r -a jgu_opts <<<"${JGU_OPTS:-}" # more jgu options for the measured targets, none by default
unset JGU_AOT JGU_AOT_DIR              # the measured targets get jgu's defaults, not this shell's
out=$here/target/results
rm -rf "$out"
mkdir -p "$out"
clk_tck=$(getconf CLK_TCK)

declare -A war_of=(
  [spring-mvc]=$root/test-apps-spring-mvc/target/spring-mvc.war
  [jersey]=$root/test-apps-jersey-servlet/target/jersey-shop.war
)
declare -A path_of=([spring-mvc]='/hello?name=jgu' [jersey]='/api/shop/prices/widget')
declare -A body_of=([spring-mvc]='"message":"hello jgu"' [jersey]='"cents":250')
declare -A main_of=([jetty]=dev.jgu.bench.servlet.JettyMain [tomcat]=dev.jgu.bench.servlet.TomcatMain)

build() {
  say "building jgu, the WARs and the runners (JDK $JAVA_HOME)"
  (cd "$root" && mvn -B -q -ntp -Dmaven.test.skip=true package -pl dist -am) >"$out/build.log" 2>&1 \
    || { tail -30 "$out/build.log"; exit 1; }
  (cd "$root" && mvn -B -q -ntp -pl test-apps-jersey-servlet,test-apps-spring-mvc -am package -DskipTests) \
    >>"$out/build.log" 2>&1 || { tail -30 "$out/build.log"; exit 1; }
  (cd "$here" && mvn -B -q -ntp package) >>"$out/build.log" 2>&1 || { tail -30 "$out/build.log"; exit 1; }
}

# --- process bookkeeping: every server is started here and killed by pid ---------------
declare -A pid_of url_of
server_pid="" # the one being started or stopped
cleanup() {
  local p
  for p in "${pid_of[@]}" $server_pid; do kill_tree "$p"; done
}
trap cleanup EXIT

check_answer() { # APP NAME: the app's endpoint answers 200 with the app's JSON; keeps the head and body
  local body=$out/$1.$2.body got
  got=$(curl -s --max-time 20 -D "$out/$1.$2.headers" -o "$body" -w '%{http_code}' "$url${path_of[$1]}" || true)
  [ "$got" = 200 ] && grep -qF -- "${body_of[$1]}" "$body" && return 0
  why="answers ${path_of[$1]} with '$got': $(head -c 200 "$body" 2>/dev/null)"
  return 1
}

start_target() { # APP NAME -> sets server_pid, url, boot_ms; else returns 1 and sets why
  local app=$1 name=$2 log=$out/$1.$2.log t0
  t0=$(now_ms)
  why=""
  case $name in
    jgu-*)
      "$JGU" -w "$WORKERS" -k "${name#jgu-}" -b 127.0.0.1:0 "${jgu_opts[@]}" "${war_of[$app]}" >"$log.out" 2>"$log" &
      server_pid=$!
      if ! wait_for "$log" '-> ready' 180 "$WORKERS" "$server_pid"; then
        why="jgu cannot serve $(basename "${war_of[$app]}"): $(first_error "$log")"
        return 1
      fi
      url="http://$(grep -o -m1 'listening: address=[^ ]*' "$log" | cut -d= -f2)" ;;
    jetty | tomcat)
      "$JAVA_HOME/bin/java" -cp "$here/target/classes:$here/target/lib/$name/*" "${main_of[$name]}" \
        "${war_of[$app]}" 0 >"$log.out" 2>"$log" &
      server_pid=$!
      wait_for "$log.out" '^ready ' 180 1 "$server_pid" || { why="did not start: $(tail -3 "$log")"; return 1; }
      url="http://127.0.0.1:$(awk '/^ready/ {print $2; exit}' "$log.out")" ;;
    *) why="unknown target (jgu-sync, jgu-gthread, jgu-async, jetty, tomcat)"; return 1 ;;
  esac
  boot_ms=$(($(now_ms) - t0))
  check_answer "$app" "$name"
}

stop_target() { # PID [SECONDS]: TERM, then KILL of the tree after SECONDS (20)
  local pids i
  server_pid=$1
  pids=$(tree_pids "$server_pid")
  kill -TERM "$server_pid" 2>/dev/null || true
  for ((i = 0; i < ${2:-20} * 20; i++)); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.05; done
  kill -KILL $pids $(tree_pids "$server_pid") 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

first_error() { # LOG -> its first CRITICAL or ERROR message, without the timestamp and pid, shortened
  { grep -m1 -E '\[(CRITICAL|ERROR)\]' "$1" || echo "no error logged, see $1"; } | sed 's/^.*\[\(CRITICAL\|ERROR\)\] //' | cut -c1-240
}

workers_of() { pgrep -P "$1" || true; } # a jgu arbiter's PID -> its workers' pids

aot_used() { # ARBITER-PID -> yes when its workers run with an AOT cache, else no
  local w
  # the cache is mapped into the worker; its command line shows its title, not -XX:AOTCache
  for w in $(workers_of "$1"); do grep -q -- '/worker-[^/]*\.aot$' "/proc/$w/maps" 2>/dev/null && { echo yes; return; }; done
  echo no
}

# --- throughput, latency, CPU and memory ------------------------------------------------
boot_all() { # APP: boots, sizes and warms up every target; sets `measured`
  local app=$1 name pids
  measured=()
  for name in $TARGETS; do
    say "$app on $name: booting"
    if ! start_target "$app" "$name"; then
      say "$app on $name: skipped, $why"
      printf '%s\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t%s\n' "$name" "$why" >>"$out/$app.tsv"
      [ -n "$server_pid" ] && stop_target "$server_pid" 5
      continue
    fi
    pid_of[$name]=$server_pid url_of[$name]=$url${path_of[$app]}
    echo "$boot_ms" >"$out/$app.$name.boot-ms"
    server_pid=""
    measured+=("$name")
  done
  sleep 2
  for name in "${measured[@]}"; do
    pids=$(tree_pids "${pid_of[$name]}")
    echo "$(mem_kib Rss $pids) $(mem_kib Pss $pids)" >"$out/$app.$name.idle-mem"
  done
  for name in "${measured[@]}"; do
    say "$app on $name: warming up for $WARMUP (${url_of[$name]})"
    wrk -t1 -c"$CONNS" -d"$WARMUP" "${url_of[$name]}" >"$out/$app.$name.warmup.wrk"
  done
}

measure_rounds() { # APP
  local app=$1 r name pids before after
  for ((r = 1; r <= ROUNDS; r++)); do
    for name in "${measured[@]}"; do
      say "$app round $r/$ROUNDS: $name, $DURATION"
      pids=$(tree_pids "${pid_of[$name]}")
      before=$(cpu_ticks $pids)
      wrk -t1 -c"$CONNS" -d"$DURATION" --latency "${url_of[$name]}" >"$out/$app.$name.$r.wrk"
      after=$(cpu_ticks $pids)
      echo $((after - before)) >"$out/$app.$name.$r.cpu-ticks"
      cut -d' ' -f1 /proc/loadavg >"$out/$app.$name.$r.load"
    done
  done
}

summarize() { # APP NAME -> "rps p50 p99 errors cpu-us-per-request": medians over the rounds, errors summed
  local app=$1 name=$2 r row rps=() p50=() p99=() cpu=() errs=0
  for ((r = 1; r <= ROUNDS; r++)); do
    read -r -a row <<<"$(wrk_row "$out/$app.$name.$r.wrk")"
    rps+=("${row[0]}") p50+=("${row[1]}") p99+=("${row[2]}") errs=$((errs + row[3]))
    cpu+=("$(awk -v t="$(cat "$out/$app.$name.$r.cpu-ticks")" -v hz="$clk_tck" -v n="${row[4]}" \
      'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }')")
  done
  echo "$(median "${rps[@]}") $(median "${p50[@]}") $(median "${p99[@]}") $errs $(median "${cpu[@]}")"
}

stop_all() { # APP: records each target's figures and memory after the load, then stops it
  local app=$1 name pids note
  for name in "${measured[@]}"; do
    pids=$(tree_pids "${pid_of[$name]}")
    note=""
    [[ $name == jgu-* ]] && note="aot=$(aot_used "${pid_of[$name]}")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$(summarize "$app" "$name")" "$(cat "$out/$app.$name.idle-mem")" \
      "$(mem_kib Rss $pids)" "$(mem_kib Pss $pids)" "$(cat "$out/$app.$name.boot-ms")" "$note" \
      | sed 's/ /\t/g' >>"$out/$app.tsv"
    echo "$name $(for r in $(seq "$ROUNDS"); do
      echo "$(wrk_row "$out/$app.$name.$r.wrk" | cut -d' ' -f1,3 | tr ' ' '@')/$(cat "$out/$app.$name.$r.load")"
    done | tr '\n' ' ')" >>"$out/$app.rounds"
    stop_target "${pid_of[$name]}"
    unset "pid_of[$name]"
  done
}

report() { # APP: the figures, then each jgu figure over the better of Jetty's and Tomcat's
  awk -F'\t' '
    function best(i, lower,   r, b) { b = ""; for (r = 1; r <= NR; r++) if (peer[r] && v[r, i] != "-" && (b == "" || (lower ? v[r, i] + 0 < b : v[r, i] + 0 > b))) b = v[r, i] + 0; return b }
    function ratio(a, b) { return (a == "-" || b == "" || b == 0) ? "-" : sprintf("%.2fx", a / b) }
    function mib(k) { return k == "-" ? "-" : sprintf("%.1f", k / 1024) }
    { n[NR] = $1; for (i = 2; i <= NF; i++) v[NR, i] = $i; peer[NR] = ($1 == "jetty" || $1 == "tomcat") && $2 != "-" }
    END {
      hdr = "%-12s | %8s %7s %7s %5s | %8s | %8s %8s | %8s %8s | %6s | %s\n"
      printf hdr, "target", "req/s", "p50 ms", "p99 ms", "err", "CPU us/r", "idle RSS", "idle PSS", "load RSS", "load PSS", "boot s", ""
      for (r = 1; r <= NR; r++) {
        if (v[r, 2] == "-") { printf "%-12s | %s\n", n[r], v[r, 12]; continue }
        printf "%-12s | %8d %7.2f %7.2f %5d | %8.1f | %8s %8s | %8s %8s | %6.1f | %s\n", n[r], v[r, 2], v[r, 3], v[r, 4], v[r, 5], v[r, 6],
          mib(v[r, 7]), mib(v[r, 8]), mib(v[r, 9]), mib(v[r, 10]), v[r, 11] / 1000, v[r, 12]
      }
      for (i = 2; i <= 11; i++) b[i] = best(i, i != 2)
      for (r = 1; r <= NR; r++) if (n[r] ~ /^jgu-/ && v[r, 2] != "-") jgu++
      if (!jgu) exit
      if (b[2] == "") { print "(no Jetty or Tomcat figures to compare with)"; exit }
      printf "%-12s | %8s %7s %7s %5s | %8s | %8s %8s | %8s %8s | %6s |\n", "jgu / best", "req/s", "p50", "p99", "", "CPU/r", "idle RSS", "idle PSS", "load RSS", "load PSS", "boot"
      for (r = 1; r <= NR; r++) {
        if (n[r] !~ /^jgu-/ || v[r, 2] == "-") continue
        printf "%-12s | %8s %7s %7s %5s | %8s | %8s %8s | %8s %8s | %6s |\n", n[r], ratio(v[r, 2], b[2]), ratio(v[r, 3], b[3]), ratio(v[r, 4], b[4]), "",
          ratio(v[r, 6], b[6]), ratio(v[r, 7], b[7]), ratio(v[r, 8], b[8]), ratio(v[r, 9], b[9]), ratio(v[r, 10], b[10]), ratio(v[r, 11], b[11])
      }
    }' "$out/$1.tsv"
}

# --- jgu: worker boot, per-worker memory and HUP, with and without the AOT cache --------
sample_workers() { # ARBITER-PID: appends each worker's idle RSS and PSS (KiB) to rss_w and pss_w
  local w
  sleep 2
  for w in $(workers_of "$1"); do rss_w+=("$(mem_kib Rss "$w")") pss_w+=("$(mem_kib Pss "$w")"); done
}

wait_workers() { # ARBITER-PID: until it has exactly WORKERS workers (the retired ones gone), 60 s at most
  local i
  for ((i = 0; i < 1200; i++)); do [ "$(workers_of "$1" | wc -l)" -eq "$WORKERS" ] && return 0; sleep 0.05; done
  say "retired workers of $1 still running after 60 s"
}

boot_phase() { # APP MODE(off|auto): one line in APP.boot.tsv: mode, boots, RSS, PSS (KiB), HUP ms, aot used
  local app=$1 mode=$2 log=$out/$1.boot-$2.log gen t0 used hups=()
  rss_w=() pss_w=()
  say "$app on jgu-gthread, aot=$mode: boot, then $HUPS HUPs"
  "$JGU" -w "$WORKERS" -k gthread -b 127.0.0.1:0 --log-level debug --aot "$mode" --aot-dir "$out/aot/$app" \
    "${war_of[$app]}" >"$log.out" 2>"$log" &
  server_pid=$!
  if ! wait_for "$log" '-> ready' 180 "$WORKERS" "$server_pid"; then
    say "aot=$mode: jgu cannot serve $app: $(first_error "$log")"
    stop_target "$server_pid" 5; return 1
  fi
  sample_workers "$server_pid"
  used=$(aot_used "$server_pid")
  for ((gen = 2; gen <= HUPS + 1; gen++)); do
    t0=$(now_ms)
    kill -HUP "$server_pid"
    wait_for "$log" "reload complete: generation=$gen " 180 1 "$server_pid" || break
    hups+=($(($(now_ms) - t0)))
    wait_workers "$server_pid"
    sample_workers "$server_pid"
  done
  stop_target "$server_pid"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$(grep -o 'spawn_to_ready_ms=[0-9]*' "$log" | cut -d= -f2 | tr '\n' ' ')" \
    "${rss_w[*]}" "${pss_w[*]}" "${hups[*]}" "$used" >>"$out/$app.boot.tsv"
}

train_aot() { # APP: one gthread worker records the AOT cache under target/results/aot/APP
  local app=$1 log=$out/$1.aot-train.log
  say "$app: training the AOT cache"
  "$JGU" -w 1 -k gthread -b 127.0.0.1:0 --aot train --aot-dir "$out/aot/$app" "${war_of[$app]}" >"$log.out" 2>"$log" &
  server_pid=$!
  if wait_for "$log" '-> ready' 180 1 "$server_pid"; then
    wrk -t1 -c10 -d5s "http://$(grep -o -m1 'listening: address=[^ ]*' "$log" | cut -d= -f2)${path_of[$app]}" >/dev/null
  fi
  stop_target "$server_pid" 120 # the worker writes the cache as it exits
  ls "$out/aot/$app"/*.aot >/dev/null 2>&1 || say "$app: no AOT cache written (see $log)"
}

boot_report() { # APP
  [ -s "$out/$1.boot.tsv" ] || return 0
  echo "jgu-gthread -w $WORKERS, $1: worker boot (spawn to ready, every worker of 1 + $HUPS generations), idle memory per worker, HUP until the new generation is ready"
  local mode boots rss pss hups used
  while IFS=$'\t' read -r mode boots rss pss hups used; do
    printf '  aot=%-4s (cache used: %-3s) boot ms %s (median %s) | per worker RSS MiB %s PSS MiB %s | HUP ms %s (median %s)\n' \
      "$mode" "$used" "$boots" "$(median $boots)" "$(awk -v k="$(median $rss)" 'BEGIN {printf "%.1f", k / 1024}')" \
      "$(awk -v k="$(median $pss)" 'BEGIN {printf "%.1f", k / 1024}')" "$hups" "$(median $hups)"
  done <"$out/$1.boot.tsv"
}

install_wrk
[ "$BUILD" = 0 ] || build
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1)
JGU=$root/dist/target/jgu-$version/bin/jgu
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
machine="$(nproc) cores, java $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), jgu $(git -C "$root" rev-parse --short HEAD)"
say "machine: $machine, load $load_before"
for app in $APPS; do
  boot_all "$app"
  measure_rounds "$app"
  stop_all "$app"
  if [[ " $TARGETS " == *" jgu-"* ]] && [ "$BOOT" != 0 ]; then
    boot_phase "$app" off || true
    train_aot "$app"
    boot_phase "$app" auto || true
  fi
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "machine: $machine; load average before $load_before, after $load_after"
  echo "wrk -t1 -c$CONNS -d$DURATION --latency, keep-alive, after $WARMUP warm-up; median of $ROUNDS interleaved rounds;"
  echo "jgu -w $WORKERS ${JGU_OPTS:-}(defaults otherwise); Jetty/Tomcat plain JVM defaults. Memory in MiB, whole process tree;"
  echo "CPU us/r = utime+stime of the tree per completed request; ratios: jgu / the better of Jetty and Tomcat per column"
  for app in $APPS; do
    echo
    echo "== $app (GET ${path_of[$app]})"
    report "$app"
    [ -s "$out/$app.rounds" ] && sed 's/^\([^ ]*\) /  \1: /; 1s/^/each round, req\/s@p99 ms\/1-min load average after it:\n/' "$out/$app.rounds"
    boot_report "$app"
  done
} | tee "$out/table.txt"
