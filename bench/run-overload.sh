#!/usr/bin/env bash
# Runs the overload scenarios (chat-bench overload ...) against SocketChat: a fresh server per
# scenario, its log in a file, the scenario, the server stopped, the report printed and saved.
# Builds nothing: it needs the packaged server and chat-bench (./dev mvn -B -q package -DskipTests).
# See docs/performance/overload.md.
#
#   bench/run-overload.sh [storm] [who-flood] [who-flood-slow] [prelogin-hold] [churn] [log-stall] [shutdown]
#                                  (default: all but who-flood-slow)
#
# Environment:
#   OUT=bench-results/overload  where each run's <scenario>-<time>.json and -server.log go, and results.jsonl
#   SCALE=full                  full: the sizes of docs/performance/overload.md; dev: small sizes, a few
#                               seconds each (for trying the tools on a shared machine)
#   JAVA_OPTS=-Xmx1g            the server's JVM options
#   SERVER_OPTS                 extra chat-server flags for every scenario, e.g. options of a newer server:
#                               SERVER_OPTS="--max-buffered 256MiB --leave-notices 50"
#   BENCH_OPTS                  extra chat-bench flags for every scenario (they come last, so they win)
#   CHAT_PORT=14900
#
# Server flags every scenario gets: --max-clients 19700 --max-per-ip 20000 (19,000 storm clients
# plus the bench's own fit), and flood control at --flood-rate 30 --flood-burst 60 when the server
# has it: above the bystander's 20 PINGs a second and the who-flood attackers' 20 WHO a second, and
# above the shutdown bulk senders' 30 lines at once, so flood control (which slows a client's
# reading, dropping nothing) does not hide what these scenarios look at: memory, fan-out and
# queues. shutdown adds --send-queue 16MiB --shutdown-grace 1s. log-stall runs with flood control
# off (--flood-rate 0: its 50 pairs DM 100 lines a second each, chat at the pace of bench D1) and
# starts the server with its standard output on a FIFO whose reader never reads (like
# `chat-server | sleep 600`), so the log stalls once the pipe's 64 KiB are full (and then the
# server's log queue); its stderr goes to the log file. A server stalled so may not stop on
# SIGTERM: after 15 s the script sends SIGKILL.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${OUT:-$root/bench-results/overload}"
port="${CHAT_PORT:-14900}"
scale="${SCALE:-full}"
bench="$root/chat-bench/target/chat-bench/bin/chat-bench"
server="$root/chat-console/target/chat-server/bin/chat-server"
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(storm who-flood prelogin-hold churn log-stall shutdown)
mkdir -p "$out"
results="$out/results.jsonl"

[ -x "$bench" ] && [ -x "$server" ] || { echo "build first: ./dev mvn -B -q package -DskipTests" >&2; exit 1; }
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_OPTS="${JAVA_OPTS:--Xmx1g}"
case "$scale" in full|dev) ;; *) echo "SCALE is full or dev, not $scale" >&2; exit 2 ;; esac

common_opts="--max-clients 19700 --max-per-ip 20000"
flood_opts=""
no_flood_opts=""
if "$server" --help 2>/dev/null | grep -q -- '--flood-rate'; then
  flood_opts="--flood-rate 30 --flood-burst 60"
  no_flood_opts="--flood-rate 0"
fi

server_opts_for() { # scenario
  case "$1" in
    shutdown) echo "$common_opts $flood_opts --send-queue 16MiB --shutdown-grace 1s ${SERVER_OPTS-}" ;;
    log-stall) echo "$common_opts $no_flood_opts ${SERVER_OPTS-}" ;;
    *) echo "$common_opts $flood_opts ${SERVER_OPTS-}" ;;
  esac
}

