#!/usr/bin/env bash
# The HTTP port's benchmarks, on our server only (the limit server has no WebSocket), each pair
# interleaved in one sitting and reported as a ratio. See docs/performance/web.md.
#
#   bench/run-web-bench.sh [WF2] [WD1] [WC] [MF2] [MD1]
#   WF2, WD1: F2 and D1 over WebSocket (ws) beside TCP (tcp), against one kind of server (HTTP on);
#             F2 waits up to 15 s of silence for the last delivery (--quiet): over WebSocket the
#             1,000 receivers of F2 see gaps longer than the default 3 s on this machine
#   WC:       5,000 idle WebSocket clients beside 5,000 TCP ones: the server's RSS and live heap per connection
#   MF2, MD1: F2 and D1 over TCP with the HTTP port and its metrics (on) and with --no-http (off)
#
# Environment: RUNS=3, OUT=bench-results/web, JAVA_HOME, SERVER_OPTS (default --flood-rate 0),
# CHAT_PORT=14700, HTTP_PORT=14780.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${RUNS:-3}"
out="${OUT:-$root/bench-results/web}"
chat_port="${CHAT_PORT:-14700}"
http_port="${HTTP_PORT:-14780}"
bench="$root/chat-bench/target/chat-bench/bin/chat-bench"
server="$root/chat-console/target/chat-server/bin/chat-server"
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(WF2 WD1 WC MF2 MD1)
mkdir -p "$out"
results="$out/results.jsonl"
[ -x "$bench" ] && [ -x "$server" ] || { echo "build first: ./dev mvn -B -q package -DskipTests" >&2; exit 1; }
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
server_opts="${SERVER_OPTS---flood-rate 0}"

pid=""
data_dir=""
wait_port() { # port
  for _ in $(seq 1 2000); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.005
  done
  echo "nothing listens on $1" >&2; return 1
}
start_server() { # http|nohttp
  data_dir="$(mktemp -d)" # a fresh history per server
  local http=(--http-port "$http_port" --http-bind 127.0.0.1)
  [ "$1" = http ] || http=(--no-http)
  # shellcheck disable=SC2086
  "$server" --port "$chat_port" --data-dir "$data_dir" --no-admin-socket "${http[@]}" $server_opts \
    >"$out/chat-server.log" 2>&1 </dev/null &
  pid=$!; wait_port "$chat_port"
  [ "$1" = nohttp ] || wait_port "$http_port"
}
stop_server() {
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
  [ -z "$data_dir" ] || rm -rf "$data_dir"
  data_dir=""
}
trap stop_server EXIT
load() { cut -d' ' -f1 /proc/loadavg; }
live_heap_kib() { # pid: heap in use after a full collection
  "$JAVA_HOME/bin/jcmd" "$1" GC.run >/dev/null || true
  "$JAVA_HOME/bin/jcmd" "$1" GC.heap_info | awk '/total .*used/ { for (i = 1; i < NF; i++) if ($i == "used") { sub(/K,?$/, "", $(i + 1)); kib += $(i + 1) } } END { print kib + 0 }'
}
record() { # scenario label run json
  echo "{\"bench\":\"$1\",\"server\":\"$2\",\"run\":$3,\"load\":$(load),\"result\":$4}" >>"$results"
  echo "$1 $2 run $3 (load $(load)): $4"
}
run_scenario() { # F2|D1 ws|tcp prefix
  local port="$chat_port" flags=()
  if [ "$2" = ws ]; then port="$http_port"; flags=(--ws); fi
  case "$1" in
    F2) "$bench" fanout --port "$port" "${flags[@]}" -r 1000 -s 4 -m 500 --quiet 15s --name-prefix "$3" --json ;;
    D1) "$bench" dm --port "$port" "${flags[@]}" -p 50 -d 10s --name-prefix "$3" --json ;;
  esac
}
measure() { # scenario label server-kind transport measured
  start_server "$3"
  run_scenario "$5" "$4" "w$2" >/dev/null || true # warm-up (JIT)
  sleep 1
  json="$(run_scenario "$5" "$4" "m$2" || true)"
  record "$1" "$2" "$run" "$json"
  stop_server
}

for scenario in "${scenarios[@]}"; do
  for run in $(seq 1 "$runs"); do
    case "$scenario" in
      WF2) measure WF2 ws http ws F2; measure WF2 tcp http tcp F2 ;;
      WD1) measure WD1 ws http ws D1; measure WD1 tcp http tcp D1 ;;
      MF2) measure MF2 on http tcp F2; measure MF2 off nohttp tcp F2 ;;
      MD1) measure MD1 on http tcp D1; measure MD1 off nohttp tcp D1 ;;
      WC)
        for which in ws tcp; do
          start_server http
          port="$chat_port"; flags=()
          if [ "$which" = ws ]; then port="$http_port"; flags=(--ws); fi
          "$bench" conns --port "$port" "${flags[@]}" -c 3000 --name-prefix "wu$which" --json >/dev/null || true # warm-up
          sleep 6 # the JIT's arenas go back before "before" is read
          heap_before="$(live_heap_kib "$pid")"
          "$JAVA_HOME/bin/jcmd" "$pid" System.trim_native_heap >/dev/null || true
          rm -f "$out/wc-ready"
          "$bench" conns --port "$port" "${flags[@]}" -c 5000 --name-prefix "wc$which" --server-pid "$pid" \
            --ready-file "$out/wc-ready" --hold 3s --json >"$out/wc.json" || true &
          held=$!
          for _ in $(seq 1 600); do [ -f "$out/wc-ready" ] && break; sleep 0.1; done
          sleep 1.5
          heap_after="$(live_heap_kib "$pid")"
          wait "$held" || true
          json="$(cat "$out/wc.json")"
          record WC "$which" "$run" "${json%\}},\"liveHeapBeforeKib\":${heap_before:-0},\"liveHeapAfterKib\":${heap_after:-0}}"
          stop_server
        done
        ;;
    esac
  done
done
