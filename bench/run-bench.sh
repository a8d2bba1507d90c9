#!/usr/bin/env bash
# Runs the standard scenarios against SocketChat and the C limit server, interleaved, and
# prints medians and ratios. See bench/README.md.
#
#   bench/run-bench.sh [F1] [F2] [D1] [C1] [START] [PIN] [TF2] [TD1] [TC] [R2] [HF2] [HD1] [JOIN]
#   (default: F1 F2 D1 C1 START PIN; TF2, TD1 and TC compare TLS with plain TCP on our server;
#   R2 a room fan-out with F2, HF2 and HD1 history on with --no-history, all on our server;
#   JOIN times JOIN to END HISTORY of a room with 20 messages)
#
# Our server keeps history (the default) in a fresh data directory per start, removed at stop.
#
# Environment:
#   RUNS=3                 measured runs per scenario and server (plus one unmeasured warm-up run)
#   OUT=bench-results      directory for the JSON lines, server logs and the summary
#   JAVA_HOME              JDK 21+ (./dev picks JDK 25 for the build)
#   SERVER_OPTS            extra chat-server flags (default: --flood-rate 0 when the server knows it)
#   CHAT_PORT=14700, LIMIT_PORT=15700, TLS_PORT=14743 (our server's TLS listener in TF2, TD1, TC)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${RUNS:-3}"
out="${OUT:-$root/bench-results}"
chat_port="${CHAT_PORT:-14700}"
limit_port="${LIMIT_PORT:-15700}"
tls_port="${TLS_PORT:-14743}"
bench="$root/chat-bench/target/chat-bench/bin/chat-bench"
server="$root/chat-console/target/chat-server/bin/chat-server"
limit_src="${LIMIT_SRC:-$root/../shared/bench/limit-server/limit-server.c}"
[ -f "$limit_src" ] || limit_src=/work/shared/bench/limit-server/limit-server.c
limit_bin="${LIMIT_BIN:-/tmp/limit-server}"
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(F1 F2 D1 C1 START PIN)
mkdir -p "$out"
results="$out/results.jsonl"

[ -x "$bench" ] && [ -x "$server" ] || { echo "build first: ./dev mvn -B -q package -DskipTests" >&2; exit 1; }
if [ ! -x "$limit_bin" ]; then
  gcc -O2 -o "$limit_bin" "$limit_src"
fi
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

server_opts="${SERVER_OPTS-}"
if [ -z "${SERVER_OPTS+x}" ] && "$server" --help 2>/dev/null | grep -q -- '--flood-rate'; then
  server_opts="--flood-rate 0"
fi

# TF2, TD1, TC: a self-signed certificate made now, in a directory removed at exit (no key is kept).
tls_dir=""
make_certificate() {
  [ -z "$tls_dir" ] || return 0
  tls_dir="$(mktemp -d)"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -addext subjectAltName=IP:127.0.0.1,DNS:localhost \
    -keyout "$tls_dir/privkey.pem" -out "$tls_dir/fullchain.pem" 2>/dev/null
}
tls_options() { echo "--tls-port $tls_port --tls-cert $tls_dir/fullchain.pem --tls-key $tls_dir/privkey.pem"; }

