#!/usr/bin/env bash
# The IRC sitting: F1, F2, D1 and C1 with chat-bench --dialect irc against SocketChat's IRC port,
# ngIRCd and InspIRCd (Debian's), interleaved, each started fresh per run with the configs of
# docs/performance/irc/ in a temporary directory; D1 also against the C limit server (line
# protocol), its reference. See docs/performance/irc.md.
#
#   bench/run-irc-bench.sh [F1] [F2] [D1] [C1]      (default: all four)
#
# Environment: RUNS=3, OUT=bench-results-irc, JAVA_HOME, ports BASE_PORT=16600 (+0..9),
# PARALLEL=32 connections set up at once (ngIRCd 26 left some of 256 at once unregistered),
# PARALLEL_C1=1000 for C1 (InspIRCd takes about a second per registration).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${RUNS:-3}"
out="${OUT:-$root/bench-results-irc}"
base="${BASE_PORT:-16600}"
chat_port=$((base)); irc_port=$((base + 1)); ngircd_port=$((base + 2)); inspircd_port=$((base + 3)); limit_port=$((base + 4))
bench_bin="$root/chat-bench/target/chat-bench/bin/chat-bench"
parallel="${PARALLEL:-32}"
bench() { "$bench_bin" "$1" --parallel "$parallel" "${@:2}"; }
bench_exec() { exec "$bench_bin" "$1" --parallel "$parallel" "${@:2}"; } # in a background subshell: $! is the bench itself
server="$root/chat-console/target/chat-server/bin/chat-server"
limit_src="${LIMIT_SRC:-$root/../shared/bench/limit-server/limit-server.c}"
limit_bin="${LIMIT_BIN:-/tmp/limit-server}"
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(F1 F2 D1 C1)
mkdir -p "$out"
results="$out/results.jsonl"
[ -x "$bench_bin" ] && [ -x "$server" ] || { echo "build first: ./dev mvn -B -q package -DskipTests" >&2; exit 1; }
[ -x "$limit_bin" ] || gcc -O2 -o "$limit_bin" "$limit_src"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
root_flag=(); [ "$(id -u)" != 0 ] || root_flag=(--runasroot) # InspIRCd refuses root without it

pid=""; dir=""
wait_port() { for _ in $(seq 1 2000); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.005; done; echo "nothing on $1" >&2; return 1; }
port_of() { case "$1" in chat) echo "$irc_port" ;; ngircd) echo "$ngircd_port" ;; inspircd) echo "$inspircd_port" ;; limit) echo "$limit_port" ;; esac; }
dialect_of() { [ "$1" = limit ] && echo line || echo irc; }
start_server() { # which
  dir="$(mktemp -d)"
  case "$1" in
    chat)
      (cd "$dir" && exec "$server" --bind 127.0.0.1 --port "$chat_port" --irc-port "$irc_port" --no-http --no-history \
        --flood-rate 0 --admin-socket "$dir/admin.sock" >"$out/chat-server.log" 2>&1) &
      pid=$! ;;
    ngircd)
      sed "s#@PORT@#$ngircd_port#; s#@DIR@#$dir#g" "$root/docs/performance/irc/ngircd.conf" >"$dir/ngircd.conf"
      ngircd --nodaemon -f "$dir/ngircd.conf" >"$out/ngircd.log" 2>&1 &
      pid=$! ;;
    inspircd)
      sed "s#@PORT@#$inspircd_port#; s#@DIR@#$dir#g" "$root/docs/performance/irc/inspircd.conf" >"$dir/inspircd.conf"
      inspircd --nofork "${root_flag[@]}" --config "$dir/inspircd.conf" >"$out/inspircd.log" 2>&1 &
      pid=$! ;;
    limit)
      "$limit_bin" -port "$limit_port" >"$out/limit-server.log" 2>&1 &
      pid=$! ;;
  esac
  wait_port "$(port_of "$1")"
}
stop_server() {
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""
  [ -z "$dir" ] || rm -rf "$dir"; dir=""
}
trap stop_server EXIT
load() { cut -d' ' -f1 /proc/loadavg; }
record() { echo "{\"bench\":\"$1\",\"server\":\"$2\",\"run\":$3,\"load\":$(load),\"result\":$4}" >>"$results"; echo "$1 $2 run $3 (load $(load)): $4"; }
run_scenario() { # scenario server
  local port; port="$(port_of "$2")"; local d; d="$(dialect_of "$2")"
  case "$1" in
    F1) bench fanout --dialect "$d" --port "$port" -r 100 -s 1 -m 20000 --name-prefix "f1" --json ;;
    F2) bench fanout --dialect "$d" --port "$port" -r 1000 -s 4 -m 500 --name-prefix "f2" --json ;;
    D1) bench dm --dialect "$d" --port "$port" -p 50 -d 10s --name-prefix "d1" --json ;;
  esac
}

for scenario in "${scenarios[@]}"; do
  case "$scenario" in
    F1|F2|D1)
      servers=(chat ngircd inspircd); [ "$scenario" != D1 ] || servers+=(limit)
      for run in $(seq 1 "$runs"); do
        for which in "${servers[@]}"; do
          start_server "$which"
          run_scenario "$scenario" "$which" >/dev/null || true # warm-up (the JIT, for ours)
          sleep 1
          record "$scenario" "$which" "$run" "$(run_scenario "$scenario" "$which" || true)"
          stop_server
        done
      done ;;
    C1)
      # Memory per idle IRC connection at 19,000 clients (bench/irc-c1-memory.sh: registered,
      # in no channel, since a JOIN of one channel by all would cost ngIRCd and InspIRCd
      # 19,000^2/2 JOIN notices); a fresh server per run, VmRSS read the same way for all.
      for run in $(seq 1 "$runs"); do
        for which in chat inspircd ngircd; do
          start_server "$which"
          record C1 "$which" "$run" "$("$root/bench/irc-c1-memory.sh" "$pid" "$(port_of "$which")" "${PARALLEL_C1:-1000}")"
          stop_server
        done
      done ;;
  esac
done
