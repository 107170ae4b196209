# Shell functions the benchmarks under bench/ share; source it from a bash script
# that runs with `set -euo pipefail` and may set say_prefix (default "bench").
#   . "$root/bench/lib.sh"

say() { echo "${say_prefix:-bench}: $*" >&2; }

now_ms() { local t=${EPOCHREALTIME//[.,]/}; echo $((t / 1000)); }

install_wrk() { # wrk from apt when it is missing; exits when it cannot be had
  command -v wrk >/dev/null && return 0
  say "installing wrk (apt)"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null 2>&1 || say "apt could not install wrk"
  command -v wrk >/dev/null || { say "wrk is required"; exit 1; }
}

# --- processes -------------------------------------------------------------------------
tree_pids() { # PID -> it and all its descendants, one a line
  local p
  echo "$1"
  for p in $(pgrep -P "$1" || true); do tree_pids "$p"; done
}

kill_tree() { kill -KILL $(tree_pids "$1") 2>/dev/null || true; } # PID: it and its descendants

# wait_for FILE REGEX SECONDS [COUNT [PID]]: until FILE has COUNT lines matching REGEX.
# Returns 1 after SECONDS, or as soon as PID (when given) has exited.
wait_for() {
  local file=$1 re=$2 limit=$3 count=${4:-1} pid=${5:-} i n
  for ((i = 0; i < limit * 20; i++)); do
    n=$(grep -c -E -- "$re" "$file" 2>/dev/null || true)
    [ "${n:-0}" -ge "$count" ] && return 0
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      say "pid $pid exited before '$re' showed in $file"; return 1
    fi
    sleep 0.05
  done
  say "timed out after ${limit}s waiting for '$re' in $file"; tail -20 "$file" >&2; return 1
}

# --- what the kernel counts --------------------------------------------------------------
mem_kib() { # FIELD PID... -> the sum of FIELD (Rss, Pss, ...) from /proc/PID/smaps_rollup, in KiB
  local field=$1 sum=0 p v
  shift
  for p in "$@"; do
    v=$(awk -v f="$field:" '$1 == f {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || true)
    sum=$((sum + ${v:-0}))
  done
  echo "$sum"
}

cpu_ticks() { # PID... -> utime + stime of those processes, in clock ticks (getconf CLK_TCK)
  local sum=0 p v
  for p in "$@"; do
    # Fields after "pid (comm) ": the comm may hold spaces, so cut at its last ')'.
    v=$(awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$p/stat" 2>/dev/null || true)
    sum=$((sum + ${v:-0}))
  done
  echo "$sum"
}

# --- wrk output --------------------------------------------------------------------------
to_ms() { # wrk latency (850.00us, 1.20ms, 2.01s) -> ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

wrk_row() { # FILE (wrk --latency output) -> "rps p50 p99 errors requests"; errors count non-2xx/3xx
  local f=$1 rps p50 p99 errs reqs
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$f")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$f")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$f")")
  errs=$(awk '/Socket errors:/ {gsub(",", ""); s += $4 + $6 + $8 + $10} /Non-2xx/ {s += $NF} END {print s + 0}' "$f")
  reqs=$(awk '/ requests in / {print $1; exit}' "$f")
  echo "${rps:-0} $p50 $p99 $errs ${reqs:-0}"
}

median() { echo "$@" | tr ' ' '\n' | { grep . || true; } | sort -n | awk '{a[NR] = $1} END {if (NR) print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
