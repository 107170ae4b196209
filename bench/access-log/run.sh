#!/usr/bin/env bash
# What the access log costs: hello-world keep-alive requests/s with no access log,
# with the default text format and with `json`, three arbiters in one run (see
# README.md beside this file):
#   bench/access-log/run.sh
#   ROUNDS=5 DURATION=20s CLASS=sync bench/access-log/run.sh
#   JGU=/opt/jgu/bin/jgu bench/access-log/run.sh     # an installed jgu, no build
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/dist/src/bin/find-java"
jgu_find_java || exit 1
export JAVA_HOME=$JGU_JAVA_HOME
say_prefix="bench/access-log"
. "$root/bench/lib.sh"

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-10s}
CONNS=${CONNS:-50}
WORKERS=${WORKERS:-1}
THREADS=${THREADS:-4}
CLASS=${CLASS:-gthread}
ROUNDS=${ROUNDS:-3}
TARGETS="off text json"
out=$here/target/results
mkdir -p "$out"
rm -f "$out"/*

declare -A pid_of url_of
cleanup() { local p; for p in "${pid_of[@]}"; do kill_tree "$p"; done; }
trap cleanup EXIT

install_wrk
if [ -z "${JGU:-}" ]; then
  say "building jgu's distribution (JDK $JAVA_HOME)"
  (cd "$root" && mvn -B -q -ntp -Dmaven.test.skip=true package -pl dist -am) >"$out/build.log" 2>&1 \
    || { tail -30 "$out/build.log"; exit 1; }
  version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1)
  JGU=$root/dist/target/jgu-$version/bin/jgu
fi

start() { # NAME: off, text or json
  local name=$1 log=$out/$1.log args=()
  case $name in
    off) ;;
    text) args=(--access-logfile "$out/access-text.log") ;;
    json) args=(--access-logfile "$out/access-json.log" --access-logformat json) ;;
  esac
  "$JGU" -b 127.0.0.1:0 -w "$WORKERS" -k "$CLASS" --threads "$THREADS" --worker-connections 1000 "${args[@]}" \
    dev.jgu.examples.Hello >"$log.out" 2>"$log" &
  pid_of[$name]=$!
  wait_for "$log" '-> ready' 60 "$WORKERS" "${pid_of[$name]}"
  url_of[$name]="http://$(grep -o -m1 'listening: address=[^ ]*' "$log" | cut -d= -f2)/"
}

for name in $TARGETS; do
  start "$name"
  say "$name: warming up ($WARMUP) at ${url_of[$name]}"
  wrk -t1 -c"$CONNS" -d"$WARMUP" "${url_of[$name]}" >"$out/$name.warmup.wrk"
done

declare -A rps p50 p99 errs sent ticks measured
for name in $TARGETS; do read -r _ _ _ _ n < <(wrk_row "$out/$name.warmup.wrk"); sent[$name]=$n; done
for ((round = 1; round <= ROUNDS; round++)); do
  for name in $TARGETS; do
    f=$out/$name.$round.wrk
    # CPU time of the arbiter and its workers (the writer thread included) per request: less noisy than
    # requests/s on a shared machine, where another process's burst costs throughput but not this CPU.
    before=$(cpu_ticks $(tree_pids "${pid_of[$name]}"))
    wrk -t1 -c"$CONNS" -d"$DURATION" --latency "${url_of[$name]}" >"$f"
    after=$(cpu_ticks $(tree_pids "${pid_of[$name]}"))
    read -r r a b e n < <(wrk_row "$f")
    ticks[$name]=$(( ${ticks[$name]:-0} + after - before )); measured[$name]=$(( ${measured[$name]:-0} + n ))
    rps[$name]+="$r "; p50[$name]+="$a "; p99[$name]+="$b "; errs[$name]=$(( ${errs[$name]:-0} + e ))
    sent[$name]=$(( ${sent[$name]} + n ))
    say "round $round $name: $r requests/s"
  done
done

for name in $TARGETS; do kill -TERM "${pid_of[$name]}"; done
for name in $TARGETS; do
  for ((i = 0; i < 600; i++)); do kill -0 "${pid_of[$name]}" 2>/dev/null || break; sleep 0.05; done
done

base=$(median ${rps[off]})
{
  echo "hello, keep-alive, wrk -t1 -c$CONNS -d$DURATION x $ROUNDS rounds (median); $WORKERS $CLASS worker(s), --threads $THREADS"
  hz=$(getconf CLK_TCK)
  cpu_off=$(awk -v t="${ticks[off]}" -v n="${measured[off]}" -v hz="$hz" 'BEGIN { print t * 1e6 / hz / n }')
  printf '%-6s %10s %8s %8s %7s %7s %12s %7s %10s %10s\n' "access" "req/s" "p50 ms" "p99 ms" "errors" "vs off" \
    "cpu us/req" "vs off" "answered" "lines"
  for name in $TARGETS; do
    m=$(median ${rps[$name]})
    lines=-
    [ "$name" != off ] && lines=$(wc -l <"$out/access-$name.log")
    cpu=$(awk -v t="${ticks[$name]}" -v n="${measured[$name]}" -v hz="$hz" 'BEGIN { print t * 1e6 / hz / n }')
    printf '%-6s %10s %8s %8s %7s %6.1f%% %12.2f %6.1f%% %10s %10s\n' "$name" "$m" "$(median ${p50[$name]})" \
      "$(median ${p99[$name]})" "${errs[$name]}" "$(awk -v m="$m" -v b="$base" 'BEGIN { print (m - b) * 100 / b }')" \
      "$cpu" "$(awk -v c="$cpu" -v b="$cpu_off" 'BEGIN { print (c - b) * 100 / b }')" "${sent[$name]}" "$lines"
  done
  echo "(cpu us/req: user+system CPU of the arbiter and its workers over the rounds, per request wrk counted;"
  echo " answered: what wrk counted, warm-up included; lines: the access log after the workers exited, which also"
  echo " holds the requests wrk still had in flight when each run ended, at most $CONNS a run)"
} | tee "$out/table.txt"
