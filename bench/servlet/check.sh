#!/usr/bin/env bash
# Proves the servlet test apps right before jgu serves them: builds the three WARs
# (test-apps-jersey-servlet, test-apps-spring-mvc, test-apps-spring-boot) and the
# runners beside this file, then serves each WAR on Jetty 12 and on Tomcat 11 (one
# at a time, on a free loopback port) and checks every endpoint with curl: the
# status and a fragment of the body (and the Content-Type where it matters).
#   bench/servlet/check.sh
#   SERVERS=tomcat APPS="spring-boot" bench/servlet/check.sh
# Logs land in bench/servlet/target/check/. Exits 1 when any check fails.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/dist/src/bin/find-java"
jgu_find_java || exit 1
export JAVA_HOME=$JGU_JAVA_HOME

SERVERS=${SERVERS:-"jetty tomcat"}
APPS=${APPS:-"jersey spring-mvc spring-boot"}
out=$here/target/check
mkdir -p "$out"

say() { echo "check: $*" >&2; }

declare -A war_of=(
  [jersey]=$root/test-apps-jersey-servlet/target/jersey-shop.war
  [spring-mvc]=$root/test-apps-spring-mvc/target/spring-mvc.war
  [spring-boot]=$root/test-apps-spring-boot/target/spring-boot-app.war
)
declare -A main_of=([jetty]=dev.jgu.bench.servlet.JettyMain [tomcat]=dev.jgu.bench.servlet.TomcatMain)

build() {
  say "building the WARs and the runners (JDK $JAVA_HOME)"
  (cd "$root" && mvn -B -ntp -q -pl test-apps-jersey-servlet,test-apps-spring-mvc,test-apps-spring-boot -am \
    package -DskipTests) >"$out/build.log" 2>&1 || { tail -30 "$out/build.log"; exit 1; }
  (cd "$here" && mvn -B -ntp -q package) >>"$out/build.log" 2>&1 || { tail -30 "$out/build.log"; exit 1; }
}

# --- the one server running at a time, started here and stopped by its pid ------------
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill -KILL "$server_pid" 2>/dev/null || true; }
trap cleanup EXIT

start_server() { # SERVER APP -> sets server_pid, base
  local log=$out/$1-$2
  rm -f "$log.out" "$log.err" "$out/$1-$2.shutdown"
  JGU_TEST_SHUTDOWN_FILE=$out/$1-$2.shutdown "$JAVA_HOME/bin/java" \
    -cp "$here/target/classes:$here/target/lib/$1/*" "${main_of[$1]}" "${war_of[$2]}" 0 >"$log.out" 2>"$log.err" &
  server_pid=$!
  local i
  for ((i = 0; i < 1200; i++)); do # 60 s: Boot on a busy two-core machine takes ~10 s
    grep -q '^ready ' "$log.out" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { say "$1 $2: exited before ready"; tail -20 "$log.err" >&2; return 1; }
    sleep 0.05
  done
  grep -q '^ready ' "$log.out" || { say "$1 $2: not ready after 60 s"; tail -20 "$log.err" >&2; return 1; }
  base="http://127.0.0.1:$(awk '/^ready/ {print $2; exit}' "$log.out")"
}

stop_server() { # -> the server's exit status (143 after a clean stop on TERM)
  local i status=0
  kill -TERM "$server_pid" 2>/dev/null || true
  for ((i = 0; i < 400; i++)); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.05; done
  kill -KILL "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || status=$?
  server_pid=""
  return "$status"
}

# --- checks ---------------------------------------------------------------------------
passed=0 failed=0
declare -A result_of

