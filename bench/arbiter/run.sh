#!/usr/bin/env bash
# The arbiter's own footprint and speed (see README.md beside this file):
#   bench/arbiter/run.sh                      # the built distribution, ROUNDS runs
#   JGU_HOME=/tmp/old-dist bench/arbiter/run.sh   # another install, e.g. an older build
#   JGU_ARBITER_OPTS="-Xmx256m" bench/arbiter/run.sh   # the launcher's override
# Each round starts `bin/jgu -w WORKERS dev.jgu.examples.Hello` on 127.0.0.1:0 and,
# once every worker is ready, records the arbiter's RSS (VmRSS in /proc/PID/status),
# PSS (smaps_rollup), threads and open fds. Then:
#   loop  TTIN -> the arbiter's "spawned worker" line, then TTOU (the loop's latency
#         for one command, polled every 5 ms), LOOPS times;
#   HUP   HUP -> the new generation's workers spawned (the arbiter's part of a reload) and
#         HUP -> every one of them logged ready (a reload's time, mostly the workers' boot);
# and records the footprint again, after the HUP's old workers have exited.
# Prints one line per round and the medians; builds the distribution when it is missing.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/bench/lib.sh"
say_prefix=arbiter-bench

ROUNDS=${ROUNDS:-3}
WORKERS=${WORKERS:-2}
LOOPS=${LOOPS:-5}
home=${JGU_HOME:-$root/dist/target/jgu-0.1.0-SNAPSHOT}
if [ ! -x "$home/bin/jgu" ]; then
  say "building the distribution"
  (cd "$root" && mvn -B -ntp -q -pl dist -am package -DskipTests)
fi

run_dir=$(mktemp -d)
arbiter=
cleanup() { [ -n "$arbiter" ] && kill_tree "$arbiter"; rm -rf "$run_dir"; }
trap cleanup EXIT

status_kib() { awk -v f="$1:" '$1 == f {print $2}' "/proc/$2/status"; }
footprint() { # PID -> "rss_kib pss_kib threads fds"
  echo "$(status_kib VmRSS "$1") $(mem_kib Pss "$1") $(ls "/proc/$1/task" | wc -l) $(ls "/proc/$1/fd" | wc -l)"
}
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# poll_ms FILE REGEX COUNT: ms until FILE has COUNT lines matching REGEX (5 ms polls).
poll_ms() {
  local start n
  start=$(now_ms)
  for ((i = 0; i < 12000; i++)); do
    n=$(grep -c -E -- "$2" "$1" || true)
    [ "${n:-0}" -ge "$3" ] && { echo $(($(now_ms) - start)); return 0; }
    sleep 0.005
  done
  say "timed out waiting for '$2' x$3 in $1"; return 1
}

children_are() { # PID N: until PID has exactly N children
  for ((i = 0; i < 1200; i++)); do
    [ "$(pgrep -c -P "$1" || true)" -eq "$2" ] && return 0
    sleep 0.05
  done
  say "pid $1 still has $(pgrep -c -P "$1" || true) children, not $2"; return 1
}

children_gone() { # PID...: until none of them is alive
  local p alive
  for ((i = 0; i < 1200; i++)); do
    alive=0
    for p in "$@"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" -eq 0 ] && return 0
    sleep 0.05
  done
  say "old workers $* still alive"; return 1
}

results=$run_dir/results.tsv
for ((round = 1; round <= ROUNDS; round++)); do
  log=$run_dir/round-$round.log
  "$home/bin/jgu" -b 127.0.0.1:0 -w "$WORKERS" dev.jgu.examples.Hello >/dev/null 2>"$log" &
  arbiter=$!
  wait_for "$log" "ready: workers=$WORKERS" 60 1 "$arbiter"
  sleep "${IDLE:-2}" # idle, as a running arbiter mostly is
  read -r rss0 pss0 thr0 fds0 <<<"$(footprint "$arbiter")"

  loop=()
  for ((i = 1; i <= LOOPS; i++)); do
    spawned=$(grep -c 'spawned worker:' "$log")
    kill -TTIN "$arbiter"
    loop+=("$(poll_ms "$log" 'spawned worker:' $((spawned + 1)))")
    wait_for "$log" 'booting -> ready' 60 $((WORKERS + i)) "$arbiter"
    kill -TTOU "$arbiter"
    children_are "$arbiter" "$WORKERS"
  done
  loop_ms=$(printf '%s\n' "${loop[@]}" | median)

  old=$(pgrep -P "$arbiter" | tr '\n' ' ')
  ready=$(grep -c 'booting -> ready' "$log")
  spawned=$(grep -c 'spawned worker:' "$log")
  hup_start=$(now_ms)
  kill -HUP "$arbiter"
  poll_ms "$log" 'spawned worker:' $((spawned + WORKERS)) >/dev/null
  hup_spawn_ms=$(($(now_ms) - hup_start))
  poll_ms "$log" 'booting -> ready' $((ready + WORKERS)) >/dev/null
  hup_ms=$(($(now_ms) - hup_start))
  # shellcheck disable=SC2086
  children_gone $old
  sleep 1 # let the loop settle after reaping, as an idle arbiter would
  read -r rss1 pss1 thr1 fds1 <<<"$(footprint "$arbiter")"
  kill -TERM "$arbiter"; wait "$arbiter" || true; arbiter=
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$rss0" "$pss0" "$thr0" "$fds0" \
    "$rss1" "$pss1" "$thr1" "$fds1" "$loop_ms" "$hup_ms" "$hup_spawn_ms" >>"$results"
  say "round $round: ready rss=$(mib "$rss0")MiB pss=$(mib "$pss0")MiB threads=$thr0 fds=$fds0;" \
    "after HUP rss=$(mib "$rss1")MiB pss=$(mib "$pss1")MiB threads=$thr1 fds=$fds1;" \
    "TTIN->spawned ${loop_ms}ms; HUP->spawned ${hup_spawn_ms}ms; HUP->ready ${hup_ms}ms"
done

col() { cut -f"$1" "$results" | median; }
echo "arbiter, $WORKERS workers, median of $ROUNDS rounds ($home, JGU_ARBITER_OPTS='${JGU_ARBITER_OPTS:-}'):"
printf '  ready:      RSS %s MiB  PSS %s MiB  threads %s  fds %s\n' "$(mib "$(col 2)")" "$(mib "$(col 3)")" "$(col 4)" "$(col 5)"
printf '  after HUP:  RSS %s MiB  PSS %s MiB  threads %s  fds %s\n' "$(mib "$(col 6)")" "$(mib "$(col 7)")" "$(col 8)" "$(col 9)"
printf '  TTIN -> spawned: %s ms   HUP -> new workers spawned: %s ms   HUP -> new generation ready: %s ms\n' \
  "$(col 10)" "$(col 12)" "$(col 11)"