pid=""
data_dir=""
wait_port() { # port
  for _ in $(seq 1 2000); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.005
  done
  echo "nothing listens on $1" >&2; return 1
}
start_server() { # which
  local port; port="$(port_of "$1")"
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is already in use: stop what listens there or set CHAT_PORT/LIMIT_PORT" >&2; exit 1
  fi
  if [ "$1" = chat ] || [ "$1" = chat-nohist ]; then
    # A fresh data directory per server: no run reads history an earlier one left behind.
    data_dir="$(mktemp -d)"
    local history=(--data-dir "$data_dir")
    [ "$1" = chat ] || history+=(--no-history)
    # shellcheck disable=SC2086
    "$server" --port "$chat_port" "${history[@]}" $server_opts >"$out/chat-server.log" 2>&1 &
    pid=$!; wait_port "$chat_port"
  elif [ "$1" = chat-tls ]; then
    # shellcheck disable=SC2086
    "$server" --port "$chat_port" $server_opts $(tls_options) >"$out/chat-server.log" 2>&1 &
    pid=$!; wait_port "$chat_port"; wait_port "$tls_port"
  else
    "$limit_bin" -port "$limit_port" >"$out/limit-server.log" 2>&1 &
    pid=$!; wait_port "$limit_port"
  fi
}
stop_server() {
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
  [ -z "$data_dir" ] || rm -rf "$data_dir"
  data_dir=""
}
trap 'stop_server; [ -z "$tls_dir" ] || rm -rf "$tls_dir"' EXIT
port_of() { case "$1" in chat|chat-tls|chat-nohist) echo "$chat_port" ;; *) echo "$limit_port" ;; esac; }
load() { cut -d' ' -f1 /proc/loadavg; }
live_heap_kib() { # pid: heap in use after a full collection (serial collector: young + tenured "used")
  "$JAVA_HOME/bin/jcmd" "$1" GC.run >/dev/null || true
  "$JAVA_HOME/bin/jcmd" "$1" GC.heap_info | awk '/total .*used/ { for (i = 1; i < NF; i++) if ($i == "used") { sub(/K,?$/, "", $(i + 1)); kib += $(i + 1) } } END { print kib + 0 }'
}

record() { # scenario server run json
  local json="$4"
  echo "{\"bench\":\"$1\",\"server\":\"$2\",\"run\":$3,\"load\":$(load),\"result\":$json}" >>"$results"
  echo "$1 $2 run $3 (load $(load)): $json"
}

run_scenario() { # scenario server port
  case "$1" in
    F1) "$bench" fanout --port "$3" -r 100 -s 1 -m 20000 --name-prefix "f1$2" --json ;;
    F2) "$bench" fanout --port "$3" -r 1000 -s 4 -m 500 --name-prefix "f2$2" --json ;;
    D1) "$bench" dm --port "$3" -p 50 -d 10s --name-prefix "d1$2" --json ;;
    R2) "$bench" fanout --port "$3" --room '#r' -r 1000 -s 4 -m 500 --name-prefix "r2$2" --json ;;
    JOIN) "$bench" join --port "$3" --room '#join' -c 100 --rounds 10 --name-prefix "jn$2" --json ;;
  esac
}

# R2, HF2, HD1, JOIN: our server only; each run gets a fresh server and one unmeasured warm-up run.
# R2 alternates the room fan-out (room) with F2 (lobby); HF2 and HD1 alternate F2 and D1 with
# history (on) and with --no-history (off).
run_ours() { # scenario label server-kind run
  local measured="$1"
  case "$1" in R2) [ "$2" = room ] || measured=F2 ;; HF2) measured=F2 ;; HD1) measured=D1 ;; esac
  start_server "$3"
  run_scenario "$measured" "$2" "$chat_port" >/dev/null || true # warm-up (JIT)
  sleep 1
  json="$(run_scenario "$measured" "$2" "$chat_port" || true)"
  record "$1" "$2" "$4" "$json"
  stop_server
}

# TF2, TD1, TC over TLS (tls) or plain TCP (tcp), against a server that listens on both.
run_tls_scenario() { # scenario tls|tcp
  local port="$chat_port" flags=()
  if [ "$2" = tls ]; then port="$tls_port"; flags=(--tls --tls-trust "$tls_dir/fullchain.pem"); fi
  case "$1" in
    TF2) "$bench" fanout --port "$port" "${flags[@]}" -r 1000 -s 4 -m 500 --name-prefix "tf$2" --json ;;
    TD1) "$bench" dm --port "$port" "${flags[@]}" -p 50 -d 10s --name-prefix "td$2" --json ;;
    TC) "$bench" conns --port "$port" "${flags[@]}" -c 5000 --name-prefix "tc$2" --server-pid "$pid" \
          --ready-file "$out/tc-ready" --hold 3s --json ;;
  esac
}