# check LABEL STATUS FRAGMENT CURL-ARGS...: the status, and FRAGMENT in the body; with TYPE
# set, also that the Content-Type contains TYPE.
check() {
  local label=$1 want=$2 fragment=$3 got type
  shift 3
  rm -f "$out/body"
  got=$(curl -s --max-time 20 -o "$out/body" -w '%{http_code} %{content_type}' "$@") || true
  type=${got#* }; got=${got%% *}
  touch "$out/body"
  if [ "$got" = "$want" ] && { [ -z "$fragment" ] || grep -qF -- "$fragment" "$out/body"; } && [[ "${type,,}" == *"${TYPE:-}"* ]]; then
    passed=$((passed + 1)); echo "  ok    $label -> $got"
  else
    failed=$((failed + 1))
    echo "  FAIL  $label: want $want '$fragment'${TYPE:+ type '$TYPE'}, got $got type '$type' body: $(head -c 300 "$out/body")"
  fi
}

check_jersey() {
  check "GET /api/shop/prices/widget" 200 '"cents":250' "$base/api/shop/prices/widget"
  TYPE=application/json check "POST /api/shop/orders (JSON)" 201 '"totalCents":500' \
    -H 'Content-Type: application/json' -d '{"item":"widget","quantity":2,"notes":["gift","fragile"]}' "$base/api/shop/orders"
  check "POST /api/shop/orders (form)" 200 'ordered 3 x gadget = 5997 cents' \
    -d 'item=gadget&quantity=3' "$base/api/shop/orders"
  check "POST /api/shop/orders (out of stock, ExceptionMapper)" 409 '"available":10' \
    -H 'Content-Type: application/json' -d '{"item":"widget","quantity":11}' "$base/api/shop/orders"
  check "GET /api/shop/prices/nope (NotFoundException)" 404 '' "$base/api/shop/prices/nope"
  check "GET /api/nope (no resource)" 404 '' "$base/api/nope"
  check "GET /api/shop/catalog?lines=2000 (past Jersey's buffer)" 200 'line 1999 of the catalog' \
    "$base/api/shop/catalog?lines=2000"
  check "GET /api/async/300 (@Suspended)" 200 '"delayMs":300' "$base/api/async/300"
  check "GET /api/async/99999 (bad delay)" 400 'delay must be' "$base/api/async/99999"
}

check_spring_mvc() {
  local upload=$out/upload.bin big=$out/big.bin sha
  head -c 102400 /dev/urandom >"$upload"
  head -c $((1536 * 1024)) /dev/urandom >"$big"
  sha=$(sha256sum "$upload" | cut -d' ' -f1)
  TYPE=application/json check "GET /hello?name=jgu" 200 '"message":"hello jgu"' "$base/hello?name=jgu"
  TYPE=application/json check "POST /orders (JSON record in and out)" 201 '"totalCents":750' \
    -H 'Content-Type: application/json' -d '{"item":"widget","quantity":3}' "$base/orders"
  check "POST /form (urlencoded, UTF-8)" 200 '"name":"Zoë"' --data-urlencode 'name=Zoë' -d 'quantity=2' "$base/form"
  check "GET /echo?text=Grüße 日本 (JSON)" 200 '"text":"Grüße 日本"' --get --data-urlencode 'text=Grüße 日本' "$base/echo"
  TYPE='text/plain;charset=utf-8' check "GET /echo/text?text=Grüße 日本" 200 'Grüße 日本' \
    --get --data-urlencode 'text=Grüße 日本' "$base/echo/text"
  check "GET /nope (404)" 404 '' "$base/nope"
  check "GET /orders (405)" 405 '' "$base/orders"
  check "POST /orders as text/plain (415)" 415 '' -H 'Content-Type: text/plain' -d 'widget' "$base/orders"
  check "POST /upload (multipart, 100 KiB)" 200 "\"sha256\":\"$sha\"" -F "file=@$upload" "$base/upload"
  check "POST /upload (1.5 MiB > 1 MiB limit)" 413 '' -F "file=@$big" "$base/upload"
  check "GET /deferred?ms=300 (DeferredResult)" 200 '"delayMs":300' "$base/deferred?ms=300"
  check "GET /deferred?ms=-1 (bad delay)" 400 '' "$base/deferred?ms=-1"
}

check_spring_boot() {
  local jar=$out/cookies
  rm -f "$jar"
  TYPE=application/json check "GET /hello" 200 '"message":"hello from boot"' "$base/hello"
  TYPE=application/json check "GET /nope, Accept: application/json (Boot's /error)" 404 '"path":"/nope"' \
    -H 'Accept: application/json' "$base/nope"
  check "GET /session/count (new session)" 200 '"count":1' -c "$jar" -b "$jar" "$base/session/count"
  check "GET /session/count (same session)" 200 '"count":2' -c "$jar" -b "$jar" "$base/session/count"
}

check_stop() { # SERVER APP: TERM stops the server, and for Boot closes the Spring context
  local status=0
  stop_server || status=$?
  if [ "$status" -eq 143 ] || [ "$status" -eq 0 ]; then
    passed=$((passed + 1)); echo "  ok    TERM -> exit $status"
  else
    failed=$((failed + 1)); echo "  FAIL  TERM: want exit 143 or 0, got $status"
  fi
  if [ "$2" = spring-boot ]; then
    if grep -qx 'spring context closed' "$out/$1-$2.shutdown" 2>/dev/null; then
      passed=$((passed + 1)); echo "  ok    TERM closed the Spring context (JGU_TEST_SHUTDOWN_FILE)"
    else
      failed=$((failed + 1)); echo "  FAIL  TERM: no 'spring context closed' in $out/$1-$2.shutdown"
    fi
  fi
}

build
for server in $SERVERS; do
  for app in $APPS; do
    say "$app on $server"
    before_pass=$passed before_fail=$failed
    if start_server "$server" "$app"; then
      "check_${app//-/_}"
      check_stop "$server" "$app"
    else
      failed=$((failed + 1)); stop_server || true
    fi
    result_of[$server/$app]="$((passed - before_pass)) passed, $((failed - before_fail)) failed"
  done
done

echo
for server in $SERVERS; do
  for app in $APPS; do printf '%-20s %s\n' "$server/$app" "${result_of[$server/$app]}"; done
done
[ "$failed" -eq 0 ]