bench_opts_for() { # scenario
  if [ "$scale" = full ]; then
    case "$1" in
      storm) echo "-n 19000 --source-addrs 127.0.0.2-9" ;;
      who-flood) echo "-u 5000 -a 500 --who-rate 20 -d 20s --attacker-reads none" ;;
      who-flood-slow) echo "-u 5000 -a 500 --who-rate 20 -d 20s --attacker-reads slow" ;;
      prelogin-hold) echo "-c 10000 --waves 2 --bytes 65536 --source-addrs 127.0.0.2-9" ;;
      churn) echo "-u 10000 --churn-rate 1300 -d 20s --source-addrs 127.0.0.10-17" ;;
      log-stall) echo "-p 50 --dm-rate 100 -d 20s" ;;
      shutdown) echo "--slow-readers 100 --backlog 8000000" ;;
    esac
  else
    case "$1" in
      storm) echo "-n 2000 -d 3s --source-addrs 127.0.0.2-3" ;;
      who-flood) echo "-u 500 -a 50 -d 3s --attacker-reads none" ;;
      who-flood-slow) echo "-u 500 -a 50 -d 3s --attacker-reads slow" ;;
      prelogin-hold) echo "-c 1000 --waves 2 --hold 2s --gap 1s" ;;
      churn) echo "-u 1000 --churn-rate 200 -d 3s --source-addrs 127.0.0.10-11" ;;
      log-stall) echo "-p 20 --dm-rate 100 -d 6s" ;;
      shutdown) echo "--slow-readers 10 --backlog 8000000" ;;
    esac
  fi
}

pid=""
holder=""
fifo=""
wait_port() {
  for _ in $(seq 1 2000); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { echo "the server exited before listening" >&2; return 1; }
    sleep 0.01
  done
  echo "nothing listens on $port" >&2; return 1
}
start_server() { # scenario log
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is already in use: stop what listens there or set CHAT_PORT" >&2; exit 1
  fi
  local opts; opts="$(server_opts_for "$1")"
  if [ "$1" = log-stall ]; then
    fifo="$(mktemp -u "${TMPDIR:-/tmp}/chat-stdout.XXXXXX")"
    mkfifo "$fifo"
    sleep 600 <"$fifo" & # holds the FIFO open for reading and never reads it
    holder=$!
    # shellcheck disable=SC2086
    "$server" --port "$port" $opts >"$fifo" 2>"$2" &
  else
    # shellcheck disable=SC2086
    "$server" --port "$port" $opts >"$2" 2>&1 &
  fi
  pid=$! # the launcher execs java: this is the server's own pid
  wait_port
  sleep 2 # start-up done (JIT, the first collections) before the scenario reads the RSS it starts from
}
stop_server() {
  if [ -n "$pid" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "the server did not stop within 15 s of SIGTERM: SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    pid=""
  fi
  if [ -n "$holder" ]; then
    kill "$holder" 2>/dev/null || true
    wait "$holder" 2>/dev/null || true
    holder=""
  fi
  if [ -n "$fifo" ]; then
    rm -f "$fifo"
    fifo=""
  fi
}
trap stop_server EXIT

print_report() { # json file
  python3 - "$1" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
width = max(len(k) for k in report)
for key, value in report.items():
    if isinstance(value, bool):
        value = str(value).lower()
    elif isinstance(value, float):
        value = f"{value:.3f}"
    print(f"  {key:<{width}}  {value}")
PY
}

for scenario in "${scenarios[@]}"; do
  case "$scenario" in
    storm|who-flood|who-flood-slow|prelogin-hold|churn|log-stall|shutdown) ;;
    *) echo "unknown scenario $scenario" >&2; exit 2 ;;
  esac
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  log="$out/$scenario-$stamp-server.log"
  json="$out/$scenario-$stamp.json"
  sub="$scenario"; [ "$scenario" = who-flood-slow ] && sub=who-flood
  start_server "$scenario" "$log"
  log_opt=(--server-log "$log"); [ "$scenario" = log-stall ] && log_opt=()
  echo "== $scenario ($scale, $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1 /proc/loadavg)): server $(server_opts_for "$scenario")"
  # shellcheck disable=SC2046,SC2086
  "$bench" overload "$sub" --port "$port" --server-pid "$pid" "${log_opt[@]}" --name-prefix o \
      $(bench_opts_for "$scenario") ${BENCH_OPTS-} --json >"$json" || true
  if [ "$scenario" = shutdown ]; then
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done # the bench sent SIGTERM
  fi
  stop_server
  if [ -s "$json" ]; then
    print_report "$json"
    printf '{"scenario":"%s","date":"%s","scale":"%s","load":%s,"javaOpts":"%s","serverOpts":"%s","result":%s}\n' \
      "$scenario" "$stamp" "$scale" "$(cut -d' ' -f1 /proc/loadavg)" "$JAVA_OPTS" "$(server_opts_for "$scenario" | xargs)" \
      "$(cat "$json")" >>"$results"
  else
    echo "  (no report: see $log)"
  fi
done
echo "results: $results"