# F1, F2, D1: servers alternate; each run gets a fresh server, warmed up by one unmeasured run.
for scenario in "${scenarios[@]}"; do
  case "$scenario" in
    F1|F2|D1)
      for run in $(seq 1 "$runs"); do
        for which in chat limit; do
          start_server "$which"
          run_scenario "$scenario" "$which" "$(port_of "$which")" >/dev/null || true # warm-up (JIT)
          sleep 1
          json="$(run_scenario "$scenario" "$which" "$(port_of "$which")" || true)"
          record "$scenario" "$which" "$run" "$json"
          stop_server
        done
      done
      ;;
    C1)
      # 19,000 clients over two bench processes (each stays under 20,000 open files), fresh servers.
      for run in $(seq 1 "$runs"); do
        for which in chat limit; do
          start_server "$which"
          port="$(port_of "$which")"
          # Warm-up, as for F1/D1 (unmeasured): six waves of 3,000 clients log in, get one
          # broadcast and leave, so the login and broadcast paths are compiled (JIT) before
          # the measured run, as in a server that has been up for a while. At most 3,000 are
          # connected at once, so the heap does not grow to the measured run's size first.
          # Three waves were too few: a JFR recording showed C2 compiling the accept path
          # (0.4 s of compiler CPU) inside the measured login phase; after six, 0.15 s is left.
          for wave in 1 2 3 4 5 6; do
            "$bench" conns --port "$port" -c 3000 --name-prefix "w$wave" --source-addrs 127.0.0.10-11 --json >/dev/null || true
          done
          # Settle the server before RSS "before" is read. The warm-up left the JIT's arenas
          # (~14 MB, given back by the JVM every 5 s) and old-generation garbage from its
          # disconnect storms (every leave is announced to everyone still there); released
          # during the measured run, they made "after - before" negative (-800 bytes per
          # connection at 12:40 UTC on 28 Nov). So: wait for the arenas, then a full
          # collection and a native trim.
          sleep 6
          heap_before=""
          if [ "$which" = chat ]; then
            heap_before="$(live_heap_kib "$pid")"
            "$JAVA_HOME/bin/jcmd" "$pid" System.trim_native_heap >/dev/null || true
          fi
          ready="$out/c1-ready"; rm -f "$ready" "$ready-2"
          "$bench" conns --port "$port" -c 9500 --offset 0 --name-prefix c --source-addrs 127.0.0.2-5 \
            --server-pid "$pid" --receive-only --ready-file "$ready" --hold 5s --json >"$out/c1-a.json" &
          first=$!
          for _ in $(seq 1 600); do [ -f "$ready" ] && break; sleep 0.1; done
          "$bench" conns --port "$port" -c 9500 --offset 9500 --name-prefix c --source-addrs 127.0.0.6-9 \
            --server-pid "$pid" --ready-file "$ready-2" --hold 4s --json >"$out/c1-b.json" &
          second=$!
          heap=""
          if [ "$which" = chat ]; then
            # The live heap per connection, independent of which pages the heap had touched
            # before: a full collection with all 19,000 held, after the broadcast (~0.2 s;
            # the second process writes its ready file when logged in, then broadcasts).
            for _ in $(seq 1 600); do [ -f "$ready-2" ] && break; sleep 0.1; done
            sleep 1.5
            heap=",\"liveHeapBeforeKib\":${heap_before:-0},\"liveHeapAfterKib\":$(live_heap_kib "$pid")"
          fi
          wait "$second" || true
          wait "$first" || true
          record C1 "$which" "$run" "{\"first\":$(cat "$out/c1-a.json"),\"second\":$(cat "$out/c1-b.json")$heap}"
          stop_server
        done
      done
      ;;
    TF2|TD1|TC)
      # TLS beside plain TCP on the same kind of server (the limit server speaks no TLS): each
      # run gets a fresh server listening on both ports and one unmeasured warm-up run. TC holds
      # 5,000 idle clients (each made a full handshake) and reads the live heap while they are held.
      make_certificate
      for run in $(seq 1 "$runs"); do
        for which in tls tcp; do
          start_server chat-tls
          run_tls_scenario "$scenario" "$which" >/dev/null || true # warm-up (JIT, and for TC the handshake path)
          sleep 1
          heap=""
          if [ "$scenario" = TC ]; then
            sleep 5 # as for C1: the JIT's arenas go back before "before" is read
            heap_before="$(live_heap_kib "$pid")"
            "$JAVA_HOME/bin/jcmd" "$pid" System.trim_native_heap >/dev/null || true
            rm -f "$out/tc-ready"
            run_tls_scenario TC "$which" >"$out/tc.json" || true &
            held=$!
            for _ in $(seq 1 600); do [ -f "$out/tc-ready" ] && break; sleep 0.1; done
            sleep 1.5
            heap_after="$(live_heap_kib "$pid")"
            wait "$held" || true
            json="$(cat "$out/tc.json")"
            json="${json%\}},\"liveHeapBeforeKib\":${heap_before:-0},\"liveHeapAfterKib\":${heap_after:-0}}"
          else
            json="$(run_tls_scenario "$scenario" "$which" || true)"
          fi
          record "$scenario" "$which" "$run" "$json"
          stop_server
        done
      done
      ;;
    R2)
      for run in $(seq 1 "$runs"); do run_ours R2 room chat "$run"; run_ours R2 lobby chat "$run"; done
      ;;
    HF2|HD1)
      for run in $(seq 1 "$runs"); do run_ours "$scenario" on chat "$run"; run_ours "$scenario" off chat-nohist "$run"; done
      ;;
    JOIN)
      for run in $(seq 1 "$runs"); do run_ours JOIN chat chat "$run"; done
      ;;
    PIN)
      # No virtual thread pinned: a JFR recording (bench/pinned.jfc records every pinning)
      # while F2, D1 and C1-sized logins run against one server.
      for run in $(seq 1 "$runs"); do
        jfr_file="$out/pinned-$run.jfr"; rm -f "$jfr_file"
        saved_opts="${JAVA_OPTS-}"
        export JAVA_OPTS="-XX:StartFlightRecording=settings=$root/bench/pinned.jfc $saved_opts"
        start_server chat
        export JAVA_OPTS="$saved_opts"
        run_scenario F2 chat "$chat_port" >/dev/null || true
        "$bench" dm --port "$chat_port" -p 50 -d 5s --name-prefix pd --json >/dev/null || true
        "$bench" conns --port "$chat_port" -c 3000 --name-prefix pc --json >/dev/null || true
        "$JAVA_HOME/bin/jcmd" "$(pgrep -f "java.*Main --port $chat_port" | head -n 1)" JFR.dump filename="$jfr_file" >/dev/null
        pinned="$("$JAVA_HOME/bin/jfr" summary "$jfr_file" | awk '$1 == "jdk.VirtualThreadPinned" {print $2}')"
        record PIN chat "$run" "{\"pinnedEvents\":${pinned:-0}}"
        stop_server
      done
      ;;
    START)
      # Start to listening with the shipped launcher: wall clock from exec to the port accepting.
      for run in $(seq 1 $((runs * 3))); do
        t0=$(date +%s%N)
        start_server chat
        t1=$(date +%s%N)
        record START chat "$run" "{\"startMs\":$(( (t1 - t0) / 1000000 ))}"
        stop_server
      done
      ;;
    *) echo "unknown scenario $scenario" >&2; exit 2 ;;
  esac
done

python3 "$root/bench/summarize.py" "$results" | tee "$out/summary.md"
